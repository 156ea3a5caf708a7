"""Forms for personal API tokens and monitoring integrations."""

from typing import Any

import sqlalchemy as sa
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
from wtforms.validators import DataRequired, Length, ValidationError

from app.admin.forms.common import strip
from app.core.errors import ValidationError as ServiceError
from app.core.labels import INTEGRATION_KIND_LABELS, STATUS_LABELS
from app.extensions import db
from app.integrations.service import parse_component_map
from app.models import ComponentStatus, IntegrationKind, Page, TokenScope

EXPIRY_CHOICES = [
    SelectChoice("30", "30 days"),
    SelectChoice("90", "90 days"),
    SelectChoice("365", "1 year"),
    SelectChoice("", "Never"),
]


def _pages() -> list[Page]:
    return list(db.session.scalars(sa.select(Page).order_by(Page.name)))


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=120)],
        filters=[strip],
        description="What uses it, e.g. “deploy pipeline”.",
    )
    scope = SelectField(
        "Scope",
        choices=[
            SelectChoice(TokenScope.READ, "Read: only GET requests"),
            SelectChoice(TokenScope.WRITE, "Write: read and change"),
        ],
        coerce=TokenScope,
        default=TokenScope.READ,
    )
    page_ids = SelectMultipleField(
        "Pages", choices=[], description="None selected: every page."
    )
    expires_in = SelectField("Expires after", choices=EXPIRY_CHOICES, default="90")
    submit = SubmitField("Create token")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_ids.choices = [SelectChoice(p.id, p.name) for p in _pages()]


class IntegrationForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(), Length(max=120)], filters=[strip]
    )
    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice(k, label) for k, label in INTEGRATION_KIND_LABELS.items()
        ],
        coerce=IntegrationKind,
    )
    page_id = SelectField("Page", choices=[])
    label_name = StringField(
        "Component label",
        validators=[DataRequired(), Length(max=100)],
        filters=[strip],
        description="Alertmanager: the alert label naming the component.",
    )
    component_map = TextAreaField(
        "Component mapping",
        description="One “value = component name” per line. Values not listed "
        "match a component by name (or, for uptime monitors, by URL).",
    )
    component_status = SelectField(
        "Status of a failing component",
        choices=[
            SelectChoice(s, STATUS_LABELS[s])
            for s in ComponentStatus
            if s is not ComponentStatus.OPERATIONAL
        ],
        coerce=ComponentStatus,
        default=ComponentStatus.MAJOR_OUTAGE,
    )
    resolved_moves_to_monitoring = BooleanField(
        "A recovery moves the incident to Monitoring", default=True
    )
    auto_resolve_public = BooleanField(
        "A recovery resolves the incident (publicly, without a human)"
    )
    publish_automatically = BooleanField(
        "Publish incidents at once (otherwise they stay internal until confirmed)"
    )
    active = BooleanField("Active", default=True)
    submit = SubmitField("Save integration")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_id.choices = [SelectChoice(p.id, p.name) for p in _pages()]
        self.mapping: dict[str, str] = {}

    def validate_component_map(self, field: TextAreaField) -> None:
        page = db.session.get(Page, self.page_id.data or "")
        if page is None:
            return
        try:
            self.mapping = parse_component_map(field.data or "", page)
        except ServiceError as error:
            raise ValidationError(error.message) from None
