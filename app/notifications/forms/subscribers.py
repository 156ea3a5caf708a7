"""Forms for a page's subscribers: list filter, CSV import, webhooks."""

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.admin.forms.common import http_url, strip
from app.models import Component
from app.notifications.subscriber_csv import InvalidUpload, read_upload
from app.notifications.subscribers import InvalidWebhook, check_url

STATUS_FILTERS = [
    SelectChoice("", "Everyone"),
    SelectChoice("confirmed", "Confirmed"),
    SelectChoice("pending", "Pending"),
    SelectChoice("unsubscribed", "Unsubscribed"),
]


class SubscriberFilterForm(FlaskForm):
    """Filter the subscriber list by status (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    status = SelectField("Status", choices=STATUS_FILTERS, default="")
    submit = SubmitField("Filter")


class SubscriberImportForm(FlaskForm):
    file = FileField(
        "CSV file",
        validators=[FileRequired("Choose a CSV file.")],
        description="Columns: email (required) and components (names separated by "
        "“;”, empty for all). Commas, semicolons or tabs; UTF-8.",
    )
    mode = RadioField(
        "These people",
        choices=[
            SelectChoice("confirmed", "already agreed: subscribe them at once"),
            SelectChoice("confirm", "must confirm: send each a confirmation email"),
        ],
        default="confirm",
    )
    submit = SubmitField("Import")
    text = ""

    def validate_file(self, field: FileField) -> None:
        limit = current_app.config["SUBSCRIBER_IMPORT_MAX_BYTES"]
        # Read one byte past the limit: enough to refuse it, never the whole file.
        data = field.data.stream.read(limit + 1)
        try:
            self.text = read_upload(data, limit)
        except InvalidUpload as error:
            raise ValidationError(str(error)) from None


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes, one per choice: usable without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def reachable_webhook(form: FlaskForm, field: Any) -> None:
    """Refuse what webhooks may not reach: this machine, a private network."""
    if field.data:
        try:
            check_url(field.data)
        except InvalidWebhook as error:
            raise ValidationError(str(error)) from None


class WebhookForm(FlaskForm):
    url = StringField(
        "URL",
        validators=[DataRequired(), Length(max=1000), http_url, reachable_webhook],
        filters=[strip],
        description="Beacon POSTs signed JSON here.",
    )
    components = MultiCheckboxField(
        "Only these components (none ticked: every component)", choices=[]
    )
    submit = SubmitField("Save webhook")


def webhook_form(choices: list[Component], **data: Any) -> WebhookForm:
    """The webhook form with one checkbox per component of the page."""
    form = WebhookForm(data=data or None)
    form.components.choices = [SelectChoice(c.id, c.name) for c in choices]
    return form
