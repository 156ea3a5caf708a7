"""Admin API objects built from the database rows: everything staff may see,
internal data included. The shapes are ``app.api.v1.objects``."""

from typing import Any

from app.api.v1 import objects as o
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
ts = o.ts


def person(user: User | None) -> o.Person | None:
    return None if user is None else o.Person(id=user.id, name=user.display_name)


def dump(obj: o.Object) -> Json:
    return obj.model_dump(mode="json")


def page_json(page: Page) -> Json:
    return dump(o.Page.model_validate(page))


def component_json(component: Component) -> Json:
    return dump(o.Component.model_validate(component))


def update_object(update: IncidentUpdate) -> o.IncidentUpdate:
    return o.IncidentUpdate(
        id=update.id,
        status=update.status,
        body=update.body,
        visibility=update.visibility,
        author=person(update.author),
        created_at=update.created_at,
        affected_components=list(update.affected_components),
    )


def incident_json(incident: Incident) -> Json:
    components = [
        o.IncidentComponent(
            id=link.component_id, name=link.component.name, status=link.status
        )
        for link in incident.affected
    ]
    fields = o.Incident.model_fields.keys() - {"components", "updates"}
    return dump(
        o.Incident(
            **{name: getattr(incident, name) for name in fields},
            components=components,
            updates=[update_object(u) for u in incident.updates],
        )
    )


def note_json(note: IncidentNote) -> Json:
    return dump(
        o.Note(
            id=note.id,
            incident_id=note.incident_id,
            body=note.body,
            author=person(note.author),
            created_at=note.created_at,
        )
    )


def client_action_json(action: ClientAction) -> Json:
    return dump(
        o.ClientAction(
            id=action.id,
            incident_id=action.incident_id,
            description=action.description,
            occurred_at=action.occurred_at,
            recorded_by=person(action.recorded_by),
            created_at=action.created_at,
        )
    )


def time_entry_json(entry: TimeEntry) -> Json:
    return dump(
        o.TimeEntry(
            id=entry.id,
            incident_id=entry.incident_id,
            user=person(entry.user),
            person_name=entry.person_label,
            work_date=entry.work_date,
            minutes=entry.minutes,
            category=entry.category,
            note=entry.note,
            recorded_by=person(entry.recorded_by),
            created_at=entry.created_at,
        )
    )
