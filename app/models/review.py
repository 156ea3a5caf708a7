"""The blameless post-incident review of one incident, and its public postmortem."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import ReviewStatus
from app.models.base import Base, IdMixin, TimestampMixin, enum_column

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.user import User

# The written sections, in the order the review meeting's agenda takes them.
REVIEW_TEXT_FIELDS = ("what_happened", "root_cause", "monitoring_gaps", "prevention")
FIVE_WHYS = 5


class PostIncidentReview(IdMixin, TimestampMixin, Base):
    __tablename__ = "post_incident_reviews"
    __table_args__ = (
        sa.CheckConstraint(
            "status <> 'complete' OR completed_at IS NOT NULL", name="completed_at"
        ),
        sa.CheckConstraint(
            "NOT published OR published_at IS NOT NULL", name="published_at"
        ),
    )

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), unique=True
    )
    what_happened: Mapped[str] = mapped_column(sa.Text, default="")
    root_cause: Mapped[str] = mapped_column(sa.Text, default="")
    # Optional 5 Whys: [{"why": "...", "answer": "..."}], at most five.
    five_whys: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    monitoring_gaps: Mapped[str] = mapped_column(sa.Text, default="")
    prevention: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.DRAFT)
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # The public postmortem (Statuspage's postmortem_* fields): Markdown.
    postmortem_body: Mapped[str] = mapped_column(sa.Text, default="")
    postmortem_body_updated_at: Mapped[datetime | None]
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]
    notified_subscribers: Mapped[bool] = mapped_column(default=False)

    incident: Mapped["Incident"] = relationship(back_populates="review")
    completed_by: Mapped["User | None"] = relationship()

    @property
    def is_complete(self) -> bool:
        return self.status is ReviewStatus.COMPLETE

    @property
    def is_public(self) -> bool:
        """Whether the postmortem shows on the public page and in the API."""
        return self.published and bool(self.postmortem_body.strip())

    def __repr__(self) -> str:
        return f"<PostIncidentReview {self.incident_id} {self.status}>"
