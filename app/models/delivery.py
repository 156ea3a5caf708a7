"""The notification outbox: one row per (event, recipient, channel)."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import Channel, DeliveryStatus
from app.models.base import Base, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.subscriber import Subscriber

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Delivery(Base):
    """One message to send; the UNIQUE constraint makes "never twice" a DB fact.

    ``event`` names what is announced, e.g. ``incident_update:<update id>``,
    ``component_update:<change id>`` or ``confirmation:<nonce>``; the unique
    constraint leads with it, so it also serves per-event progress.

    Deliberately no foreign keys and few indexes: an announcement to 100,000
    subscribers writes 100,000 rows, and each constraint check or index adds
    to the time the last of them waits.
    The worker fails rows whose subscriber is gone; ``purge`` removes them.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        sa.UniqueConstraint(
            "event", "subscriber_id", "channel", name="uq_deliveries_once"
        ),
        sa.Index("ix_deliveries_due", "status", "next_attempt_at"),
        # What an email must wait for and name (app/notifications/threads.py).
        sa.Index("ix_deliveries_thread", "thread", "subscriber_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event: Mapped[str] = mapped_column(sa.String(80))
    subscriber_id: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[Channel] = enum_column(Channel)
    status: Mapped[DeliveryStatus] = enum_column(
        DeliveryStatus, default=DeliveryStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    # The time of the event it announces: the order of its thread.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "incident:<id>" or "maintenance:<id>": sent in order, each naming the
    # earlier ones its subscriber received; None for a message of its own.
    thread: Mapped[str | None] = mapped_column(sa.String(40))
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_expires_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)

    subscriber: Mapped["Subscriber | None"] = relationship(
        primaryjoin="foreign(Delivery.subscriber_id) == Subscriber.id"
    )

    @property
    def kind(self) -> str:
        """The event's kind: the part of ``event`` before the colon."""
        return self.event.partition(":")[0]

    @property
    def subject_id(self) -> str:
        return self.event.partition(":")[2]

    def __repr__(self) -> str:
        return f"<Delivery {self.id} {self.event} {self.status}>"
