"""The scheduler's tick on a frozen clock: starts, completions, reminders, races."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from app.maintenance import tick as maintenance_tick
from app.maintenance.service import (
    edit_maintenance,
    post_maintenance_update,
    run_due_transitions,
)
from app.models import (
    ComponentStatus,
    ComponentStatusChange,
    Maintenance,
    MaintenanceStatus,
    MaintenanceUpdate,
)
from tests.maintenance.helpers import capture

S = MaintenanceStatus
NOW = datetime(2030, 6, 3, 14, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def site(make_page, make_component):
    return make_component(make_page())


@pytest.fixture
def window(clock, site, make_maintenance):
    """Upgrade of ``site`` from NOW + 1h to NOW + 3h, components moved automatically."""
    return make_maintenance(
        site.page, starts_in=HOUR, duration=2 * HOUR, components=[site]
    )


def tick(db):
    result = run_due_transitions()
    db.session.commit()
    return result


def statuses(window):
    return [u.status for u in reversed(window.updates)]


def test_a_window_starts_and_completes_by_itself(db, clock, site, window):
    assert tick(db).count == 0
    clock(NOW + HOUR)
    with capture() as events:
        result = tick(db)
    assert result.started == [window]
    assert window.status is S.IN_PROGRESS
    assert window.started_at == NOW + HOUR
    assert site.status is ComponentStatus.UNDER_MAINTENANCE
    assert window.updates[0].automatic
    assert window.updates[0].author is None
    assert [(n, kw["automatic"]) for n, _, kw in events] == [("update", True)]
    clock(NOW + 3 * HOUR)
    assert tick(db).completed == [window]
    assert window.status is S.COMPLETED
    assert window.completed_at == NOW + 3 * HOUR
    assert site.status is ComponentStatus.OPERATIONAL
    assert statuses(window) == [S.SCHEDULED, S.IN_PROGRESS, S.COMPLETED]
    assert window.sequence == 2
    changed_at = ComponentStatusChange.changed_at
    changes = db.session.scalars(sa.select(changed_at).order_by(changed_at))
    assert list(changes) == [NOW + HOUR, NOW + 3 * HOUR]


def test_a_repeated_tick_posts_nothing_twice(db, clock, window):
    clock(NOW + HOUR)
    with capture() as events:
        assert tick(db).count == 1
        assert tick(db).count == 0
        assert tick(db).count == 0
    assert len(events) == 1
    assert statuses(window) == [S.SCHEDULED, S.IN_PROGRESS]


def test_late_ticks_catch_up(db, clock, site, window):
    clock(NOW + HOUR + 17 * MINUTE)
    assert tick(db).started == [window]
    assert window.started_at == NOW + HOUR + 17 * MINUTE
    clock(NOW + 2 * 24 * HOUR)
    assert tick(db).completed == [window]
    assert site.status is ComponentStatus.OPERATIONAL


def test_a_window_missed_entirely_completes_in_one_step(db, clock, site, window):
    clock(NOW + 5 * HOUR)
    with capture() as events:
        result = tick(db)
    assert result.completed == [window]
    assert result.started == []
    assert statuses(window) == [S.SCHEDULED, S.COMPLETED]
    assert site.status is ComponentStatus.OPERATIONAL
    assert db.session.scalar(sa.select(sa.func.count(ComponentStatusChange.id))) == 0
    assert len(events) == 1


def test_staff_who_intervene_finish_the_window_themselves(db, clock, site, window):
    clock(NOW + HOUR)
    tick(db)
    post_maintenance_update(window, S.IN_PROGRESS, "Running long; 30 more minutes.")
    db.session.commit()
    clock(NOW + 3 * HOUR)
    assert tick(db).count == 0
    assert window.status is S.IN_PROGRESS
    assert site.status is ComponentStatus.UNDER_MAINTENANCE
    post_maintenance_update(window, S.COMPLETED, "Finished.")
    assert site.status is ComponentStatus.OPERATIONAL


def test_a_window_in_verification_is_not_completed(db, clock, window):
    clock(NOW + HOUR)
    tick(db)
    post_maintenance_update(window, S.VERIFYING, "Checking.")
    db.session.commit()
    clock(NOW + 4 * HOUR)
    assert tick(db).count == 0
    assert window.status is S.VERIFYING


def test_a_window_started_early_by_staff_still_completes_on_time(db, clock, window):
    post_maintenance_update(window, S.IN_PROGRESS, "Starting early.")
    db.session.commit()
    clock(NOW + HOUR)
    assert tick(db).count == 0
    clock(NOW + 3 * HOUR)
    assert tick(db).completed == [window]


def test_an_extended_window_completes_at_its_new_end(db, clock, window):
    clock(NOW + HOUR)
    tick(db)
    edit_maintenance(window, ends_at=NOW + 4 * HOUR)
    db.session.commit()
    clock(NOW + 3 * HOUR)
    assert tick(db).count == 0
    clock(NOW + 4 * HOUR)
    assert tick(db).completed == [window]


def test_back_to_back_windows_hand_the_component_over(
    db, clock, site, window, make_maintenance
):
    second = make_maintenance(
        site.page, "Second", starts_in=3 * HOUR, duration=HOUR, components=[site]
    )
    clock(NOW + HOUR)
    tick(db)
    clock(NOW + 3 * HOUR)
    result = tick(db)
    assert (result.completed, result.started) == ([window], [second])
    assert site.status is ComponentStatus.UNDER_MAINTENANCE
    clock(NOW + 4 * HOUR)
    tick(db)
    assert site.status is ComponentStatus.OPERATIONAL


def test_overlapping_windows_keep_a_shared_component_under_maintenance(
    db, clock, site, window, make_maintenance
):
    longer = make_maintenance(
        site.page,
        "Longer",
        starts_in=2 * HOUR,
        duration=3 * HOUR,
        components=[site],
        confirm_overlap=True,
    )
    clock(NOW + 2 * HOUR)
    assert len(tick(db).started) == 2
    clock(NOW + 3 * HOUR)
    assert tick(db).completed == [window]
    assert site.status is ComponentStatus.UNDER_MAINTENANCE
    clock(NOW + 5 * HOUR)
    assert tick(db).completed == [longer]
    assert site.status is ComponentStatus.OPERATIONAL


def test_reminders_go_once_when_the_page_opted_in(db, clock, site, make_maintenance):
    site.page.maintenance_reminder_minutes = 60
    window = make_maintenance(site.page, starts_in=24 * HOUR)
    clock(NOW + 22 * HOUR)
    assert tick(db).count == 0
    clock(NOW + 23 * HOUR + MINUTE)
    with capture() as events:
        assert tick(db).reminded == [window]
        assert tick(db).count == 0
    assert [(n, s) for n, s, _ in events] == [("reminder", window)]
    assert window.reminder_sent_at == NOW + 23 * HOUR + MINUTE
    edit_maintenance(window, starts_at=NOW + 30 * HOUR, ends_at=NOW + 31 * HOUR)
    db.session.commit()
    clock(NOW + 29 * HOUR + MINUTE)
    assert tick(db).reminded == [window]


def test_no_reminders_without_opting_in(db, clock, window):
    clock(NOW + HOUR - MINUTE)
    assert tick(db).count == 0
    assert window.reminder_sent_at is None


def test_a_stale_candidate_is_not_claimed(app, db, clock, window):
    clock(NOW + HOUR)
    assert window.status is S.SCHEDULED  # as this worker loaded it
    with app.app_context():  # another worker, with its own session, gets there first
        assert tick(_db).count == 1
    assert not maintenance_tick._auto_start(window, NOW + HOUR)
    db.session.rollback()
    assert statuses(window) == [S.SCHEDULED, S.IN_PROGRESS]


def test_the_cli_runs_one_tick(db, clock, runner, window):
    clock(NOW + HOUR)
    result = runner.invoke(args=["maintenance", "tick"])
    assert result.exit_code == 0, result.output
    assert "1 started" in result.output
    db.session.expire_all()
    assert db.session.get(Maintenance, window.id).status is S.IN_PROGRESS


def test_two_workers_racing_never_double_post(app, db, clock, site, window):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs a server with row locks (set TEST_DATABASE_URL)")
    clock(NOW + HOUR)
    results = {}

    def second_worker():
        with app.app_context():
            try:
                results["b"] = run_due_transitions()
                _db.session.commit()
            except Exception as error:  # pragma: no cover - reported below
                results["error"] = error

    with capture() as events, app.app_context():
        started = [m.id for m in run_due_transitions().started]  # row held, uncommitted
        worker = threading.Thread(target=second_worker)
        worker.start()
        _wait_for_lock_waiter()
        _db.session.commit()
        worker.join(timeout=10)
    assert "error" not in results
    assert (started, results["b"].count) == ([window.id], 0)
    assert len(events) == 1
    count = sa.select(sa.func.count(MaintenanceUpdate.id))
    assert db.session.scalar(count) == 2  # scheduled + in progress


def _wait_for_lock_waiter() -> None:
    """Block until another backend of this database waits on a lock."""
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(100):
        with _db.engine.connect() as conn:
            if conn.scalar(query):
                return
        time.sleep(0.05)
    raise AssertionError("the second worker never waited for the row lock")


def test_the_periodic_task_runs_the_tick_and_commits_once_per_move(
    app, db, clock, site, window
):
    from app.core.tasks import task_queue

    queue = task_queue()
    assert queue.huey.immediate  # tests run Huey in immediate mode
    periodic = queue.maintenance_tick
    clock(NOW + HOUR)
    periodic()
    periodic()  # a second worker, or the next minute: nothing more to do
    db.session.expire_all()
    assert window.status is S.IN_PROGRESS
    assert statuses(window) == [S.SCHEDULED, S.IN_PROGRESS]
    assert site.status is ComponentStatus.UNDER_MAINTENANCE
