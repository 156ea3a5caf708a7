"""Moving a window through its lifecycle, for staff and the scheduler alike.

Every move first claims the window's row with a conditional UPDATE, so two
workers (or a worker and a member of staff) never move the same window twice.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.core import signals
from app.extensions import db
from app.maintenance import rules
from app.models import (
    Component,
    ComponentStatus,
    Maintenance,
    MaintenanceComponent,
    MaintenanceStatus,
    MaintenanceUpdate,
    User,
)


def claim(maintenance: Maintenance, *conditions: Any, at: datetime) -> bool:
    """Lock the window's row if it still meets ``conditions``; False if it does not.

    The UPDATE takes the row lock, and PostgreSQL re-checks the WHERE clause
    against the newest row once a concurrent holder commits, so only one
    transaction ever sees a count of one.
    """
    result = db.session.execute(
        sa.update(Maintenance)
        .where(Maintenance.id == maintenance.id, *conditions)
        .values(updated_at=at)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def transition(
    maintenance: Maintenance,
    status: MaintenanceStatus,
    body: str,
    *,
    author: User | None = None,
    automatic: bool = False,
    component_statuses: dict[Component, ComponentStatus] | None = None,
    at: datetime,
) -> MaintenanceUpdate:
    """Post an update, moving components as the window starts or ends; announce it."""
    rules.check_transition(maintenance.status, status)
    statuses = _component_moves(maintenance, status) | dict(component_statuses or {})
    update = maintenance.post_update(
        status,
        body,
        author=author,
        automatic=automatic,
        affected_components=_apply(statuses, at),
        at=at,
    )
    db.session.flush()
    signals.maintenance_update_posted.send(
        maintenance, update=update, automatic=automatic
    )
    return update


def _component_moves(
    maintenance: Maintenance, target: MaintenanceStatus
) -> dict[Component, ComponentStatus]:
    if not maintenance.auto_transition or target is maintenance.status:
        return {}
    starting = maintenance.status not in rules.ACTIVE and target in rules.ACTIVE
    if starting:
        return {
            c: ComponentStatus.UNDER_MAINTENANCE
            for c in maintenance.components
            if rules.should_enter_maintenance(c.status)
        }
    ending = maintenance.status in rules.ACTIVE and target in rules.FINAL
    if not ending:
        return {}
    busy = _held_by_other_windows(maintenance)
    return {
        c: ComponentStatus.OPERATIONAL
        for c in maintenance.components
        if c.status is ComponentStatus.UNDER_MAINTENANCE and c.id not in busy
    }


def _held_by_other_windows(maintenance: Maintenance) -> set[str]:
    """Components another running window keeps under maintenance."""
    ids = [link.component_id for link in maintenance.affected]
    if not ids:
        return set()
    query = (
        sa.select(MaintenanceComponent.component_id)
        .join(Maintenance)
        .where(
            MaintenanceComponent.component_id.in_(ids),
            Maintenance.id != maintenance.id,
            Maintenance.status.in_(rules.ACTIVE),
            Maintenance.auto_transition.is_(True),
        )
    )
    return set(db.session.scalars(query))


def _apply(
    statuses: dict[Component, ComponentStatus], at: datetime
) -> list[dict[str, Any]]:
    changes = []
    for component, new_status in statuses.items():
        old_status = component.status
        if component.set_status(new_status, at=at):
            changes.append(
                {
                    "code": component.id,
                    "name": component.name,
                    "old_status": str(old_status),
                    "new_status": str(new_status),
                }
            )
    return changes
