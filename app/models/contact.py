"""Who to call when a page's site is down: client contacts and our escalation chain."""

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import ContactChannel
from app.models.base import Base, IdMixin, TimestampMixin, enum_column

if TYPE_CHECKING:
    from app.models.page import Page


class EmergencyContact(IdMixin, TimestampMixin, Base):
    """One way to reach the client in an emergency; lower positions are tried first."""

    __tablename__ = "emergency_contacts"

    page_id: Mapped[str] = mapped_column(
        sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    channel: Mapped[ContactChannel] = enum_column(ContactChannel)
    value: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)

    page: Mapped["Page"] = relationship(back_populates="emergency_contacts")

    def __repr__(self) -> str:
        return f"<EmergencyContact {self.name} {self.channel}>"


class EscalationContact(IdMixin, TimestampMixin, Base):
    """One step of our internal escalation chain for a page (Strategist, PM, ...)."""

    __tablename__ = "escalation_contacts"

    page_id: Mapped[str] = mapped_column(
        sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    role_label: Mapped[str] = mapped_column(sa.String(80))
    person_name: Mapped[str] = mapped_column(sa.String(120))
    how_to_reach: Mapped[str] = mapped_column(sa.String(300))
    position: Mapped[int] = mapped_column(default=0)

    page: Mapped["Page"] = relationship(back_populates="escalation_chain")

    def __repr__(self) -> str:
        return f"<EscalationContact {self.role_label} {self.person_name}>"
