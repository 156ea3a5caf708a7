"""The benchmarks' large page: 50 components in 5 groups, 90 days of status
history, 3 unresolved incidents and ``incidents`` past ones with 5 updates each.

The last 90 days look the same whatever ``incidents`` is (one incident a day,
as a busy client has); the rest lie further back, so a page with 10,000 past
incidents and one with 100 show the same things and differ only in history.
"""

from datetime import datetime, timedelta

from app.extensions import db
from app.models import (
    Component,
    ComponentGroup,
    ComponentStatus,
    ComponentStatusChange,
    Impact,
    Incident,
    IncidentComponent,
    IncidentStatus,
    IncidentUpdate,
    Page,
)

RECENT_DAYS = 90
STEPS = [
    IncidentStatus.INVESTIGATING,
    IncidentStatus.IDENTIFIED,
    IncidentStatus.IDENTIFIED,
    IncidentStatus.MONITORING,
    IncidentStatus.RESOLVED,
]


def seed_large_page(slug: str, incidents: int, now: datetime) -> Page:
    """Create the page ``slug``; commits in batches (10,000 incidents take ~20 s)."""
    page = Page(slug=slug, name=f"Large client {slug}", time_zone="Europe/London")
    db.session.add(page)
    components = _components(page, now)
    db.session.commit()
    for n in range(incidents + 3):
        # Newest first: one a day for 90 days, then every 6 hours further back.
        back = (
            timedelta(days=n)
            if n < RECENT_DAYS
            else timedelta(days=RECENT_DAYS, hours=6 * (n - RECENT_DAYS))
        )
        _incident(
            page,
            components[n % len(components)],
            now - back - timedelta(hours=3),
            unresolved=n < 3,
        )
        if n % 500 == 499:
            db.session.commit()
    db.session.commit()
    return page


def _components(page: Page, now: datetime) -> list[Component]:
    components = []
    for g in range(5):
        group = ComponentGroup(page=page, name=f"Region {g + 1}", position=g)
        for c in range(10):
            component = Component(
                page=page,
                group=group,
                name=f"service-{g}-{c}",
                position=c,
                created_at=now - timedelta(days=400),
            )
            _history(component, now, offset=g * 10 + c)
            components.append(component)
    db.session.add_all(components)
    return components


def _history(component: Component, now: datetime, offset: int) -> None:
    """A short outage every 9 days for 90 days: 20 status changes."""
    for day in range(offset % 9, RECENT_DAYS, 9):
        start = now - timedelta(days=day, hours=offset % 24)
        component.status_changes += [
            ComponentStatusChange(
                old_status=ComponentStatus.OPERATIONAL,
                status=ComponentStatus.PARTIAL_OUTAGE,
                changed_at=start,
            ),
            ComponentStatusChange(
                old_status=ComponentStatus.PARTIAL_OUTAGE,
                status=ComponentStatus.OPERATIONAL,
                changed_at=start + timedelta(minutes=40),
            ),
        ]


def _incident(
    page: Page, component: Component, start: datetime, unresolved: bool
) -> None:
    steps = STEPS[:2] if unresolved else STEPS
    incident = Incident(
        page=page,
        title=f"Errors on {component.name}",
        started_at=start,
        impact=Impact.MINOR,
        status=steps[-1],
        resolved_at=None if unresolved else start + timedelta(minutes=50),
    )
    incident.affected.append(
        IncidentComponent(component=component, status=ComponentStatus.PARTIAL_OUTAGE)
    )
    for i, status in enumerate(steps):
        at = start + timedelta(minutes=10 * i)
        incident.updates.append(
            IncidentUpdate(
                status=status,
                created_at=at,
                display_at=at,
                body=f"Update {i + 1}: **{status.value}**, on {component.name}.",
            )
        )
    db.session.add(incident)
