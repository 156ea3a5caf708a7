"""Who the session belongs to, and where a signed-in user may be sent next."""

import hmac
from urllib.parse import urlsplit

from flask import g, url_for

from app.auth import bp
from app.extensions import db, login_manager
from app.models import User


@bp.before_app_request
def _forget_cached_user() -> None:
    # Flask-Login caches the user on g, and g outlives a request when an app
    # context was already pushed (tests, scripts): decide afresh every request.
    g.pop("_login_user", None)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The active user a session names; a changed password, signing out or
    deactivation ends it."""
    user_id = session_id.partition(".")[0]
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.get_id(), session_id):
        return None
    return user


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the admin dashboard."""
    if target and _is_local_path(target):
        return target
    return url_for("admin.dashboard")


def _is_local_path(target: str) -> bool:
    # Browsers ignore tabs/newlines and treat "\" as "/", so "/\t/evil" is "//evil".
    if any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in target):
        return False
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not target.startswith("//")
        and not (parts.scheme or parts.netloc)
    )
