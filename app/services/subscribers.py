"""Subscriber administration: counts, lists, removal, CSV, webhooks, delivery progress.

The admin pages (a later phase) call these; they flush, the caller commits.
"""

import csv
import io
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Channel,
    Component,
    Delivery,
    DeliveryStatus,
    IncidentUpdate,
    Page,
    Subscriber,
)
from app.models.base import utcnow
from app.services import outbox
from app.services.notifications import update_event
from app.services.subscriptions import InvalidEmail, normalise_email

CSV_COLUMNS = ["email", "status", "components", "created_at", "confirmed_at"]


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


def remove_subscriber(subscriber: Subscriber) -> None:
    """Delete a subscriber and its deliveries (an admin's removal, not opting out)."""
    # Explicit: SQLite does not enforce the ON DELETE CASCADE unless told to.
    db.session.execute(
        sa.delete(Delivery).where(Delivery.subscriber_id == subscriber.id)
    )
    db.session.delete(subscriber)
    db.session.flush()


def _status(subscriber: Subscriber) -> str:
    if subscriber.unsubscribed_at:
        return "unsubscribed"
    return "confirmed" if subscriber.confirmed_at else "pending"


def export_csv(page: Page) -> str:
    """Every email subscriber of ``page`` as CSV (components by name, ';'-separated)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for s in list_subscribers(page):
        writer.writerow(
            [
                s.address,
                _status(s),
                "" if s.all_components else ";".join(c.name for c in s.components),
                s.created_at.isoformat(),
                s.confirmed_at.isoformat() if s.confirmed_at else "",
            ]
        )
    return out.getvalue()


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, raw, why


def import_csv(page: Page, text: str, *, confirmed: bool = True) -> ImportReport:
    """Add or update email subscribers from CSV with ``email`` and ``components``.

    ``confirmed`` imports them as already opted in (the agency vouches for
    them); otherwise each gets a confirmation email. Bad rows are reported.
    """
    report = ImportReport()
    by_name = {c.name.casefold(): c for c in page.components}
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "email" not in reader.fieldnames:
        report.rejected.append(
            (1, ",".join(reader.fieldnames or []), "no email column")
        )
        return report
    seen: set[str] = set()
    for row in reader:
        line, raw = reader.line_num, (row.get("email") or "").strip()
        try:
            address = normalise_email(raw)
        except InvalidEmail as error:
            report.rejected.append((line, raw, str(error)))
            continue
        names = [
            n.strip() for n in (row.get("components") or "").split(";") if n.strip()
        ]
        unknown = [n for n in names if n.casefold() not in by_name]
        if unknown:
            report.rejected.append(
                (line, raw, f"unknown component: {', '.join(unknown)}")
            )
            continue
        if address in seen:
            report.rejected.append((line, raw, "duplicate of an earlier row"))
            continue
        seen.add(address)
        _import_one(
            page, address, [by_name[n.casefold()] for n in names], confirmed, report
        )
    db.session.flush()
    return report


def _import_one(
    page: Page,
    address: str,
    components: list[Component],
    confirmed: bool,
    report: ImportReport,
) -> None:
    subscriber = db.session.scalar(
        sa.select(Subscriber).filter_by(
            page_id=page.id, channel=Channel.EMAIL, address=address
        )
    )
    if subscriber is None:
        subscriber = Subscriber(page=page, channel=Channel.EMAIL, address=address)
        db.session.add(subscriber)
        report.added += 1
    else:
        report.updated += 1
    subscriber.follow(components)
    if subscriber.unsubscribed_at is not None:
        return  # someone who opted out stays out, whatever the spreadsheet says
    if confirmed:
        subscriber.confirm()
    elif subscriber.confirmed_at is None:
        outbox.queue_one(f"confirmation:{secrets.token_hex(8)}", subscriber)


class InvalidWebhook(ValueError):
    """Raised for a webhook URL that is not absolute http(s)."""


def _check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidWebhook(
            "A webhook URL must be an absolute http:// or https:// URL."
        )
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
        address=_check_url(url),
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
        webhook.address = _check_url(url)
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
    return DeliveryProgress(counts=counts, failures=list(failures))
