"""The incident console's clocks: update cadence, recovery target and response SLA.

Pure functions of plain values and ``now``: no database, no request, no wall clock.

- Updates: the next public update is due ``cadence`` after the last public one (after
  detection while there is none yet); past that the incident is overdue. No cadence
  (P3) or a resolved incident means nothing is due.
- Recovery: the target deadline is detection (or the start, if detection is unknown)
  plus the severity's recovery target; it is breached when the incident is resolved
  after it, or is still unresolved past it.
- SLA response: the deadline is detection plus the page's emergency-response minutes;
  the acknowledgement meets it at or before the deadline, misses it after; with no
  acknowledgement yet it is pending until the deadline passes, then missed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

ZERO = timedelta(0)


class SlaStatus(StrEnum):
    PENDING = "pending"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class ClockInput:
    """The facts about one incident that its clocks are computed from."""

    started_at: datetime
    detected_at: datetime | None = None
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    last_public_update_at: datetime | None = None
    cadence_minutes: int | None = None
    recovery_target_minutes: int | None = None
    sla_minutes: int | None = None

    @property
    def detected_or_started(self) -> datetime:
        return self.detected_at or self.started_at


@dataclass(frozen=True)
class UpdateClock:
    last_public_update_at: datetime | None
    since_last_update: timedelta | None
    next_update_due_at: datetime | None
    due_in: timedelta | None  # time left before the next update is due
    overdue_by: timedelta  # zero unless overdue

    @property
    def overdue(self) -> bool:
        return self.overdue_by > ZERO


@dataclass(frozen=True)
class RecoveryClock:
    deadline: datetime | None
    time_left: timedelta | None  # while unresolved and within target
    over_by: timedelta  # zero unless breached

    @property
    def breached(self) -> bool:
        return self.over_by > ZERO


@dataclass(frozen=True)
class SlaClock:
    deadline: datetime | None
    status: SlaStatus
    response_time: timedelta | None  # acknowledged_at - detected_at
    time_left: timedelta | None  # while pending


@dataclass(frozen=True)
class IncidentClocks:
    updates: UpdateClock
    recovery: RecoveryClock
    sla: SlaClock


def last_public_update(times: Iterable[datetime]) -> datetime | None:
    """The latest of the public update times, or None when there is none."""
    return max(times, default=None)


def next_update_due(
    last_public_update_at: datetime | None,
    cadence_minutes: int | None,
    counted_from: datetime,
) -> datetime | None:
    """When the next public update is due, or None without a cadence."""
    if cadence_minutes is None:
        return None
    return (last_public_update_at or counted_from) + timedelta(minutes=cadence_minutes)


def update_clock(facts: ClockInput, now: datetime) -> UpdateClock:
    """Time since the last public update, the next one due, and how overdue it is."""
    last = facts.last_public_update_at
    due = None
    if facts.resolved_at is None:
        due = next_update_due(last, facts.cadence_minutes, facts.detected_or_started)
    return UpdateClock(
        last_public_update_at=last,
        since_last_update=now - last if last else None,
        next_update_due_at=due,
        due_in=due - now if due and due >= now else None,
        overdue_by=now - due if due and now > due else ZERO,
    )


def recovery_deadline(
    detected_at: datetime | None, started_at: datetime, target_minutes: int | None
) -> datetime | None:
    """Detection (or start) plus the recovery target; None without a target."""
    if target_minutes is None:
        return None
    return (detected_at or started_at) + timedelta(minutes=target_minutes)


def recovery_clock(facts: ClockInput, now: datetime) -> RecoveryClock:
    """The recovery deadline, the time left before it, and how far past it we are."""
    deadline = recovery_deadline(
        facts.detected_at, facts.started_at, facts.recovery_target_minutes
    )
    if deadline is None:
        return RecoveryClock(None, None, ZERO)
    end = facts.resolved_at or now
    left = deadline - now if facts.resolved_at is None and now <= deadline else None
    return RecoveryClock(deadline, left, max(end - deadline, ZERO))


def sla_deadline(detected_at: datetime, sla_minutes: int | None) -> datetime | None:
    """Detection plus the page's emergency-response time; None without an SLA."""
    if sla_minutes is None:
        return None
    return detected_at + timedelta(minutes=sla_minutes)


def sla_clock(facts: ClockInput, now: datetime) -> SlaClock:
    """Whether the acknowledgement met the page's response SLA, and how fast it was."""
    detected = facts.detected_or_started
    deadline = sla_deadline(detected, facts.sla_minutes)
    acked = facts.acknowledged_at
    response = acked - detected if acked else None
    if deadline is None:
        return SlaClock(
            None, SlaStatus.MET if acked else SlaStatus.PENDING, response, None
        )
    if acked is not None:
        status = SlaStatus.MET if acked <= deadline else SlaStatus.MISSED
        return SlaClock(deadline, status, response, None)
    if now <= deadline:
        return SlaClock(deadline, SlaStatus.PENDING, None, deadline - now)
    return SlaClock(deadline, SlaStatus.MISSED, None, None)


def incident_clocks(facts: ClockInput, now: datetime) -> IncidentClocks:
    """All three clocks of one incident at ``now``."""
    return IncidentClocks(
        updates=update_clock(facts, now),
        recovery=recovery_clock(facts, now),
        sla=sla_clock(facts, now),
    )
