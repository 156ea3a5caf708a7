"""Report phrasing: durations, articles, scope, hours, file names (no database)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.incidents.alerts import AlertRound
from app.models import AlertChannel, ComponentStatus, DetectionSource
from app.reports import text as say

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0.2, "less than a minute"),
        (1, "1 minute"),
        (5, "5 minutes"),
        (60, "1 hour"),
        (80, "1 hour 20 minutes"),
        (24 * 60 + 185, "1 day 3 hours"),
        (2 * 24 * 60, "2 days"),
    ],
)
def test_duration_text(minutes, expected):
    assert say.duration_text(timedelta(minutes=minutes)) == expected


@pytest.mark.parametrize(
    ("minutes", "noun", "expected"),
    [
        (5, "downtime", "a 5-minute downtime"),
        (8, "downtime", "an 8-minute downtime"),
        (11, "slowdown", "an 11-minute slowdown"),
        (120, "partial outage", "a 2-hour partial outage"),
        (80, "downtime", "a downtime of 1 hour 20 minutes"),
        (80, "incident", "an incident of 1 hour 20 minutes"),
    ],
)
def test_sized(minutes, noun, expected):
    assert say.sized(noun, timedelta(minutes=minutes)) == expected


def test_times_name_the_zone_and_know_about_dst():
    # DST began on 10 March 2024: the APC downtime was in EDT, not EST.
    assert say.clock(datetime(2024, 3, 11, 5, 12, tzinfo=UTC), NEW_YORK) == (
        "1:12 AM EDT"
    )
    assert say.clock(datetime(2024, 3, 9, 6, 12, tzinfo=UTC), NEW_YORK) == (
        "1:12 AM EST"
    )
    day = date(2024, 3, 11)
    assert say.moment(datetime(2024, 3, 12, 13, 0, tzinfo=UTC), NEW_YORK, day) == (
        "9:00 AM EDT on 12 March 2024"
    )


def test_scope_sentence():
    assert say.scope_sentence(["a.com"], ["b.com"], ongoing=False) == (
        "This only impacted a.com; b.com was unimpacted."
    )
    assert say.scope_sentence(["a.com"], ["b.com", "c.com"], ongoing=False) == (
        "This only impacted a.com; b.com and c.com were unimpacted."
    )
    assert say.scope_sentence(["a.com", "b.com"], [], ongoing=False) == (
        "This impacted a.com and b.com."
    )
    assert say.scope_sentence(["a.com"], ["b.com"], ongoing=True) == (
        "This only affects a.com; b.com is unaffected."
    )
    assert say.scope_sentence([], ["b.com"], ongoing=False) == ""


def _round(by: str, *people: str) -> AlertRound:
    return AlertRound(
        alerted_by=by,
        alerted_at=datetime(2024, 3, 11, 5, 12, tzinfo=UTC),
        people=people,
        channels=(AlertChannel.EMAIL, AlertChannel.SLACK),
        answered_by=(),
    )


def test_detection_sentences():
    monitor = _round("StatusCake", "Benny", "Ryan")
    assert say.detection_sentence(
        "downtime", DetectionSource.MONITORING, "APC", monitor, None
    ) == (
        "This downtime was detected by StatusCake and reported to Benny and Ryan "
        "by email and through Slack."
    )
    assert say.detection_sentence(
        "slowdown", DetectionSource.CLIENT_REPORTED, "APC", _round("", "Benny"), "9 AM"
    ) == (
        "APC reported this slowdown to us at 9 AM; Benny was alerted by email "
        "and through Slack."
    )
    assert say.detection_sentence(
        "incident", DetectionSource.STAFF_IDENTIFIED, "APC", None, None
    ) == ("Our team spotted this incident.")


@pytest.mark.parametrize(
    ("logged_as", "expected"),
    [
        (
            "Emergency Response under Core Coverage",
            "We spent 1.5 hours on this issue in total. As this falls under the Core "
            "Coverage agreement, we have logged this time as Emergency Response.",
        ),
        (
            "Fix under the maintenance agreement.",
            "We spent 1.5 hours on this issue in total. As this falls under the "
            "maintenance agreement, we have logged this time as Fix.",
        ),
        (
            "Billable support",
            "We spent 1.5 hours on this issue in total. We have logged this time as "
            "Billable support.",
        ),
        ("", "We spent 1.5 hours on this issue in total."),
    ],
)
def test_hours_sentences(logged_as, expected):
    assert say.hours_sentences("1.5 hours", logged_as) == expected


def test_hours_split_into_categories_are_not_called_by_one():
    assert say.hours_sentences("1.5 hours", "Emergency Response under Core", 3) == (
        "We spent 1.5 hours on this issue in total, under the Core agreement, "
        "logged as follows:"
    )
    assert say.hours_sentences("1.5 hours", "", 2) == (
        "We spent 1.5 hours on this issue in total, logged as follows:"
    )


def test_file_names():
    day = date(2024, 3, 11)
    assert say.file_stem("apc", day, "downtime", False) == "apc-2024-03-11-downtime"
    assert say.file_stem("apc", day, "partial outage", True) == (
        "apc-2024-03-11-partial-outage-internal"
    )
    assert say.slugify("Ça ne marche pas: 500 errors!") == "ca-ne-marche-pas-500-errors"
    assert say.slugify("???") == "incident"
    assert len(say.slugify("x" * 100)) == 40


def test_kind_noun():
    assert say.kind_noun(ComponentStatus.MAJOR_OUTAGE) == "downtime"
    assert say.kind_noun(ComponentStatus.DEGRADED_PERFORMANCE) == "slowdown"
    assert say.kind_noun(None) == "incident"
