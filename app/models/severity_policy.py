"""What each severity asks of the team: update cadence, recovery target, review."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.enums import ReviewRequirement, Severity
from app.core.labels import REVIEW_LABELS
from app.models.base import Base, IdMixin, TimestampMixin, enum_column


class SeverityPolicy(IdMixin, TimestampMixin, Base):
    """One severity's rules; admins edit them, the console's clocks read them."""

    __tablename__ = "severity_policies"
    __table_args__ = (
        sa.CheckConstraint(
            "update_cadence_minutes IS NULL OR update_cadence_minutes > 0",
            name="cadence_positive",
        ),
        sa.CheckConstraint(
            "recovery_target_minutes IS NULL OR recovery_target_minutes > 0",
            name="recovery_target_positive",
        ),
    )

    severity: Mapped[Severity] = enum_column(Severity, unique=True)
    label: Mapped[str] = mapped_column(sa.String(80))
    # NULL: no public update cadence (P3), or no recovery target.
    update_cadence_minutes: Mapped[int | None]
    recovery_target_minutes: Mapped[int | None]
    review: Mapped[ReviewRequirement] = enum_column(
        ReviewRequirement, default=ReviewRequirement.NONE
    )
    description: Mapped[str] = mapped_column(sa.Text, default="")

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS[self.review]

    @property
    def needs_review(self) -> bool:
        """True when a post-incident review must be written (P0 and P1 by default)."""
        return self.review in (ReviewRequirement.MANDATORY, ReviewRequirement.REQUIRED)

    def __repr__(self) -> str:
        return f"<SeverityPolicy {self.severity} {self.label!r}>"
