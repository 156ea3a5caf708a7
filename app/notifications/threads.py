"""One incident's messages to one subscriber: sent in order, each naming those before.

The deliveries of an incident (its updates, its postmortem) or of a maintenance
window share a *thread*, and carry the time of the event they announce. A
delivery waits while an earlier one of its thread to the same subscriber is
still to be sent (queued, retrying or in another worker's hands), so Resolved
never arrives before Monitoring, whichever worker claims what. Each email names
in ``In-Reply-To`` and ``References`` the earlier messages of its thread that
this subscriber was actually sent: someone who subscribed during an incident
gets a thread that starts with the first message they received.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Delivery, DeliveryStatus
from app.models.base import utcnow

UNFINISHED = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)
RECHECK = timedelta(seconds=1)  # how soon a delivery behind one being sent looks again
_table = Delivery.__table__


def incident_thread(incident_id: str) -> str:
    return f"incident:{incident_id}"


def maintenance_thread(maintenance_id: str) -> str:
    return f"maintenance:{maintenance_id}"


@dataclass(frozen=True)
class Sibling:
    """A delivery of the same thread to the same subscriber, as stored."""

    id: int
    event: str
    status: DeliveryStatus
    created_at: datetime
    next_attempt_at: datetime

    def before(self, delivery: Delivery) -> bool:
        return (self.created_at, self.id) < (delivery.created_at, delivery.id)


Siblings = dict[tuple[str, str], list[Sibling]]


def siblings(deliveries: Iterable[Delivery]) -> Siblings:
    """Every delivery of the threads of ``deliveries`` to their subscribers, by
    (thread, subscriber), oldest first: one query, on the thread index.

    The status is filtered here rather than in SQL: given a status condition,
    SQLite walked every queued row through the due index instead (a second
    per batch with 100,000 queued).
    """
    threaded = [d for d in deliveries if d.thread is not None]
    if not threaded:
        return {}
    rows = db.session.execute(
        sa.select(
            _table.c.thread, _table.c.subscriber_id, _table.c.id, _table.c.event,
            _table.c.status, _table.c.created_at, _table.c.next_attempt_at,
        ).where(
            _table.c.thread.in_({d.thread for d in threaded}),
            _table.c.subscriber_id.in_({d.subscriber_id for d in threaded}),
        )
    )  # fmt: skip
    found: Siblings = defaultdict(list)
    for thread, subscriber_id, *fields in rows:
        found[thread, subscriber_id].append(Sibling(*fields))
    for siblings in found.values():
        siblings.sort(key=lambda s: (s.created_at, s.id))
    return found


def waiting(
    deliveries: Iterable[Delivery],
    found: Siblings | None = None,
    now: datetime | None = None,
) -> dict[int, datetime]:
    """Those of ``deliveries`` behind an unfinished one: when to look again.
    ``found``: their ``siblings``, if already read."""
    deliveries = list(deliveries)
    now = now or utcnow()
    found = siblings(deliveries) if found is None else found
    due: dict[int, datetime] = {}
    for delivery in deliveries:
        ahead = [
            s.next_attempt_at
            for s in found.get((delivery.thread, delivery.subscriber_id), ())
            if s.status in UNFINISHED and s.before(delivery)
        ]
        if ahead:
            # Behind one being sent: soon. Behind one retrying: just after it.
            due[delivery.id] = max(now, *ahead) + RECHECK
    return due


_POSTPONE = (
    sa.update(_table)
    .where(_table.c.id == sa.bindparam("row_id"),
           _table.c.status == DeliveryStatus.SENDING)
    .values(status=DeliveryStatus.QUEUED, lease_expires_at=None,
            attempts=_table.c.attempts - 1, next_attempt_at=sa.bindparam("at"))
)  # fmt: skip


def postpone(conn: sa.Connection, due: dict[int, datetime]) -> None:
    """Put claimed deliveries back in the queue until ``due``, as unattempted."""
    if due:
        conn.execute(_POSTPONE, [{"row_id": i, "at": at} for i, at in due.items()])


def sent_before(
    deliveries: Iterable[Delivery], found: Siblings | None = None
) -> dict[int, list[str]]:
    """For each threaded delivery, the events of its thread already sent to its
    subscriber, oldest first. ``found``: their ``siblings``, if already read
    (by ``waiting``, which let them go only when nothing before was unsent)."""
    deliveries = list(deliveries)
    found = siblings(deliveries) if found is None else found
    return {
        delivery.id: [
            s.event
            for s in found.get((delivery.thread, delivery.subscriber_id), ())
            if s.status == DeliveryStatus.SENT and s.before(delivery)
        ]
        for delivery in deliveries
        if delivery.thread is not None
    }
