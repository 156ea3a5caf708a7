"""Uptime numbers, checked by hand against the Statuspage rules."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.models import ComponentStatus
from app.pages.status_page import component_groups
from app.pages.uptime import (
    DayUptime,
    Interval,
    daily_uptime,
    day_bounds,
    last_days,
    status_intervals,
    uptime_percent,
)

OP = ComponentStatus.OPERATIONAL
DEGRADED = ComponentStatus.DEGRADED_PERFORMANCE
PARTIAL = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE
MAINT = ComponentStatus.UNDER_MAINTENANCE
NY = ZoneInfo("America/New_York")
DAY = 86400


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _uptime(changes, since, until, days, tz=UTC, initial=OP):
    intervals = status_intervals(initial, changes, since, until)
    return daily_uptime(intervals, days, tz)


# status_intervals


def test_no_changes_is_one_interval():
    assert status_intervals(OP, [], utc(2024, 1, 1), utc(2024, 1, 2)) == [
        Interval(utc(2024, 1, 1), utc(2024, 1, 2), OP)
    ]


def test_changes_cut_the_window():
    changes = [(utc(2024, 1, 1, 6), MAJOR), (utc(2024, 1, 1, 7), OP)]
    assert status_intervals(OP, changes, utc(2024, 1, 1), utc(2024, 1, 2)) == [
        Interval(utc(2024, 1, 1), utc(2024, 1, 1, 6), OP),
        Interval(utc(2024, 1, 1, 6), utc(2024, 1, 1, 7), MAJOR),
        Interval(utc(2024, 1, 1, 7), utc(2024, 1, 2), OP),
    ]


def test_changes_before_the_window_set_the_starting_status():
    changes = [(utc(2023, 12, 1), DEGRADED), (utc(2023, 12, 31), MAJOR)]
    assert status_intervals(OP, changes, utc(2024, 1, 1), utc(2024, 1, 2)) == [
        Interval(utc(2024, 1, 1), utc(2024, 1, 2), MAJOR)
    ]


def test_change_exactly_at_the_start_sets_the_starting_status():
    changes = [(utc(2024, 1, 1), PARTIAL)]
    assert status_intervals(OP, changes, utc(2024, 1, 1), utc(2024, 1, 2)) == [
        Interval(utc(2024, 1, 1), utc(2024, 1, 2), PARTIAL)
    ]


def test_changes_at_or_after_the_end_are_ignored():
    changes = [(utc(2024, 1, 2), MAJOR), (utc(2024, 1, 3), PARTIAL)]
    assert status_intervals(OP, changes, utc(2024, 1, 1), utc(2024, 1, 2)) == [
        Interval(utc(2024, 1, 1), utc(2024, 1, 2), OP)
    ]


def test_two_changes_at_one_instant_keep_the_last():
    at = utc(2024, 1, 1, 12)
    changes = [(at, MAJOR), (at, DEGRADED)]
    assert status_intervals(OP, changes, utc(2024, 1, 1), utc(2024, 1, 2)) == [
        Interval(utc(2024, 1, 1), at, OP),
        Interval(at, utc(2024, 1, 2), DEGRADED),
    ]


def test_empty_or_inverted_window_has_no_intervals():
    assert status_intervals(OP, [], utc(2024, 1, 1), utc(2024, 1, 1)) == []
    assert status_intervals(OP, [], utc(2024, 1, 2), utc(2024, 1, 1)) == []


# Hand-checked percentages


def test_five_minute_major_outage_over_90_days_is_99_99():
    days = last_days(date(2024, 3, 31), 90)
    since = day_bounds(days[0], UTC)[0]
    start = utc(2024, 3, 11, 5, 12)
    changes = [(start, MAJOR), (start + timedelta(minutes=5), OP)]
    result = _uptime(changes, since, utc(2024, 4, 1), days)
    assert sum(d.observed_seconds for d in result) == 90 * DAY
    assert sum(d.downtime_seconds for d in result) == 300
    # 1 - 300 / 7,776,000 = 99.99614 %, floored to 99.99
    assert uptime_percent(result) == 99.99
    outage_day = next(d for d in result if d.day == date(2024, 3, 11))
    assert outage_day.worst is MAJOR
    assert outage_day.percent == 99.65  # 1 - 300 / 86,400 = 99.653 %


def test_two_hour_partial_outage_counts_at_30_percent():
    days = [date(2024, 1, 1)]
    changes = [(utc(2024, 1, 1, 10), PARTIAL), (utc(2024, 1, 1, 12), OP)]
    (day,) = _uptime(changes, utc(2024, 1, 1), utc(2024, 1, 2), days)
    assert day.downtime_seconds == pytest.approx(2160)  # 7,200 s x 0.3
    assert day.percent == 97.5  # 1 - 2,160 / 86,400
    over_90 = [day] + [DayUptime(date(2024, 1, 2), DAY)] * 89
    assert uptime_percent(over_90) == 99.97  # 1 - 2,160 / 7,776,000 = 99.9722


def test_one_hour_major_outage_in_a_day():
    changes = [(utc(2024, 1, 1, 10), MAJOR), (utc(2024, 1, 1, 11), OP)]
    (day,) = _uptime(changes, utc(2024, 1, 1), utc(2024, 1, 2), [date(2024, 1, 1)])
    assert day.percent == 95.83  # 1 - 3,600 / 86,400 = 95.8333


@pytest.mark.parametrize("status", [DEGRADED, MAINT, OP])
def test_degraded_and_maintenance_are_not_downtime(status):
    changes = [(utc(2024, 1, 1, 2), status), (utc(2024, 1, 1, 8), OP)]
    (day,) = _uptime(changes, utc(2024, 1, 1), utc(2024, 1, 2), [date(2024, 1, 1)])
    assert day.downtime_seconds == 0
    assert day.percent == 100.0
    assert day.worst is status


def test_a_whole_day_down_is_zero():
    (day,) = _uptime(
        [], utc(2024, 1, 1), utc(2024, 1, 2), [date(2024, 1, 1)], initial=MAJOR
    )
    assert day.percent == 0.0


def test_percent_is_floored_never_rounded_up():
    one_second = [DayUptime(date(2024, 1, 1), 90 * DAY, 1)]
    assert uptime_percent(one_second) == 99.99


def test_float_noise_does_not_floor_a_round_value_down():
    # 888 minutes at 30 % = 15,984 s: exactly 81.5 % of a day.
    assert uptime_percent([DayUptime(date(2024, 1, 1), DAY, 888 * 60 * 0.3)]) == 81.5


def test_days_before_the_component_existed_have_no_data():
    days = [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]
    created = utc(2024, 1, 2, 12)  # noon on the second day
    result = _uptime([], created, utc(2024, 1, 4), days)
    assert [d.has_data for d in result] == [False, True, True]
    assert result[0].percent is None
    assert result[0].observed_seconds == 0
    assert result[1].observed_seconds == DAY / 2
    assert uptime_percent(result) == 100.0
    assert uptime_percent(result[:1]) is None
    assert uptime_percent([]) is None


def test_today_counts_only_up_to_now():
    now = utc(2024, 1, 1, 6)
    changes = [(utc(2024, 1, 1, 5), MAJOR)]
    (day,) = _uptime(changes, utc(2024, 1, 1), now, [date(2024, 1, 1)])
    assert day.observed_seconds == 6 * 3600
    assert day.percent == 83.33  # 1 hour down out of 6


# Day boundaries in the page's timezone


def test_day_bounds_in_new_york_across_dst():
    start, end = day_bounds(date(2024, 3, 10), NY)
    assert start == utc(2024, 3, 10, 5)  # midnight EST
    assert end == utc(2024, 3, 11, 4)  # midnight EDT
    assert (end - start) == timedelta(hours=23)
    start, end = day_bounds(date(2024, 11, 3), NY)
    assert (end - start) == timedelta(hours=25)


def test_dst_day_has_23_observed_hours():
    days = [date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11)]
    since = day_bounds(days[0], NY)[0]
    until = day_bounds(days[-1], NY)[1]
    result = _uptime([], since, until, days, tz=NY, initial=MAJOR)
    assert [d.observed_seconds / 3600 for d in result] == [24, 23, 24]
    assert [d.percent for d in result] == [0.0, 0.0, 0.0]


def test_outage_falls_on_the_local_day():
    # 03:30 UTC on 11 March is 11:30 PM EDT on 10 March in New York.
    days = [date(2024, 3, 10), date(2024, 3, 11)]
    since = day_bounds(days[0], NY)[0]
    until = day_bounds(days[-1], NY)[1]
    changes = [(utc(2024, 3, 11, 3, 30), MAJOR), (utc(2024, 3, 11, 3, 53), OP)]
    local = _uptime(changes, since, until, days, tz=NY)
    assert [d.downtime_seconds for d in local] == [23 * 60, 0]
    assert local[0].percent == 98.33  # 1 - 1,380 / 82,800 (a 23-hour day)
    in_utc = _uptime(changes, utc(2024, 3, 10), utc(2024, 3, 12), days)
    assert [d.downtime_seconds for d in in_utc] == [0, 23 * 60]


def test_outage_across_midnight_is_split_between_days():
    days = [date(2024, 1, 1), date(2024, 1, 2)]
    changes = [(utc(2024, 1, 1, 23, 50), MAJOR), (utc(2024, 1, 2, 0, 20), OP)]
    result = _uptime(changes, utc(2024, 1, 1), utc(2024, 1, 3), days)
    assert [d.downtime_seconds for d in result] == [600, 1200]
    assert all(d.worst is MAJOR for d in result)


def test_intervals_given_in_local_time_measure_real_seconds():
    # 1 AM to 4 AM EST/EDT on the spring-forward day is two real hours.
    interval = Interval(
        datetime(2024, 3, 10, 1, tzinfo=NY), datetime(2024, 3, 10, 4, tzinfo=NY), MAJOR
    )
    (day,) = daily_uptime([interval], [date(2024, 3, 10)], NY)
    assert day.downtime_seconds == 2 * 3600


def test_last_days_oldest_first():
    assert last_days(date(2024, 3, 2), 3) == [
        date(2024, 2, 29),
        date(2024, 3, 1),
        date(2024, 3, 2),
    ]


# Through the status page view model


def test_status_view_uptime_from_component_history(db, make_page, make_component):
    page = make_page(time_zone="America/New_York")
    now = utc(2024, 4, 1, 3, 59)  # 11:59 PM EDT: the 90 days end with 31 March
    site = make_component(page, created_at=utc(2023, 1, 1))
    site.set_status(MAJOR, at=utc(2024, 3, 11, 5, 12))
    site.set_status(OP, at=utc(2024, 3, 11, 5, 17))
    late = make_component(page, created_at=utc(2024, 3, 30, 4))  # 30 March local
    db.session.commit()
    rows = {r.component.id: r for _, rows in component_groups(page, now) for r in rows}
    row = rows[site.id]
    assert len(row.days) == 90
    assert row.days[-1].day == date(2024, 3, 31)
    assert row.percent == 99.99
    assert {d.day for d in row.days if d.worst is MAJOR} == {date(2024, 3, 11)}
    late_row = rows[late.id]
    assert [d.has_data for d in late_row.days[-3:]] == [False, True, True]
    assert late_row.percent == 100.0
    assert sum(d.has_data for d in late_row.days) == 2


def test_a_new_component_shows_no_data_until_a_days_worth(
    db, make_page, make_component, client, time_machine
):
    """A one-minute outage ten minutes in would read 90.00 %: "No data" instead."""
    start = utc(2024, 5, 1, 12, 0)
    time_machine.move_to(start, tick=False)
    page = make_page(slug="fresh")
    site = make_component(page, name="New site", created_at=start)
    site.set_status(MAJOR, at=start + timedelta(minutes=5))
    site.set_status(OP, at=start + timedelta(minutes=6))
    db.session.commit()
    time_machine.move_to(start + timedelta(minutes=10), tick=False)
    [row] = [r for _, rows in component_groups(page) for r in rows]
    assert row.percent is None
    time_machine.move_to(start + timedelta(days=2), tick=False)
    [row] = [r for _, rows in component_groups(page) for r in rows]
    assert row.percent == 99.96  # 1 minute of 2 days, floored
