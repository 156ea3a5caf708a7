"""Statuspage public API v2 documents as JSON Schemas, from its documented format.

Source: developer.statuspage.io ("Status API": summary, status, components,
incidents, scheduled maintenances) and sample responses of Statuspage pages. Names,
JSON types, enums, nullability and the time format ``2024-03-11T01:12:00.000-04:00``.
``additionalProperties: false`` doubles as a leak check: an internal field
(severity, detection source, SLA stamps) fails validation.
"""

from jsonschema import Draft202012Validator

TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$"
ID = {"type": "string", "pattern": r"^[0-9a-z]{12}$"}
TS = {"type": "string", "pattern": TIME}
TS_OR_NULL = {"type": ["string", "null"], "pattern": TIME}
COMPONENT_STATUSES = [
    "operational",
    "degraded_performance",
    "partial_outage",
    "major_outage",
    "under_maintenance",
]


def _object(properties: dict, optional: tuple = ()) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": [k for k in properties if k not in optional],
        "additionalProperties": False,
    }


PAGE = _object(
    {
        "id": ID,
        "name": {"type": "string"},
        "url": {"type": "string", "pattern": r"^https?://[^/]+(/.*[^/])?$"},
        "time_zone": {"type": "string"},
        "updated_at": TS,
    }
)
STATUS = _object(
    {
        "indicator": {"enum": ["none", "minor", "major", "critical", "maintenance"]},
        "description": {"type": "string"},
    }
)
COMPONENT = _object(
    {
        "id": ID,
        "name": {"type": "string"},
        "status": {"enum": COMPONENT_STATUSES},
        "created_at": TS,
        "updated_at": TS,
        "position": {"type": "integer", "minimum": 1},
        "description": {"type": ["string", "null"]},
        "showcase": {"type": "boolean"},
        "start_date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "group_id": {"type": ["string", "null"]},
        "page_id": ID,
        "group": {"type": "boolean"},
        "only_show_if_degraded": {"type": "boolean"},
        "components": {"type": "array", "items": ID},
    },
    optional=("components",),
)
AFFECTED = _object(
    {
        "code": ID,
        "name": {"type": "string"},
        "old_status": {"enum": COMPONENT_STATUSES},
        "new_status": {"enum": COMPONENT_STATUSES},
    }
)
UPDATE = _object(
    {
        "id": ID,
        "status": {"enum": ["investigating", "identified", "monitoring", "resolved"]},
        "body": {"type": "string"},
        "incident_id": ID,
        "created_at": TS,
        "updated_at": TS,
        "display_at": TS,
        "affected_components": {"type": ["array", "null"], "items": AFFECTED},
        "deliver_notifications": {"type": "boolean"},
        "custom_tweet": {"type": ["string", "null"]},
        "tweet_id": {"type": ["string", "null"]},
    }
)
INCIDENT = _object(
    {
        "id": ID,
        "name": {"type": "string"},
        "status": {
            "enum": [
                "investigating",
                "identified",
                "monitoring",
                "resolved",
                "postmortem",
            ]
        },
        "created_at": TS,
        "updated_at": TS,
        "monitoring_at": TS_OR_NULL,
        "resolved_at": TS_OR_NULL,
        "impact": {"enum": ["none", "minor", "major", "critical"]},
        "shortlink": {"type": "string", "pattern": r"^https?://"},
        "started_at": TS,
        "page_id": ID,
        "incident_updates": {"type": "array", "items": UPDATE},
        "components": {"type": "array", "items": COMPONENT},
        # Statuspage's postmortem fields: null/false until a postmortem is public.
        "postmortem_body": {"type": ["string", "null"]},
        "postmortem_body_last_updated_at": TS_OR_NULL,
        "postmortem_ignored": {"type": "boolean"},
        "postmortem_notified_subscribers": {"type": "boolean"},
        "postmortem_notified_twitter": {"type": "boolean"},
        "postmortem_published_at": TS_OR_NULL,
    }
)
MAINTENANCE_UPDATE = _object(
    {
        **UPDATE["properties"],
        "status": {"enum": ["scheduled", "in_progress", "verifying", "completed"]},
    }
)
MAINTENANCE = _object(
    {
        **{
            name: rule
            for name, rule in INCIDENT["properties"].items()
            if not name.startswith("postmortem_")
        },
        "status": {"enum": ["scheduled", "in_progress", "verifying", "completed"]},
        "impact": {"const": "maintenance"},
        "monitoring_at": {"type": "null"},
        "incident_updates": {"type": "array", "items": MAINTENANCE_UPDATE},
        "scheduled_for": TS,
        "scheduled_until": TS,
        "scheduled_remind_prior": {"type": "boolean"},
        "scheduled_reminded_at": TS_OR_NULL,
        "scheduled_auto_in_progress": {"type": "boolean"},
        "scheduled_auto_completed": {"type": "boolean"},
    }
)
MAINTENANCES = {"type": "array", "items": MAINTENANCE}


def _document(**members: dict) -> Draft202012Validator:
    schema = _object({"page": PAGE, **members})
    return Draft202012Validator(schema)


CONTRACTS = {
    "summary.json": _document(
        components={"type": "array", "items": COMPONENT},
        incidents={"type": "array", "items": INCIDENT},
        scheduled_maintenances=MAINTENANCES,
        status=STATUS,
    ),
    "status.json": _document(status=STATUS),
    "components.json": _document(components={"type": "array", "items": COMPONENT}),
    "incidents.json": _document(incidents={"type": "array", "items": INCIDENT}),
    "incidents/unresolved.json": _document(
        incidents={"type": "array", "items": INCIDENT}
    ),
    "scheduled-maintenances.json": _document(scheduled_maintenances=MAINTENANCES),
    "scheduled-maintenances/upcoming.json": _document(
        scheduled_maintenances=MAINTENANCES
    ),
    "scheduled-maintenances/active.json": _document(
        scheduled_maintenances=MAINTENANCES
    ),
}

# POST /api/v2/subscribers.json: Statuspage's clients send ``subscriber[email]``,
# ``subscriber[endpoint]`` (webhooks, with an email), ``subscriber[component_ids]``
# or ``subscriber[incident]``, and read ``subscriber.id`` (to DELETE it later),
# ``subscriber.email`` and ``mode`` ("email_sms" or "webhook").
SUBSCRIBER = _object(
    {
        "id": ID,
        "mode": {"enum": ["email_sms", "webhook"]},
        "email": {"type": "string", "format": "email"},
        "endpoint": {"type": ["string", "null"], "pattern": r"^https?://"},
        "component_ids": {"type": "array", "items": ID},
        "incident_id": {"type": ["string", "null"]},
        "confirmation": {"enum": ["pending"]},
    }
)
SUBSCRIBER_CREATED = _document(subscriber=SUBSCRIBER)
