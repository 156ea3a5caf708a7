"""A maintenance window in the admin API: its object and its request bodies.

Everything the admin API says about a window is here, beside its routes, as
typed models that the OpenAPI document (``app.api.openapi``) collects.
"""

from pydantic import Field, StrictBool

from app.api.v1.bodies import Instant, RequestBody, Text, Title
from app.api.v1.objects import Id, Object, Time, listing
from app.api.v1.serializers import Json, dump
from app.models import Maintenance as MaintenanceRow
from app.models import MaintenanceStatus


class MaintenanceUpdate(Object):
    id: Id
    status: MaintenanceStatus
    body: str
    created_at: Time


class Maintenance(Object):
    id: Id
    page_id: Id
    title: str
    description: str
    status: MaintenanceStatus
    scheduled_for: Time
    scheduled_until: Time
    auto_transition: bool
    started_at: Time | None
    completed_at: Time | None
    cancelled_at: Time | None
    components: list[Id]
    updates: list[MaintenanceUpdate]
    created_at: Time
    updated_at: Time


MaintenanceList = listing(Maintenance)


def maintenance_json(maintenance: MaintenanceRow) -> Json:
    fields = Maintenance.model_fields.keys() - {"components", "updates"}
    return dump(
        Maintenance(
            **{name: getattr(maintenance, name) for name in fields},
            components=[c.id for c in maintenance.components],
            updates=[MaintenanceUpdate.model_validate(u) for u in maintenance.updates],
        )
    )


class MaintenanceCreate(RequestBody):
    title: Title
    description: Text = ""
    scheduled_for: Instant
    scheduled_until: Instant
    components: list[str] = Field(default_factory=list, description="Component ids.")
    auto_transition: StrictBool = True
    confirm_overlap: StrictBool = False


class MaintenanceEdit(RequestBody):
    """Only the fields sent change."""

    title: Title = None
    description: Text = None
    scheduled_for: Instant = None
    scheduled_until: Instant = None
    components: list[str] = Field(default=None, description="Component ids.")
    auto_transition: StrictBool = None
    confirm_overlap: StrictBool = False


class MaintenanceCancel(RequestBody):
    message: Text = None


OBJECTS = (MaintenanceUpdate, Maintenance, MaintenanceList)
BODIES = (MaintenanceCreate, MaintenanceEdit, MaintenanceCancel)
