"""Error pages; a failed request never leaves a half-open transaction behind."""

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from app.extensions import db

HTML_ERRORS = (400, 403, 404, 405, 413, 429)


def _render_http_error(error: HTTPException) -> tuple[str, int]:
    return render_template("errors/error.html", error=error), error.code or 500


def _render_server_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()
    return render_template("errors/500.html"), 500


def register_error_handlers(app: Flask) -> None:
    for code in HTML_ERRORS:
        app.register_error_handler(code, _render_http_error)
    app.register_error_handler(500, _render_server_error)
