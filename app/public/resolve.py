"""Which page a public request is about: decided here and nowhere else.

A page is named by the ``<slug>`` in the path, or by the Host header when the
request arrives on one of the page's own hostnames (custom domains). On such a
host, app/pages/public/hosts.py puts the slug in front of the path before routing,
so every ``/<slug>/…`` route of every blueprint serves the page at the root,
and ``page_url_defaults`` drops the slug again when links are built.
"""

import sqlalchemy as sa
from flask import abort, current_app, g, has_request_context, request

from app.core.links import HOST_SLUG_KEY
from app.extensions import db
from app.models import Component, Incident, Maintenance, Page, PageDomain


def load_public_page(slug: str) -> Page:
    """The public page with ``slug``; 404 for unknown and hidden pages alike."""
    page = db.session.scalar(sa.select(Page).where(Page.slug == slug))
    if page is None or not page.is_public:
        abort(404)
    return page


def pop_page_slug(endpoint: str | None, values: dict | None) -> None:
    """URL value preprocessor: turn a route's ``slug`` into ``g.page``.

    Register it on any blueprint with ``/<slug>/…`` routes:
    ``bp.url_value_preprocessor(pop_page_slug)``.
    """
    if values and "slug" in values:
        g.page = load_public_page(values.pop("slug"))


def current_page() -> Page:
    """The page resolved for this request."""
    return g.page


def load_public_incident(page: Page, incident_id: str) -> Incident:
    """A public incident of ``page``; 404 when it is unknown, elsewhere or internal."""
    incident = db.session.get(Incident, incident_id)
    if incident is None or incident.page_id != page.id or not incident.is_public:
        abort(404)
    return incident


def load_page_component(page: Page, component_id: str) -> Component:
    """A component of ``page``; 404 when it is unknown or belongs elsewhere."""
    component = db.session.get(Component, component_id)
    if component is None or component.page_id != page.id:
        abort(404)
    return component


def page_slug_for_host(host: str) -> str | None:
    """The slug of the page served on ``host`` (normalised), if it is a custom one."""
    return db.session.scalar(
        sa.select(Page.slug).join(PageDomain).where(PageDomain.hostname == host)
    )


def custom_host_slug() -> str | None:
    """The slug implied by this request's Host; None on the main site."""
    if not has_request_context():
        return None
    return request.environ.get(HOST_SLUG_KEY)


def page_url_defaults(endpoint: str, values: dict) -> None:
    """Fill in the current page's slug, or drop it on the page's own host."""
    host_slug = custom_host_slug()
    if host_slug is not None:
        if values.get("slug") == host_slug:
            del values["slug"]
        return
    page = g.get("page")
    if page is not None and "slug" not in values and _takes_slug(endpoint):
        values["slug"] = page.slug


def _takes_slug(endpoint: str) -> bool:
    try:
        rules = current_app.url_map.iter_rules(endpoint)
    except KeyError:  # unknown endpoint: let url_for raise its BuildError
        return False
    return any("slug" in rule.arguments for rule in rules)


def load_public_maintenance(page: Page, maintenance_id: str) -> Maintenance:
    """A maintenance window of ``page``; 404 when it is unknown or elsewhere."""
    maintenance = db.session.get(Maintenance, maintenance_id)
    if maintenance is None or maintenance.page_id != page.id:
        abort(404)
    return maintenance
