"""The audit log: every change made in the admin area (and later the API) goes here.

Two calls, both made before the caller's commit, which saves the entry with the
change itself::

    audit.record(current_user, "create", page, after=audit.snapshot(page, "name"))

    before = audit.snapshot(page, "name", "is_public")
    page.is_public = False
    audit.record_change(current_user, "update", page, before)

``record_change`` reads the same fields again and keeps only those that changed,
so an edit that changes nothing leaves no entry. ``actor`` may be
``current_user`` or None (the system, a CLI command). Never pass secrets
(passwords, tokens) in before/after. A request made with an API token or by an
integration sets ``g.audit_via`` ("API token deploy-bot"); every entry of that
request then says so in its summary.
"""

from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context

from app.extensions import db
from app.models import AuditEntry, Base, User


def record(
    actor: User | None,
    action: str,
    obj: Base,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry | None:
    """Add an entry for ``action`` ("create", "update", "delete", ...) on ``obj``.

    When both ``before`` and ``after`` are given only differing fields are kept,
    and nothing is recorded (None is returned) if no field differs.
    """
    if before is not None and after is not None:
        before, after = _changed_only(before, after)
        if not before and not after:
            return None
    actor = _real_user(actor)
    entry = AuditEntry(
        actor=actor,
        actor_label=actor.email if actor else "system",
        action=action,
        object_type=object_type(obj),
        object_id=str(_object_id(obj)),
        summary=_with_via(summary or f"{action} {object_type(obj)} {_label(obj)}"),
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def record_change(
    actor: User | None, action: str, obj: Base, before: dict[str, Any]
) -> AuditEntry | None:
    """After changing ``obj``, record which of the fields in ``before`` changed."""
    return record(actor, action, obj, before=before, after=snapshot(obj, *before))


def snapshot(obj: Base, *fields: str) -> dict[str, Any]:
    """The JSON-safe values of ``fields`` on ``obj``."""
    return {name: _json_value(getattr(obj, name)) for name in fields}


def object_type(obj: Base | type[Base]) -> str:
    """The name an object's entries are filed under, e.g. ``component_group``."""
    cls = obj if isinstance(obj, type) else type(obj)
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__)[1:]


def entries_query(
    object_type: str | None = None, object_id: str | None = None
) -> sa.Select[tuple[AuditEntry]]:
    """Entries, newest first, optionally for one type of object or one object."""
    query = sa.select(AuditEntry).order_by(
        AuditEntry.created_at.desc(), AuditEntry.id.desc()
    )
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id:
        query = query.where(AuditEntry.object_id == object_id)
    return query


def _with_via(summary: str) -> str:
    via = g.get("audit_via") if has_app_context() else None
    text = f"{summary} (via {via})" if via else summary
    return text[:300]


def _changed_only(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return (
        {k: before[k] for k in keys if k in before},
        {k: after[k] for k in keys if k in after},
    )


def _real_user(actor: Any) -> User | None:
    # current_user is a proxy; the anonymous user is no actor at all.
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    get_object = getattr(actor, "_get_current_object", None)
    return get_object() if get_object else actor


def _object_id(obj: Base) -> Any:
    if getattr(obj, "id", None) is None:
        db.session.flush()  # integer keys exist only once the row is inserted
    return obj.id  # type: ignore[attr-defined]


def _label(obj: Base) -> str:
    for name in ("name", "title", "email", "slug", "person_name"):
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return str(_object_id(obj))


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Base):
        return getattr(value, "id", None)
    return value
