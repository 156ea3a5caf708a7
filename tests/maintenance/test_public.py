"""Maintenance on the public pages, in history, at its permalink and in the ics feed."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from app.demo import seed_demo
from app.maintenance.service import (
    cancel_maintenance,
    edit_maintenance,
    run_due_transitions,
)
from app.models import Maintenance, MaintenanceStatus, Page
from tests.fixtures.factories import page_fixture

S = MaintenanceStatus
NOW = datetime(2030, 6, 3, 14, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


page = page_fixture(slug="apc", name="APC", time_zone="America/New_York")


@pytest.fixture
def site(page, make_component):
    return make_component(page, name="approcess.com")


def run_window(db, clock, window):
    """Let the scheduler start and complete ``window``, then come back to NOW."""
    for at in (window.scheduled_for, window.scheduled_until):
        clock(at)
        run_due_transitions()
        db.session.commit()
    clock(NOW)


def events(client, slug="apc"):
    response = client.get(f"/{slug}/maintenance.ics")
    assert response.status_code == 200
    return {str(e["uid"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


def test_upcoming_maintenance_shows_above_the_components(
    client, clock, site, make_maintenance
):
    soon = make_maintenance(
        site.page, "Hosting platform upgrade", starts_in=2 * DAY, components=[site]
    )
    make_maintenance(site.page, "Far future", starts_in=9 * DAY)
    body = client.get("/apc/").text
    assert "Scheduled Maintenance" in body
    assert f"/apc/maintenance/{soon.id}" in body
    assert "Far future" not in body
    assert body.index("Hosting platform upgrade") < body.index('class="components"')
    assert "Jun 5, 2030 10:00 AM EDT" in body  # the page's timezone
    assert "/apc/maintenance.ics" in body


def test_active_maintenance_shows_with_its_timeline(
    db, client, clock, site, make_maintenance
):
    window = make_maintenance(site.page, starts_in=HOUR, components=[site])
    clock(NOW + HOUR)
    run_due_transitions()
    db.session.commit()
    body = client.get("/apc/").text
    assert "Service Under Maintenance" in body
    assert f'id="maintenance-{window.id}"' in body
    assert "Scheduled maintenance is currently in progress" in body
    assert "Under Maintenance" in body


def test_cancelled_windows_leave_the_page(db, client, clock, site, make_maintenance):
    window = make_maintenance(site.page, "Called off", starts_in=DAY)
    cancel_maintenance(window)
    db.session.commit()  # what visitors see is what was committed
    assert "Called off" not in client.get("/apc/").text


def test_the_uptime_bar_lists_the_days_maintenance(
    db, client, clock, site, make_maintenance
):
    clock(NOW - 2 * DAY)
    window = make_maintenance(
        site.page, "Database upgrade", starts_in=HOUR, components=[site]
    )
    run_window(db, clock, window)
    body = client.get("/apc/").text
    assert "Maintenance: Database upgrade" in body
    assert "day-under_maintenance has-maintenance" in body
    assert "100.00 % uptime" in body  # maintenance is never downtime


def test_history_and_permalink(db, client, clock, site, make_maintenance):
    clock(NOW - 20 * DAY)
    window = make_maintenance(
        site.page, "PHP upgrade", starts_in=HOUR, components=[site]
    )
    run_window(db, clock, window)
    history = client.get("/apc/history").text
    assert "PHP upgrade" in history
    assert f"/apc/maintenance/{window.id}" in history
    permalink = client.get(f"/apc/maintenance/{window.id}")
    assert permalink.status_code == 200
    for text in ("PHP upgrade", "Completed", "In progress", "approcess.com"):
        assert text in permalink.text


def test_unknown_and_foreign_windows_are_404(
    client, clock, make_page, make_maintenance
):
    make_page(slug="apc")
    foreign = make_maintenance(make_page(slug="other"))
    assert client.get("/apc/maintenance/nosuchwindow").status_code == 404
    assert client.get(f"/apc/maintenance/{foreign.id}").status_code == 404


def test_a_hidden_page_shows_no_maintenance(client, clock, make_page, make_maintenance):
    hidden = make_page(slug="secret", is_public=False)
    window = make_maintenance(hidden)
    assert client.get(f"/secret/maintenance/{window.id}").status_code == 404
    assert client.get("/secret/maintenance.ics").status_code == 404


def test_the_calendar_feed(client, clock, site, make_maintenance):
    window = make_maintenance(
        site.page,
        "Hosting platform upgrade",
        description="Moving to new servers.",
        starts_in=DAY,
        components=[site],
    )
    response = client.get("/apc/maintenance.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["x-wr-calname"]) == "APC maintenance"
    event = events(client)[f"{window.id}@status.test"]
    assert event.decoded("dtstart") == NOW + DAY
    assert event.decoded("dtend") == NOW + DAY + 2 * HOUR
    assert str(event["summary"]) == "APC: Hosting platform upgrade"
    assert "Moving to new servers." in str(event["description"])
    assert str(event["url"]) == f"http://status.test/apc/maintenance/{window.id}"
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("sequence") == 0
    assert event.decoded("dtstamp") == NOW


def test_calendar_uids_stay_and_sequence_grows(
    db, client, clock, site, make_maintenance
):
    window = make_maintenance(site.page, starts_in=DAY)
    uid = f"{window.id}@status.test"
    clock(NOW + HOUR)
    edit_maintenance(window, ends_at=NOW + DAY + 5 * HOUR)
    db.session.commit()
    after_edit = events(client)[uid]
    assert after_edit.decoded("sequence") == 1
    assert after_edit.decoded("last-modified") == NOW + HOUR
    cancel_maintenance(window)
    db.session.commit()
    cancelled = events(client)[uid]
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled.decoded("sequence") == 2


def test_calendar_keeps_ninety_days(db, client, clock, site, make_maintenance):
    clock(NOW - 100 * DAY)
    old = make_maintenance(site.page, "Old", starts_in=HOUR)
    run_window(db, clock, old)
    clock(NOW - 80 * DAY)
    recent = make_maintenance(site.page, "Recent", starts_in=HOUR)
    run_window(db, clock, recent)
    uids = set(events(client))
    assert uids == {f"{recent.id}@status.test"}


def test_calendar_answers_conditional_requests(client, clock, site, make_maintenance):
    make_maintenance(site.page)
    first = client.get("/apc/maintenance.ics")
    assert first.headers["ETag"]
    again = client.get(
        "/apc/maintenance.ics", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_demo_adds_maintenance_to_apc_once(db, clock):
    seed_demo()
    seed_demo()
    db.session.commit()
    apc = db.session.scalar(sa.select(Page).where(Page.slug == "apc"))
    windows = db.session.scalars(
        sa.select(Maintenance)
        .where(Maintenance.page_id == apc.id)
        .order_by(Maintenance.scheduled_for)
    ).all()
    assert [w.status for w in windows] == [S.COMPLETED, S.SCHEDULED]
    past, upcoming = windows
    assert NOW - 35 * DAY < past.scheduled_for < NOW - 20 * DAY
    assert len(past.updates) == 4
    assert NOW < upcoming.scheduled_for < NOW + 7 * DAY
    assert upcoming.title == "Hosting platform upgrade"
    assert [c.name for c in upcoming.components] == ["approcess.com"]


def test_the_permalink_shows_an_edited_description(
    client, clock, make_page, make_maintenance
):
    window = make_maintenance(make_page(slug="apc"), description="First plan.")
    edit_maintenance(window, description="A **better** plan.")
    body = client.get(f"/apc/maintenance/{window.id}").text
    assert "<strong>better</strong>" in body
    assert "First plan." in body  # the original announcement stays in the timeline
