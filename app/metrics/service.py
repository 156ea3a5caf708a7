"""Response metrics for /admin/metrics: per page, per severity, hours, action items.

Incidents count in the period when they started in it; the period's dates are
UTC days, both ends included. Hours count by the day the work was logged for.
Action items are counted as they stand now, whatever the period.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.incidents.hours_rules import minutes_to_hours
from app.incidents.policies import policy_terms
from app.incidents.severity import PolicyTerms
from app.metrics.rules import (
    GroupMetrics,
    IncidentTimes,
    group_metrics,
    minutes_by_month,
)
from app.models import Incident, Page, Severity, TimeEntry
from app.reviews.queue import open_action_items

DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, whole UTC days, both included."""

    start: date
    end: date

    @classmethod
    def last_days(cls, now: datetime, days: int = DEFAULT_DAYS) -> "Period":
        today = now.astimezone(UTC).date()
        return cls(today - timedelta(days=days), today)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time(), UTC)

    @property
    def ends_before(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(), UTC)


@dataclass(frozen=True)
class ItemCounts:
    open: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class MetricsRow:
    metrics: GroupMetrics
    items: ItemCounts


@dataclass(frozen=True)
class MonthHours:
    page: str
    month: str  # "2024-03"
    minutes: int

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


@dataclass(frozen=True)
class MetricsReport:
    period: Period
    overall: MetricsRow
    by_page: list[MetricsRow]
    by_severity: list[MetricsRow]
    hours: list[MonthHours]


def _times(incident: Incident, terms: PolicyTerms) -> IncidentTimes:
    return IncidentTimes(
        started_at=incident.started_at,
        detected_at=incident.detected_at,
        acknowledged_at=incident.acknowledged_at,
        resolved_at=incident.resolved_at,
        sla_minutes=incident.page.sla_minutes,
        recovery_target_minutes=terms.recovery_target_minutes,
    )


def incidents_in(period: Period) -> list[Incident]:
    """Every incident (public or internal) that started within ``period``."""
    query = (
        sa.select(Incident)
        .where(
            Incident.started_at >= period.starts_at,
            Incident.started_at < period.ends_before,
        )
        .options(selectinload(Incident.page))
        .order_by(Incident.started_at, Incident.id)
    )
    return list(db.session.scalars(query))


def _item_counts(now: datetime) -> dict[str, ItemCounts]:
    """Open and overdue items keyed by page id, by severity, and "" for all."""
    opened: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for tracked in open_action_items(now):
        incident = tracked.item.incident
        for key in ("", incident.page_id, str(incident.severity)):
            opened[key] += 1
            overdue[key] += tracked.overdue
    return {key: ItemCounts(opened[key], overdue[key]) for key in opened}


def hours_per_page_month(period: Period) -> list[MonthHours]:
    """Hours logged per page and month in ``period``, by page name then month."""
    rows = db.session.execute(
        sa.select(
            Page.name, Page.id, TimeEntry.work_date, sa.func.sum(TimeEntry.minutes)
        )
        .join(Incident, TimeEntry.incident_id == Incident.id)
        .join(Page, Incident.page_id == Page.id)
        .where(TimeEntry.work_date.between(period.start, period.end))
        .group_by(Page.name, Page.id, TimeEntry.work_date)
    )
    totals = minutes_by_month(
        ((name, page_id), day, int(total)) for name, page_id, day, total in rows
    )
    return [
        MonthHours(name, month, minutes)
        for ((name, _), month), minutes in sorted(totals.items())
    ]


def compute_metrics(period: Period, now: datetime) -> MetricsReport:
    """Every number on the metrics page for ``period``, at ``now``."""
    terms = policy_terms()
    incidents = incidents_in(period)
    times = {i.id: _times(i, terms[i.severity]) for i in incidents}
    counts = _item_counts(now)

    def row(key: str, label: str, members: list[Incident]) -> MetricsRow:
        found = [times[i.id] for i in members]
        metrics = group_metrics(key, label, found, now)
        return MetricsRow(metrics, counts.get(key, ItemCounts()))

    pages = db.session.scalars(sa.select(Page).order_by(Page.name, Page.id))
    return MetricsReport(
        period=period,
        overall=row("", "All pages", incidents),
        by_page=[
            row(p.id, p.name, [i for i in incidents if i.page_id == p.id])
            for p in pages
        ],
        by_severity=[
            row(str(s), terms[s].display, [i for i in incidents if i.severity is s])
            for s in Severity
        ],
        hours=hours_per_page_month(period),
    )
