"""Forms of the maintenance admin: schedule a window, post an update."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from app.admin.forms.fields import LocalDateTimeField
from app.core.labels import status_label
from app.maintenance.rules import allowed_targets
from app.models import Maintenance, Page


class ScheduleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        "Description (Markdown; the first public update)", validators=[DataRequired()]
    )
    components = SelectMultipleField("Affected components")
    starts_at = LocalDateTimeField("Starts (page's time zone)", required=True)
    ends_at = LocalDateTimeField("Ends (page's time zone)", required=True)
    auto_transition = BooleanField(
        "Move the components to under maintenance automatically", default=True
    )
    confirm_overlap = BooleanField("Schedule anyway, despite the overlap")
    submit = SubmitField("Schedule")


def schedule_form(page: Page) -> ScheduleForm:
    form = ScheduleForm()
    form.components.choices = [SelectChoice(c.id, c.name) for c in page.components]
    return form


class MaintenanceUpdateForm(FlaskForm):
    status = SelectField("State")
    body = TextAreaField("Message (Markdown)", validators=[DataRequired()])
    submit = SubmitField("Post update")


def update_form(window: Maintenance) -> MaintenanceUpdateForm:
    form = MaintenanceUpdateForm()
    states = [window.status, *allowed_targets(window.status)]
    form.status.choices = [
        SelectChoice(str(s), status_label(s)) for s in dict.fromkeys(states)
    ]
    return form
