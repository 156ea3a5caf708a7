"""The transactional outbox: what to send is written in the caller's transaction
(one announcement per event and channel, or a single delivery), and the workers
are woken only once that transaction has committed."""

import logging
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Announcement, Channel, Delivery, DeliveryStatus, Subscriber
from app.models.base import utcnow
from app.notifications.wake import wake_workers

log = logging.getLogger(__name__)
PENDING_KEY = "beacon_outbox_rows"


def insert_deliveries(
    event: str,
    recipients: sa.Select[Any],
    *,
    channel: Channel,
    fresh: bool = False,
    thread: str | None = None,
    happened_at: datetime | None = None,
) -> int:
    """Queue ``event`` for every subscriber id ``recipients`` selects, in one INSERT.

    ``thread`` and ``happened_at`` (the event's time, now by default) order the
    deliveries of one incident or window (app/notifications/threads.py).

    Set-based so the cost of a post does not grow with the subscriber count in
    Python. Subscribers that already have this event are skipped, unless
    ``fresh`` says nobody can have it yet (its announcement is the event's
    first): then a plain INSERT is a third faster on PostgreSQL.
    ``recipients`` must have a WHERE clause (SQLite's INSERT ... SELECT ... ON
    CONFLICT needs one to parse).
    """
    now = utcnow()
    when = Delivery.__table__.c.created_at.type
    rows = recipients.add_columns(
        sa.literal(event, sa.String),
        sa.literal(channel, Delivery.__table__.c.channel.type),
        sa.literal(DeliveryStatus.QUEUED, Delivery.__table__.c.status.type),
        sa.literal(0, sa.Integer),
        sa.literal(happened_at or now, when),
        sa.literal(now, when),
        sa.literal(thread, sa.String),
    )
    columns = ["subscriber_id", "event", "channel", "status",
               "attempts", "created_at", "next_attempt_at", "thread"]  # fmt: skip
    insert = _insert(columns, rows, fresh)
    # SQLAlchemy keeps an INSERT's row count only when asked to.
    result = db.session.execute(insert.execution_options(preserve_rowcount=True))
    count = max(result.rowcount or 0, 0)
    note_pending(count)
    return count


def _insert(columns: list[str], rows: sa.Select[Any], fresh: bool) -> sa.Insert:
    if fresh:
        return sa.insert(Delivery).from_select(columns, rows)
    # The unique (event, subscriber, channel) constraint, not a NOT EXISTS
    # probe, decides who already has this event.
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[
        db.session.get_bind().dialect.name
    ]
    return dialect.insert(Delivery).from_select(columns, rows).on_conflict_do_nothing()


def announce(
    event: str,
    page_id: str,
    channel: Channel,
    component_ids: set[str],
    incident_id: str | None = None,
    *,
    fresh: bool = False,
    thread: str | None = None,
) -> Announcement:
    """Ask the worker to queue ``event`` for the page's ``channel`` subscribers
    who follow any of ``component_ids`` (or ``incident_id``): one row, whatever
    their number. ``fresh``: the event was created in this transaction;
    ``thread``: the incident or window whose messages it continues."""
    announcement = Announcement(
        event=event,
        page_id=page_id,
        channel=channel,
        component_ids=sorted(component_ids),
        incident_id=incident_id,
        fresh=fresh,
        thread=thread,
    )
    db.session.add(announcement)
    note_pending(1)
    return announcement


def queue_one(
    event: str, subscriber: Subscriber, channel: Channel | None = None
) -> Delivery:
    """Queue a single delivery (a confirmation email, say) through the ORM.

    ``channel`` defaults to the subscriber's; a webhook's confirmation is an email.
    """
    delivery = Delivery(
        event=event, subscriber=subscriber, channel=channel or subscriber.channel
    )
    db.session.add(delivery)
    note_pending(1)
    return delivery


def note_pending(count: int) -> None:
    """Remember that this transaction queued ``count`` deliveries."""
    if count:
        info = db.session.info
        info[PENDING_KEY] = info.get(PENDING_KEY, 0) + count


def _after_commit(session: Session) -> None:
    rows = session.info.pop(PENDING_KEY, 0)
    if not rows or not has_app_context():
        return
    try:
        wake_workers(rows)
    except Exception:
        # The commit stands; the periodic sweep drains what this missed.
        log.exception("could not wake the delivery workers")


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def listen_for_commits() -> None:
    """Hook every session's commit and rollback (idempotent)."""
    for name, hook in (
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not sa.event.contains(Session, name, hook):
            sa.event.listen(Session, name, hook)
