"""Errors under /api paths as RFC 9457 problem details instead of HTML pages."""

import re
from typing import Any

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

# /api/v1/… (admin API) and /<slug>/api/v2/… (public API).
_API_PATH = re.compile(r"^/(?:[^/]+/)?api/")


def is_api_request() -> bool:
    return bool(_API_PATH.match(request.path))


def problem_response(
    status: int, title: str, detail: str | None = None, **extra: Any
) -> Response:
    """A problem+json response; ``detail`` explains this occurrence.

    ``extra`` adds extension members, e.g. ``errors`` listing bad fields.
    """
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def http_problem(error: HTTPException) -> Response:
    code = error.code or 500
    detail = "No such status page or resource." if code == 404 else error.description
    response = problem_response(code, error.name, detail)
    for name, value in error.get_headers():  # e.g. Allow on a 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
