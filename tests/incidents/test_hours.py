"""Hours spent: exact totals per incident, category and person; bad entries refused."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.core.errors import ValidationError
from app.incidents.hours import (
    hours_by_category,
    incident_hours,
    log_time,
)
from app.incidents.hours_rules import (
    format_hours,
    hours_phrase,
    minutes_to_hours,
    total_by,
)
from app.incidents.service import declare_incident
from app.models import TimeCategory, TimeEntry

# 14:00 UTC is 10:00 in New York (EDT) on 6 May 2024.
NOW = datetime(2024, 5, 6, 14, 0, tzinfo=UTC)
TODAY = date(2024, 5, 6)


@pytest.mark.parametrize(
    ("minutes", "hours", "text"),
    [
        (90, Decimal("1.50"), "1.5 hours"),
        (60, Decimal("1.00"), "1 hour"),
        (20, Decimal("0.33"), "0.33 hours"),
        (40, Decimal("0.67"), "0.67 hours"),
        (15, Decimal("0.25"), "0.25 hours"),
        (1, Decimal("0.02"), "0.02 hours"),  # 0.01666… rounds half-up
        (600, Decimal("10.00"), "10 hours"),
        (0, Decimal("0.00"), "0 hours"),
    ],
)
def test_minutes_become_hours_exactly(minutes, hours, text):
    assert minutes_to_hours(minutes) == hours
    assert hours_phrase(minutes) == text


def test_format_hours():
    assert format_hours(Decimal("1.50")) == "1.5"
    assert format_hours(Decimal("100")) == "100"
    assert format_hours(Decimal("0.05")) == "0.05"


def test_totals_are_summed_in_minutes_before_rounding():
    # three 20-minute entries are exactly 1 hour, not 0.33 + 0.33 + 0.33 = 0.99
    totals = total_by([("fix", 20), ("fix", 20), ("review", 20)])
    assert totals.total_minutes == 60
    assert totals.total_hours == Decimal("1.00")
    assert totals.hours("fix") == Decimal("0.67")
    assert totals.hours("missing") == Decimal("0.00")
    assert list(totals.by_key) == ["fix", "review"]


@pytest.fixture
def incident(db, make_page):
    page = make_page(time_zone="America/New_York")
    incident = declare_incident(
        page, "Down", "Looking.", started_at=NOW - timedelta(days=1), at=NOW
    )
    db.session.commit()
    return incident


def _log(incident, minutes, category, **extra):
    fields = {"work_date": TODAY, "person_name": "Benny", "now": NOW} | extra
    return log_time(incident, minutes=minutes, category=category, **fields)


def test_totals_per_incident_category_and_person(db, incident, make_user):
    ryan = make_user(name="Ryan Gibbons")
    _log(incident, 30, TimeCategory.EMERGENCY_RESPONSE)
    _log(incident, 45, TimeCategory.INVESTIGATION, user=ryan, person_name="")
    _log(incident, 15, TimeCategory.FIX, user=ryan)
    _log(incident, 20, TimeCategory.INVESTIGATION, work_date=TODAY - timedelta(days=1))
    db.session.commit()
    hours = incident_hours(incident)
    assert hours.total_minutes == 110
    assert hours.total_hours == Decimal("1.83")
    assert hours.phrase == "1.83 hours"
    assert [(c.label, c.minutes, c.hours) for c in hours.categories] == [
        ("Emergency Response", 30, Decimal("0.50")),
        ("Investigation", 65, Decimal("1.08")),
        ("Fix", 15, Decimal("0.25")),
    ]
    by_category = hours_by_category(incident)
    assert by_category.by_key[TimeCategory.INVESTIGATION] == 65
    assert incident.time_entries[0].person_label == "Benny"


def test_totals_are_per_incident(db, incident, make_page):
    other = declare_incident(make_page(), "Other", "x", at=NOW)
    _log(incident, 30, TimeCategory.FIX)
    _log(other, 90, TimeCategory.FIX)
    db.session.commit()
    assert incident_hours(incident).total_minutes == 30
    assert incident_hours(other).total_minutes == 90


def test_an_incident_without_hours(db, incident):
    hours = incident_hours(incident)
    assert (hours.total_minutes, hours.categories, hours.phrase) == (0, [], "0 hours")


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"minutes": 0}, "minutes", "at least one minute"),
        ({"minutes": -30}, "minutes", "at least one minute"),
        ({"work_date": TODAY + timedelta(days=1)}, "work_date", "future"),
        ({"work_date": TODAY - timedelta(days=2)}, "work_date", "before the incident"),
        ({"person_name": "  "}, "person_name", "who did the work"),
    ],
)
def test_bad_entries_are_refused(db, incident, extra, field, message):
    fields = {"minutes": 30, "category": TimeCategory.FIX} | extra
    with pytest.raises(ValidationError, match=message) as caught:
        _log(incident, **fields)
    assert caught.value.field == field
    assert db.session.scalar(sa.select(sa.func.count(TimeEntry.id))) == 0


def test_today_is_the_pages_today(db, make_page):
    # 02:00 UTC on 7 May is still 6 May in New York
    page = make_page(time_zone="America/New_York")
    late = datetime(2024, 5, 7, 2, 0, tzinfo=UTC)
    incident = declare_incident(page, "x", "y", at=late - timedelta(hours=5))
    with pytest.raises(ValidationError, match="future"):
        _log(incident, 10, TimeCategory.FIX, work_date=date(2024, 5, 7), now=late)
    _log(incident, 10, TimeCategory.FIX, work_date=date(2024, 5, 6), now=late)


def test_the_database_refuses_zero_minutes(db, incident):
    db.session.add(
        TimeEntry(
            incident=incident,
            person_name="x",
            work_date=TODAY,
            minutes=0,
            category=TimeCategory.FIX,
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
