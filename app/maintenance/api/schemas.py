"""A maintenance window in the admin API: its JSON object and the JSON Schemas.

Everything the admin API says about a window is here, beside its routes: the
object (``maintenance_json``), its schema and the request bodies, which the
OpenAPI document (``app.api.openapi``) collects.
"""

from app.api.openapi.schemas import (
    ID,
    TEXT,
    TIME,
    TIME_OR_NULL,
    Schema,
    enum,
    obj,
    page_of,
    ref,
)
from app.api.v1.serializers import Json, ts
from app.models import Maintenance, MaintenanceStatus, MaintenanceUpdate

FLAG: Schema = {"type": "boolean"}
_WINDOW_FIELDS: dict[str, Schema] = {
    "title": {"type": "string", "maxLength": 200},
    "description": TEXT,
    "scheduled_for": TIME,
    "scheduled_until": TIME,
    "components": {"type": "array", "items": ID},
}


def maintenance_update_json(update: MaintenanceUpdate) -> Json:
    return {
        "id": update.id,
        "status": str(update.status),
        "body": update.body,
        "created_at": ts(update.created_at),
    }


def maintenance_json(maintenance: Maintenance) -> Json:
    return {
        "id": maintenance.id,
        "page_id": maintenance.page_id,
        "title": maintenance.title,
        "description": maintenance.description,
        "status": str(maintenance.status),
        "scheduled_for": ts(maintenance.scheduled_for),
        "scheduled_until": ts(maintenance.scheduled_until),
        "auto_transition": maintenance.auto_transition,
        "started_at": ts(maintenance.started_at),
        "completed_at": ts(maintenance.completed_at),
        "cancelled_at": ts(maintenance.cancelled_at),
        "components": [c.id for c in maintenance.components],
        "updates": [maintenance_update_json(u) for u in maintenance.updates],
        "created_at": ts(maintenance.created_at),
        "updated_at": ts(maintenance.updated_at),
    }


OBJECTS: dict[str, Schema] = {
    "MaintenanceUpdate": obj(
        {"id": ID, "status": enum(MaintenanceStatus), "body": TEXT, "created_at": TIME}
    ),
    "Maintenance": obj(
        {
            "id": ID,
            "page_id": ID,
            "title": TEXT,
            "description": TEXT,
            "status": enum(MaintenanceStatus),
            "scheduled_for": TIME,
            "scheduled_until": TIME,
            "auto_transition": FLAG,
            "started_at": TIME_OR_NULL,
            "completed_at": TIME_OR_NULL,
            "cancelled_at": TIME_OR_NULL,
            "components": {"type": "array", "items": ID},
            "updates": {"type": "array", "items": ref("MaintenanceUpdate")},
            "created_at": TIME,
            "updated_at": TIME,
        }
    ),
    "MaintenanceList": page_of("Maintenance"),
}

BODIES: dict[str, Schema] = {
    "MaintenanceCreate": obj(
        _WINDOW_FIELDS
        | {
            "auto_transition": FLAG | {"default": True},
            "confirm_overlap": FLAG | {"default": False},
        },
        optional=("description", "components", "auto_transition", "confirm_overlap"),
    ),
    "MaintenanceEdit": obj(
        _WINDOW_FIELDS | {"auto_transition": FLAG, "confirm_overlap": FLAG},
        optional=(*_WINDOW_FIELDS, "auto_transition", "confirm_overlap"),
    ),
    "MaintenanceCancel": obj({"message": TEXT}, optional=("message",)),
}
