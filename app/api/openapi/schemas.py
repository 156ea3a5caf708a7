"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the admin API's objects."""

from typing import Any

from app.models import (
    ComponentStatus,
    CoverageTier,
    DetectionSource,
    Impact,
    IncidentStatus,
    Severity,
    TimeCategory,
    Visibility,
)

Schema = dict[str, Any]

ID: Schema = {
    "type": "string",
    "pattern": "^[0-9a-z]{12}$",
    "examples": ["p31zjtct2jer"],
}
TIME: Schema = {
    "type": "string",
    "format": "date-time",
    "examples": ["2025-01-31T14:05:00Z"],
}
TIME_OR_NULL: Schema = {"type": ["string", "null"], "format": "date-time"}
TEXT: Schema = {"type": "string"}
TEXT_OR_NULL: Schema = {"type": ["string", "null"]}


def enum(values: type) -> Schema:
    return {"type": "string", "enum": [v.value for v in values]}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """A closed object: every property required unless ``optional``."""
    return {
        "type": "object",
        "properties": properties,
        "required": [k for k in properties if k not in optional],
        "additionalProperties": False,
    }


def page_of(item: str) -> Schema:
    return obj(
        {
            "items": {"type": "array", "items": ref(item)},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
            "next": {"type": ["string", "null"], "format": "uri"},
        }
    )


PERSON = {"oneOf": [obj({"id": ID, "name": TEXT}), {"type": "null"}]}
AFFECTED = obj(
    {
        "code": ID,
        "name": TEXT,
        "old_status": enum(ComponentStatus),
        "new_status": enum(ComponentStatus),
    }
)

OBJECTS: dict[str, Schema] = {
    "Page": obj(
        {
            "id": ID,
            "slug": TEXT,
            "name": TEXT,
            "time_zone": {"type": "string", "examples": ["America/New_York"]},
            "is_public": {"type": "boolean"},
            "coverage_tier": enum(CoverageTier),
            "sla_minutes": {"type": "integer"},
            "created_at": TIME,
            "updated_at": TIME,
        }
    ),
    "Component": obj(
        {
            "id": ID,
            "page_id": ID,
            "group_id": {"oneOf": [ID, {"type": "null"}]},
            "name": TEXT,
            "description": TEXT_OR_NULL,
            "status": enum(ComponentStatus),
            "position": {"type": "integer"},
            "url": TEXT_OR_NULL,
            "updated_at": TIME,
        }
    ),
    "IncidentUpdate": obj(
        {
            "id": ID,
            "status": enum(IncidentStatus),
            "body": TEXT,
            "visibility": enum(Visibility),
            "author": PERSON,
            "created_at": TIME,
            "affected_components": {"type": "array", "items": AFFECTED},
        }
    ),
    "Incident": obj(
        {
            "id": ID,
            "page_id": ID,
            "title": TEXT,
            "status": enum(IncidentStatus),
            "severity": enum(Severity),
            "impact": enum(Impact),
            "detection_source": enum(DetectionSource),
            "is_public": {"type": "boolean"},
            "started_at": TIME,
            "detected_at": TIME_OR_NULL,
            "acknowledged_at": TIME_OR_NULL,
            "identified_at": TIME_OR_NULL,
            "monitoring_at": TIME_OR_NULL,
            "resolved_at": TIME_OR_NULL,
            "created_at": TIME,
            "updated_at": TIME,
            "components": {
                "type": "array",
                "items": obj({"id": ID, "name": TEXT, "status": enum(ComponentStatus)}),
            },
            "updates": {
                "type": "array",
                "items": ref("IncidentUpdate"),
                "description": "Newest first; internal updates included.",
            },
        }
    ),
    "Note": obj(
        {
            "id": ID,
            "incident_id": ID,
            "body": TEXT,
            "author": PERSON,
            "created_at": TIME,
        }
    ),
    "ClientAction": obj(
        {
            "id": ID,
            "incident_id": ID,
            "description": TEXT,
            "occurred_at": TIME,
            "recorded_by": PERSON,
            "created_at": TIME,
        }
    ),
    "TimeEntry": obj(
        {
            "id": ID,
            "incident_id": ID,
            "user": PERSON,
            "person_name": TEXT,
            "work_date": {"type": "string", "format": "date"},
            "minutes": {"type": "integer", "minimum": 1},
            "category": enum(TimeCategory),
            "note": TEXT,
            "recorded_by": PERSON,
            "created_at": TIME,
        }
    ),
    "AlertOutcome": obj(
        {
            "outcome": {
                "enum": ["opened", "updated", "calmed", "resolved", "noted", "ignored"]
            },
            "incident_id": {"oneOf": [ID, {"type": "null"}]},
            "incident_status": {"oneOf": [enum(IncidentStatus), {"type": "null"}]},
            "reason": TEXT_OR_NULL,
        }
    ),
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "properties": {
            "type": TEXT,
            "title": TEXT,
            "status": {"type": "integer"},
            "detail": TEXT,
            "errors": {
                "type": "array",
                "items": obj({"field": TEXT, "pointer": TEXT, "detail": TEXT}),
            },
        },
        "required": ["type", "title", "status"],
    },
}

for _name in ("Page", "Component", "Incident", "Note", "ClientAction", "TimeEntry"):
    OBJECTS[f"{_name}List"] = page_of(_name)
