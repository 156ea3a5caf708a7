"""Hours spent on an incident: who, which day, how long, on what."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import TimeCategory
from app.core.labels import CATEGORY_LABELS
from app.models.base import Base, IdMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.user import User


class TimeEntry(IdMixin, Base):
    __tablename__ = "time_entries"
    __table_args__ = (
        sa.CheckConstraint("minutes > 0", name="minutes_positive"),
        sa.CheckConstraint(
            "user_id IS NOT NULL OR person_name <> ''", name="has_person"
        ),
    )

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    # A staff account, or just a name for someone without one (a contractor).
    user_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    person_name: Mapped[str] = mapped_column(sa.String(120), default="")
    work_date: Mapped[date]
    minutes: Mapped[int]
    category: Mapped[TimeCategory] = enum_column(TimeCategory)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    incident: Mapped["Incident"] = relationship(back_populates="time_entries")
    user: Mapped["User | None"] = relationship(foreign_keys=[user_id])
    recorded_by: Mapped["User | None"] = relationship(foreign_keys=[recorded_by_id])

    @property
    def person_label(self) -> str:
        return self.person_name or (self.user.display_name if self.user else "")

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]
