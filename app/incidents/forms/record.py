"""Forms of an incident's internal record: notes, alerts, client actions, hours."""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.admin.forms.common import strip
from app.admin.forms.fields import DayField, LocalDateTimeField, user_choices
from app.core.labels import ALERT_CHANNEL_LABELS, ANSWER_LABELS, CATEGORY_LABELS
from app.incidents.hours_rules import MAX_ENTRY_MINUTES
from app.models import AlertAnswer, AlertChannel, Incident, TimeCategory, User
from app.models.incident_record import CLIENT_REPORT_FIELDS, DEBRIEF_FIELDS

NOTE_FIELDS = ("body",)
ALERT_FIELDS = (
    "person_name",
    "alerted_by",
    "alerted_at",
    "channel",
    "answered",
    "note",
)
CLIENT_ACTION_FIELDS = ("description", "occurred_at")
TIME_FIELDS = ("person_name", "work_date", "minutes", "category", "note")


def _text(label: str, description: str = "") -> TextAreaField:
    return TextAreaField(label, validators=[Length(max=20000)], description=description)


class NoteForm(FlaskForm):
    body = TextAreaField(
        "Note", validators=[DataRequired("Write the note."), Length(max=20000)]
    )
    submit = SubmitField("Add note")


class AlertForm(FlaskForm):
    person_name = StringField(
        "Who was alerted",
        validators=[DataRequired(), Length(max=120)],
        filters=[strip],
    )
    channel = SelectField(
        "Channel",
        choices=[SelectChoice(c.value, ALERT_CHANNEL_LABELS[c]) for c in AlertChannel],
    )
    alerted_at = LocalDateTimeField("When", required=True)
    answered = SelectField(
        "Answered?",
        choices=[SelectChoice(a.value, label) for a, label in ANSWER_LABELS.items()],
        default=AlertAnswer.UNKNOWN.value,
    )
    alerted_by = StringField(
        "Alerted by",
        validators=[Length(max=120)],
        filters=[strip],
        description="A person, or the monitor that raised it (e.g. StatusCake).",
    )
    note = StringField("Note", validators=[Length(max=2000)], filters=[strip])
    submit = SubmitField("Log alert")


class ClientActionForm(FlaskForm):
    occurred_at = LocalDateTimeField("When", required=True)
    description = TextAreaField(
        "What the client did or confirmed",
        validators=[DataRequired(), Length(max=20000)],
        description="e.g. Confirmed nothing was published in the past 3 days.",
    )
    submit = SubmitField("Record client action")


class TimeForm(FlaskForm):
    user_id = SelectField("Who", choices=[], default="")
    person_name = StringField(
        "Or name (no account)",
        validators=[Length(max=120)],
        filters=[strip],
        description="For someone without an account, e.g. a contractor.",
    )
    work_date = DayField("Date", validators=[DataRequired("Enter the date.")])
    minutes = IntegerField(
        "Minutes",
        validators=[
            InputRequired("Enter the time spent in minutes."),
            NumberRange(
                min=1,
                max=MAX_ENTRY_MINUTES,
                message=f"Between 1 and {MAX_ENTRY_MINUTES} minutes.",
            ),
        ],
    )
    category = SelectField(
        "Category",
        choices=[SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()],
        default=TimeCategory.EMERGENCY_RESPONSE.value,
    )
    note = StringField("Note", validators=[Length(max=2000)], filters=[strip])
    submit = SubmitField("Log hours")


class DebriefForm(FlaskForm):
    what_happened = _text("What happened")
    investigation = _text("The investigation")
    resolution = _text("The resolution")
    prevention = _text("How to avoid it next time")
    submit = SubmitField("Save debrief")


class ClientReportForm(FlaskForm):
    resolution_done = _text("Resolution steps taken")
    resolution_next = _text("Resolution steps still to do")
    side_effects = _text(
        "Expected side-effects for the client",
        "e.g. slow builds, intermittent log-in issues.",
    )
    client_next_steps = _text("Next steps for the client")
    hours_logged_as = StringField(
        "Hours logged as",
        validators=[Length(max=200)],
        filters=[strip],
        description="e.g. Emergency Response under Core Coverage.",
    )
    submit = SubmitField("Save")


def record_forms(incident: Incident, user: User) -> dict[str, FlaskForm]:
    """Fresh forms for every section of the internal record (never request-bound)."""
    record = incident.record
    time_form = TimeForm(formdata=None, prefix="time", user_id=user.id)
    time_form.user_id.choices = user_choices("Someone without an account")
    return {
        "note_form": NoteForm(formdata=None, prefix="note"),
        "alert_form": AlertForm(formdata=None, prefix="alert"),
        "client_action_form": ClientActionForm(formdata=None, prefix="client"),
        "time_form": time_form,
        "debrief_form": DebriefForm(formdata=None, prefix="debrief", obj=record),
        "report_form": ClientReportForm(formdata=None, prefix="report", obj=record),
    }


def bound_time_form() -> TimeForm:
    form = TimeForm(prefix="time")
    form.user_id.choices = user_choices("Someone without an account")
    return form


def section_data(form: FlaskForm, section: str) -> dict[str, Any]:
    """The debrief or client-report fields of a submitted form."""
    names = DEBRIEF_FIELDS if section == "debrief" else CLIENT_REPORT_FIELDS
    return {name: form[name].data or "" for name in names}
