"""What the client did or confirmed during an incident, and when."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, IdMixin, utcnow

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.user import User


class ClientAction(IdMixin, Base):
    __tablename__ = "client_actions"

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime]
    description: Mapped[str] = mapped_column(sa.Text)
    recorded_by_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    incident: Mapped["Incident"] = relationship(back_populates="client_actions")
    recorded_by: Mapped["User | None"] = relationship()
