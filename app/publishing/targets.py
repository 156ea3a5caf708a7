"""What a page publishes: the URLs of its public files, on every host it has.

The page-wide documents, the permalinks of unresolved incidents and of open
maintenance, and a badge per component. Everything else a page serves (older
permalinks, history past the first page, any query string) is left to the app
and its render cache: publishing it would repeat thousands of renders per edit.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from app.core.enums import UNRESOLVED
from app.core.hostnames import normalise_host
from app.extensions import db
from app.maintenance.listing import open_maintenance_ids
from app.models import Component, Incident, Page, PageDomain

PAGE_ENDPOINTS = (
    "public.page_detail", "public.history", "public.status_badge",
    "public.brand_css", "public.maintenance_calendar",
    "feeds.history_rss", "feeds.history_atom",
    "api.summary", "api.status", "api.components", "api.incidents",
    "api.incidents_unresolved", "api.maintenances", "api.maintenances_active",
    "api.maintenances_upcoming",
)  # fmt: skip


@dataclass(frozen=True)
class Target:
    """One published URL: the host it is served on and its path there."""

    host: str
    path: str
    # Read first by people waiting on news: republished at once when the page
    # changes while the rest of its files are still being written.
    urgent: bool = False
    # A component's badge shows its name and status and nothing else: it is
    # rendered again only when a component's name or status has changed.
    badge: bool = False


def main_host() -> str:
    """The host name of Beacon's own site (BASE_URL), as nginx's ``$host`` spells it."""
    return (
        normalise_host(urlsplit(current_app.config["BASE_URL"]).netloc) or "localhost"
    )


def page_targets(page: Page) -> list[Target]:
    """Every URL ``page`` publishes: under ``/<slug>/`` and at its own hosts' roots."""
    paths = [_path(endpoint, page) for endpoint in PAGE_ENDPOINTS]
    live = [_path("public.incident_detail", page, incident_id=i) for i in _live(page)]
    paths += live
    paths += [
        _path("public.maintenance_detail", page, maintenance_id=m)
        for m in open_maintenance_ids(page)
    ]
    badges = {
        _path("public.component_badge", page, component_id=c)
        for c in db.session.scalars(sa.select(Component.id).filter_by(page_id=page.id))
    }
    paths += sorted(badges)
    urgent = {_path("public.page_detail", page), _path("api.summary", page), *live}
    prefix = f"/{page.slug}"
    hosts = [main_host(), *db.session.scalars(
        sa.select(PageDomain.hostname).filter_by(page_id=page.id)
    )]  # fmt: skip
    # What people wait on first: a publish under load reaches it soonest.
    paths.sort(key=lambda path: path not in urgent)
    return [
        Target(host, path if n == 0 else path.removeprefix(prefix),
               path in urgent, path in badges)
        for n, host in enumerate(hosts)
        for path in paths
    ]  # fmt: skip


def components_fingerprint(page: Page) -> str:
    """What every badge of ``page`` shows, in one short string."""
    rows = db.session.execute(
        sa.select(Component.id, Component.name, Component.status)
        .filter_by(page_id=page.id)
        .order_by(Component.id)
    )
    text = "\n".join(f"{i}\t{name}\t{status}" for i, name, status in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _path(endpoint: str, page: Page, **values: str) -> str:
    # A bare adapter, not url_for: workers and commands have no request.
    adapter = current_app.url_map.bind(main_host())
    return adapter.build(endpoint, {"slug": page.slug, **values})


def _live(page: Page) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(Incident.id).where(
                Incident.page_id == page.id,
                Incident.is_public.is_(True),
                Incident.status.in_(UNRESOLVED),
            )
        )
    )
