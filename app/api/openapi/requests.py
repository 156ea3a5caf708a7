"""JSON Schemas of the admin API's request bodies (unknown fields are refused)."""

from app.api.openapi.schemas import ID, TEXT, TIME, Schema, enum, obj
from app.models import (
    ComponentStatus,
    DetectionSource,
    Impact,
    IncidentStatus,
    Severity,
    TimeCategory,
    Visibility,
)

COMPONENT_STATUSES: Schema = {
    "type": "object",
    "description": "Component id (or exact name) -> its new status.",
    "additionalProperties": enum(ComponentStatus),
    "examples": [{"k8w3x1v9q2mz": "major_outage"}],
}
FLAG: Schema = {"type": "boolean"}


def optional(properties: dict[str, Schema], *required: str) -> Schema:
    return obj(properties, optional=tuple(k for k in properties if k not in required))


BODIES: dict[str, Schema] = {
    "IncidentCreate": optional(
        {
            "title": {"type": "string", "maxLength": 200},
            "message": {"type": "string", "description": "The first update."},
            "status": enum(IncidentStatus) | {"default": "investigating"},
            "severity": enum(Severity) | {"default": "P2"},
            "impact": enum(Impact) | {"default": "minor"},
            "detection_source": enum(DetectionSource) | {"default": "staff_identified"},
            "started_at": TIME,
            "detected_at": TIME,
            "public": FLAG | {"default": True},
            "components": COMPONENT_STATUSES,
        },
        "title",
        "message",
    ),
    "IncidentUpdateCreate": optional(
        {
            "status": enum(IncidentStatus),
            "message": TEXT,
            "visibility": enum(Visibility) | {"default": "public"},
            "reopen": FLAG | {"description": "Required to move a resolved incident."},
            "components": COMPONENT_STATUSES,
        },
        "status",
        "message",
    ),
    "IncidentResolve": optional(
        {
            "message": TEXT | {"default": "This incident has been resolved."},
            "visibility": enum(Visibility) | {"default": "public"},
            "components": COMPONENT_STATUSES,
        }
    ),
    "ComponentStatusSet": optional({"status": enum(ComponentStatus)}, "status"),
    "NoteCreate": optional({"body": TEXT, "created_at": TIME}, "body"),
    "ClientActionCreate": optional(
        {"description": TEXT, "occurred_at": TIME}, "description"
    ),
    "TimeEntryCreate": optional(
        {
            "minutes": {"type": "integer", "minimum": 1},
            "work_date": {"type": "string", "format": "date"},
            "category": enum(TimeCategory),
            "user_id": ID,
            "person_name": {
                "type": "string",
                "description": "Someone without an account; default: you.",
            },
            "note": TEXT,
        },
        "minutes",
        "work_date",
        "category",
    ),
    "UptimeAlert": optional(
        {
            "monitor": {
                "type": "string",
                "description": "Monitor (or component) name.",
            },
            "url": {"type": "string", "description": "The URL checked."},
            "status": {"enum": ["up", "down"]},
            "time": TIME,
            "reason": {"type": "string", "examples": ["HTTP 503"]},
        },
        "monitor",
        "status",
    ),
    "AlertmanagerPayload": {
        "type": "object",
        "description": "Prometheus Alertmanager webhook payload, version 4.",
        "required": ["version", "groupKey", "status", "alerts"],
        "properties": {
            "version": {"const": "4"},
            "groupKey": TEXT,
            "truncatedAlerts": {"type": "integer"},
            "status": {"enum": ["firing", "resolved"]},
            "receiver": TEXT,
            "groupLabels": {"type": "object"},
            "commonLabels": {"type": "object"},
            "commonAnnotations": {"type": "object"},
            "externalURL": TEXT,
            "alerts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["status", "labels"],
                    "properties": {
                        "status": {"enum": ["firing", "resolved"]},
                        "labels": {"type": "object"},
                        "annotations": {"type": "object"},
                        "startsAt": TIME,
                        "endsAt": TIME,
                        "generatorURL": TEXT,
                        "fingerprint": TEXT,
                    },
                },
            },
        },
    },
}
