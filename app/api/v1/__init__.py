"""The admin REST API, ``/api/v1``: automation with personal or integration tokens.

Every request passes ``_authenticate``, the one guard: a personal API token
(``Authorization: Bearer bcn_…``) by default, or an integration token for the
views marked ``@integration_endpoint``. Read tokens may only use GET; page
scoping is enforced where a page is loaded (``app.api.v1.loaders``). JSON in,
JSON out; errors are RFC 9457 problem details. Cookies are never consulted, so
CSRF protection does not apply.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, g, request

from app.api.v1 import auth, problems
from app.extensions import db

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")

View = TypeVar("View", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def integration_endpoint(view: View) -> View:
    """Mark a view as authenticated by an integration token instead."""
    view.integration_auth = True  # type: ignore[attr-defined]
    return view


@bp.before_request
def _authenticate() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return  # routing failed: the 404/405 answer needs no identity
    if getattr(view, "integration_auth", False):
        g.integration = auth.integration_from_request()
        g.audit_via = f"integration {g.integration.name}"
    else:
        g.api_token = auth.token_from_request()
        g.audit_via = f"API token {g.api_token.name}"
        if request.method not in SAFE_METHODS and not g.api_token.can_write:
            raise problems.forbidden("This token may only read (scope: read).")
    db.session.commit()  # the token's last use, even if the request fails


for _error in problems.HANDLED:
    bp.register_error_handler(_error, problems.handle)
