"""What staff do to a maintenance window, each audited once, whichever door.

The admin form and the admin API call these; they call the services and add
the one audit entry (the channel, "via API token …", comes from the request).
Like the services they flush and leave the commit to the caller.
"""

from datetime import datetime
from typing import Any

from app.core import audit
from app.maintenance import service
from app.maintenance.rules import MaintenancePatch
from app.models import Maintenance, MaintenanceStatus, MaintenanceUpdate, Page, User

AUDITED_FIELDS = ("title", "status", "scheduled_for", "scheduled_until")


def schedule(
    page: Page,
    actor: User | None,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    **options: Any,
) -> Maintenance:
    """Schedule a window (see ``schedule_maintenance``) and audit it."""
    window = service.schedule_maintenance(
        page, title, description, starts_at, ends_at, author=actor, **options
    )
    after = audit.snapshot(window, *AUDITED_FIELDS)
    audit.record(actor, "schedule", window, after=after)
    return window


def edit(
    window: Maintenance,
    actor: User | None,
    patch: MaintenancePatch,
    *,
    confirm_overlap: bool = False,
) -> list[str]:
    """Apply ``patch`` (see ``edit_maintenance``); audit the fields it changed."""
    before = audit.snapshot(window, *AUDITED_FIELDS, "description")
    changes = service.edit_maintenance(window, patch, confirm_overlap=confirm_overlap)
    if changes:
        audit.record_change(actor, "update", window, before)
    return changes


def post_update(
    window: Maintenance, actor: User | None, status: MaintenanceStatus, body: str
) -> MaintenanceUpdate:
    """Post an update (see ``post_maintenance_update``); audit a status it moved."""
    before = audit.snapshot(window, "status")
    update = service.post_maintenance_update(window, status, body, author=actor)
    audit.record_change(actor, "post_update", window, before)
    return update


def cancel(
    window: Maintenance, actor: User | None, body: str = service.CANCEL_BODY
) -> MaintenanceUpdate:
    """Cancel a window that has not started, and audit it."""
    before = audit.snapshot(window, "status")
    update = service.cancel_maintenance(window, body, author=actor)
    audit.record_change(actor, "cancel", window, before)
    return update
