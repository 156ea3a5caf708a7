"""The alert log: who was alerted about an incident, when, how, and if they answered."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import AlertAnswer, AlertChannel
from app.models.base import Base, IdMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.user import User


class AlertLogEntry(IdMixin, Base):
    __tablename__ = "alert_log_entries"

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    person_name: Mapped[str] = mapped_column(sa.String(120))
    # Who or what raised the alert: a monitor ("StatusCake") or a person.
    alerted_by: Mapped[str] = mapped_column(sa.String(120), default="")
    alerted_at: Mapped[datetime]
    channel: Mapped[AlertChannel] = enum_column(AlertChannel)
    answered: Mapped[AlertAnswer] = enum_column(
        AlertAnswer, default=AlertAnswer.UNKNOWN
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    incident: Mapped["Incident"] = relationship(back_populates="alert_log")
    recorded_by: Mapped["User | None"] = relationship()

    def __repr__(self) -> str:
        return f"<AlertLogEntry {self.person_name} {self.channel}>"
