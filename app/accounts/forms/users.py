"""Forms for staff accounts: create, edit, reset a password."""

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.accounts import users
from app.admin.forms.common import strip
from app.models import Role, User

ROLE_CHOICES = [
    SelectChoice(Role.STAFF, "Staff: incidents, updates, hours, reports"),
    SelectChoice(Role.ADMIN, "Admin: everything, including pages, users and settings"),
]


def _password_fields() -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=1024)],
        description=f"At least {users.MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )
    return password, confirm


class _PasswordRules:
    def validate_password(self, field: PasswordField) -> None:
        problem = users.password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class UserCreateForm(_PasswordRules, FlaskForm):
    email = EmailField("Email", validators=[DataRequired()], filters=[strip])
    name = StringField("Name", validators=[Length(max=120)], filters=[strip])
    role = SelectField("Role", choices=ROLE_CHOICES, coerce=Role, default=Role.STAFF)
    password, confirm = _password_fields()
    submit = SubmitField("Create user")

    def validate_email(self, field: EmailField) -> None:
        problem = users.email_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class UserEditForm(FlaskForm):
    name = StringField("Name", validators=[Length(max=120)], filters=[strip])
    role = SelectField("Role", choices=ROLE_CHOICES, coerce=Role)
    active = BooleanField("Active: may sign in")
    submit = SubmitField("Save user")

    def __init__(self, user: User, **kwargs: Any) -> None:
        super().__init__(obj=user, **kwargs)
        self._user = user

    def validate_active(self, field: BooleanField) -> None:
        if self.role.data is None:
            return
        problem = users.lockout_problem(self._user, self.role.data, bool(field.data))
        if problem:
            raise ValidationError(problem)


class PasswordForm(_PasswordRules, FlaskForm):
    password, confirm = _password_fields()
    submit = SubmitField("Set password")
