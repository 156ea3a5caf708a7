"""Hours spent on incidents: log them, and total them per incident and category."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from app.core.errors import ValidationError
from app.core.labels import CATEGORY_LABELS
from app.core.localtime import local_today
from app.core.validation import date_not_in_future, positive_minutes
from app.extensions import db
from app.incidents.hours_rules import (
    MAX_ENTRY_MINUTES,
    HoursTotals,
    hours_phrase,
    minutes_to_hours,
    total_by,
)
from app.models import Incident, TimeCategory, TimeEntry, User
from app.models.base import utcnow


def log_time(
    incident: Incident,
    *,
    minutes: int,
    work_date: date,
    category: TimeCategory,
    user: User | None = None,
    person_name: str = "",
    note: str = "",
    recorded_by: User | None = None,
    now: datetime | None = None,
) -> TimeEntry:
    """Log ``minutes`` of work on ``work_date`` (a date in the page's timezone).

    ``user`` (a staff account) or else ``person_name`` says who did the work.
    """
    _check_work_date(incident, work_date, now or utcnow())
    # A staff account names the person; a bare name is for someone without one.
    name = user.display_name if user else (person_name or "").strip()
    if not name:
        raise ValidationError("Say who did the work.", "person_name")
    if positive_minutes(minutes, "duration", "minutes") > MAX_ENTRY_MINUTES:
        raise ValidationError(
            f"One entry is at most {MAX_ENTRY_MINUTES} minutes (a day).", "minutes"
        )
    entry = TimeEntry(
        user=user,
        person_name=name,
        work_date=work_date,
        minutes=minutes,
        category=TimeCategory(category),
        note=(note or "").strip(),
        recorded_by=recorded_by,
    )
    incident.time_entries.append(entry)
    db.session.flush()
    return entry


def _check_work_date(incident: Incident, work_date: date, now: datetime) -> None:
    time_zone = incident.page.time_zone
    today = local_today(now, time_zone)
    date_not_in_future(work_date, today, "work date", "work_date")
    started = local_today(incident.started_at, time_zone)
    if work_date < started:
        raise ValidationError(
            "The work date cannot be before the incident started "
            f"({started:%b} {started.day}, {started.year}).",
            "work_date",
        )


@dataclass(frozen=True)
class CategoryHours:
    category: TimeCategory
    minutes: int

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


@dataclass(frozen=True)
class IncidentHours:
    """An incident's hours: the total and each category worked on, in menu order."""

    total_minutes: int
    categories: list[CategoryHours]

    @property
    def total_hours(self) -> Decimal:
        return minutes_to_hours(self.total_minutes)

    @property
    def phrase(self) -> str:
        """'1.5 hours'."""
        return hours_phrase(self.total_minutes)


def _minutes_by(column: sa.ColumnElement, incident_ids: list[str]) -> list:
    return list(
        db.session.execute(
            sa.select(column, sa.func.sum(TimeEntry.minutes))
            .where(TimeEntry.incident_id.in_(incident_ids))
            .group_by(column)
        )
    )


def hours_by_category(incident: Incident) -> HoursTotals[TimeCategory]:
    """Minutes per category for one incident, summed in the database."""
    db.session.flush()
    rows = _minutes_by(TimeEntry.category, [incident.id])
    return total_by((TimeCategory(category), int(total)) for category, total in rows)


def incident_hours(incident: Incident) -> IncidentHours:
    """The incident's total hours and the hours per category (exact to the minute)."""
    totals = hours_by_category(incident)
    categories = [
        CategoryHours(category, totals.by_key[category])
        for category in TimeCategory
        if category in totals.by_key
    ]
    return IncidentHours(totals.total_minutes, categories)
