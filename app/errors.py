"""Error pages; a failed request never leaves a half-open transaction behind."""

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from app.api.errors import http_problem, is_api_request, problem_response
from app.extensions import db

HTML_ERRORS = (400, 403, 404, 405, 413, 429)


def _render_http_error(error: HTTPException) -> ResponseReturnValue:
    if is_api_request():
        return http_problem(error)
    return render_template("errors/error.html", error=error), error.code or 500


def _render_server_error(error: Exception) -> ResponseReturnValue:
    db.session.rollback()
    if is_api_request():
        return problem_response(500, "Internal Server Error")
    return render_template("errors/500.html"), 500


def register_error_handlers(app: Flask) -> None:
    for code in HTML_ERRORS:
        app.register_error_handler(code, _render_http_error)
    app.register_error_handler(500, _render_server_error)
