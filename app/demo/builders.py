"""Building blocks shared by the demo clients: pages, components, quiet history."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.extensions import db
from app.incidents.service import declare_incident
from app.models import (
    Component,
    ComponentStatus,
    CoverageTier,
    Impact,
    Incident,
    IncidentStatus,
    Page,
    Severity,
)
from app.models.base import utcnow


def page_for(
    slug: str, name: str, tz: str, tier: CoverageTier, sla: int, **extra
) -> Page:
    page = Page(
        slug=slug,
        name=name,
        time_zone=tz,
        coverage_tier=tier,
        sla_minutes=sla,
        created_at=utcnow() - timedelta(days=400),
        **extra,
    )
    db.session.add(page)
    return page


def component(
    page: Page, name: str, position: int, created: datetime, **extra
) -> Component:
    component = Component(
        page=page,
        name=name,
        position=position,
        created_at=created,
        start_date=created.date(),
        **extra,
    )
    db.session.add(component)
    return component


def local_at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


APC_HISTORY = (
    "Slow page loads on approcess.com",
    "Contact form not sending on vletherapeutics.com",
    "approcess.com returned errors after a plugin update",
)


def quiet_history(
    page: Page,
    components: list[Component],
    now: datetime,
    tz: ZoneInfo,
    titles: tuple[str, str, str] = APC_HISTORY,
) -> None:
    """A few short, resolved incidents in the last 90 days, so the bars show colour:
    on ``components`` 0, 1 and 0 again, called ``titles`` (each client's own)."""
    plan = [
        (70, components[0], ComponentStatus.DEGRADED_PERFORMANCE, 45, Impact.MINOR),
        (33, components[1], ComponentStatus.PARTIAL_OUTAGE, 30, Impact.MAJOR),
        (9, components[0], ComponentStatus.MAJOR_OUTAGE, 12, Impact.MAJOR),
    ]
    for (days_ago, component, status, minutes, impact), title in zip(
        plan, titles, strict=True
    ):
        start = (
            (now - timedelta(days=days_ago))
            .astimezone(tz)
            .replace(hour=10, minute=5, second=0, microsecond=0)
        )
        resolved_incident(page, component, status, minutes, impact, title, start)


def resolved_incident(
    page: Page,
    component: Component,
    status: ComponentStatus,
    minutes: int,
    impact: Impact,
    title: str,
    start: datetime,
) -> Incident:
    incident = declare_incident(
        page,
        title,
        f"We are investigating reports of problems with {component.name}.",
        impact=impact,
        severity=Severity.P2,
        components={component: status},
        started_at=start,
        at=start,
    )
    incident.acknowledged_at = start + timedelta(minutes=4)
    incident.post_update(
        IncidentStatus.IDENTIFIED,
        "We have found the cause and are applying a fix.",
        at=start + timedelta(minutes=minutes // 2),
    )
    incident.post_update(
        IncidentStatus.RESOLVED,
        "This incident has been resolved.",
        at=start + timedelta(minutes=minutes),
    )
    return incident
