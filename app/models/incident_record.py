"""The written side of an incident's internal record: debrief and client-report text.

Kept 1:1 beside Incident so the incident row stays small; created on first write.
"""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.user import User

# Internal only: never on a public page or in the client-facing report.
DEBRIEF_FIELDS = ("what_happened", "investigation", "resolution", "prevention")
# Written for the client report.
CLIENT_REPORT_FIELDS = (
    "resolution_done",
    "resolution_next",
    "side_effects",
    "client_next_steps",
    "hours_logged_as",
)


class IncidentRecord(Base):
    __tablename__ = "incident_records"

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    what_happened: Mapped[str] = mapped_column(sa.Text, default="")
    investigation: Mapped[str] = mapped_column(sa.Text, default="")
    resolution: Mapped[str] = mapped_column(sa.Text, default="")
    prevention: Mapped[str] = mapped_column(sa.Text, default="")
    resolution_done: Mapped[str] = mapped_column(sa.Text, default="")
    resolution_next: Mapped[str] = mapped_column(sa.Text, default="")
    side_effects: Mapped[str] = mapped_column(sa.Text, default="")
    client_next_steps: Mapped[str] = mapped_column(sa.Text, default="")
    # e.g. "Emergency Response under Core Coverage"
    hours_logged_as: Mapped[str] = mapped_column(sa.String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    incident: Mapped["Incident"] = relationship(back_populates="record")
    updated_by: Mapped["User | None"] = relationship()

    @property
    def has_debrief(self) -> bool:
        return any((getattr(self, name) or "").strip() for name in DEBRIEF_FIELDS)
