"""Field helpers for the incident console: local times, people, service errors."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, Field, SelectChoice, SelectField
from wtforms.validators import DataRequired, Optional, StopValidation

from app.core.errors import ValidationError
from app.core.labels import STATUS_LABELS
from app.core.localtime import local_to_utc
from app.core.validation import day_in_window, time_in_window
from app.extensions import db
from app.incidents.lifecycle import InvalidTransition
from app.models import Component, ComponentStatus, User

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class LocalDateTimeField(DateTimeLocalField):
    """A wall-clock time typed in the page's time zone; ``utc()`` converts it."""

    def __init__(self, label: str, required: bool = False, **kwargs: Any) -> None:
        check = DataRequired("Enter a date and time.") if required else Optional()
        super().__init__(label, validators=[check], format=LOCAL_FORMATS, **kwargs)

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data is not None:
            _in_window(time_in_window, self.data)

    def utc(self, time_zone: str) -> datetime | None:
        """The typed time as a UTC instant; ValidationError for a skipped time."""
        if self.data is None:
            return None
        return local_to_utc(self.data, time_zone, field=self.short_name)


class DayField(DateField):
    """A calendar date within the years Beacon works with (core/validation.py)."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data is not None:
            _in_window(day_in_window, self.data)


def _in_window(check: Any, value: Any) -> None:
    try:
        check(value, "date")
    except ValidationError as error:
        raise StopValidation(error.message) from None


def user_choices(blank: str) -> list[SelectChoice]:
    """Every active account, by name, after a ``blank`` first choice."""
    users = db.session.scalars(
        sa.select(User).where(User.active.is_(True)).order_by(User.name, User.email)
    )
    return [SelectChoice("", blank)] + [
        SelectChoice(user.id, user.display_name) for user in users
    ]


def chosen_user(user_id: str | None) -> User | None:
    """The account picked in a user select, or None for the blank choice."""
    return db.session.get(User, user_id) if user_id else None


def component_field_name(component: Component) -> str:
    return f"component_{component.id}"


class ComponentFields:
    """For forms given one status select per component by with_component_fields."""

    def component_fields(self) -> list[Field]:
        return [f for f in self if f.short_name.startswith("component_")]  # type: ignore[attr-defined]


def with_component_fields(
    form_class: type[FlaskForm],
    components: list[Component],
    blank: str,
    statuses: list[ComponentStatus],
    show_current: bool = False,
) -> type[FlaskForm]:
    """``form_class`` plus one status select per component (blank = no change)."""
    choices = [SelectChoice("", blank)] + [
        SelectChoice(status.value, str(STATUS_LABELS[status])) for status in statuses
    ]
    fields = {
        component_field_name(c): SelectField(
            c.name,
            choices=choices,
            default="",
            description=f"Now: {STATUS_LABELS[c.status]}" if show_current else "",
        )
        for c in components
    }
    return type(form_class.__name__, (form_class,), fields)


def component_statuses(
    form: FlaskForm, components: list[Component]
) -> dict[Component, ComponentStatus]:
    """The statuses chosen in the form's component selects, blanks left out."""
    chosen = {c: form[component_field_name(c)].data for c in components}
    return {c: ComponentStatus(value) for c, value in chosen.items() if value}


def show_error(
    form: FlaskForm, error: ValidationError | InvalidTransition, field: str = ""
) -> None:
    """Put a service's error next to the field it blames (or above the form)."""
    name = getattr(error, "field", None) or field
    message = getattr(error, "message", None) or str(error)
    target = form._fields.get(name) if name else None
    if target is None:
        form.form_errors.append(message)
    else:
        target.errors = [*target.errors, message]
