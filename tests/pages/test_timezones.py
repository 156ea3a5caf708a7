"""Times on a page show in the page's timezone, named, with exact UTC alongside."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.demo import seed_demo
from app.models import Incident, IncidentStatus, Page
from app.pages.public import render
from app.template_helpers import format_local, relative_tag, time_tag

APC_START = datetime(2024, 3, 11, 5, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "value", "shown"),
    [
        ("America/New_York", APC_START, "Mar 11, 2024 1:12 AM EDT"),
        (
            "America/New_York",
            datetime(2024, 1, 15, 6, 5, tzinfo=UTC),
            "Jan 15, 2024 1:05 AM EST",
        ),
        (
            "America/New_York",
            datetime(2024, 3, 10, 6, 59, tzinfo=UTC),
            "Mar 10, 2024 1:59 AM EST",
        ),
        (
            "America/New_York",
            datetime(2024, 3, 10, 7, 0, tzinfo=UTC),
            "Mar 10, 2024 3:00 AM EDT",
        ),
        (
            "Europe/London",
            datetime(2024, 7, 1, 12, tzinfo=UTC),
            "Jul 1, 2024 1:00 PM BST",
        ),
        (
            "Europe/London",
            datetime(2024, 12, 1, 12, tzinfo=UTC),
            "Dec 1, 2024 12:00 PM GMT",
        ),
        (
            "Asia/Kolkata",
            datetime(2024, 3, 11, 20, 0, tzinfo=UTC),
            "Mar 12, 2024 1:30 AM IST",
        ),
        ("UTC", APC_START, "Mar 11, 2024 5:12 AM UTC"),
    ],
)
def test_format_local_names_the_zone(zone, value, shown):
    assert format_local(value, zone) == shown


def test_time_tag_has_utc_datetime_and_tooltip():
    tag = str(time_tag(APC_START, "America/New_York"))
    assert tag == (
        '<time datetime="2024-03-11T05:12:00Z" title="2024-03-11 05:12 UTC">'
        "Mar 11, 2024 1:12 AM EDT</time>"
    )


def test_time_tag_accepts_any_aware_datetime_and_a_format():
    local = APC_START.astimezone(datetime.now().astimezone().tzinfo)
    tag = str(time_tag(local, "America/New_York", "%-I:%M %p %Z"))
    assert 'datetime="2024-03-11T05:12:00Z"' in tag
    assert ">1:12 AM EDT</time>" in tag
    assert str(time_tag(None, "UTC")) == ""


def test_relative_times_are_left_to_the_browser():
    # Pages are cached and published: words like "10 minutes ago" would go stale.
    tag = str(relative_tag(datetime(2024, 3, 11, 14, tzinfo=UTC)))
    assert tag == (
        '<span class="relative-time" data-relative-to="2024-03-11T14:00:00Z"'
        " hidden></span>"
    )
    assert str(relative_tag(None)) == ""


@pytest.fixture
def demo(db):
    seed_demo(now=datetime(2024, 3, 20, 12, tzinfo=UTC))
    db.session.commit()
    return db


def _apc_incident(db) -> tuple[Page, Incident]:
    page = db.session.scalar(sa.select(Page).where(Page.slug == "apc"))
    incident = db.session.scalar(
        sa.select(Incident).where(
            Incident.page_id == page.id, Incident.title == "approcess.com is down"
        )
    )
    return page, incident


def test_apc_incident_shows_new_york_time(demo, client):
    page, incident = _apc_incident(demo)
    body = client.get(f"/apc/incidents/{incident.id}").get_data(as_text=True)
    assert (
        '<time datetime="2024-03-11T05:12:00Z" title="2024-03-11 05:12 UTC">'
        "Mar 11, 2024 1:12 AM EDT</time>"
    ) in body
    assert ">Mar 11, 2024 9:30 AM EDT</time>" in body  # resolved
    assert 'datetime="2024-03-11T13:30:00Z"' in body
    assert "Times shown in America/New_York" in body


def test_apc_incident_in_history_and_past_days(demo, app):
    page, incident = _apc_incident(demo)
    now = datetime(2024, 3, 20, 12, tzinfo=UTC)
    with app.test_request_context():
        history = render.render_history(page, 1, now=now)
        status = render.render_status_page(page, now=now)
    assert "March 2024" in history
    assert "Mar 11, 2024 1:12 AM EDT" in history
    assert "9:30 AM EDT</time>" in history
    # On the status page the incident sits under its New York day.
    day_block = status.split(">Mar 11, 2024</h3>")[1].split("</div>")[0]
    assert incident.title in day_block


def test_incident_late_evening_counts_for_the_local_day(
    db, app, make_page, make_incident
):
    # 03:30 UTC on 11 March is still 10 March in New York (11:30 PM EDT).
    page = make_page(time_zone="America/New_York")
    at = datetime(2024, 3, 11, 3, 30, tzinfo=UTC)
    make_incident(page, title="Late night", at=at, status=IncidentStatus.RESOLVED)
    with app.test_request_context():
        body = render.render_status_page(page, now=datetime(2024, 3, 12, tzinfo=UTC))
    days = re.findall(r'<h3 class="day-heading">([^<]+)</h3>', body)
    assert days[:3] == ["Mar 11, 2024", "Mar 10, 2024", "Mar 9, 2024"]
    by_day = body.split('<h3 class="day-heading">')
    assert "Late night" in by_day[2]
    assert "Late night" not in by_day[1]
    assert "11:30 PM EDT" in by_day[2]


def test_live_timeline_shows_local_time_and_a_slot_for_the_relative_one(
    db, app, make_page, make_incident
):
    page = make_page(time_zone="Europe/London")
    at = datetime(2024, 7, 1, 12, tzinfo=UTC)
    make_incident(page, title="Checkout down", at=at)
    with app.test_request_context():
        body = render.render_status_page(page, now=at + timedelta(minutes=25))
    live = body.split('class="incident-live')[1].split("</section>")[0]
    assert 'datetime="2024-07-01T12:00:00Z"' in live
    assert "Jul 1, 2024 1:00 PM BST" in live
    assert 'data-relative-to="2024-07-01T12:00:00Z"' in live
    assert "minutes ago" not in body
    assert "js/relative-time.js" in body
    assert "Times shown in Europe/London" in body


def test_uptime_days_follow_the_page_zone(db, app, make_page, make_component):
    # Just after midnight in Tokyo the newest bar is already the next day.
    page = make_page(time_zone="Asia/Tokyo")
    make_component(page)
    with app.test_request_context():
        body = render.render_status_page(
            page, now=datetime(2024, 3, 10, 15, 30, tzinfo=UTC)
        )
    tips = re.findall(r"<strong>([A-Z][a-z]{2} \d+, \d{4})</strong>", body)
    assert tips[-1] == "Mar 11, 2024"
    assert len(tips) == 90


def test_summary_repeats_the_date_when_resolved_on_another_local_day(
    db, app, make_page, make_incident
):
    page = make_page(time_zone="America/New_York")
    start = datetime(2024, 6, 11, 3, 0, tzinfo=UTC)  # 11:00 PM EDT on 10 June
    short = make_incident(page, title="Short", at=start - timedelta(hours=2))
    short.post_update(IncidentStatus.RESOLVED, "Fixed.", at=start - timedelta(hours=1))
    long = make_incident(page, title="Overnight", at=start)
    long.post_update(IncidentStatus.RESOLVED, "Fixed.", at=start + timedelta(hours=3))
    db.session.commit()
    with app.test_request_context():
        body = render.render_history(page, 1, now=datetime(2024, 6, 20, tzinfo=UTC))
    assert "Jun 10, 2024 9:00 PM EDT</time> – <time" in body
    assert ">10:00 PM EDT</time>" in body  # same day: the time alone
    assert ">Jun 11, 2024 2:00 AM EDT</time>" in body  # next day: dated


def test_a_page_reads_the_same_all_day_so_caches_and_files_stay_true(
    db, app, make_page, make_component, make_incident
):
    page = make_page(time_zone="Europe/London")
    make_component(page)
    at = datetime(2024, 7, 1, 8, tzinfo=UTC)
    make_incident(page, title="Checkout down", at=at)
    with app.test_request_context():
        morning = render.render_status_page(page, now=at + timedelta(minutes=5))
        evening = render.render_status_page(page, now=at + timedelta(hours=14))
        tomorrow = render.render_status_page(page, now=at + timedelta(hours=16))
    assert morning == evening  # 09:05 and 23:00 in London: nothing to re-render
    assert tomorrow != evening  # 01:00 the next day: the day bars moved on
