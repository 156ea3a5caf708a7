"""Public forms: subscribing and managing a subscription."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectMultipleField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.notifications.subscriptions import InvalidEmail, normalise_email


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes, one per choice: usable without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ComponentsForm(FlaskForm):
    components = MultiCheckboxField(
        _l("Only these components (leave all unticked to follow everything)"),
        choices=[],
    )


class SubscribeForm(ComponentsForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )

    def validate_email(self, field: EmailField) -> None:
        try:
            normalise_email(field.data or "")
        except InvalidEmail as error:
            raise ValidationError(_l("Enter a valid email address.")) from error
