"""The maintenance rules on their own: lifecycle, window checks, reminders."""

from datetime import UTC, datetime, timedelta

import pytest

from app.maintenance import rules
from app.models import ComponentStatus, MaintenanceStatus

S = MaintenanceStatus
NOW = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.SCHEDULED, S.IN_PROGRESS),
        (S.SCHEDULED, S.COMPLETED),
        (S.SCHEDULED, S.CANCELLED),
        (S.IN_PROGRESS, S.VERIFYING),
        (S.IN_PROGRESS, S.COMPLETED),
        (S.VERIFYING, S.IN_PROGRESS),
        (S.VERIFYING, S.COMPLETED),
        (S.COMPLETED, S.COMPLETED),
        (S.SCHEDULED, S.SCHEDULED),
    ],
)
def test_allowed_moves(current, target):
    rules.check_transition(current, target)
    assert target in rules.allowed_targets(current)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.SCHEDULED, S.VERIFYING),
        (S.IN_PROGRESS, S.SCHEDULED),
        (S.IN_PROGRESS, S.CANCELLED),
        (S.COMPLETED, S.IN_PROGRESS),
        (S.CANCELLED, S.SCHEDULED),
        (S.CANCELLED, S.IN_PROGRESS),
    ],
)
def test_refused_moves(current, target):
    with pytest.raises(rules.InvalidMaintenanceTransition):
        rules.check_transition(current, target)


def test_stamps_keep_the_first_start():
    started = rules.stamp(rules.Stamps(), S.IN_PROGRESS, NOW)
    later = NOW + timedelta(hours=1)
    back = rules.stamp(rules.stamp(started, S.VERIFYING, later), S.IN_PROGRESS, later)
    assert back.started_at == NOW
    assert rules.stamp(back, S.COMPLETED, later).completed_at == later
    assert rules.stamp(rules.Stamps(), S.CANCELLED, NOW).cancelled_at == NOW


def test_window_checks():
    hour = timedelta(hours=1)
    rules.check_window(NOW + hour, NOW + 2 * hour, NOW)
    rules.check_window(NOW - timedelta(minutes=1), NOW + hour, NOW)  # "starts now"
    with pytest.raises(rules.InvalidWindow, match="after its start"):
        rules.check_window(NOW + 2 * hour, NOW + hour, NOW)
    with pytest.raises(rules.InvalidWindow, match="start in the past"):
        rules.check_window(NOW - 3 * hour, NOW + hour, NOW)
    with pytest.raises(rules.InvalidWindow, match="end in the past"):
        rules.check_window(NOW - 3 * hour, NOW - hour, NOW, check_start=False)


def test_naive_times_are_in_the_page_timezone():
    local = datetime(2025, 7, 1, 22, 0)
    assert rules.to_utc(local, "America/New_York") == datetime(
        2025, 7, 2, 2, 0, tzinfo=UTC
    )
    assert rules.to_utc(NOW, "America/New_York") == NOW


def test_a_local_time_skipped_by_the_clock_change_is_refused():
    with pytest.raises(rules.InvalidWindow, match="does not exist"):
        rules.to_utc(datetime(2025, 3, 9, 2, 30), "America/New_York")


def test_overlap_is_half_open():
    hour = timedelta(hours=1)
    assert rules.overlaps((NOW, NOW + hour), (NOW + hour / 2, NOW + 2 * hour))
    assert not rules.overlaps((NOW, NOW + hour), (NOW + hour, NOW + 2 * hour))


def test_only_healthy_components_enter_maintenance():
    assert rules.should_enter_maintenance(ComponentStatus.OPERATIONAL)
    assert not rules.should_enter_maintenance(ComponentStatus.MAJOR_OUTAGE)


def test_staff_notes_count_as_intervention_only_once_work_began():
    assert not rules.is_intervention(S.SCHEDULED, automatic=False)
    assert rules.is_intervention(S.IN_PROGRESS, automatic=False)
    assert not rules.is_intervention(S.IN_PROGRESS, automatic=True)


def test_reminder_window():
    start = NOW + timedelta(hours=2)
    created = NOW - timedelta(days=2)
    assert rules.is_reminder_due(start, created, 180, NOW)
    assert not rules.is_reminder_due(start, created, 60, NOW)  # not yet
    assert not rules.is_reminder_due(start, created, None, NOW)  # opted out
    assert not rules.is_reminder_due(NOW, created, 180, NOW)  # already starting
    # Announced after the reminder time: the announcement itself will do.
    assert not rules.is_reminder_due(start, NOW - timedelta(minutes=30), 180, NOW)
