"""The console's clocks, on hand-built facts with hand-checked numbers (no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from app.incidents.clocks import (
    ZERO,
    ClockInput,
    SlaStatus,
    incident_clocks,
    last_public_update,
    next_update_due,
    recovery_clock,
    recovery_deadline,
    sla_clock,
    update_clock,
)


def t(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2024, 5, 6, hour, minute, second, tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


# A P1 on a page with a one-hour response SLA: started 10:00, detected 10:07,
# acknowledged 10:20, last public update 10:30; cadence 30 min, recovery 4 h.
P1 = ClockInput(
    started_at=t(10),
    detected_at=t(10, 7),
    acknowledged_at=t(10, 20),
    last_public_update_at=t(10, 30),
    cadence_minutes=30,
    recovery_target_minutes=240,
    sla_minutes=60,
)


def test_the_p1_example_at_11_12():
    clocks = incident_clocks(P1, t(11, 12))
    # next update: 10:30 + 30 min = 11:00, so 12 minutes overdue at 11:12
    assert clocks.updates.next_update_due_at == t(11)
    assert clocks.updates.overdue
    assert clocks.updates.overdue_by == minutes(12)
    assert clocks.updates.due_in is None
    assert clocks.updates.since_last_update == minutes(42)
    # recovery: 10:07 + 4 h = 14:07; 2 h 55 min left
    assert clocks.recovery.deadline == t(14, 7)
    assert clocks.recovery.time_left == timedelta(hours=2, minutes=55)
    assert not clocks.recovery.breached
    # SLA: 10:07 + 60 min = 11:07; acknowledged at 10:20 after 13 minutes
    assert clocks.sla.deadline == t(11, 7)
    assert clocks.sla.status is SlaStatus.MET
    assert clocks.sla.response_time == minutes(13)


def test_before_the_next_update_is_due():
    clock = update_clock(P1, t(10, 45))
    assert clock.due_in == minutes(15)
    assert clock.overdue_by == ZERO
    assert not clock.overdue


@pytest.mark.parametrize(
    ("now", "overdue_by", "due_in"),
    [
        (t(10, 21), ZERO, minutes(1)),
        (t(10, 22), ZERO, ZERO),  # exactly on time is not late
        (t(10, 22, 1), timedelta(seconds=1), None),
        (t(11, 22), minutes(60), None),
    ],
)
def test_cadence_counts_from_detection_before_any_public_update(
    now, overdue_by, due_in
):
    facts = ClockInput(started_at=t(10), detected_at=t(10, 7), cadence_minutes=15)
    clock = update_clock(facts, now)
    assert clock.next_update_due_at == t(10, 22)
    assert clock.last_public_update_at is None
    assert clock.since_last_update is None
    assert clock.overdue_by == overdue_by
    assert clock.due_in == due_in


def test_cadence_counts_from_start_when_detection_is_unknown():
    facts = ClockInput(started_at=t(10), cadence_minutes=120)
    assert update_clock(facts, t(11)).next_update_due_at == t(12)


def test_no_cadence_means_nothing_is_ever_due():
    facts = ClockInput(started_at=t(10), detected_at=t(10), cadence_minutes=None)
    clock = update_clock(facts, t(23))
    assert clock.next_update_due_at is None
    assert not clock.overdue
    assert clock.due_in is None


def test_a_resolved_incident_owes_no_update():
    facts = ClockInput(
        started_at=t(10),
        detected_at=t(10),
        resolved_at=t(10, 40),
        last_public_update_at=t(10, 40),
        cadence_minutes=15,
    )
    clock = update_clock(facts, t(12))
    assert clock.next_update_due_at is None
    assert not clock.overdue
    assert clock.since_last_update == minutes(80)


def test_next_update_due_helper():
    assert next_update_due(t(9), 15, counted_from=t(8)) == t(9, 15)
    assert next_update_due(None, 15, counted_from=t(8)) == t(8, 15)
    assert next_update_due(t(9), None, counted_from=t(8)) is None


def test_last_public_update_is_the_latest():
    assert last_public_update([t(10, 5), t(11), t(10, 30)]) == t(11)
    assert last_public_update([]) is None


@pytest.mark.parametrize(
    ("resolved_at", "now", "breached", "over_by", "time_left"),
    [
        (None, t(11, 12), False, ZERO, timedelta(hours=2, minutes=55)),
        (None, t(14, 7), False, ZERO, ZERO),  # at the deadline: not yet breached
        (None, t(14, 30), True, minutes(23), None),
        (t(13), t(20), False, ZERO, None),  # resolved within target
        (t(15), t(20), True, minutes(53), None),  # resolved 53 min late
    ],
)
def test_recovery_target(resolved_at, now, breached, over_by, time_left):
    facts = ClockInput(
        started_at=t(10),
        detected_at=t(10, 7),
        resolved_at=resolved_at,
        recovery_target_minutes=240,
    )
    clock = recovery_clock(facts, now)
    assert clock.deadline == t(14, 7)
    assert clock.breached is breached
    assert clock.over_by == over_by
    assert clock.time_left == time_left


def test_recovery_deadline_falls_back_to_the_start_and_to_nothing():
    assert recovery_deadline(None, t(10), 60) == t(11)
    assert recovery_deadline(t(10, 30), t(10), 60) == t(11, 30)
    assert recovery_deadline(t(10), t(10), None) is None
    facts = ClockInput(started_at=t(10), recovery_target_minutes=None)
    clock = recovery_clock(facts, t(23))
    assert (clock.deadline, clock.breached, clock.time_left) == (None, False, None)


@pytest.mark.parametrize(
    ("acknowledged_at", "now", "status", "response", "time_left"),
    [
        (None, t(10, 50), SlaStatus.PENDING, None, minutes(17)),
        (None, t(11, 7), SlaStatus.PENDING, None, ZERO),
        (None, t(11, 8), SlaStatus.MISSED, None, None),
        (t(11, 7), t(12), SlaStatus.MET, minutes(60), None),  # on the dot meets it
        (t(11, 8), t(12), SlaStatus.MISSED, minutes(61), None),
        (t(10, 9), t(10, 9), SlaStatus.MET, minutes(2), None),
    ],
)
def test_sla_response(acknowledged_at, now, status, response, time_left):
    facts = ClockInput(
        started_at=t(10),
        detected_at=t(10, 7),
        acknowledged_at=acknowledged_at,
        sla_minutes=60,
    )
    clock = sla_clock(facts, now)
    assert clock.deadline == t(11, 7)
    assert clock.status is status
    assert clock.response_time == response
    assert clock.time_left == time_left


def test_sla_counts_from_the_start_when_detection_is_unknown():
    facts = ClockInput(started_at=t(10), acknowledged_at=t(14, 1), sla_minutes=240)
    clock = sla_clock(facts, t(15))
    assert clock.deadline == t(14)
    assert clock.status is SlaStatus.MISSED
    assert clock.response_time == timedelta(hours=4, minutes=1)


def test_sla_without_minutes_has_no_deadline():
    pending = sla_clock(ClockInput(started_at=t(10)), t(23))
    assert (pending.deadline, pending.status) == (None, SlaStatus.PENDING)
    met = sla_clock(ClockInput(started_at=t(10), acknowledged_at=t(10, 5)), t(23))
    assert met.status is SlaStatus.MET
    assert met.response_time == minutes(5)


def test_clocks_work_across_time_zones():
    """Aware datetimes in any zone compare as instants."""
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    facts = ClockInput(
        started_at=datetime(2024, 3, 11, 1, 12, tzinfo=ny),
        detected_at=datetime(2024, 3, 11, 1, 12, tzinfo=ny),
        acknowledged_at=datetime(2024, 3, 11, 8, 0, tzinfo=ny),
        sla_minutes=240,
    )
    clock = sla_clock(facts, datetime(2024, 3, 11, 14, tzinfo=UTC))
    # APC: detected 1:12 AM, acknowledged 8:00 AM: 6 h 48 min against 4 h
    assert clock.response_time == timedelta(hours=6, minutes=48)
    assert clock.status is SlaStatus.MISSED
