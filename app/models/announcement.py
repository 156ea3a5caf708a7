"""An event waiting to be fanned out to its subscribers, by the worker."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.enums import Channel
from app.models.base import Base, enum_column, utcnow
from app.models.delivery import BigId


class Announcement(Base):
    """ "Tell ``channel`` subscribers of this page about ``event``", written in
    the transaction of the change it announces.

    A post to 100,000 subscribers writes this one row, not 100,000 deliveries:
    the worker expands it (``app.notifications.fanout.expand_pending``) into the
    outbox, once, choosing the recipients then. ``fresh`` says no delivery of
    the event can exist yet (a plain INSERT); otherwise those who already have
    it are skipped.
    """

    __tablename__ = "announcements"
    __table_args__ = (sa.Index("ix_announcements_pending", "expanded_at", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event: Mapped[str] = mapped_column(sa.String(80))
    page_id: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[Channel] = enum_column(Channel)
    component_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    incident_id: Mapped[str | None] = mapped_column(sa.String(16))
    thread: Mapped[str | None] = mapped_column(sa.String(40))  # its deliveries'
    fresh: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expanded_at: Mapped[datetime | None]
    recipients: Mapped[int | None]  # deliveries it made, once expanded

    def __repr__(self) -> str:
        return f"<Announcement {self.id} {self.event} {self.channel}>"
