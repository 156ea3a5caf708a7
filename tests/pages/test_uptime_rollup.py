"""The daily uptime roll-up shows exactly what replaying the history shows, in
every time zone, however far it has got and after history is rewritten."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db as _db
from app.models import Component, ComponentStatus, ComponentUptimeDay
from app.pages.status_page import component_groups
from app.pages.uptime_rollup import roll_up_due

NOW = datetime(2026, 3, 29, 13, 7, tzinfo=UTC)  # Europe's clocks went forward today
ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Kathmandu",
    "Pacific/Chatham",
]
MINUTES = 14 * 24 * 60

statuses = st.sampled_from(list(ComponentStatus))
histories = st.lists(st.tuples(st.integers(1, MINUTES), statuses), max_size=10)


def _bars(page) -> list[tuple]:
    _db.session.expire_all()
    return [
        (row.component.name, day.day, day.observed_seconds, day.downtime_seconds,
         frozenset(day.statuses), row.percent)
        for _, rows in component_groups(page, NOW) for row in rows for day in row.days
    ]  # fmt: skip


def _replayed(page) -> list[tuple]:
    """The bars with the roll-up ignored: every day from the status history."""
    marks = [c.uptime_rolled_through for c in page.components]
    ids = [c.id for c in page.components]
    _db.session.execute(
        sa.update(Component)
        .where(Component.id.in_(ids))
        .values(uptime_rolled_through=None)
    )
    bars = _bars(page)
    for component, mark in zip(page.components, marks, strict=True):
        _db.session.execute(
            sa.update(Component).where(Component.id == component.id)
            .values(uptime_rolled_through=mark)
        )  # fmt: skip
    return bars


def _apply(component: Component, history: list[tuple[int, ComponentStatus]]) -> None:
    for minutes_ago, status in sorted(history, reverse=True):
        component.set_status(status, at=NOW - timedelta(minutes=minutes_ago))
    _db.session.commit()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(zone=st.sampled_from(ZONES), age=st.integers(0, 20), before=histories,
       rewritten=histories)  # fmt: skip
def test_rolled_up_days_read_like_the_replayed_history(
    db, make_page, zone, age, before, rewritten
):
    page = make_page(time_zone=zone)
    component = Component(page=page, name="web", created_at=NOW - timedelta(days=age))
    _db.session.add(component)
    _apply(component, before)
    roll_up_due(NOW)
    _db.session.commit()
    assert _bars(page) == _replayed(page)
    # History rewritten behind the roll-up (a backdated incident): still exact,
    # before the next sweep and after it.
    _apply(
        component,
        [(m, s) for m, s in rewritten if m < min(before, default=(MINUTES,))[0]],
    )
    assert _bars(page) == _replayed(page)
    roll_up_due(NOW)
    _db.session.commit()
    assert _bars(page) == _replayed(page)


def test_operational_days_cost_no_row(db, make_page):
    page = make_page(time_zone="Europe/London")
    component = Component(page=page, name="web", created_at=NOW - timedelta(days=30))
    _db.session.add(component)
    _apply(component, [(3 * 24 * 60, ComponentStatus.MAJOR_OUTAGE),
                       (3 * 24 * 60 - 90, ComponentStatus.OPERATIONAL)])  # fmt: skip
    assert roll_up_due(NOW) == 2  # the day it was created and the outage's day
    _db.session.commit()
    days = _db.session.scalars(sa.select(ComponentUptimeDay.day)).all()
    assert len(days) == 2
    assert component.uptime_rolled_through == NOW.date() - timedelta(days=1)
    assert roll_up_due(NOW) == 0  # nothing new until tomorrow


def test_a_new_time_zone_sums_every_day_again(db, make_page):
    page = make_page(time_zone="Europe/London")
    component = Component(page=page, name="web", created_at=NOW - timedelta(days=5))
    _db.session.add(component)
    _apply(component, [(2 * 24 * 60, ComponentStatus.PARTIAL_OUTAGE)])
    roll_up_due(NOW)
    _db.session.commit()
    page.time_zone = "Asia/Tokyo"
    _db.session.commit()
    assert component.uptime_rolled_through is None
    assert (
        _db.session.scalar(sa.select(sa.func.count()).select_from(ComponentUptimeDay))
        == 0
    )
    roll_up_due(NOW)
    _db.session.commit()
    assert _bars(page) == _replayed(page)
