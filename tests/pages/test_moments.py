"""The next moment a page would read differently without any write."""

from datetime import UTC, datetime, timedelta

from app.pages.moments import next_change_at

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_midnight_in_the_page_s_zone_comes_first_on_a_quiet_page(db, clock, make_page):
    tokyo = make_page(time_zone="Asia/Tokyo")  # 21:00 there
    assert next_change_at(tokyo, NOW) == datetime(2026, 3, 10, 15, tzinfo=UTC)
    new_york = make_page(slug="ny", time_zone="America/New_York")  # 08:00 there
    assert next_change_at(new_york, NOW) == datetime(2026, 3, 11, 4, tzinfo=UTC)


def test_a_window_starting_before_midnight_comes_first(
    db, clock, page, make_maintenance
):
    window = make_maintenance(page, starts_in=timedelta(hours=2))
    assert next_change_at(page, NOW) == window.scheduled_for


def test_a_window_coming_into_the_week_ahead_is_a_moment(
    db, clock, page, make_maintenance
):
    make_maintenance(page, starts_in=timedelta(days=7, hours=1))
    assert next_change_at(page, NOW) == NOW + timedelta(hours=1)  # listed from then on
