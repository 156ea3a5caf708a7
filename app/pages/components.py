"""Component changes made by hand from the admin area, each with its audit entry."""

import sqlalchemy as sa

from app.core import audit, signals
from app.extensions import db
from app.models import (
    Component,
    ComponentStatus,
    ComponentStatusChange,
    IncidentComponent,
    Page,
    User,
)


def set_component_status(
    component: Component, status: ComponentStatus, actor: User | None
) -> bool:
    """Change the status (kept in its history) and audit it; False if unchanged."""
    before = audit.snapshot(component, "status")
    change = component.set_status(status)
    if change is None:
        return False
    audit.record_change(actor, "status", component, before)
    db.session.flush()
    signals.component_status_changed.send(component, change=change)  # webhooks
    return True


def name_taken(page: Page, name: str, component: Component | None = None) -> bool:
    """Whether another component of ``page`` is called ``name`` (ignoring case
    and spacing): the API and people find components by name."""
    wanted = " ".join(name.split()).casefold()
    return any(
        " ".join(other.name.split()).casefold() == wanted
        for other in page.components
        if other is not component
    )


def delete_component(component: Component, actor: User | None) -> None:
    """Delete ``component`` with its history and its links to past incidents."""
    audit.record(
        actor,
        "delete",
        component,
        before=audit.snapshot(component, "name", "status", "group_id", "url"),
    )
    # SQLite does not enforce ON DELETE CASCADE here, so remove dependents by hand.
    for model in (IncidentComponent, ComponentStatusChange):
        db.session.execute(sa.delete(model).where(model.component_id == component.id))
    db.session.delete(component)


def siblings(component: Component) -> list[Component]:
    """The components listed with ``component``: same page, same group."""
    return [c for c in component.page.components if c.group_id == component.group_id]
