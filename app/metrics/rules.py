"""Response metrics over a set of incidents: durations, medians, compliance.

Pure functions of plain values and ``now``: no database, no wall clock.

- Time to detect = detected − started (needs a detection time).
- Time to acknowledge = acknowledged − detected; time to resolve = resolved −
  detected. Both count from the start when detection is unknown, as the
  console's clocks do. An incident missing the end time is left out of that
  metric, never counted as zero.
- Compliance uses the console's clocks: an acknowledgement at or before the
  page's SLA deadline meets it, a later one (or none once the deadline has
  passed) misses it; a resolve at or before the severity's recovery target
  meets it. Incidents still within their deadline, or without a target, are
  left out. The percentage is met / (met + missed), rounded half-up to 0.1.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import TypeVar

from app.incidents.clocks import ClockInput, SlaStatus, recovery_clock, sla_clock

TENTH = Decimal("0.1")
K = TypeVar("K")


@dataclass(frozen=True)
class IncidentTimes:
    """The facts about one incident that its metrics are computed from."""

    started_at: datetime
    detected_at: datetime | None = None
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    sla_minutes: int | None = None
    recovery_target_minutes: int | None = None

    @property
    def detected_or_started(self) -> datetime:
        return self.detected_at or self.started_at

    def clock_input(self) -> ClockInput:
        return ClockInput(
            started_at=self.started_at,
            detected_at=self.detected_at,
            acknowledged_at=self.acknowledged_at,
            resolved_at=self.resolved_at,
            recovery_target_minutes=self.recovery_target_minutes,
            sla_minutes=self.sla_minutes,
        )


def time_to_detect(times: IncidentTimes) -> timedelta | None:
    if times.detected_at is None:
        return None
    return times.detected_at - times.started_at


def time_to_acknowledge(times: IncidentTimes) -> timedelta | None:
    if times.acknowledged_at is None:
        return None
    return times.acknowledged_at - times.detected_or_started


def time_to_resolve(times: IncidentTimes) -> timedelta | None:
    if times.resolved_at is None:
        return None
    return times.resolved_at - times.detected_or_started


def sla_met(times: IncidentTimes, now: datetime) -> bool | None:
    """True/False when the response SLA was met/missed; None while pending or unset."""
    if times.sla_minutes is None:
        return None
    status = sla_clock(times.clock_input(), now).status
    return None if status is SlaStatus.PENDING else status is SlaStatus.MET


def recovery_met(times: IncidentTimes, now: datetime) -> bool | None:
    """True/False when the recovery target was met/missed; None while open or unset."""
    clock = recovery_clock(times.clock_input(), now)
    if clock.deadline is None:
        return None
    if clock.breached:
        return False
    return True if times.resolved_at is not None else None


def to_minutes(value: timedelta | None) -> Decimal | None:
    """A duration in minutes, rounded half-up to 0.1 (90 s -> 1.5)."""
    if value is None:
        return None
    seconds = Decimal(value.days * 86400 + value.seconds) + Decimal(
        value.microseconds
    ) / Decimal(1_000_000)
    return (seconds / 60).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DurationStats:
    count: int = 0
    median: timedelta | None = None
    mean: timedelta | None = None

    @property
    def median_minutes(self) -> Decimal | None:
        return to_minutes(self.median)

    @property
    def mean_minutes(self) -> Decimal | None:
        return to_minutes(self.mean)


def duration_stats(values: Iterable[timedelta | None]) -> DurationStats:
    """Count, median and mean of the known durations (None values are skipped)."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return DurationStats()
    # statistics.median averages the middle two of an even count, exactly.
    return DurationStats(
        len(known), median(known), sum(known, timedelta(0)) / len(known)
    )


@dataclass(frozen=True)
class Compliance:
    met: int = 0
    missed: int = 0

    @property
    def measured(self) -> int:
        return self.met + self.missed

    @property
    def percent(self) -> Decimal | None:
        if not self.measured:
            return None
        share = Decimal(self.met * 100) / Decimal(self.measured)
        return share.quantize(TENTH, rounding=ROUND_HALF_UP)


def compliance(outcomes: Iterable[bool | None]) -> Compliance:
    """Count met (True) and missed (False) outcomes; None is not measured."""
    found = list(outcomes)
    return Compliance(found.count(True), found.count(False))


@dataclass(frozen=True)
class GroupMetrics:
    """The metrics of one group of incidents (a page, a severity, or all)."""

    key: str
    label: str
    incidents: int
    detect: DurationStats
    acknowledge: DurationStats
    sla: Compliance
    resolve: DurationStats
    recovery: Compliance


def group_metrics(
    key: str, label: str, incidents: list[IncidentTimes], now: datetime
) -> GroupMetrics:
    """Every metric of ``incidents`` at ``now``."""
    return GroupMetrics(
        key=key,
        label=label,
        incidents=len(incidents),
        detect=duration_stats(time_to_detect(i) for i in incidents),
        acknowledge=duration_stats(time_to_acknowledge(i) for i in incidents),
        sla=compliance(sla_met(i, now) for i in incidents),
        resolve=duration_stats(time_to_resolve(i) for i in incidents),
        recovery=compliance(recovery_met(i, now) for i in incidents),
    )


def minutes_by_month(rows: Iterable[tuple[K, date, int]]) -> dict[tuple[K, str], int]:
    """Sum ``(key, day, minutes)`` rows per key and month ("2024-03")."""
    totals: dict[tuple[K, str], int] = {}
    for key, day, minutes in rows:
        slot = (key, f"{day.year:04d}-{day.month:02d}")
        totals[slot] = totals.get(slot, 0) + minutes
    return totals
