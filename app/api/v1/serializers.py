"""Admin API objects: everything staff may see, internal data included.

Times are RFC 3339 in UTC (``2025-01-31T14:05:00Z``); ids are the opaque strings
the public API uses too.
"""

from datetime import UTC, datetime
from typing import Any

from app.models import (
    ClientAction,
    Component,
    Incident,
    IncidentNote,
    IncidentUpdate,
    Page,
    TimeEntry,
    User,
)

Json = dict[str, Any]


def ts(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def person(user: User | None) -> Json | None:
    return None if user is None else {"id": user.id, "name": user.display_name}


def page_json(page: Page) -> Json:
    return {
        "id": page.id,
        "slug": page.slug,
        "name": page.name,
        "time_zone": page.time_zone,
        "is_public": page.is_public,
        "coverage_tier": str(page.coverage_tier),
        "sla_minutes": page.sla_minutes,
        "created_at": ts(page.created_at),
        "updated_at": ts(page.updated_at),
    }


def component_json(component: Component) -> Json:
    return {
        "id": component.id,
        "page_id": component.page_id,
        "group_id": component.group_id,
        "name": component.name,
        "description": component.description,
        "status": str(component.status),
        "position": component.position,
        "url": component.url,
        "updated_at": ts(component.updated_at),
    }


def update_json(update: IncidentUpdate) -> Json:
    return {
        "id": update.id,
        "status": str(update.status),
        "body": update.body,
        "visibility": str(update.visibility),
        "author": person(update.author),
        "created_at": ts(update.created_at),
        "affected_components": list(update.affected_components),
    }


def incident_json(incident: Incident) -> Json:
    return {
        "id": incident.id,
        "page_id": incident.page_id,
        "title": incident.title,
        "status": str(incident.status),
        "severity": str(incident.severity),
        "impact": str(incident.impact),
        "detection_source": str(incident.detection_source),
        "is_public": incident.is_public,
        "started_at": ts(incident.started_at),
        "detected_at": ts(incident.detected_at),
        "acknowledged_at": ts(incident.acknowledged_at),
        "identified_at": ts(incident.identified_at),
        "monitoring_at": ts(incident.monitoring_at),
        "resolved_at": ts(incident.resolved_at),
        "created_at": ts(incident.created_at),
        "updated_at": ts(incident.updated_at),
        "components": [
            {
                "id": link.component_id,
                "name": link.component.name,
                "status": str(link.status),
            }
            for link in incident.affected
        ],
        "updates": [update_json(u) for u in incident.updates],
    }


def note_json(note: IncidentNote) -> Json:
    return {
        "id": note.id,
        "incident_id": note.incident_id,
        "body": note.body,
        "author": person(note.author),
        "created_at": ts(note.created_at),
    }


def client_action_json(action: ClientAction) -> Json:
    return {
        "id": action.id,
        "incident_id": action.incident_id,
        "description": action.description,
        "occurred_at": ts(action.occurred_at),
        "recorded_by": person(action.recorded_by),
        "created_at": ts(action.created_at),
    }


def time_entry_json(entry: TimeEntry) -> Json:
    return {
        "id": entry.id,
        "incident_id": entry.incident_id,
        "user": person(entry.user),
        "person_name": entry.person_label,
        "work_date": entry.work_date.isoformat(),
        "minutes": entry.minutes,
        "category": str(entry.category),
        "note": entry.note,
        "recorded_by": person(entry.recorded_by),
        "created_at": ts(entry.created_at),
    }
