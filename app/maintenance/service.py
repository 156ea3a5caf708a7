"""Maintenance workflows: schedule, edit, update, cancel; flush, the caller commits.

Times may be given aware (any zone) or naive, in which case they are wall-clock
time in the page's timezone, as staff type them. The scheduler's side lives in
``maintenance_tick`` and is re-exported here.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.core import signals
from app.extensions import db
from app.maintenance import rules
from app.maintenance.moves import claim, transition
from app.maintenance.rules import (
    InvalidWindow,
    MaintenancePatch,
    MaintenanceValidationError,
    OverlapNeedsConfirmation,
    StaleMaintenance,
)
from app.maintenance.tick import TickResult, run_due_transitions
from app.models import (
    Component,
    ComponentStatus,
    Maintenance,
    MaintenanceComponent,
    MaintenanceStatus,
    MaintenanceUpdate,
    Page,
    User,
)
from app.models.base import utcnow

__all__ = [
    "TickResult",
    "cancel_maintenance",
    "edit_maintenance",
    "find_overlapping",
    "post_maintenance_update",
    "run_due_transitions",
    "schedule_maintenance",
]

CANCEL_BODY = "This scheduled maintenance has been cancelled."
_TIME_FIELDS = ("scheduled_for", "scheduled_until")
CALENDAR_FIELDS = ("title", "description", *_TIME_FIELDS)


def schedule_maintenance(
    page: Page,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    components: Sequence[Component] = (),
    auto_transition: bool = True,
    author: User | None = None,
    confirm_overlap: bool = False,
    now: datetime | None = None,
) -> Maintenance:
    """Announce a window on ``page``; its description is the first public update.

    Raises InvalidWindow for impossible times and OverlapNeedsConfirmation when
    open windows share a component, unless ``confirm_overlap``.
    """
    now = now or utcnow()
    window = _window(page, starts_at, ends_at)
    rules.check_window(*window, now)
    _check_title(title)
    _check_components(page, components)
    if not confirm_overlap:
        _refuse_overlap(page, components, window)
    maintenance = Maintenance(
        page=page,
        title=title.strip(),
        description=description,
        scheduled_for=window[0],
        scheduled_until=window[1],
        auto_transition=auto_transition,
        created_at=now,
        updated_at=now,
    )
    maintenance.set_components(list(components))
    db.session.add(maintenance)
    update = maintenance.post_update(
        MaintenanceStatus.SCHEDULED, description, author=author, at=now
    )
    db.session.flush()
    signals.maintenance_scheduled.send(maintenance, update=update)
    return maintenance


def edit_maintenance(
    maintenance: Maintenance,
    patch: MaintenancePatch | None = None,
    *,
    confirm_overlap: bool = False,
    now: datetime | None = None,
    **fields: Any,
) -> list[str]:
    """Apply ``patch`` (or its fields given as keywords); return the changed fields.

    Once a window has started only its end may move. A change a calendar shows
    bumps the iCalendar sequence; a new start time re-arms the reminder.
    """
    patch = patch or MaintenancePatch(**fields)
    now = now or utcnow()
    if not maintenance.is_open:
        raise MaintenanceValidationError("A finished window can no longer be edited.")
    if patch.title is not None:
        _check_title(patch.title)
    window = _window(
        maintenance.page,
        patch.starts_at or maintenance.scheduled_for,
        patch.ends_at or maintenance.scheduled_until,
    )
    values = _patched_values(patch, window)
    changes = [
        k for k, v in values.items() if v is not None and v != getattr(maintenance, k)
    ]
    new_components = _changed_components(maintenance, patch.components)
    if new_components is not None:
        changes.append("components")
    _check_edit(maintenance, changes, window, new_components, confirm_overlap, now)
    if changes:
        _lock(maintenance, now)
        _apply_edit(maintenance, values, changes, new_components)
        db.session.flush()
    return changes


def _patched_values(
    patch: MaintenancePatch, window: tuple[datetime, datetime]
) -> dict[str, Any]:
    """The columns ``patch`` sets (None: leave alone), the window already checked."""
    return {
        "title": patch.title.strip() if patch.title is not None else None,
        "description": patch.description,
        "scheduled_for": window[0],
        "scheduled_until": window[1],
        "auto_transition": patch.auto_transition,
    }


def post_maintenance_update(
    maintenance: Maintenance,
    status: MaintenanceStatus,
    body: str,
    *,
    author: User | None = None,
    component_statuses: dict[Component, ComponentStatus] | None = None,
    at: datetime | None = None,
) -> MaintenanceUpdate:
    """Post a staff update; a new ``status`` moves the window and its components.

    Raises InvalidMaintenanceTransition for illegal moves and StaleMaintenance
    when the window moved since it was loaded (e.g. the scheduler started it).
    """
    at = at or utcnow()
    rules.check_transition(maintenance.status, status)
    _lock(maintenance, at)
    return transition(
        maintenance,
        status,
        body,
        author=author,
        component_statuses=component_statuses,
        at=at,
    )


def cancel_maintenance(
    maintenance: Maintenance,
    body: str = CANCEL_BODY,
    *,
    author: User | None = None,
    at: datetime | None = None,
) -> MaintenanceUpdate:
    """Cancel a window that has not started; calendars show it as cancelled."""
    return post_maintenance_update(
        maintenance, MaintenanceStatus.CANCELLED, body, author=author, at=at
    )


def find_overlapping(
    page: Page,
    components: Sequence[Component],
    window: tuple[datetime, datetime],
    exclude: Maintenance | None = None,
) -> list[Maintenance]:
    """Open windows of ``page`` sharing one of ``components`` during ``window``."""
    ids = [c.id for c in components]
    if not ids:
        return []
    query = (
        sa.select(Maintenance)
        .join(MaintenanceComponent)
        .where(
            Maintenance.page_id == page.id,
            MaintenanceComponent.component_id.in_(ids),
            Maintenance.status.in_(rules.OPEN),
            Maintenance.scheduled_for < window[1],
            Maintenance.scheduled_until > window[0],
        )
        .order_by(Maintenance.scheduled_for)
    )
    if exclude is not None:
        query = query.where(Maintenance.id != exclude.id)
    return list(dict.fromkeys(db.session.scalars(query)))


def _window(
    page: Page, starts_at: datetime, ends_at: datetime
) -> tuple[datetime, datetime]:
    return rules.to_utc(starts_at, page.time_zone), rules.to_utc(
        ends_at, page.time_zone
    )


def _check_title(title: str) -> None:
    if not title.strip():
        raise MaintenanceValidationError("A maintenance window needs a title.")


def _check_components(page: Page, components: Sequence[Component]) -> None:
    if any(c.page_id != page.id for c in components):
        raise MaintenanceValidationError("Components must belong to the same page.")


def _check_edit(
    maintenance: Maintenance,
    changes: list[str],
    window: tuple[datetime, datetime],
    new_components: list[Component] | None,
    confirm_overlap: bool,
    now: datetime,
) -> None:
    moved_start = "scheduled_for" in changes
    if moved_start and maintenance.status is not MaintenanceStatus.SCHEDULED:
        raise InvalidWindow("The window has started: only its end can move.")
    if moved_start or "scheduled_until" in changes:
        rules.check_window(*window, now, check_start=moved_start)
    if new_components is not None:
        _check_components(maintenance.page, new_components)
    if confirm_overlap or not {"components", *_TIME_FIELDS} & set(changes):
        return
    targets = maintenance.components if new_components is None else new_components
    _refuse_overlap(maintenance.page, targets, window, exclude=maintenance)


def _apply_edit(
    maintenance: Maintenance,
    values: dict,
    changes: list[str],
    new_components: list[Component] | None,
) -> None:
    for name in changes:
        if name != "components":
            setattr(maintenance, name, values[name])
    if new_components is not None:
        maintenance.set_components(new_components)
    if "scheduled_for" in changes:
        maintenance.reminder_sent_at = None  # re-armed for the new start
    if set(changes) & set(CALENDAR_FIELDS):
        maintenance.bump_sequence()


def _changed_components(
    maintenance: Maintenance, components: Sequence[Component] | None
) -> list[Component] | None:
    if components is None:
        return None
    current = {link.component_id for link in maintenance.affected}
    return list(components) if {c.id for c in components} != current else None


def _refuse_overlap(
    page: Page,
    components: Sequence[Component],
    window: tuple[datetime, datetime],
    exclude: Maintenance | None = None,
) -> None:
    overlapping = find_overlapping(page, components, window, exclude)
    if overlapping:
        raise OverlapNeedsConfirmation(overlapping)


def _lock(maintenance: Maintenance, at: datetime) -> None:
    """Claim the row in its loaded state; refuse if the scheduler moved it meanwhile."""
    if not claim(maintenance, Maintenance.status == maintenance.status, at=at):
        raise StaleMaintenance("This window changed meanwhile; reload and try again.")
