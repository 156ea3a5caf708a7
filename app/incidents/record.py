"""The incident's internal record: notes, alert log, client actions, debrief text.

Nothing here is ever public. Services validate, flush, and leave the commit to the
caller; bad input raises app.core.errors.ValidationError with the field to blame.
"""

from collections.abc import Mapping
from datetime import datetime

from app.core.errors import ValidationError
from app.core.validation import not_before, not_in_future, required_text
from app.extensions import db
from app.models import (
    AlertAnswer,
    AlertChannel,
    AlertLogEntry,
    ClientAction,
    Incident,
    IncidentNote,
    IncidentRecord,
    TimeEntry,
    User,
)
from app.models.base import utcnow
from app.models.incident_record import CLIENT_REPORT_FIELDS, DEBRIEF_FIELDS


def add_note(
    incident: Incident, body: str, author: User | None, at: datetime | None = None
) -> IncidentNote:
    """Add an internal note to the incident."""
    now = utcnow()
    note = IncidentNote(
        body=required_text(body, "note", "body"),
        author=author,
        created_at=not_in_future(at or now, now, "note time", "created_at"),
    )
    incident.notes.append(note)
    db.session.flush()
    return note


def log_alert(
    incident: Incident,
    *,
    person_name: str,
    alerted_at: datetime,
    channel: AlertChannel,
    answered: AlertAnswer = AlertAnswer.UNKNOWN,
    alerted_by: str = "",
    note: str = "",
    recorded_by: User | None = None,
    now: datetime | None = None,
) -> AlertLogEntry:
    """Record that ``person_name`` was alerted at ``alerted_at`` through ``channel``."""
    now = now or utcnow()
    not_in_future(alerted_at, now, "alert time", "alerted_at")
    not_before(
        alerted_at,
        incident.started_at,
        "alert time",
        "the start of the incident",
        "alerted_at",
    )
    entry = AlertLogEntry(
        person_name=required_text(
            person_name, "name of the person alerted", "person_name"
        ),
        alerted_at=alerted_at,
        channel=AlertChannel(channel),
        answered=AlertAnswer(answered),
        alerted_by=(alerted_by or "").strip(),
        note=(note or "").strip(),
        recorded_by=recorded_by,
    )
    incident.alert_log.append(entry)
    db.session.flush()
    return entry


def record_client_action(
    incident: Incident,
    description: str,
    occurred_at: datetime,
    *,
    recorded_by: User | None = None,
    now: datetime | None = None,
) -> ClientAction:
    """Record what the client did or confirmed, and when."""
    now = now or utcnow()
    action = ClientAction(
        description=required_text(description, "description", "description"),
        occurred_at=not_in_future(occurred_at, now, "time", "occurred_at"),
        recorded_by=recorded_by,
    )
    incident.client_actions.append(action)
    db.session.flush()
    return action


def record_for(incident: Incident) -> IncidentRecord:
    """The incident's debrief/client-report record, created empty on first use."""
    if incident.record is None:
        incident.record = IncidentRecord()
    return incident.record


def _write(
    incident: Incident,
    names: tuple[str, ...],
    fields: Mapping[str, str],
    user: User | None,
) -> IncidentRecord:
    unknown = set(fields) - set(names)
    if unknown:
        raise ValidationError(f"Unknown field: {', '.join(sorted(unknown))}.")
    record = record_for(incident)
    for name, value in fields.items():
        setattr(record, name, (value or "").strip())
    record.updated_by = user
    db.session.flush()
    return record


def update_debrief(
    incident: Incident, user: User | None = None, **fields: str
) -> IncidentRecord:
    """Write the internal debrief; fields are named in DEBRIEF_FIELDS."""
    return _write(incident, DEBRIEF_FIELDS, fields, user)


def update_client_report(
    incident: Incident, user: User | None = None, **fields: str
) -> IncidentRecord:
    """Write the client-report text; fields are named in CLIENT_REPORT_FIELDS."""
    return _write(incident, CLIENT_REPORT_FIELDS, fields, user)


def remove_entry(
    entry: IncidentNote | AlertLogEntry | ClientAction | TimeEntry,
) -> None:
    """Delete one note, alert-log entry, client action or time entry."""
    entry.incident = None  # type: ignore[assignment]
    db.session.delete(entry)
    db.session.flush()
