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
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

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


def _earlier(later: type[Delivery], earlier: type[Delivery]) -> sa.ColumnElement[bool]:
    """``earlier`` comes before ``later`` in the same thread to the same subscriber."""
    return sa.and_(
        earlier.thread == later.thread,
        earlier.subscriber_id == later.subscriber_id,
        sa.or_(
            earlier.created_at < later.created_at,
            sa.and_(earlier.created_at == later.created_at, earlier.id < later.id),
        ),
    )


def waiting(
    deliveries: Iterable[Delivery], now: datetime | None = None
) -> dict[int, datetime]:
    """Those of ``deliveries`` behind an unfinished one: when to look again."""
    threaded = [d.id for d in deliveries if d.thread is not None]
    if not threaded:
        return {}
    now = now or utcnow()
    later, earlier = aliased(Delivery), aliased(Delivery)
    rows = db.session.execute(
        sa.select(later.id, sa.func.max(earlier.next_attempt_at))
        .join(earlier, _earlier(later, earlier))
        .where(later.id.in_(threaded), earlier.status.in_(UNFINISHED))
        .group_by(later.id)
    )
    # Behind one being sent: soon. Behind one retrying: just after its retry.
    return {row_id: max(now + RECHECK, due + RECHECK) for row_id, due in rows}


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


def sent_before(deliveries: Iterable[Delivery]) -> dict[int, list[str]]:
    """For each threaded delivery, the events of its thread already sent to its
    subscriber, oldest first."""
    threaded = [d for d in deliveries if d.thread is not None]
    if not threaded:
        return {}
    later, earlier = aliased(Delivery), aliased(Delivery)
    rows = db.session.execute(
        sa.select(later.id, earlier.event)
        .join(earlier, _earlier(later, earlier))
        .where(
            later.id.in_([d.id for d in threaded]),
            earlier.status == DeliveryStatus.SENT,
        )
        .order_by(later.id, earlier.created_at, earlier.id)
    )
    events: dict[int, list[str]] = defaultdict(list)
    for row_id, event in rows:
        events[row_id].append(event)
    return events
