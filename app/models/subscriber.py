"""People and systems that follow a page: email addresses and webhooks."""

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import Channel
from app.models.base import Base, IdMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.component import Component
    from app.models.incident import Incident
    from app.models.page import Page

subscriber_components = sa.Table(
    "subscriber_components",
    Base.metadata,
    sa.Column(
        "subscriber_id",
        sa.ForeignKey("subscribers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "component_id",
        sa.ForeignKey("components.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


def new_token_key() -> str:
    """A fresh per-subscriber secret that every emailed token is bound to."""
    return secrets.token_urlsafe(16)


class Subscriber(IdMixin, Base):
    __tablename__ = "subscribers"
    __table_args__ = (
        sa.UniqueConstraint(
            "page_id", "channel", "address", name="uq_subscribers_page_address"
        ),
        sa.Index("ix_subscribers_page_active", "page_id", "confirmed_at"),
    )

    page_id: Mapped[str] = mapped_column(sa.ForeignKey("pages.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = enum_column(Channel, default=Channel.EMAIL)
    # A normalised email address, or the URL a webhook posts to.
    address: Mapped[str] = mapped_column(sa.String(1000))
    # Webhooks only: the HMAC key their payloads are signed with.
    secret: Mapped[str | None] = mapped_column(sa.String(128))
    all_components: Mapped[bool] = mapped_column(default=True)
    # Set: only this incident's notifications (Statuspage's incident subscribers).
    incident_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    # Webhooks only: who confirms the subscription (Statuspage asks for one too).
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    # Rotated when a past subscriber starts over: every older link stops working.
    token_key: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(sa.Text)
    consecutive_failures: Mapped[int] = mapped_column(default=0)

    page: Mapped["Page"] = relationship()
    incident: Mapped["Incident | None"] = relationship()
    components: Mapped[list["Component"]] = relationship(
        secondary=subscriber_components, order_by="Component.position"
    )

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("token_key", new_token_key())
        super().__init__(**kwargs)

    @property
    def is_active(self) -> bool:
        """Whether notifications go to this subscriber."""
        return (
            self.confirmed_at is not None
            and self.unsubscribed_at is None
            and self.disabled_at is None
        )

    @property
    def is_email(self) -> bool:
        return self.channel is Channel.EMAIL

    @property
    def email_address(self) -> str | None:
        """Where this subscriber's emails go: the address, or a webhook's contact."""
        return self.address if self.is_email else self.contact_email

    @property
    def status(self) -> str:
        """One word for lists: pending, confirmed, unsubscribed or disabled."""
        if self.unsubscribed_at is not None:
            return "unsubscribed"
        if self.disabled_at is not None:
            return "disabled"
        return "confirmed" if self.confirmed_at else "pending"

    def follow(
        self,
        components: list["Component"] | None,
        incident: "Incident | None" = None,
    ) -> None:
        """Follow ``components`` (all when None or empty), or only ``incident``."""
        self.all_components = not components and incident is None
        self.components = list(components or [])
        self.incident = incident

    def confirm(self, at: datetime | None = None) -> None:
        if self.confirmed_at is None:
            self.confirmed_at = at or utcnow()

    def unsubscribe(self, at: datetime | None = None) -> None:
        """Stop notifications; the links keep working, so a repeat click is harmless."""
        if self.unsubscribed_at is None:
            self.unsubscribed_at = at or utcnow()

    def restart(self) -> None:
        """Start over as an unconfirmed subscription (a past subscriber returns)."""
        self.confirmed_at = None
        self.unsubscribed_at = None
        self.token_key = new_token_key()

    @staticmethod
    def disabling(reason: str, at: datetime) -> dict[str, Any]:
        """The columns that disable a webhook: the model and the worker's UPDATE."""
        return {"disabled_at": at, "disabled_reason": reason}

    def disable(self, reason: str, at: datetime | None = None) -> None:
        for column, value in self.disabling(reason, at or utcnow()).items():
            setattr(self, column, value)

    def enable(self) -> None:
        self.disabled_at = None
        self.disabled_reason = None
        self.consecutive_failures = 0

    @classmethod
    def active_clause(cls) -> sa.ColumnElement[bool]:
        """SQL for ``is_active``, used by the set-based fan-out."""
        return sa.and_(
            cls.confirmed_at.is_not(None),
            cls.unsubscribed_at.is_(None),
            cls.disabled_at.is_(None),
        )

    def __repr__(self) -> str:
        return f"<Subscriber {self.channel} {self.address}>"
