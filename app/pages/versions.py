"""Each page's content version: bumped in the transaction of every visible change.

One session hook, not each view: whatever a flush writes that the public can
see (the page, its components and their status history, incidents and their
updates, postmortems, maintenance, domains, logos) bumps the content version of
the pages it belongs to, in the same transaction. Cached public renders are
keyed by it (``app/public/cache.py``), so a commit invalidates them exactly, on
every worker and host, and a rollback invalidates nothing.
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


def _bump(session: Session, owners: dict[type | None, set[str]]) -> set[str]:
    pages = Page.__table__
    conditions = [
        pages.c.id.in_(
            ids if owner is None else sa.select(owner.page_id).where(owner.id.in_(ids))  # type: ignore[attr-defined]
        )
        for owner, ids in owners.items()
    ]
    # Core, not the ORM: no new flush, and Page.updated_at stays the editors'.
    bumped = session.connection().scalars(
        sa.update(pages)
        .where(sa.or_(*conditions))
        .values(
            content_version=pages.c.content_version + 1, content_updated_at=utcnow()
        )
        .returning(pages.c.id)
    )
    return set(bumped)


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    dirty = [obj for obj in session.dirty if session.is_modified(obj)]
    touched = [*session.new, *dirty, *session.deleted]
    changed = session.info.setdefault(CHANGED_KEY, set())
    changed.update(o.id for o in touched if isinstance(o, Page))
    owners = _owner_ids([o for o in touched if not _is_new_page(o, session)])
    if not owners:
        return
    changed.update(_bump(session, owners))
    for page in list(session.identity_map.values()):
        if isinstance(page, Page) and page not in session.deleted:
            session.expire(page, ["content_version", "content_updated_at"])


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
