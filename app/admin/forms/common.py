"""Small forms and field helpers shared by the admin resources."""

from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def blank_to_none(value: Any) -> Any:
    """Empty optional text is stored as NULL, not as ''."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def http_url(form: FlaskForm, field: Field) -> None:
    """Only absolute http(s) links: no javascript:, data: or relative URLs."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValidationError("Enter a full http:// or https:// address.")


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def zone_choices() -> list[str]:
    """Every IANA time zone zoneinfo knows, sorted, for a select."""
    return sorted(_zone_names())


def time_zone_name(form: FlaskForm, field: Field) -> None:
    """An IANA time zone zoneinfo knows, e.g. America/New_York.

    Looked up in the list, never loaded first: loading turns the value into a
    file path (a 100,000-character value was an OSError, a 500).
    """
    if field.data not in _zone_names():
        raise ValidationError(
            "Choose an IANA time zone such as America/New_York or UTC."
        )


def optional_url_field(label: str) -> StringField:
    return StringField(
        label,
        validators=[Optional(), Length(max=500), http_url],
        filters=[blank_to_none],
    )


class MoveForm(FlaskForm):
    """Move an item up or down its list."""

    direction = HiddenField(validators=[DataRequired(), AnyOf(["up", "down"])])


class ConfirmForm(FlaskForm):
    """A bare POST with its CSRF token: used to confirm a deletion or toggle."""

    submit = SubmitField("Confirm")


class AuditFilterForm(FlaskForm):
    """Filter the audit log by object (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    object_type = SelectField("Object type", choices=[], default="")
    object_id = StringField("Object id", filters=[strip], validators=[Length(max=64)])
    submit = SubmitField("Filter")


def fill(form: FlaskForm, obj: Any, names: tuple[str, ...]) -> None:
    """Copy only the named fields onto ``obj`` (populate_obj would copy them all)."""
    for name in names:
        form[name].populate_obj(obj, name)
