"""The daily uptime roll-up: complete days summed once, kept right on write.

A status page shows 90 days of uptime per component. Instead of replaying 90
days of status history on every render, each complete local day is summed
once into ``component_uptime_days``, and only days that were not simply
operational get a row: a render reads a handful of rows plus today's changes.
``Component.uptime_rolled_through`` says how far the roll-up has got; days
after it are computed from the history, so a roll-up that lags (the worker
was down) is slower, never wrong.

The sweep (every minute, app/pages/tasks.py) rolls each component up through
yesterday in its page's time zone. A status change dated on or before that
day (a backdated incident), a new start date or a new page time zone moves the
mark back, in the same transaction, and the next sweep sums those days again.
"""

import functools
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, UOWTransaction

from app.core.enums import ComponentStatus
from app.core.validation import EARLIEST_DAY, LATEST_DAY
from app.extensions import db
from app.models import Component, ComponentStatusChange, ComponentUptimeDay, Page
from app.pages import uptime

# The rolled-up days that have a row, by component id and day.
RolledDays = dict[str, dict[date, uptime.DayUptime]]


def tracking_start(component: Component, tz: ZoneInfo) -> datetime:
    """When the component's uptime starts counting: its start date, or its creation.

    A stored date outside the years Beacon accepts (written before the forms
    checked it) counts from the window's edge, so no day arithmetic overflows.
    """
    if component.start_date:
        day = min(max(component.start_date, EARLIEST_DAY), LATEST_DAY)
        return uptime.day_bounds(day, tz)[0]
    return component.created_at


def rolled_days(
    component: Component, days: list[date], tz: ZoneInfo, rows: RolledDays
) -> list[uptime.DayUptime]:
    """``days`` (all at most ``uptime_rolled_through``) as the roll-up has them.

    A day without a row was operational throughout: one shared, read-only
    summary per date stands for it on every component (most of 4,500 cells).
    """
    tracked_from = tracking_start(component, tz).astimezone(tz).date()
    own = rows.get(component.id, {})
    return [
        own.get(day)
        or (uptime.DayUptime(day) if day < tracked_from else _operational_day(day, tz))
        for day in days
    ]


@functools.lru_cache(maxsize=4096)
def _operational_day(day: date, tz: ZoneInfo) -> uptime.DayUptime:
    seconds = uptime.day_seconds(day, tz)
    return uptime.DayUptime(day, seconds, 0.0, frozenset({ComponentStatus.OPERATIONAL}))


def rolled_rows(page: Page, since: date) -> RolledDays:
    """The page's rolled-up rows from ``since`` on (one query)."""
    table = ComponentUptimeDay.__table__
    query = (
        sa.select(table)
        .join(Component.__table__, Component.id == table.c.component_id)
        .where(Component.page_id == page.id, table.c.day >= since)
    )
    result: RolledDays = {}
    for row in db.session.execute(query):
        statuses = frozenset(ComponentStatus(s) for s in row.statuses.split(",") if s)
        result.setdefault(row.component_id, {})[row.day] = uptime.DayUptime(
            row.day, row.observed_seconds, row.downtime_seconds, statuses
        )
    return result


def roll_up(component: Component, through: date, tz: ZoneInfo) -> int:
    """Sum the component's days after its mark through ``through``; rows written."""
    begins = tracking_start(component, tz)
    first = begins.astimezone(tz).date()
    if component.uptime_rolled_through is not None:
        first = max(first, component.uptime_rolled_through + timedelta(days=1))
    if first > through:
        return 0
    since = max(uptime.day_bounds(first, tz)[0], begins)
    until = uptime.day_bounds(through, tz)[1]
    changes = list(_changes(component.id, since, until))
    initial = _status_at(component, since)
    intervals = uptime.status_intervals(initial, changes, since, until)
    days = [first + timedelta(days=n) for n in range((through - first).days + 1)]
    rows = [_row(component.id, d, tz) for d in uptime.daily_uptime(intervals, days, tz)]
    rows = [row for row in rows if row is not None]
    table = ComponentUptimeDay.__table__
    db.session.execute(  # rows a reset mark left behind: summed again below
        sa.delete(table).where(
            table.c.component_id == component.id, table.c.day >= first
        )
    )
    if rows:
        db.session.execute(sa.insert(ComponentUptimeDay.__table__), rows)
    _set_mark(db.session(), {component.id}, through)
    return len(rows)


def roll_up_due(now: datetime) -> int:
    """Roll every component up through yesterday in its page's zone; rows written."""
    written = 0
    query = sa.select(Component, Page.time_zone).join(Page)
    for component, time_zone in db.session.execute(query):
        tz = ZoneInfo(time_zone)
        yesterday = now.astimezone(tz).date() - timedelta(days=1)
        mark = component.uptime_rolled_through
        if mark is None or mark < yesterday:
            written += roll_up(component, yesterday, tz)
    return written


def _changes(
    component_id: str, since: datetime, until: datetime
) -> Iterable[tuple[datetime, ComponentStatus]]:
    history = ComponentStatusChange
    query = (
        sa.select(history.changed_at, history.status)
        .where(history.component_id == component_id)
        .where(history.changed_at >= since, history.changed_at < until)
        .order_by(history.changed_at)
    )
    return [(at, status) for at, status in db.session.execute(query)]


def _status_at(component: Component, at: datetime) -> ComponentStatus:
    """The status at ``at``: the last change before it, else what the next one left."""
    history = ComponentStatusChange
    before = db.session.scalar(
        sa.select(history.status)
        .where(history.component_id == component.id, history.changed_at < at)
        .order_by(history.changed_at.desc())
        .limit(1)
    )
    if before is not None:
        return before
    first_after = db.session.scalar(
        sa.select(history.old_status)
        .where(history.component_id == component.id, history.changed_at >= at)
        .order_by(history.changed_at)
        .limit(1)
    )
    return first_after or component.status


def _row(component_id: str, day: uptime.DayUptime, tz: ZoneInfo) -> dict | None:
    """The row for a summed day, or None for a day operational from start to end."""
    whole_day = day.observed_seconds == uptime.day_seconds(day.day, tz)
    if (
        whole_day
        and not day.downtime_seconds
        and day.statuses == {ComponentStatus.OPERATIONAL}
    ):
        return None
    return {
        "component_id": component_id,
        "day": day.day,
        "observed_seconds": day.observed_seconds,
        "downtime_seconds": day.downtime_seconds,
        "statuses": ",".join(sorted(day.statuses)),
    }


def _set_mark(session: Session, component_ids: set[str], mark: date | None) -> None:
    """Move the mark in Core: the roll-up changes nothing a page shows."""
    components = Component.__table__
    session.connection().execute(
        sa.update(components)
        .where(components.c.id.in_(component_ids))
        .values(uptime_rolled_through=mark)
    )
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Component) and obj.id in component_ids:
            session.expire(obj, ["uptime_rolled_through"])


# --- Keeping the roll-up right: what moves the mark back ----------------------


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    touched = [*session.new, *session.dirty, *session.deleted]
    earliest: dict[str, datetime] = {}
    restart: set[str] = set()
    for obj in touched:
        if isinstance(obj, ComponentStatusChange):
            for at in _values(obj, "changed_at"):
                if obj.component_id not in earliest or at < earliest[obj.component_id]:
                    earliest[obj.component_id] = at
        elif isinstance(obj, Component) and _changed(obj, "start_date"):
            restart.add(obj.id)
        elif isinstance(obj, Page) and _changed(obj, "time_zone"):
            restart.update(c.id for c in obj.components)
    if earliest:
        _move_marks_back(session, earliest)
    if restart:
        _forget(session, restart, None)


def _values(obj: Any, name: str) -> list[Any]:
    """An attribute's value now and, if this flush changed it, before."""
    history = sa.inspect(obj).attrs[name].history
    return [v for v in (*history.added, *history.unchanged, *history.deleted) if v]


def _changed(obj: Any, name: str) -> bool:
    state = sa.inspect(obj)
    return not state.pending and state.attrs[name].history.has_changes()


def _move_marks_back(session: Session, earliest: dict[str, datetime]) -> None:
    """History changed on or before a component's mark: sum from that day again."""
    query = (
        sa.select(Component.id, Component.uptime_rolled_through, Page.time_zone)
        .join(Page)
        .where(Component.id.in_(earliest), Component.uptime_rolled_through.is_not(None))
    )
    for component_id, mark, time_zone in session.connection().execute(query):
        day = earliest[component_id].astimezone(ZoneInfo(time_zone)).date()
        if day <= mark:
            _forget(session, {component_id}, day)


def _forget(session: Session, component_ids: set[str], since: date | None) -> None:
    """Drop the rows from ``since`` (None: all) and mark the day before as the last."""
    table = ComponentUptimeDay.__table__
    rows = sa.delete(table).where(table.c.component_id.in_(component_ids))
    session.connection().execute(
        rows if since is None else rows.where(table.c.day >= since)
    )
    _set_mark(
        session, component_ids, None if since is None else since - timedelta(days=1)
    )


def listen_for_flushes() -> None:
    """Hook every session's flush (idempotent)."""
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)
