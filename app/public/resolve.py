"""Which page a public request is about: decided here and nowhere else."""

import sqlalchemy as sa
from flask import abort, g

from app.extensions import db
from app.models import Incident, Maintenance, Page


def load_public_page(slug: str) -> Page:
    """The public page with ``slug``; 404 for unknown and hidden pages alike."""
    page = db.session.scalar(sa.select(Page).where(Page.slug == slug))
    if page is None or not page.is_public:
        abort(404)
    return page


def current_page() -> Page:
    """The page resolved for this request."""
    return g.page


def load_public_incident(page: Page, incident_id: str) -> Incident:
    """A public incident of ``page``; 404 when it is unknown, elsewhere or internal."""
    incident = db.session.get(Incident, incident_id)
    if incident is None or incident.page_id != page.id or not incident.is_public:
        abort(404)
    return incident


def load_public_maintenance(page: Page, maintenance_id: str) -> Maintenance:
    """A maintenance window of ``page``; 404 when it is unknown or elsewhere."""
    maintenance = db.session.get(Maintenance, maintenance_id)
    if maintenance is None or maintenance.page_id != page.id:
        abort(404)
    return maintenance
