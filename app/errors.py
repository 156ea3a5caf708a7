"""Error pages; a failed request never leaves a half-open transaction behind."""

import contextlib
import logging

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import exc
from werkzeug.exceptions import BadRequest, Conflict, HTTPException, ServiceUnavailable

from app.api.errors import http_problem, is_api_request, problem_response
from app.extensions import db

HTML_ERRORS = (400, 403, 404, 405, 409, 413, 429, 503)
RETRY_AFTER_SECONDS = 5
log = logging.getLogger(__name__)


def _render_http_error(error: HTTPException) -> ResponseReturnValue:
    if is_api_request():
        return http_problem(error)
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_template(_template(error), error=error), error.code or 500, headers


def _template(error: HTTPException) -> str:
    # A 503 page touches nothing that needs the database (it is what failed).
    if error.code == 503:
        return "errors/503.html"
    # Signed-in staff keep the admin navigation around an admin error.
    in_admin = request.blueprint == "admin" or request.path.startswith("/admin/")
    if in_admin and current_user.is_authenticated:
        return "errors/admin_error.html"
    return "errors/error.html"


def _render_server_error(error: Exception) -> ResponseReturnValue:
    db.session.rollback()
    if is_api_request():
        return problem_response(500, "Internal Server Error")
    return render_template("errors/500.html"), 500


def _database_refused(error: exc.DBAPIError) -> ResponseReturnValue:
    """What the database refused, as the 4xx or 503 it means for the client.

    A unique value saved by a concurrent request (the form checked it first, the
    other request won the race) is a 409; a value the database cannot hold is a
    400; a database that cannot be reached (a restart, a failover) is a 503 the
    client may retry. Nothing of the request was saved: its transaction is gone.
    """
    # The connection may have gone with the database; the pool replaces it.
    with contextlib.suppress(exc.DBAPIError):
        db.session.rollback()
    if isinstance(error, exc.IntegrityError):
        answer: HTTPException = Conflict(
            "Someone saved a conflicting change at the same moment. "
            "Reload the page and try again."
        )
    elif isinstance(error, exc.DataError):
        answer = BadRequest("A value is too long or out of range for Beacon to store.")
    elif isinstance(error, exc.OperationalError | exc.InterfaceError):
        log.warning("database unavailable: %s", error.orig)
        answer = ServiceUnavailable(
            "The database is briefly unavailable. Try again in a few seconds."
        )
        answer.retry_after = RETRY_AFTER_SECONDS
    else:
        raise error
    return _render_http_error(answer)


def _end_session(error: BaseException | None) -> None:
    """End the request's session; a connection the database dropped (a restart
    ended it mid-request) is discarded, not raised past the response.

    Registered after Flask-SQLAlchemy's own teardown, so it runs first; that
    one then finds nothing left to close.
    """
    with contextlib.suppress(exc.DBAPIError):
        db.session.remove()


def register_error_handlers(app: Flask) -> None:
    app.teardown_appcontext(_end_session)
    for code in HTML_ERRORS:
        app.register_error_handler(code, _render_http_error)
    app.register_error_handler(exc.DBAPIError, _database_refused)
    app.register_error_handler(500, _render_server_error)
