"""Recording what became of each delivery: one committed statement per outcome.

A worker commits each outcome before it sends the next message, so a worker
killed mid-batch leaves only its unsent rows in ``sending`` and at most one
message (accepted by the server, its outcome not yet committed) goes twice.
These statements are built once: one per message was a third of the worker's
time at 100,000 emails.
"""

import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Channel, Delivery, DeliveryStatus, Subscriber
from app.models.base import utcnow
from app.notifications.outcomes import Outcome

_table = Delivery.__table__


@contextlib.contextmanager
def outcome_connection() -> Iterator[sa.Connection]:
    """A connection committing outcomes one by one, as fast as is safe.

    On PostgreSQL its commits do not wait for the disk (``synchronous_commit``
    off, for this connection only): a killed worker loses nothing, since each
    outcome is committed in the server before the next message is sent; only a
    crash of the database server itself could forget the last fraction of a
    second of outcomes, and those messages would go again under the same
    Message-IDs. A commit per message waiting for the disk was a third of the
    time of a 100,000-email post.
    """
    # Autocommit: an outcome is one statement, so one round trip, not two.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.exec_driver_sql("SET synchronous_commit = off")
        try:
            yield conn
        finally:
            if postgres:  # the pooled connection goes back as it came
                conn.rollback()
                conn.exec_driver_sql("RESET synchronous_commit")
                conn.commit()


def _outcome_statement(**values: object) -> sa.Update:
    """An UPDATE of one row still being sent; bound per outcome, built once (a
    statement built per message was a third of the worker's time)."""
    return (
        sa.update(_table)
        .where(
            _table.c.id == sa.bindparam("row_id"),
            _table.c.status == DeliveryStatus.SENDING,
        )
        .values(lease_expires_at=None, last_error=sa.bindparam("reason"), **values)
    )


_SENT = _outcome_statement(status=DeliveryStatus.SENT, sent_at=sa.bindparam("at"))
_FAILED = _outcome_statement(status=DeliveryStatus.FAILED)
_RETRY = _outcome_statement(
    status=DeliveryStatus.QUEUED, next_attempt_at=sa.bindparam("at")
)


def record(
    conn: sa.Connection,
    delivery: Delivery,
    outcome: Outcome,
    now: datetime | None = None,
) -> datetime | None:
    """Commit one outcome on ``conn`` at once; return when to retry, if it will be."""
    now = now or utcnow()
    attempts, limit = delivery.attempts, current_app.config["DELIVERY_MAX_ATTEMPTS"]
    params = {"row_id": delivery.id, "reason": outcome.reason, "at": now}
    retry_at = None
    if outcome.sent:
        statement = _SENT
    elif outcome.final or attempts >= limit:
        statement = _FAILED
        if not outcome.final:
            params["reason"] = f"gave up after {attempts} attempts: {outcome.reason}"
    else:
        statement = _RETRY
        retry_at = params["at"] = now + backoff(attempts)
    conn.execute(statement, params)
    if delivery.channel is Channel.WEBHOOK:
        _count_webhook_result(conn, delivery, outcome, now)
    conn.commit()
    return retry_at


def backoff(attempts: int) -> timedelta:
    """Exponential: base, 2x base, 4x base ... capped at DELIVERY_RETRY_MAX_SECONDS."""
    config = current_app.config
    seconds = config["DELIVERY_RETRY_BASE_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["DELIVERY_RETRY_MAX_SECONDS"]))


def _count_webhook_result(
    conn: sa.Connection, delivery: Delivery, outcome: Outcome, now: datetime
) -> None:
    subscribers = Subscriber.__table__
    row = subscribers.c.id == delivery.subscriber_id
    if outcome.sent:
        conn.execute(sa.update(subscribers).where(row).values(consecutive_failures=0))
        return
    failures = conn.execute(
        sa.update(subscribers)
        .where(row)
        .values(consecutive_failures=subscribers.c.consecutive_failures + 1)
        .returning(subscribers.c.consecutive_failures, subscribers.c.disabled_at)
    ).one()
    limit = current_app.config["WEBHOOK_DISABLE_AFTER"]
    if failures.disabled_at is None and failures.consecutive_failures >= limit:
        reason = f"{limit} consecutive failures; last: {outcome.reason}"
        conn.execute(
            sa.update(subscribers)
            .where(row)
            .values(**Subscriber.disabling(reason, now))
        )
        conn.execute(
            sa.update(_table)
            .where(
                _table.c.subscriber_id == delivery.subscriber_id,
                _table.c.status == DeliveryStatus.QUEUED,
            )
            .values(
                status=DeliveryStatus.FAILED, last_error=f"webhook disabled: {reason}"
            )
        )
