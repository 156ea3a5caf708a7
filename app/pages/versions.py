"""Each page's content version: bumped in the transaction of every visible change.

One session hook, not each view: whatever a flush writes that the public can
see (the page, its components and their status history, incidents and their
updates, postmortems, maintenance, domains, logos) bumps the content version of
the pages it belongs to, in the same transaction. Cached public renders are
keyed by it (``app/public/cache.py``), so a commit invalidates them exactly, on
every worker and host, and a rollback invalidates nothing.

The same flush bumps the page's components version when the change alters its
component list (names, statuses, uptime bars): an update posted to an incident
does not, so the list's render (most of a status page's) is kept across it.
"""

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
from app.models.base import utcnow

# Each public object names its page directly or through its incident, window or
# component: (the classes, the column naming the owner, the owner's model).
_OWNERS: tuple[tuple[tuple[type, ...], str, type | None], ...] = (
    ((Page,), "id", None),
    ((Component, ComponentGroup, Incident, Maintenance, PageDomain, PageLogo),
     "page_id", None),
    ((IncidentUpdate, IncidentComponent, PostIncidentReview), "incident_id", Incident),
    ((MaintenanceUpdate, MaintenanceComponent), "maintenance_id", Maintenance),
    ((ComponentStatusChange,), "component_id", Component),
)  # fmt: skip

# Never shown in the component list: posting an update leaves it as it was.
_NOT_LISTED = (IncidentUpdate, PostIncidentReview, PageDomain, PageLogo,
               MaintenanceUpdate)  # fmt: skip
# An incident shows in the bars by its title on the day it began, when public.
_INCIDENT_LISTED = ("title", "started_at", "is_public", "page_id")


def _alters_component_list(obj: Any, session: Session) -> bool:
    if isinstance(obj, _NOT_LISTED):
        return False
    if isinstance(obj, Incident) and obj in session.dirty:
        attrs = sa.inspect(obj).attrs
        return any(attrs[name].history.has_changes() for name in _INCIDENT_LISTED)
    return True


def _owner_ids(objects: list[Any]) -> dict[type | None, set[str]]:
    """The ids of the pages (key None) and of the owners that lead to one."""
    owners: dict[type | None, set[str]] = {}
    for obj in objects:
        for classes, column, owner in _OWNERS:
            if isinstance(obj, classes):
                owners.setdefault(owner, set()).add(getattr(obj, column))
                break
    return owners


# session.info key: the ids of the pages this transaction changed (bumped,
# created or deleted), for what reacts after the commit (app/publishing/).
CHANGED_KEY = "beacon.changed_pages"
_VERSIONS = ["content_version", "content_updated_at", "components_version"]


def _of_pages(owners: dict[type | None, set[str]]) -> sa.ColumnElement[bool]:
    """Whether a pages row is one of those ``owners`` lead to."""
    pages = Page.__table__
    return sa.or_(*(
        pages.c.id.in_(
            ids if owner is None else sa.select(owner.page_id).where(owner.id.in_(ids))  # type: ignore[attr-defined]
        )
        for owner, ids in owners.items()
    ))  # fmt: skip


def _bump(
    session: Session,
    owners: dict[type | None, set[str]],
    listed: dict[type | None, set[str]],
) -> set[str]:
    pages = Page.__table__
    components_version = pages.c.components_version
    if listed:
        components_version = sa.case(
            (_of_pages(listed), components_version + 1), else_=components_version
        )
    # Core, not the ORM: no new flush, and Page.updated_at stays the editors'.
    bumped = session.connection().scalars(
        sa.update(pages)
        .where(_of_pages(owners))
        .values(
            content_version=pages.c.content_version + 1,
            content_updated_at=utcnow(),
            components_version=components_version,
        )
        .returning(pages.c.id)
    )
    return set(bumped)


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    dirty = [obj for obj in session.dirty if session.is_modified(obj)]
    touched = [*session.new, *dirty, *session.deleted]
    changed = session.info.setdefault(CHANGED_KEY, set())
    changed.update(o.id for o in touched if isinstance(o, Page))
    touched = [o for o in touched if not _is_new_page(o, session)]
    owners = _owner_ids(touched)
    if not owners:
        return
    listed = _owner_ids([o for o in touched if _alters_component_list(o, session)])
    changed.update(_bump(session, owners, listed))
    for page in list(session.identity_map.values()):
        if isinstance(page, Page) and page not in session.deleted:
            session.expire(page, _VERSIONS)


def _is_new_page(obj: Any, session: Session) -> bool:
    # A page created in this flush starts at version 1; nothing of it is cached.
    return isinstance(obj, Page) and obj in session.new


def changed_pages(session: Session) -> set[str]:
    """The pages this transaction changed: read once, after its commit."""
    return session.info.pop(CHANGED_KEY, set())


def _forget(session: Session) -> None:
    session.info.pop(CHANGED_KEY, None)


def listen_for_flushes() -> None:
    """Hook every session's flush (idempotent)."""
    for name, hook in (("after_flush", _after_flush), ("after_rollback", _forget)):
        if not sa.event.contains(Session, name, hook):
            sa.event.listen(Session, name, hook)
