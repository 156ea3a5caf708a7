"""The staff admin area: one blueprint, one guard, resource modules.

Every request passes ``_guard``: anonymous users go to sign-in, and views
marked with ``@admin_only`` answer 403 to staff. Nothing else enforces access,
so a new view is safe by default (signed-in staff) and opts in to admin-only.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, request
from flask_login import current_user

from app.core.labels import CONTACT_CHANNEL_LABELS
from app.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")

View = TypeVar("View", bound=Callable[..., Any])


def admin_only(view: View) -> View:
    """Mark a view as for admins only; the blueprint guard enforces it."""
    view.admin_only = True  # type: ignore[attr-defined]
    return view


def is_admin_only(endpoint: str) -> bool:
    """Whether the guard refuses ``endpoint`` to staff."""
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "admin_only", False))


@bp.before_request
def _guard() -> Any:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if (
        request.endpoint
        and is_admin_only(request.endpoint)
        and not current_user.is_admin
    ):
        abort(403)
    return None


@bp.context_processor
def _admin_globals() -> dict[str, Any]:

    return {"is_admin_only": is_admin_only, "channel_labels": CONTACT_CHANNEL_LABELS}
