"""Free-form internal notes on an incident: never public, never a lifecycle move."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, IdMixin, utcnow

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.user import User


class IncidentNote(IdMixin, Base):
    __tablename__ = "incident_notes"

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    incident: Mapped["Incident"] = relationship(back_populates="notes")
    author: Mapped["User | None"] = relationship()
