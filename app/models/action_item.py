"""Follow-up work agreed in a post-incident review: who does what, by when."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import ActionItemStatus
from app.core.labels import ACTION_ITEM_STATUS_LABELS
from app.models.base import Base, IdMixin, TimestampMixin, enum_column

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.user import User


class ActionItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "action_items"
    __table_args__ = (
        sa.CheckConstraint(
            "status = 'open' OR completed_at IS NOT NULL", name="closed_at"
        ),
        sa.Index("ix_action_items_status_deadline", "status", "deadline"),
    )

    # Items hang off the incident, so they can be agreed before the review is written.
    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(sa.Text)
    owner_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    deadline: Mapped[date]
    status: Mapped[ActionItemStatus] = enum_column(
        ActionItemStatus, default=ActionItemStatus.OPEN
    )
    completed_at: Mapped[datetime | None]

    incident: Mapped["Incident"] = relationship(back_populates="action_items")
    owner: Mapped["User | None"] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status is ActionItemStatus.OPEN

    @property
    def status_label(self) -> str:
        return ACTION_ITEM_STATUS_LABELS[self.status]

    def __repr__(self) -> str:
        return f"<ActionItem {self.id} {self.status} {self.deadline}>"
