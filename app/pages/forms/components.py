"""Forms for components, component groups and setting a status by hand."""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.admin.forms.common import blank_to_none, optional_url_field, strip
from app.admin.forms.fields import DayField
from app.core.labels import STATUS_LABELS
from app.models import Component, ComponentGroup, ComponentStatus, Page
from app.pages.components import name_taken

COMPONENT_FIELDS = (
    "name",
    "description",
    "url",
    "group_id",
    "showcase",
    "only_show_if_degraded",
    "start_date",
)
GROUP_FIELDS = ("name", "description")


def _group_id(value: Any) -> str | None:
    return value or None


class ComponentForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(), Length(max=120)], filters=[strip]
    )
    description = TextAreaField("Description", filters=[blank_to_none])
    url = optional_url_field("URL")
    group_id = SelectField("Group", coerce=_group_id, choices=[])
    showcase = BooleanField("Show uptime bars", default=True)
    only_show_if_degraded = BooleanField("Only show when not operational")
    start_date = DayField(
        "Tracked since",
        validators=[Optional()],
        description="Uptime is counted from this day (optional).",
    )
    submit = SubmitField("Save component")

    def __init__(self, page: Page, component: Component | None = None) -> None:
        super().__init__(obj=component)
        self.page, self.component = page, component
        self.group_id.choices = [SelectChoice("", "No group")] + [
            SelectChoice(group.id, group.name) for group in page.groups
        ]

    def validate_name(self, field: StringField) -> None:
        if field.data and name_taken(self.page, field.data, self.component):
            raise ValidationError(
                f"This page already has a component called “{field.data}”."
            )


class GroupForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(), Length(max=120)], filters=[strip]
    )
    description = TextAreaField("Description", filters=[blank_to_none])
    submit = SubmitField("Save group")

    def __init__(self, group: ComponentGroup | None = None) -> None:
        super().__init__(obj=group)


class ComponentStatusForm(FlaskForm):
    status = SelectField(
        "Status",
        choices=[
            SelectChoice(status, STATUS_LABELS[status]) for status in ComponentStatus
        ],
        coerce=ComponentStatus,
    )
    submit = SubmitField("Set status")
