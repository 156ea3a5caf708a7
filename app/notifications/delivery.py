"""The delivery worker: claim due outbox rows under a lease, send, record outcomes.

Each outcome is committed as soon as it is known, so a worker killed mid-batch
leaves only the unsent rows in ``sending``; the sweeper re-queues them once
their lease has expired. A live worker renews its batch's lease as it works,
so the lease is short: a killed worker's rows are due again within a minute.
"""

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import groupby

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Announcement, Channel, Delivery, DeliveryStatus, Subscriber
from app.models.base import utcnow
from app.notifications import emails, fanout, threads, webhooks
from app.notifications.outcomes import Outcome, fail
from app.notifications.recording import outcome_connection, record
from app.notifications.wake import wake_workers

# A batch of one channel, and each delivery's earlier messages in its thread.
Sender = Callable[
    [list[Delivery], Mapping[int, Sequence[str]]], Iterator[tuple[Delivery, Outcome]]
]
SENDERS: dict[Channel, Sender] = {
    Channel.EMAIL: emails.send_batch,
    Channel.WEBHOOK: webhooks.send_batch,
}
_table = Delivery.__table__


def drain(max_batches: int | None = None) -> int:
    """Fan pending announcements out, then send due deliveries batch by batch
    until none is left; return how many were sent (or failed)."""
    fanout.expand_pending()
    done = batches = 0
    while max_batches is None or batches < max_batches:
        ids = claim_batch()
        if not ids:
            break
        done += process(ids)
        batches += 1
    return done


def claim_batch(size: int | None = None, now: datetime | None = None) -> list[int]:
    """Move up to ``size`` due deliveries to ``sending`` under a lease; commit."""
    config = current_app.config
    now = now or utcnow()
    due = (
        sa.select(Delivery.id)
        .where(
            Delivery.status == DeliveryStatus.QUEUED, Delivery.next_attempt_at <= now
        )
        # The due index's own order: adding the id sorted every queued row
        # per claim (60 ms each with 100,000 waiting on PostgreSQL).
        .order_by(Delivery.next_attempt_at)
        .limit(size or config["DELIVERY_BATCH_SIZE"])
        # PostgreSQL: concurrent workers skip each other's rows instead of waiting.
        .with_for_update(skip_locked=True)
    )
    claim = (
        sa.update(_table)
        .where(_table.c.id.in_(due.scalar_subquery()))
        .values(
            status=DeliveryStatus.SENDING,
            attempts=_table.c.attempts + 1,
            lease_expires_at=now + timedelta(seconds=config["DELIVERY_LEASE_SECONDS"]),
        )
        .returning(_table.c.id)
    )
    ids = sorted(db.session.execute(claim).scalars())
    db.session.commit()
    return ids


def process(ids: list[int]) -> int:
    """Send the claimed deliveries, channel by channel, recording each outcome."""
    deliveries = db.session.scalars(
        sa.select(Delivery)
        .where(Delivery.id.in_(ids), Delivery.status == DeliveryStatus.SENDING)
        .options(joinedload(Delivery.subscriber).joinedload(Subscriber.page))
        .order_by(Delivery.channel, Delivery.event, Delivery.id)
    ).all()
    retry_at: list[datetime] = []
    # Outcomes go through a connection of their own, committed one by one, so
    # the read transaction above can stay open for lazy loads while sending.
    with lease_kept(ids), outcome_connection() as conn:
        for delivery, reason in _unwanted(deliveries):
            record(conn, delivery, fail(reason))
        wanted = [d for d in deliveries if _why_unwanted(d) is None]
        wanted, earlier = _in_thread_order(conn, wanted, retry_at)
        for channel, group in groupby(wanted, key=lambda d: d.channel):
            for delivery, outcome in SENDERS[channel](list(group), earlier):
                when = record(conn, delivery, outcome)
                if when:
                    retry_at.append(when)
    db.session.rollback()  # end the read transaction
    if retry_at:
        _wake_at(min(retry_at))
    return len(deliveries)


def _in_thread_order(
    conn: sa.Connection, wanted: list[Delivery], retry_at: list[datetime]
) -> tuple[list[Delivery], dict[int, list[str]]]:
    """Those of ``wanted`` to send now, and each one's thread references.

    One behind an earlier message of its thread to the same subscriber goes
    back to the queue (its time to look again added to ``retry_at``); one
    read of the thread index serves the wait and the references.
    """
    found = threads.siblings(wanted)
    behind = threads.waiting(wanted, found)
    threads.postpone(conn, behind)
    retry_at += behind.values()
    ready = [d for d in wanted if d.id not in behind]
    return ready, threads.sent_before(ready, found)


@contextlib.contextmanager
def lease_kept(ids: list[int]) -> Iterator[None]:
    """Renew the batch's lease every third of it while the batch is worked on.

    So the lease can be short (a killed worker's rows are due again soon after)
    without a slow batch, or one slow server, letting it run out while the
    worker is alive and sending. The heartbeat has a connection of its own.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    lease = timedelta(seconds=app.config["DELIVERY_LEASE_SECONDS"])
    stop = threading.Event()

    def beat() -> None:
        with app.app_context():
            while not stop.wait(lease.total_seconds() / 3):
                renew(ids, utcnow() + lease)

    heartbeat = threading.Thread(target=beat, name="delivery-lease", daemon=True)
    heartbeat.start()
    try:
        yield
    finally:
        stop.set()
        heartbeat.join()


def renew(ids: list[int], until: datetime) -> None:
    """Extend the lease of those of ``ids`` still being sent to ``until``."""
    with db.engine.begin() as conn:
        conn.execute(
            sa.update(_table)
            .where(_table.c.id.in_(ids), _table.c.status == DeliveryStatus.SENDING)
            .values(lease_expires_at=until)
        )


# Personal emails (confirm, already subscribed) go to unconfirmed addresses too.
PERSONAL_KINDS = {"confirmation", "already_subscribed"}


def _why_unwanted(delivery: Delivery) -> str | None:
    """Why this delivery must not go out any more, if it must not."""
    subscriber = delivery.subscriber
    if subscriber is None:
        return "subscriber removed"
    if subscriber.unsubscribed_at is not None:
        return "unsubscribed before sending"
    if subscriber.disabled_at is not None:
        return f"webhook disabled: {subscriber.disabled_reason}"
    if subscriber.confirmed_at is None and delivery.kind not in PERSONAL_KINDS:
        return "subscription not confirmed"
    return None


def _unwanted(deliveries: list[Delivery]) -> Iterator[tuple[Delivery, str]]:
    for delivery in deliveries:
        reason = _why_unwanted(delivery)
        if reason is not None:
            yield delivery, reason


def sweep(now: datetime | None = None) -> int:
    """Re-queue deliveries whose worker died (lease expired); return how many."""
    now = now or utcnow()
    expired = sa.and_(
        _table.c.status == DeliveryStatus.SENDING, _table.c.lease_expires_at < now
    )
    result = db.session.execute(
        sa.update(_table)
        .where(expired)
        .values(
            status=DeliveryStatus.QUEUED,
            lease_expires_at=None,
            next_attempt_at=now,
            last_error="lease expired: the worker stopped mid-batch",
        )
    )
    db.session.commit()
    return result.rowcount or 0


def purge(now: datetime | None = None) -> int:
    """Delete finished deliveries past DELIVERY_RETENTION_DAYS and orphans; commit."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["DELIVERY_RETENTION_DAYS"])
    finished = sa.and_(
        _table.c.status.in_([DeliveryStatus.SENT, DeliveryStatus.FAILED]),
        _table.c.created_at < cutoff,
    )
    orphan = ~sa.exists().where(Subscriber.id == _table.c.subscriber_id)
    result = db.session.execute(sa.delete(_table).where(sa.or_(finished, orphan)))
    db.session.execute(sa.delete(Announcement).where(Announcement.expanded_at < cutoff))
    db.session.commit()
    return result.rowcount or 0


def _wake_at(when: datetime) -> None:
    delay = max((when - utcnow()).total_seconds(), 1)
    # If this fails, the periodic sweep drains the retries anyway.
    with contextlib.suppress(Exception):
        wake_workers(delay=delay)
