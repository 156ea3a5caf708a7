"""Times entered in a page's timezone, and the checks every console service applies."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.core.errors import ValidationError
from app.core.localtime import is_ambiguous, local_to_utc, local_today, zone
from app.core.validation import (
    date_not_in_future,
    not_before,
    not_in_future,
    positive_minutes,
    require_aware,
    required_text,
)

NY = "America/New_York"


def test_an_ordinary_local_time():
    # 11 March 2024 is after the spring change (10 March): EDT, UTC-4
    assert local_to_utc(datetime(2024, 3, 11, 1, 12), NY) == datetime(
        2024, 3, 11, 5, 12, tzinfo=UTC
    )
    assert local_to_utc(datetime(2024, 1, 15, 9, 0), NY) == datetime(
        2024, 1, 15, 14, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("naive", "time_zone"),
    [
        (datetime(2024, 3, 10, 2, 30), NY),
        (datetime(2024, 3, 10, 2, 0), NY),
        (datetime(2024, 3, 31, 1, 30), "Europe/London"),
    ],
)
def test_a_time_skipped_by_the_spring_change_is_refused(naive, time_zone):
    with pytest.raises(ValidationError, match="does not exist") as caught:
        local_to_utc(naive, time_zone, field="started_at")
    assert caught.value.field == "started_at"


def test_the_minutes_around_the_gap_are_fine():
    assert local_to_utc(datetime(2024, 3, 10, 1, 59), NY) == datetime(
        2024, 3, 10, 6, 59, tzinfo=UTC
    )
    assert local_to_utc(datetime(2024, 3, 10, 3, 0), NY) == datetime(
        2024, 3, 10, 7, 0, tzinfo=UTC
    )


def test_a_repeated_autumn_time_means_the_first_unless_asked():
    naive = datetime(2024, 11, 3, 1, 30)
    assert is_ambiguous(naive, NY)
    assert local_to_utc(naive, NY) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)
    assert local_to_utc(naive, NY, later=True) == datetime(
        2024, 11, 3, 6, 30, tzinfo=UTC
    )


def test_ordinary_times_are_not_ambiguous():
    assert not is_ambiguous(datetime(2024, 11, 3, 2, 30), NY)
    assert not is_ambiguous(datetime(2024, 3, 10, 2, 30), NY)  # a gap, not a fold
    assert not is_ambiguous(datetime(2024, 7, 1, 1, 30), "UTC")


def test_an_aware_time_is_just_converted():
    aware = datetime(2024, 3, 11, 1, 12, tzinfo=timezone(timedelta(hours=-4)))
    assert local_to_utc(aware, "Europe/London") == datetime(
        2024, 3, 11, 5, 12, tzinfo=UTC
    )


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../../etc/passwd", "EST5EDT "])
def test_unknown_zones_are_a_validation_error(name):
    with pytest.raises(ValidationError, match="Unknown time zone"):
        zone(name)


def test_local_today_uses_the_zone():
    instant = datetime(2024, 3, 11, 2, 0, tzinfo=UTC)
    assert local_today(instant, NY) == date(2024, 3, 10)
    assert local_today(instant, "Europe/London") == date(2024, 3, 11)


NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


def test_future_times_are_refused_with_a_message():
    assert not_in_future(NOW, NOW, "alert time") == NOW
    with pytest.raises(ValidationError) as caught:
        not_in_future(NOW + timedelta(seconds=1), NOW, "alert time", "alerted_at")
    assert str(caught.value) == "The alert time cannot be in the future."
    assert caught.value.field == "alerted_at"
    assert isinstance(caught.value, ValueError)


def test_naive_times_are_refused():
    with pytest.raises(ValidationError, match="no time zone"):
        require_aware(datetime(2024, 5, 6, 12), "start time")
    with pytest.raises(ValidationError, match="no time zone"):
        not_in_future(datetime(2024, 5, 6, 12), NOW, "start time")


def test_an_end_before_its_start_is_refused():
    start = NOW - timedelta(hours=1)
    assert not_before(NOW, start, "end", "the start") == NOW
    assert not_before(NOW, None, "end", "the start") == NOW
    with pytest.raises(ValidationError, match="The end cannot be before the start."):
        not_before(start, NOW, "end", "the start")


def test_dates_minutes_and_text():
    today = date(2024, 5, 6)
    assert date_not_in_future(today, today, "work date") == today
    with pytest.raises(ValidationError, match="future"):
        date_not_in_future(date(2024, 5, 7), today, "work date")
    assert positive_minutes(1, "duration") == 1
    for bad in (0, -5, True, 1.5, "30"):
        with pytest.raises(ValidationError, match="at least one minute"):
            positive_minutes(bad, "duration")  # type: ignore[arg-type]
    assert required_text("  hi ", "note") == "hi"
    for blank in ("", "   ", None):
        with pytest.raises(ValidationError, match="The note is required."):
            required_text(blank, "note")
