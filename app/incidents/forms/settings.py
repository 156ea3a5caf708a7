"""Admin settings forms: severity policies and communication templates."""

from typing import Any

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from app.admin.forms.common import strip
from app.core.labels import REVIEW_LABELS, TEMPLATE_KIND_LABELS
from app.extensions import db
from app.incidents.forms.incidents import INCIDENT_STATES
from app.incidents.placeholders import PLACEHOLDERS, unknown_placeholders
from app.models import CommunicationTemplate, ReviewRequirement, TemplateKind

TEMPLATE_FIELDS = ("name", "kind", "suggested_status", "body", "position")
POLICY_FIELDS = (
    "label",
    "update_cadence_minutes",
    "recovery_target_minutes",
    "review",
    "description",
)
PLACEHOLDER_HELP = "Placeholders: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)


def _minutes(label: str, description: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=1, max=365 * 24 * 60, message="At least one minute."),
        ],
        description=description,
    )


class PolicyForm(FlaskForm):
    label = StringField(
        "Label", validators=[DataRequired(), Length(max=80)], filters=[strip]
    )
    update_cadence_minutes = _minutes(
        "Public update every (minutes)", "Leave blank for no cadence (P3)."
    )
    recovery_target_minutes = _minutes(
        "Recovery target (minutes)", "Leave blank for no target."
    )
    review = SelectField(
        "Post-incident review",
        choices=[SelectChoice(r.value, REVIEW_LABELS[r]) for r in ReviewRequirement],
    )
    description = TextAreaField("When to use it", validators=[Length(max=5000)])
    submit = SubmitField("Save policy")


def _blank_status(value: Any) -> Any:
    return value or None


class TemplateForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(), Length(max=120)], filters=[strip]
    )
    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice(k.value, label) for k, label in TEMPLATE_KIND_LABELS.items()
        ],
        default=TemplateKind.OTHER.value,
    )
    suggested_status = SelectField(
        "Suggested state",
        choices=[SelectChoice("", "None")] + INCIDENT_STATES,
        coerce=_blank_status,
        default="",
        description="Pre-selected in the update form with this wording.",
    )
    body = TextAreaField(
        "Text (Markdown)",
        validators=[DataRequired(), Length(max=20000)],
        description=PLACEHOLDER_HELP + ". Write {{ and }} for literal braces.",
    )
    position = IntegerField(
        "Menu position", validators=[Optional(), NumberRange(min=0, max=1000)]
    )
    submit = SubmitField("Save template")

    def __init__(self, template: CommunicationTemplate | None = None) -> None:
        super().__init__(obj=template)
        self._template = template

    def validate_name(self, field: StringField) -> None:
        query = sa.select(CommunicationTemplate.id).where(
            CommunicationTemplate.name == field.data
        )
        if self._template is not None:
            query = query.where(CommunicationTemplate.id != self._template.id)
        if db.session.scalar(query) is not None:
            raise FieldError("Another template already has this name.")

    def validate_body(self, field: TextAreaField) -> None:
        unknown = unknown_placeholders(field.data or "")
        if unknown:
            raise FieldError(
                f"Unknown placeholder {', '.join(unknown)}. {PLACEHOLDER_HELP}."
            )
