"""The internal record of an incident: notes, client actions and hours."""

import sqlalchemy as sa

from app.api.v1 import bp
from app.api.v1 import serializers as s
from app.api.v1.bodies import parse
from app.api.v1.loaders import load, token
from app.api.v1.problems import field_error, invalid
from app.api.v1.responses import idempotent, paginate, respond
from app.core import audit
from app.extensions import db
from app.incidents import hours
from app.incidents import record as internal_record
from app.incidents.api import bodies as b
from app.models import (
    ClientAction,
    Incident,
    IncidentNote,
    TimeEntry,
    User,
)
from app.models.base import utcnow


def _incident(incident_id: str) -> Incident:
    return load(Incident, incident_id, "incident")


def _created(item, serialize, fields: tuple[str, ...]):
    audit.record(token().owner, "create", item, after=audit.snapshot(item, *fields))
    return respond(serialize(item), 201)


@bp.get("/incidents/<incident_id>/notes")
def note_list(incident_id: str):
    incident = _incident(incident_id)
    query = sa.select(IncidentNote).where(IncidentNote.incident_id == incident.id)
    return paginate(
        query.order_by(IncidentNote.created_at, IncidentNote.id), s.note_json
    )


@bp.post("/incidents/<incident_id>/notes")
@idempotent
def note_create(incident_id: str):
    incident = _incident(incident_id)
    body = parse(b.NoteCreate)
    note = internal_record.add_note(incident, body.body, token().owner, body.created_at)
    return _created(note, s.note_json, ("incident_id", "body"))


@bp.get("/incidents/<incident_id>/client-actions")
def client_action_list(incident_id: str):
    incident = _incident(incident_id)
    query = sa.select(ClientAction).where(ClientAction.incident_id == incident.id)
    query = query.order_by(ClientAction.occurred_at, ClientAction.id)
    return paginate(query, s.client_action_json)


@bp.post("/incidents/<incident_id>/client-actions")
@idempotent
def client_action_create(incident_id: str):
    incident = _incident(incident_id)
    body = parse(b.ClientActionCreate)
    action = internal_record.record_client_action(
        incident,
        body.description,
        body.occurred_at or utcnow(),
        recorded_by=token().owner,
    )
    return _created(
        action, s.client_action_json, ("incident_id", "description", "occurred_at")
    )


@bp.get("/incidents/<incident_id>/time-entries")
def time_entry_list(incident_id: str):
    incident = _incident(incident_id)
    query = sa.select(TimeEntry).where(TimeEntry.incident_id == incident.id)
    query = query.order_by(TimeEntry.work_date, TimeEntry.created_at, TimeEntry.id)
    return paginate(query, s.time_entry_json)


def _worker(body: b.TimeEntryCreate) -> tuple[User | None, str]:
    """Who did the work: ``user_id``, else ``person_name``, else the token's owner."""
    if body.user_id:
        user = db.session.get(User, body.user_id)
        if user is None:
            raise invalid([field_error("user_id", "No such user.")])
        return user, ""
    name = body.person_name or ""
    return (None, name) if name else (token().owner, "")


@bp.post("/incidents/<incident_id>/time-entries")
@idempotent
def time_entry_create(incident_id: str):
    incident = _incident(incident_id)
    body = parse(b.TimeEntryCreate)
    user, name = _worker(body)
    entry = hours.log_time(
        incident,
        **body.model_dump(include={"minutes", "work_date", "category", "note"}),
        user=user,
        person_name=name,
        recorded_by=token().owner,
    )
    return _created(
        entry, s.time_entry_json, ("incident_id", "person_name", "minutes", "category")
    )
