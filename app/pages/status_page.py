"""Everything a public status page shows, gathered in a few queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.core.enums import UNRESOLVED
from app.core.validation import EARLIEST_DAY
from app.extensions import db
from app.maintenance import listing as maintenance_public
from app.models import (
    Component,
    ComponentGroup,
    ComponentStatusChange,
    Incident,
    IncidentComponent,
    Maintenance,
    Page,
)
from app.models.base import utcnow
from app.pages import uptime, uptime_rollup
from app.pages.status import PageStatus, page_status


@dataclass
class ComponentRow:
    component: Component
    days: list[uptime.DayUptime]
    percent: float | None
    incidents_by_day: dict[date, list[Incident]]
    maintenance_by_day: dict[date, list[Maintenance]] = field(default_factory=dict)


@dataclass
class StatusView:
    page: Page
    now: datetime
    status: PageStatus
    unresolved: list[Incident]
    past_days: list[tuple[date, list[Incident]]]
    active_maintenance: list[Maintenance] = field(default_factory=list)
    upcoming_maintenance: list[Maintenance] = field(default_factory=list)


def public_incidents(page: Page) -> sa.Select[tuple[Incident]]:
    """Incidents of ``page`` the public may see, with their updates loaded."""
    return (
        sa.select(Incident)
        .where(Incident.page_id == page.id, Incident.is_public.is_(True))
        .options(
            selectinload(Incident.updates),
            selectinload(Incident.affected),
            selectinload(Incident.review),
        )
    )


def unresolved_incidents(page: Page) -> list[Incident]:
    query = public_incidents(page).where(Incident.status.in_(UNRESOLVED))
    # Sorted here, not in SQL: an ORDER BY started_at would lead SQLite to walk
    # the page's whole history by date instead of looking up the few open ones.
    found = db.session.scalars(query)
    return sorted(found, key=lambda incident: incident.started_at, reverse=True)


def current_status(page: Page, unresolved: list[Incident] | None = None) -> PageStatus:
    """The page's overall indicator and description."""
    if unresolved is None:
        unresolved = unresolved_incidents(page)
    return page_status(
        [c.status for c in page.components], [i.impact for i in unresolved]
    )


def build_status_view(page: Page, now: datetime | None = None) -> StatusView:
    """Gather the status page of ``page`` as of ``now``, but its component list."""
    now = now or utcnow()
    unresolved = unresolved_incidents(page)
    return StatusView(
        page=page,
        now=now,
        status=current_status(page, unresolved),
        unresolved=unresolved,
        past_days=past_incidents_by_day(page, now),
        active_maintenance=maintenance_public.active_maintenance(page),
        upcoming_maintenance=maintenance_public.upcoming_maintenance(page, now),
    )


ComponentGroups = list[tuple[ComponentGroup | None, list[ComponentRow]]]


def component_groups(page: Page, now: datetime | None = None) -> ComponentGroups:
    """The component list of ``page`` as of ``now``: its groups, each row's bar."""
    now = now or utcnow()
    days = uptime.last_days(
        now.astimezone(ZoneInfo(page.time_zone)).date(),
        current_app.config["UPTIME_DAYS"],
    )
    rows = _component_rows(page, days, now)
    maintenance_public.attach_to_rows(page, rows, days)
    return _group_rows(page, rows)


def _group_rows(page: Page, rows: list[ComponentRow]) -> ComponentGroups:
    visible = [r for r in rows if _is_shown(r.component)]
    ungrouped = [r for r in visible if r.component.group_id is None]
    grouped = [
        (group, [r for r in visible if r.component.group_id == group.id])
        for group in page.groups
    ]
    result = [(None, ungrouped)] if ungrouped else []
    return result + [(g, members) for g, members in grouped if members]


def _is_shown(component: Component) -> bool:
    if not component.only_show_if_degraded:
        return True
    return component.status != "operational"


def _component_rows(page: Page, days: list[date], now: datetime) -> list[ComponentRow]:
    tz = ZoneInfo(page.time_zone)
    components = list(page.components)
    rolled = uptime_rollup.rolled_rows(page, days[0])
    live_from = min((_first_live_day(c, days) for c in components), default=days[-1])
    changes = _changes_since(page, uptime.day_bounds(live_from, tz)[0])
    incidents = _incidents_by_component_day(page, uptime.day_bounds(days[0], tz)[0], tz)
    rows = []
    for component in components:
        component_days = _component_days(component, days, now, tz, (rolled, changes))
        percent = uptime.uptime_percent(component_days)
        rows.append(
            ComponentRow(
                component, component_days, percent, incidents.get(component.id, {})
            )
        )
    return rows


def _first_live_day(component: Component, days: list[date]) -> date:
    """The first shown day the roll-up has not summed yet (today, usually)."""
    mark = component.uptime_rolled_through
    return max(days[0], mark + timedelta(days=1)) if mark else days[0]


def _component_days(
    component: Component,
    days: list[date],
    now: datetime,
    tz: ZoneInfo,
    sources: tuple[uptime_rollup.RolledDays, dict[str, list[ComponentStatusChange]]],
) -> list[uptime.DayUptime]:
    """Rolled-up days from their rows; the days since from the status history."""
    rolled, changes = sources
    live_day = _first_live_day(component, days)
    result = uptime_rollup.rolled_days(
        component, [day for day in days if day < live_day], tz, rolled
    )
    live = [day for day in days if day >= live_day]
    since = max(
        uptime.day_bounds(live_day, tz)[0], uptime_rollup.tracking_start(component, tz)
    )
    own = changes.get(component.id, [])
    initial = own[0].old_status if own else component.status
    intervals = uptime.status_intervals(
        initial, [(c.changed_at, c.status) for c in own], since, now
    )
    return result + uptime.daily_uptime(intervals, live, tz)


def _changes_since(
    page: Page, since: datetime
) -> dict[str, list[ComponentStatusChange]]:
    query = (
        sa.select(ComponentStatusChange)
        .join(Component)
        .where(Component.page_id == page.id, ComponentStatusChange.changed_at >= since)
        .order_by(ComponentStatusChange.changed_at)
    )
    grouped: dict[str, list[ComponentStatusChange]] = defaultdict(list)
    for change in db.session.scalars(query):
        grouped[change.component_id].append(change)
    return grouped


def _incidents_by_component_day(
    page: Page, since: datetime, tz: ZoneInfo
) -> dict[str, dict[date, list[Incident]]]:
    query = (
        sa.select(IncidentComponent.component_id, Incident)
        .join(Incident)
        .where(
            Incident.page_id == page.id,
            Incident.is_public.is_(True),
            Incident.started_at >= since,
        )
        .order_by(Incident.started_at)
    )
    result: dict[str, dict[date, list[Incident]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for component_id, incident in db.session.execute(query):
        result[component_id][incident.started_at.astimezone(tz).date()].append(incident)
    return result


def past_incidents_by_day(
    page: Page, now: datetime
) -> list[tuple[date, list[Incident]]]:
    """Each of the last N days (newest first) with the incidents that began on it."""
    tz = ZoneInfo(page.time_zone)
    days = uptime.last_days(
        now.astimezone(tz).date(), current_app.config["PAST_INCIDENT_DAYS"]
    )
    since = uptime.day_bounds(days[0], tz)[0]
    query = public_incidents(page).where(Incident.started_at >= since)
    by_day: dict[date, list[Incident]] = defaultdict(list)
    for incident in db.session.scalars(query.order_by(Incident.started_at.desc())):
        by_day[incident.started_at.astimezone(tz).date()].append(incident)
    return [(day, by_day.get(day, [])) for day in reversed(days)]


def incident_history(
    page: Page, page_number: int, months_per_page: int, now: datetime | None = None
) -> tuple[list[tuple[date, list[Incident]]], bool]:
    """Months of incidents for history page ``page_number`` (1-based), newest first.

    Returns the months (first day of each) with their incidents, and whether
    older incidents exist beyond this page. A page wholly before the earliest
    day Beacon accepts has nothing on it: LookupError.
    """
    now = now or utcnow()
    tz = ZoneInfo(page.time_zone)
    newest = now.astimezone(tz).date().replace(day=1)
    back = (page_number - 1) * months_per_page
    if _month_index(newest) - back < _month_index(EARLIEST_DAY):
        raise LookupError(f"history page {page_number} is before {EARLIEST_DAY}")
    months = [_shift_month(newest, -back - i) for i in range(months_per_page)]
    start = datetime.combine(months[-1], datetime.min.time(), tzinfo=tz)
    end = datetime.combine(_shift_month(months[0], 1), datetime.min.time(), tzinfo=tz)
    query = public_incidents(page).where(
        Incident.started_at >= start, Incident.started_at < end
    )
    by_month: dict[date, list[Incident]] = defaultdict(list)
    for incident in db.session.scalars(query.order_by(Incident.started_at.desc())):
        by_month[incident.started_at.astimezone(tz).date().replace(day=1)].append(
            incident
        )
    # EXISTS, not COUNT: whether there is more history, without reading all of it.
    older = db.session.scalar(
        sa.select(
            sa.exists().where(
                Incident.page_id == page.id,
                Incident.is_public.is_(True),
                Incident.started_at < start,
            )
        )
    )
    return [(m, by_month.get(m, [])) for m in months], bool(older)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _shift_month(first_of_month: date, months: int) -> date:
    index = _month_index(first_of_month) + months
    return date(index // 12, index % 12 + 1, 1)
