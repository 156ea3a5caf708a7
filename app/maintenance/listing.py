"""The maintenance a public page shows: upcoming, active, per day and month, ics."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.maintenance import rules
from app.models import Maintenance, MaintenanceComponent, MaintenanceStatus, Page
from app.pages import uptime

UPCOMING = timedelta(days=7)
CALENDAR_PAST = timedelta(days=90)
# Windows that name no component concern the whole page: every row shows them.
WHOLE_PAGE = "*"


def page_maintenance(page: Page) -> sa.Select[tuple[Maintenance]]:
    """Windows of ``page`` with their updates and components loaded."""
    return (
        sa.select(Maintenance)
        .where(Maintenance.page_id == page.id)
        .options(
            selectinload(Maintenance.updates),
            selectinload(Maintenance.affected).selectinload(
                MaintenanceComponent.component
            ),
        )
    )


def active_maintenance(page: Page) -> list[Maintenance]:
    """Windows in progress or being verified, earliest first."""
    query = page_maintenance(page).where(Maintenance.status.in_(rules.ACTIVE))
    return list(db.session.scalars(query.order_by(Maintenance.scheduled_for)))


def open_maintenance_ids(page: Page) -> list[str]:
    """Windows still scheduled or in progress: the ones people are looking at."""
    return list(
        db.session.scalars(
            sa.select(Maintenance.id).where(
                Maintenance.page_id == page.id, Maintenance.status.in_(rules.OPEN)
            )
        )
    )


def upcoming_maintenance(
    page: Page, now: datetime, within: timedelta | None = UPCOMING
) -> list[Maintenance]:
    """Scheduled windows starting within ``within`` (None: all), earliest first.

    Windows whose start passed but that the scheduler has not started yet
    still show here rather than vanishing for a minute.
    """
    query = page_maintenance(page).where(
        Maintenance.status == MaintenanceStatus.SCHEDULED
    )
    if within is not None:
        query = query.where(Maintenance.scheduled_for <= now + within)
    return list(db.session.scalars(query.order_by(Maintenance.scheduled_for)))


def windows_by_component_day(
    page: Page, days: Sequence[date]
) -> dict[str, dict[date, list[Maintenance]]]:
    """Non-cancelled windows touching each of ``days``, per component id.

    Windows without components are filed under WHOLE_PAGE.
    """
    tz = ZoneInfo(page.time_zone)
    since, until = uptime.day_bounds(days[0], tz)[0], uptime.day_bounds(days[-1], tz)[1]
    query = page_maintenance(page).where(
        Maintenance.status != MaintenanceStatus.CANCELLED,
        Maintenance.scheduled_for < until,
        Maintenance.scheduled_until > since,
    )
    result: dict[str, dict[date, list[Maintenance]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for window in db.session.scalars(query.order_by(Maintenance.scheduled_for)):
        keys = [link.component_id for link in window.affected] or [WHOLE_PAGE]
        for day in _local_days(window, tz):
            for key in keys:
                result[key][day].append(window)
    return result


def attach_to_rows(page: Page, rows: Iterable[Any], days: Sequence[date]) -> None:
    """Give each component row of the status page its maintenance by day."""
    windows = windows_by_component_day(page, days)
    everywhere = windows.get(WHOLE_PAGE, {})
    for row in rows:
        own = windows.get(row.component.id, {})
        row.maintenance_by_day = {
            day: own.get(day, []) + everywhere.get(day, [])
            for day in set(own) | set(everywhere)
        }


def _local_days(window: Maintenance, tz: ZoneInfo) -> list[date]:
    first = window.scheduled_for.astimezone(tz).date()
    # The end is exclusive: a window ending at midnight does not touch the next day.
    last = (window.scheduled_until - timedelta(microseconds=1)).astimezone(tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def history_by_month(
    page: Page, months: Sequence[date]
) -> tuple[dict[date, list[Maintenance]], bool]:
    """Windows starting in each of ``months`` (first days, newest first), newest
    first; and whether older windows exist."""
    tz = ZoneInfo(page.time_zone)
    start = datetime.combine(months[-1], datetime.min.time(), tzinfo=tz)
    end = datetime.combine(_next_month(months[0]), datetime.min.time(), tzinfo=tz)
    query = page_maintenance(page).where(
        Maintenance.scheduled_for >= start, Maintenance.scheduled_for < end
    )
    by_month: dict[date, list[Maintenance]] = defaultdict(list)
    for window in db.session.scalars(query.order_by(Maintenance.scheduled_for.desc())):
        month = window.scheduled_for.astimezone(tz).date().replace(day=1)
        by_month[month].append(window)
    older = db.session.scalar(
        sa.select(Maintenance.id)
        .where(Maintenance.page_id == page.id, Maintenance.scheduled_for < start)
        .limit(1)
    )
    return dict(by_month), older is not None


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def calendar_windows(page: Page, now: datetime) -> list[Maintenance]:
    """Every window not over before the last 90 days, cancelled ones included."""
    query = page_maintenance(page).where(
        Maintenance.scheduled_until >= now - CALENDAR_PAST
    )
    return list(db.session.scalars(query.order_by(Maintenance.scheduled_for)))
