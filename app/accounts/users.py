"""Staff accounts: the rules for creating and changing them, shared by CLI and admin."""

from functools import cache

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from werkzeug.security import check_password_hash, generate_password_hash

from app.core import audit
from app.extensions import db
from app.models import Role, User

MIN_PASSWORD_LENGTH = 10


class UserError(ValueError):
    """A user could not be created or changed; the message says why."""


def normalise_email(email: str) -> str:
    """The form emails are stored and looked up in."""
    return email.strip().lower()


def email_problem(email: str, exclude: User | None = None) -> str | None:
    """Why ``email`` cannot be used for an account, or None."""
    try:
        # test_environment: accept *.test, as the demo accounts use it.
        validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return "Enter a valid email address."
    existing = find_by_email(email)
    if existing is not None and existing is not exclude:
        return "An account with this email already exists."
    return None


def password_problem(password: str) -> str | None:
    """Why ``password`` is too weak, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    return None


def find_by_email(email: str) -> User | None:
    return db.session.scalar(
        sa.select(User).where(User.email == normalise_email(email))
    )


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None, in the same time either way."""
    user = find_by_email(email)
    if user is None or not user.password_hash:
        # Hash anyway, so response time does not tell which emails have accounts.
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no such account", method="scrypt")


def create_user(
    email: str,
    password: str,
    *,
    role: Role = Role.STAFF,
    name: str = "",
    actor: User | None = None,
) -> User:
    """Add an account after checking email and password; the caller commits."""
    problem = email_problem(email) or password_problem(password)
    if problem:
        raise UserError(problem)
    user = User(email=normalise_email(email), name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    audit.record(actor, "create", user, after=audit.snapshot(user, *AUDITED_FIELDS))
    return user


AUDITED_FIELDS = ("email", "name", "role", "active")


def active_admin_count() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True))
    )


def lockout_problem(user: User, role: Role, active: bool) -> str | None:
    """Refuse a change that would leave no active admin to manage Beacon."""
    was_admin = user.role is Role.ADMIN and user.active
    stays_admin = role is Role.ADMIN and active
    if was_admin and not stays_admin and active_admin_count() <= 1:
        return "Beacon needs at least one active admin."
    return None
