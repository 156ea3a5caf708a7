"""Each page's content version: bumped in the transaction of every visible change.

One session hook, not each view: whatever a flush writes that the public can
see (the page, its components and their status history, incidents and their
updates, postmortems, maintenance, domains, logos) bumps the content version of
the pages it belongs to, in the same transaction. Cached public renders are
keyed by it (``app/public/cache.py``), so a commit invalidates them exactly, on
every worker and host, and a rollback invalidates nothing.
"""

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, UOWTransaction

from app.models import (
    Component,
    ComponentGroup,
    ComponentStatusChange,
    Incident,
    IncidentComponent,
    IncidentUpdate,
    Maintenance,
    MaintenanceComponent,
    MaintenanceUpdate,
    Page,
    PageDomain,
    PageLogo,
    PostIncidentReview,
)

# Which column of each public object leads to its page, through which table.
_VIA_PAGE = (Component, ComponentGroup, Incident, Maintenance, PageDomain, PageLogo)
_VIA_INCIDENT = (IncidentUpdate, IncidentComponent, PostIncidentReview)
_VIA_MAINTENANCE = (MaintenanceUpdate, MaintenanceComponent)


def _owners(objects: Iterable[Any]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {
        "page": set(),
        "incident": set(),
        "mnt": set(),
        "component": set(),
    }
    for obj in objects:
        if isinstance(obj, Page):
            owners["page"].add(obj.id)
        elif isinstance(obj, _VIA_PAGE):
            owners["page"].add(obj.page_id)
        elif isinstance(obj, _VIA_INCIDENT):
            owners["incident"].add(obj.incident_id)
        elif isinstance(obj, _VIA_MAINTENANCE):
            owners["mnt"].add(obj.maintenance_id)
        elif isinstance(obj, ComponentStatusChange):
            owners["component"].add(obj.component_id)
    return owners


def _bump(session: Session, owners: dict[str, set[str]]) -> None:
    pages = Page.__table__
    conditions = []
    if owners["page"]:
        conditions.append(pages.c.id.in_(owners["page"]))
    if owners["incident"]:
        ids = sa.select(Incident.page_id).where(Incident.id.in_(owners["incident"]))
        conditions.append(pages.c.id.in_(ids))
    if owners["mnt"]:
        ids = sa.select(Maintenance.page_id).where(Maintenance.id.in_(owners["mnt"]))
        conditions.append(pages.c.id.in_(ids))
    if owners["component"]:
        ids = sa.select(Component.page_id).where(Component.id.in_(owners["component"]))
        conditions.append(pages.c.id.in_(ids))
    if conditions:
        # Core, not the ORM: no new flush, and Page.updated_at stays the editors'.
        session.connection().execute(
            sa.update(pages)
            .where(sa.or_(*conditions))
            .values(content_version=pages.c.content_version + 1)
        )


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    dirty = (obj for obj in session.dirty if session.is_modified(obj))
    touched = [*session.new, *dirty, *session.deleted]
    _bump(session, _owners(obj for obj in touched if not _is_new_page(obj, session)))
    for page in list(session.identity_map.values()):
        if isinstance(page, Page) and page not in session.deleted:
            session.expire(page, ["content_version"])


def _is_new_page(obj: Any, session: Session) -> bool:
    # A page created in this flush starts at version 1; nothing of it is cached.
    return isinstance(obj, Page) and obj in session.new


def listen_for_flushes() -> None:
    """Hook every session's flush (idempotent)."""
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)
