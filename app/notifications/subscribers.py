"""Subscriber administration: counts, lists, removal, CSV, webhooks, delivery progress.

The admin pages call these; they flush, the caller commits. CSV import and
export live in app/notifications/subscriber_csv.py and are re-exported here.
"""

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Announcement,
    Channel,
    Component,
    Delivery,
    DeliveryStatus,
    IncidentUpdate,
    Page,
    Subscriber,
)
from app.models.base import utcnow
from app.notifications import webhook_urls
from app.notifications.fanout import update_event
from app.notifications.subscriber_csv import (  # noqa: F401  (re-exported for callers)
    CSV_COLUMNS,
    ImportReport,
    InvalidUpload,
    export_csv,
    import_csv,
    read_upload,
)


@dataclass
class SubscriberCounts:
    confirmed: int = 0
    pending: int = 0
    unsubscribed: int = 0
    webhooks: int = 0
    webhooks_disabled: int = 0


def subscriber_counts(page: Page) -> SubscriberCounts:
    """How many email subscribers are in each state, and how many webhooks."""
    s = Subscriber
    state = sa.case(
        (
            s.channel == Channel.WEBHOOK,
            sa.case((s.disabled_at.is_(None), "webhooks"), else_="webhooks_disabled"),
        ),
        (s.unsubscribed_at.is_not(None), "unsubscribed"),
        (s.confirmed_at.is_(None), "pending"),
        else_="confirmed",
    )
    rows = db.session.execute(
        sa.select(state, sa.func.count()).where(s.page_id == page.id).group_by(state)
    )
    return SubscriberCounts(**dict(rows.all()))


def list_subscribers(page: Page, channel: Channel = Channel.EMAIL) -> list[Subscriber]:
    """Subscribers of ``page`` on ``channel``, with their components, by address."""
    query = (
        sa.select(Subscriber)
        .where(Subscriber.page_id == page.id, Subscriber.channel == channel)
        .options(selectinload(Subscriber.components))
        .order_by(Subscriber.address)
    )
    return list(db.session.scalars(query))


def subscribers_query(page: Page, status: str | None = None) -> sa.Select:
    """Email subscribers of ``page`` by address, optionally of one status."""
    s = Subscriber
    query = (
        sa.select(s)
        .where(s.page_id == page.id, s.channel == Channel.EMAIL)
        .options(selectinload(s.components), selectinload(s.incident))
        .order_by(s.address)
    )
    if status == "unsubscribed":
        query = query.where(s.unsubscribed_at.is_not(None))
    elif status in ("pending", "confirmed"):
        confirmed = s.confirmed_at.is_not(None)
        query = query.where(
            s.unsubscribed_at.is_(None),
            confirmed if status == "confirmed" else ~confirmed,
        )
    return query


def audit_state(subscriber: Subscriber) -> dict[str, Any]:
    """What the audit log keeps of a subscriber or webhook (never its secret)."""
    return {
        "channel": subscriber.channel.value,
        "address": subscriber.address,
        "components": sorted(c.name for c in subscriber.components) or "all",
        "incident_id": subscriber.incident_id,
        "status": subscriber.status,
    }


def remove_subscriber(subscriber: Subscriber) -> None:
    """Delete a subscriber and its deliveries (an admin's removal, not opting out)."""
    # Explicit: SQLite does not enforce the ON DELETE CASCADE unless told to.
    db.session.execute(
        sa.delete(Delivery).where(Delivery.subscriber_id == subscriber.id)
    )
    db.session.delete(subscriber)
    db.session.flush()


class InvalidWebhook(ValueError):
    """Raised for a webhook URL that is not absolute http(s), or not reachable
    by webhooks (this machine, a private network: see webhook_urls.py)."""


def check_url(url: str) -> str:
    """The webhook URL, checked as any door saves it (admin, API, CLI)."""
    parts = urlsplit(url.strip())
    try:
        parts.port  # noqa: B018 - reading it checks it (a ValueError past 65535)
    except ValueError:
        raise InvalidWebhook("The port must be a number from 1 to 65535.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidWebhook(
            "A webhook URL must be an absolute http:// or https:// URL."
        )
    try:
        webhook_urls.check_url(url, current_app.config["WEBHOOK_ALLOWED_NETWORKS"])
    except webhook_urls.UnsafeWebhookUrl as error:
        raise InvalidWebhook(str(error)) from None
    return url.strip()


def add_webhook(
    page: Page,
    url: str,
    *,
    components: list[Component] | None = None,
    secret: str | None = None,
) -> Subscriber:
    """Register a webhook, active at once (an admin vouches for it)."""
    webhook = Subscriber(
        page=page,
        channel=Channel.WEBHOOK,
        address=check_url(url),
        secret=secret or secrets.token_hex(32),
        confirmed_at=utcnow(),
    )
    webhook.follow(components)
    db.session.add(webhook)
    db.session.flush()
    return webhook


def update_webhook(
    webhook: Subscriber,
    *,
    url: str | None = None,
    components: list[Component] | None = None,
    rotate_secret: bool = False,
) -> None:
    """Change a webhook's URL, components or secret."""
    if url is not None:
        webhook.address = check_url(url)
    webhook.follow(components)
    if rotate_secret:
        webhook.secret = secrets.token_hex(32)


def enable_webhook(webhook: Subscriber) -> None:
    """Re-enable a webhook disabled after failures; its failure count restarts."""
    webhook.enable()


@dataclass
class DeliveryProgress:
    counts: dict[DeliveryStatus, int]
    failures: list[Delivery]  # failed ones, with subscriber loaded and last_error
    preparing: bool = False  # announced; the worker has not chosen recipients yet

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def delivery_progress(update: IncidentUpdate) -> DeliveryProgress:
    """How far the notifications of ``update`` have got: counts and failure reasons."""
    event = update_event(update)
    rows = db.session.execute(
        sa.select(Delivery.status, sa.func.count())
        .where(Delivery.event == event)
        .group_by(Delivery.status)
    )
    counts = {status: 0 for status in DeliveryStatus} | dict(rows.all())
    failures = db.session.scalars(
        sa.select(Delivery)
        .where(
            Delivery.event == event,
            sa.or_(
                Delivery.status == DeliveryStatus.FAILED,
                Delivery.last_error.is_not(None),
            ),
        )
        .options(selectinload(Delivery.subscriber))
        .order_by(Delivery.id)
        .limit(200)
    )
    preparing = db.session.scalar(
        sa.select(
            sa.exists().where(
                Announcement.event == event, Announcement.expanded_at.is_(None)
            )
        )
    )
    return DeliveryProgress(counts, list(failures), bool(preparing))
