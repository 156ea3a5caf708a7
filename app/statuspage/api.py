"""Statuspage-compatible public API v2: ``/<slug>/api/v2/…`` (or ``/api/v2/…`` on a
page's own hostname). Anonymous, read-only, CORS-open and cached like the pages.
"""

from collections.abc import Callable

from flask import Response, jsonify, request

from app.api import bp
from app.public.cache import cached_render
from app.public.resolve import current_page, pop_page_slug
from app.statuspage import documents

# Endpoints any web page may read cross-origin (the admin API is not among them).
PUBLIC_ENDPOINTS: set[str] = set()

bp.url_value_preprocessor(pop_page_slug)


def _v2(path: str) -> Callable[[Callable], Callable]:
    def register(view: Callable) -> Callable:
        PUBLIC_ENDPOINTS.add(f"{bp.name}.{view.__name__}")
        return bp.get(f"/<slug>/api/v2/{path}")(cached_render(view))

    return register


def _document(body: dict) -> Response:
    return jsonify(body)


@bp.after_request
def _allow_cross_origin(response: Response) -> Response:
    if request.endpoint not in PUBLIC_ENDPOINTS:
        return response
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    headers["Access-Control-Expose-Headers"] = "ETag"
    wanted = request.headers.get("Access-Control-Request-Headers")
    if request.method == "OPTIONS" and wanted:
        # No cookies or credentials are ever honoured here, so any header is fine.
        headers["Access-Control-Allow-Headers"] = wanted
        headers["Access-Control-Max-Age"] = "86400"
    return response


@_v2("summary.json")
def summary():
    return _document(documents.summary(current_page()))


@_v2("status.json")
def status():
    return _document(documents.status(current_page()))


@_v2("components.json")
def components():
    return _document(documents.components(current_page()))


@_v2("incidents.json")
def incidents():
    return _document(documents.incidents(current_page()))


@_v2("incidents/unresolved.json")
def incidents_unresolved():
    return _document(documents.incidents(current_page(), unresolved_only=True))


@_v2("scheduled-maintenances.json")
def maintenances():
    return _document(documents.maintenances(current_page(), "all"))


@_v2("scheduled-maintenances/upcoming.json")
def maintenances_upcoming():
    return _document(documents.maintenances(current_page(), "upcoming"))


@_v2("scheduled-maintenances/active.json")
def maintenances_active():
    return _document(documents.maintenances(current_page(), "active"))
