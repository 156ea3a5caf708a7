"""The OpenAPI 3.1 description of the admin API, built from the route list."""

from typing import Any

from app.api.openapi.paths import OPERATIONS, error_responses, operation
from app.api.openapi.requests import BODIES as _BODIES
from app.api.openapi.schemas import OBJECTS as _OBJECTS
from app.maintenance.api import schemas as maintenance

# Each capability that speaks the admin API adds its own objects and bodies.
OBJECTS = _OBJECTS | maintenance.OBJECTS
BODIES = _BODIES | maintenance.BODIES

SERVER_PATH = "/api/v1"
DESCRIPTION = """\
Automation for Beacon: read pages and components, declare and update incidents,
keep the internal record, schedule maintenance, and feed monitoring alerts in.

Authenticate with a personal API token (created in the admin area under *API
tokens*) as `Authorization: Bearer bcn_…`. Read tokens may only GET; tokens can
be limited to some pages. Errors are RFC 9457 problem details; invalid fields
are listed in `errors`. Lists are paginated with `page` and `per_page` (at most
100) and carry a `Link` header and a `next` URL. POSTs honour an
`Idempotency-Key` header: a retry with the same key and body gets the first
answer back (with `Idempotent-Replayed: true`) and changes nothing; the same key
with another body is refused with 422. Keys are kept for 24 hours.
"""


def build_document(base_url: str) -> dict[str, Any]:
    """The whole document; ``base_url`` is where the API is served."""
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Beacon admin API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": base_url.rstrip("/") + SERVER_PATH}],
        "security": [{"apiToken": []}],
        "paths": paths,
        "components": {
            "schemas": OBJECTS | BODIES,
            "responses": error_responses(),
            "parameters": {
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "description": "Any unique string (a UUID); retries reuse it.",
                    "schema": {"type": "string", "maxLength": 255},
                }
            },
            "headers": {
                "Link": {
                    "description": "RFC 8288 links: first, prev, next, last.",
                    "schema": {"type": "string"},
                }
            },
            "securitySchemes": {
                "apiToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token (bcn_…).",
                },
                "integrationToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An integration's token (bci_…); uptime "
                    "services that cannot set headers may send ?token= instead.",
                },
            },
        },
    }
