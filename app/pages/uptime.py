"""Uptime from component status history, day by day in the page's timezone.

A major outage counts fully as downtime and a partial outage at 30 %, as on
Statuspage; degraded performance and maintenance never count as downtime.
"""

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.core.enums import ComponentStatus, worst_component_status

DOWNTIME_WEIGHT = {
    ComponentStatus.MAJOR_OUTAGE: 1.0,
    ComponentStatus.PARTIAL_OUTAGE: 0.3,
}


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    status: ComponentStatus


@dataclass
class DayUptime:
    day: date
    observed_seconds: float = 0.0
    downtime_seconds: float = 0.0
    statuses: set[ComponentStatus] = field(default_factory=set)

    @property
    def has_data(self) -> bool:
        return self.observed_seconds > 0

    @property
    def worst(self) -> ComponentStatus:
        return worst_component_status(self.statuses)

    @property
    def percent(self) -> float | None:
        return uptime_percent([self], minimum=0)


def status_intervals(
    initial: ComponentStatus,
    changes: Iterable[tuple[datetime, ComponentStatus]],
    since: datetime,
    until: datetime,
) -> list[Interval]:
    """Cut ``[since, until)`` into intervals of constant status.

    ``initial`` is the status at ``since``; ``changes`` are (time, new status)
    pairs in time order. Changes before ``since`` only set the starting status.
    """
    intervals: list[Interval] = []
    start, status = since, initial
    for at, new_status in changes:
        if at <= since:
            status = new_status
            continue
        if at >= until:
            break
        if at > start:
            intervals.append(Interval(start, at, status))
        start, status = at, new_status
    if until > start:
        intervals.append(Interval(start, until, status))
    return intervals


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The start and end of a calendar day in ``tz``, as UTC datetimes."""
    # In UTC, because subtracting two datetimes of one zone ignores DST:
    # the day clocks spring forward would count 24 hours instead of 23.
    start = datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)
    return start, end


@functools.lru_cache(maxsize=4096)
def day_seconds(day: date, tz: ZoneInfo) -> float:
    """How long ``day`` lasts in ``tz``: 86,400 seconds, or 23 or 25 hours at DST."""
    start, end = day_bounds(day, tz)
    return end.timestamp() - start.timestamp()


def daily_uptime(
    intervals: Sequence[Interval], days: Sequence[date], tz: ZoneInfo
) -> list[DayUptime]:
    """Observed and weighted-down seconds per day, for days in ``tz``."""
    result = []
    for day in days:
        day_start, day_end = day_bounds(day, tz)
        summary = DayUptime(day)
        for interval in intervals:
            overlap = _overlap_seconds(interval, day_start, day_end)
            if overlap <= 0:
                continue
            summary.observed_seconds += overlap
            summary.downtime_seconds += overlap * DOWNTIME_WEIGHT.get(
                interval.status, 0
            )
            summary.statuses.add(interval.status)
        result.append(summary)
    return result


def _overlap_seconds(interval: Interval, start: datetime, end: datetime) -> float:
    # Timestamps, not datetime subtraction: within one zone that ignores DST.
    return min(interval.end, end).timestamp() - max(interval.start, start).timestamp()


# Less history than this shows "No data": a component created minutes ago with a
# one-minute outage would otherwise read "74.49 %", alarming and meaningless.
MIN_OBSERVED_SECONDS = 24 * 3600


def uptime_percent(
    days: Iterable[DayUptime], minimum: float = MIN_OBSERVED_SECONDS
) -> float | None:
    """Uptime over ``days`` as a percentage floored to two decimals.

    Only the time the component existed is observed. Floored, not rounded, so a
    short outage never shows as a perfect 100.00. None when less than
    ``minimum`` seconds were observed (a day's worth by default).
    """
    days = list(days)
    observed = sum(d.observed_seconds for d in days)
    if observed <= 0 or observed < minimum:
        return None
    down = sum(d.downtime_seconds for d in days)
    # Round away float noise first, or 888 minutes at 30 % in a day floors to
    # 81.49 (the float is 8149.999...) instead of 81.50.
    return math.floor(round((1 - down / observed) * 10000, 6)) / 100


def last_days(today: date, count: int) -> list[date]:
    """``count`` calendar days ending with ``today``, oldest first."""
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]
