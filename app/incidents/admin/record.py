"""The internal record on the console page: one small form per section."""

from typing import Any

from flask import abort
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.admin import bp
from app.admin.forms.common import ConfirmForm
from app.admin.forms.fields import chosen_user
from app.admin.helpers import saved
from app.extensions import db
from app.incidents import console as incident_console
from app.incidents import hours
from app.incidents import record as internal_record
from app.incidents.admin.common import attempt, render_console
from app.incidents.forms.record import (
    ALERT_FIELDS,
    CLIENT_ACTION_FIELDS,
    NOTE_FIELDS,
    TIME_FIELDS,
    AlertForm,
    ClientActionForm,
    ClientReportForm,
    DebriefForm,
    NoteForm,
    bound_time_form,
    section_data,
)
from app.models import (
    AlertAnswer,
    AlertChannel,
    AlertLogEntry,
    ClientAction,
    Incident,
    IncidentNote,
    TimeCategory,
    TimeEntry,
)

# URL name of each kind of entry -> its model, audited fields and console anchor.
ENTRY_KINDS: dict[str, tuple[type, tuple[str, ...], str]] = {
    "note": (IncidentNote, NOTE_FIELDS, "notes"),
    "alert": (AlertLogEntry, ALERT_FIELDS, "alerts"),
    "client-action": (ClientAction, CLIENT_ACTION_FIELDS, "client-actions"),
    "time": (TimeEntry, TIME_FIELDS, "hours"),
}


def _handle(
    incident: Incident, name: str, form: FlaskForm, action: Any, anchor: str
) -> Any:
    """Validate ``form``, run ``action``, commit; else the console with its errors."""
    if form.validate_on_submit() and attempt(form, action):
        return saved(
            "Saved.", "admin.incident_detail", incident_id=incident.id, _anchor=anchor
        )
    return render_console(incident, **{name: form})


def _add_entry(
    incident: Incident, name: str, form: FlaskForm, add: Any, kind: str
) -> Any:
    """``_handle`` for a new entry made by ``add()``, audited with its fields."""
    _model, fields, anchor = ENTRY_KINDS[kind]

    def action() -> Any:
        entry = add()
        incident_console.record_entry(current_user, incident, entry, *fields)
        return entry

    return _handle(incident, name, form, action, anchor)


@bp.post("/incidents/<incident_id>/notes")
def incident_note_create(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = NoteForm(prefix="note")

    def add() -> Any:
        return internal_record.add_note(incident, form.body.data, current_user)

    return _add_entry(incident, "note_form", form, add, "note")


@bp.post("/incidents/<incident_id>/alerts")
def incident_alert_create(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = AlertForm(prefix="alert")

    def add() -> Any:
        return internal_record.log_alert(
            incident,
            person_name=form.person_name.data,
            alerted_at=form.alerted_at.utc(incident.page.time_zone),
            channel=AlertChannel(form.channel.data),
            answered=AlertAnswer(form.answered.data),
            alerted_by=form.alerted_by.data or "",
            note=form.note.data or "",
            recorded_by=current_user,
        )

    return _add_entry(incident, "alert_form", form, add, "alert")


@bp.post("/incidents/<incident_id>/client-actions")
def incident_client_action_create(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = ClientActionForm(prefix="client")

    def add() -> Any:
        return internal_record.record_client_action(
            incident,
            form.description.data,
            form.occurred_at.utc(incident.page.time_zone),
            recorded_by=current_user,
        )

    return _add_entry(incident, "client_action_form", form, add, "client-action")


@bp.post("/incidents/<incident_id>/hours")
def incident_time_create(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = bound_time_form()

    def add() -> Any:
        return hours.log_time(
            incident,
            minutes=form.minutes.data,
            work_date=form.work_date.data,
            category=TimeCategory(form.category.data),
            user=chosen_user(form.user_id.data),
            person_name=form.person_name.data or "",
            note=form.note.data or "",
            recorded_by=current_user,
        )

    return _add_entry(incident, "time_form", form, add, "time")


@bp.post("/incidents/<incident_id>/debrief")
def incident_debrief_edit(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = DebriefForm(prefix="debrief")
    action = _writer(incident, form, "debrief")
    return _handle(incident, "debrief_form", form, action, "debrief")


@bp.post("/incidents/<incident_id>/client-report")
def incident_client_report_edit(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = ClientReportForm(prefix="report")
    action = _writer(incident, form, "client_report")
    return _handle(incident, "report_form", form, action, "resolution")


def _writer(incident: Incident, form: FlaskForm, section: str) -> Any:
    return lambda: incident_console.write_record(
        incident, current_user, section, section_data(form, section)
    )


@bp.post("/incidents/<incident_id>/<kind>/<entry_id>/delete")
def incident_entry_delete(incident_id: str, kind: str, entry_id: str) -> Response:
    incident = db.get_or_404(Incident, incident_id)
    model, fields, anchor = ENTRY_KINDS.get(kind) or abort(404)
    entry = db.get_or_404(model, entry_id)
    if entry.incident_id != incident.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    incident_console.remove_entry(current_user, incident, entry, *fields)
    return saved(
        "Entry removed.",
        "admin.incident_detail",
        incident_id=incident.id,
        _anchor=anchor,
    )
