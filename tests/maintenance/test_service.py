"""Scheduling, editing, updating and cancelling maintenance windows."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.maintenance.rules import (
    InvalidMaintenanceTransition,
    InvalidWindow,
    MaintenanceValidationError,
    OverlapNeedsConfirmation,
    StaleMaintenance,
)
from app.maintenance.service import (
    cancel_maintenance,
    edit_maintenance,
    post_maintenance_update,
    schedule_maintenance,
)
from app.models import ComponentStatus, Maintenance, MaintenanceStatus
from tests.fixtures.factories import page_fixture
from tests.maintenance.helpers import capture

S = MaintenanceStatus
NOW = datetime(2030, 6, 3, 14, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


page = page_fixture(time_zone="America/New_York")


def test_schedule_announces_the_window(db, page, make_component):
    site = make_component(page)
    with capture() as events:
        window = schedule_maintenance(
            page,
            " Server upgrade ",
            "We are *upgrading*.",
            NOW + HOUR,
            NOW + 2 * HOUR,
            components=[site],
        )
    db.session.commit()
    assert window.title == "Server upgrade"
    assert window.status is S.SCHEDULED
    assert window.sequence == 0
    assert window.components == [site]
    assert [(u.status, u.body) for u in window.updates] == [
        (S.SCHEDULED, "We are *upgrading*.")
    ]
    assert [(name, sender) for name, sender, _ in events] == [("scheduled", window)]
    assert events[0][2]["update"] is window.updates[0]


def test_naive_times_are_wall_clock_in_the_page_timezone(db, page):
    window = schedule_maintenance(
        page, "Upgrade", "", datetime(2030, 6, 4, 22, 0), datetime(2030, 6, 5, 0, 30)
    )
    assert window.scheduled_for == datetime(2030, 6, 5, 2, 0, tzinfo=UTC)
    assert window.scheduled_until == datetime(2030, 6, 5, 4, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (NOW + 2 * HOUR, NOW + HOUR, "after its start"),
        (NOW + HOUR, NOW + HOUR, "after its start"),
        (NOW - 2 * HOUR, NOW + HOUR, "in the past"),
        (NOW - 3 * HOUR, NOW - HOUR, "in the past"),
    ],
)
def test_impossible_windows_are_refused(db, page, start, end, message):
    with pytest.raises(InvalidWindow, match=message):
        schedule_maintenance(page, "Upgrade", "", start, end)
    assert db.session.scalar(sa.select(sa.func.count(Maintenance.id))) == 0


def test_title_and_components_are_checked(db, page, make_page, make_component):
    with pytest.raises(MaintenanceValidationError, match="title"):
        schedule_maintenance(page, "  ", "", NOW + HOUR, NOW + 2 * HOUR)
    elsewhere = make_component(make_page())
    with pytest.raises(MaintenanceValidationError, match="same page"):
        schedule_maintenance(
            page, "Upgrade", "", NOW + HOUR, NOW + 2 * HOUR, components=[elsewhere]
        )


def test_overlap_on_a_shared_component_needs_confirmation(
    db, page, make_component, make_maintenance
):
    site, other = make_component(page), make_component(page)
    first = make_maintenance(page, starts_in=HOUR, duration=2 * HOUR, components=[site])
    args = (page, "Second", "", NOW + 2 * HOUR, NOW + 4 * HOUR)
    with pytest.raises(OverlapNeedsConfirmation) as refused:
        schedule_maintenance(*args, components=[site, other])
    assert refused.value.overlapping == [first]
    assert "Server upgrade" in str(refused.value)
    second = schedule_maintenance(*args, components=[site], confirm_overlap=True)
    assert second.status is S.SCHEDULED


def test_no_overlap_warning_for_other_components_touching_or_cancelled_windows(
    db, page, make_component, make_maintenance
):
    site, other = make_component(page), make_component(page)
    first = make_maintenance(page, starts_in=HOUR, duration=2 * HOUR, components=[site])
    schedule_maintenance(
        page, "Other", "", NOW + HOUR, NOW + 2 * HOUR, components=[other]
    )
    schedule_maintenance(
        page, "After", "", NOW + 3 * HOUR, NOW + 4 * HOUR, components=[site]
    )
    cancel_maintenance(first)
    schedule_maintenance(
        page, "Instead", "", NOW + HOUR, NOW + 2 * HOUR, components=[site]
    )


def test_edit_bumps_the_sequence_and_rearms_the_reminder(db, page, make_maintenance):
    window = make_maintenance(page, starts_in=2 * HOUR)
    window.reminder_sent_at = NOW
    changes = edit_maintenance(window, title="Bigger upgrade", starts_at=NOW + 3 * HOUR)
    db.session.commit()
    assert changes == ["title", "scheduled_for"]
    assert window.sequence == 1
    assert window.reminder_sent_at is None
    assert window.scheduled_for == NOW + 3 * HOUR


def test_edit_of_nothing_calendar_relevant(db, page, make_maintenance, make_component):
    window = make_maintenance(page)
    assert edit_maintenance(window, title=window.title) == []
    assert edit_maintenance(window, auto_transition=False) == ["auto_transition"]
    assert edit_maintenance(window, components=[make_component(page)]) == ["components"]
    assert window.sequence == 0


def test_edit_refuses_bad_times_and_overlaps(
    db, page, make_maintenance, make_component
):
    site = make_component(page)
    make_maintenance(page, "Early", starts_in=HOUR, components=[site])
    window = make_maintenance(page, starts_in=5 * HOUR, components=[site])
    with pytest.raises(InvalidWindow, match="after its start"):
        edit_maintenance(window, ends_at=NOW + 4 * HOUR)
    with pytest.raises(OverlapNeedsConfirmation):
        edit_maintenance(window, starts_at=NOW + 2 * HOUR)
    assert edit_maintenance(window, starts_at=NOW + 2 * HOUR, confirm_overlap=True) == [
        "scheduled_for"
    ]


def test_a_started_window_may_only_move_its_end(db, page, make_maintenance):
    window = make_maintenance(page, starts_in=HOUR)
    post_maintenance_update(window, S.IN_PROGRESS, "Started early.")
    with pytest.raises(InvalidWindow, match="only its end"):
        edit_maintenance(window, starts_at=NOW + 2 * HOUR)
    assert edit_maintenance(window, ends_at=NOW + 5 * HOUR) == ["scheduled_until"]
    post_maintenance_update(window, S.COMPLETED, "Done.")
    with pytest.raises(MaintenanceValidationError, match="no longer be edited"):
        edit_maintenance(window, title="Too late")


def test_staff_walk_a_window_through_its_lifecycle(
    db, page, make_maintenance, make_component, make_user
):
    site = make_component(page)
    window = make_maintenance(page, starts_in=HOUR, components=[site])
    staff = make_user()
    with capture() as events:
        post_maintenance_update(window, S.IN_PROGRESS, "Starting early.", author=staff)
        assert site.status is ComponentStatus.UNDER_MAINTENANCE
        assert not window.staff_intervened  # starting by hand is not taking over
        post_maintenance_update(window, S.VERIFYING, "Checking.", author=staff)
        assert site.status is ComponentStatus.UNDER_MAINTENANCE
        assert window.staff_intervened
        update = post_maintenance_update(window, S.COMPLETED, "Done.", author=staff)
    db.session.commit()
    assert site.status is ComponentStatus.OPERATIONAL
    assert window.started_at == NOW
    assert window.completed_at == NOW
    assert window.sequence == 3
    assert update.affected_components == [
        {
            "code": site.id,
            "name": site.name,
            "old_status": "under_maintenance",
            "new_status": "operational",
        }
    ]
    assert [(n, kw["automatic"]) for n, _, kw in events] == [("update", False)] * 3
    assert [u.status for u in window.updates] == [
        S.COMPLETED,
        S.VERIFYING,
        S.IN_PROGRESS,
        S.SCHEDULED,
    ]


def test_components_stay_put_without_auto_transition(
    db, page, make_maintenance, make_component
):
    site = make_component(page)
    window = make_maintenance(page, components=[site], auto_transition=False)
    post_maintenance_update(window, S.IN_PROGRESS, "Started.")
    assert site.status is ComponentStatus.OPERATIONAL
    post_maintenance_update(
        window,
        S.IN_PROGRESS,
        "Taking the site down now.",
        component_statuses={site: ComponentStatus.UNDER_MAINTENANCE},
    )
    assert site.status is ComponentStatus.UNDER_MAINTENANCE


def test_an_outage_is_not_masked_by_maintenance(
    db, page, make_maintenance, make_component
):
    site = make_component(page, status=ComponentStatus.MAJOR_OUTAGE)
    window = make_maintenance(page, components=[site])
    post_maintenance_update(window, S.IN_PROGRESS, "Started.")
    assert site.status is ComponentStatus.MAJOR_OUTAGE
    post_maintenance_update(window, S.COMPLETED, "Done.")
    assert site.status is ComponentStatus.MAJOR_OUTAGE


def test_cancel(db, page, make_maintenance, time_machine):
    # Scheduled a minute before: with the clock stopped, two updates at one
    # instant have no order between them.
    time_machine.move_to(NOW - timedelta(minutes=1), tick=False)
    window = make_maintenance(page)
    time_machine.move_to(NOW, tick=False)
    with capture() as events:
        cancel_maintenance(window)
    db.session.commit()
    assert window.status is S.CANCELLED
    assert window.cancelled_at == NOW
    assert window.sequence == 1
    assert window.updates[0].body == "This scheduled maintenance has been cancelled."
    assert [name for name, _, _ in events] == ["update"]
    with pytest.raises(InvalidMaintenanceTransition):
        post_maintenance_update(window, S.IN_PROGRESS, "Oops.")


def test_a_running_window_cannot_be_cancelled(db, page, make_maintenance):
    window = make_maintenance(page)
    post_maintenance_update(window, S.IN_PROGRESS, "Started.")
    with pytest.raises(InvalidMaintenanceTransition):
        cancel_maintenance(window)


def test_staff_acting_on_a_stale_window_are_refused(db, page, make_maintenance):
    window = make_maintenance(page)
    # Another worker starts it behind this session's back.
    db.session.execute(
        sa.update(Maintenance)
        .where(Maintenance.id == window.id)
        .values(status=S.IN_PROGRESS)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(StaleMaintenance):
        cancel_maintenance(window)
