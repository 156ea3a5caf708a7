"""The documents of the public API v2: gather a page's public data, then serialize."""

from datetime import datetime

from app.extensions import db
from app.maintenance import listing as maintenance_public
from app.models import (
    Incident,
    Maintenance,
    MaintenanceStatus,
    Page,
)
from app.models.base import utcnow
from app.pages import status_page
from app.statuspage import shapes as s

RECENT_INCIDENTS = 50


def page_updated_at(page: Page) -> datetime:
    """The last change the public could see (stamped with the content version)."""
    return max(page.updated_at, page.content_updated_at)


def _envelope(page: Page) -> tuple[s.PageContext, dict]:
    ctx = s.PageContext.for_page(page)
    return ctx, {"page": s.page_json(ctx, page_updated_at(page))}


def page_document(page: Page) -> dict:
    """The ``{"page": …}`` member every document starts with."""
    return _envelope(page)[1]


def _incidents(ctx: s.PageContext, incidents: list[Incident]) -> list[dict]:
    return [s.incident_json(ctx, incident) for incident in incidents]


def recent_incidents(page: Page) -> list[Incident]:
    """The most recent public incidents, resolved or not, newest first."""
    query = status_page.public_incidents(page).order_by(Incident.started_at.desc())
    return list(db.session.scalars(query.limit(RECENT_INCIDENTS)))


def summary(page: Page) -> dict:
    ctx, doc = _envelope(page)
    unresolved = status_page.unresolved_incidents(page)
    doc["components"] = s.components_json(ctx)
    doc["incidents"] = _incidents(ctx, unresolved)
    windows = maintenance_public.active_maintenance(page)
    windows += maintenance_public.upcoming_maintenance(page, utcnow(), within=None)
    doc["scheduled_maintenances"] = [s.maintenance_json(ctx, w) for w in windows]
    doc["status"] = s.status_json(status_page.current_status(page, unresolved))
    return doc


def status(page: Page) -> dict:
    _, doc = _envelope(page)
    doc["status"] = s.status_json(status_page.current_status(page))
    return doc


def components(page: Page) -> dict:
    ctx, doc = _envelope(page)
    doc["components"] = s.components_json(ctx)
    return doc


def incidents(page: Page, *, unresolved_only: bool = False) -> dict:
    ctx, doc = _envelope(page)
    found = (
        status_page.unresolved_incidents(page)
        if unresolved_only
        else recent_incidents(page)
    )
    doc["incidents"] = _incidents(ctx, found)
    return doc


def maintenances(page: Page, which: s.MaintenanceList) -> dict:
    ctx, doc = _envelope(page)
    windows = maintenance_windows(page, which)
    doc["scheduled_maintenances"] = [s.maintenance_json(ctx, w) for w in windows]
    return doc


def maintenance_windows(page: Page, which: s.MaintenanceList) -> list[Maintenance]:
    """Windows for the maintenance endpoints, like Statuspage's.

    "upcoming": scheduled; "active": in progress or verifying; "all": the 50
    most recent by start, newest first. Cancelled windows are left out.
    """
    if which == "upcoming":
        return maintenance_public.upcoming_maintenance(page, utcnow(), within=None)
    if which == "active":
        return maintenance_public.active_maintenance(page)
    query = maintenance_public.page_maintenance(page).where(
        Maintenance.status != MaintenanceStatus.CANCELLED
    )
    query = query.order_by(Maintenance.scheduled_for.desc()).limit(RECENT_INCIDENTS)
    return list(db.session.scalars(query))
