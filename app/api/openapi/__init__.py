"""The OpenAPI 3.1 description of the admin API, built from the route list."""

from typing import Any

from pydantic.json_schema import models_json_schema

from app.api.openapi.paths import OPERATIONS, error_responses, operation
from app.api.v1.objects import Problem

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


# The parameters and headers every operation may refer to.
_SHARED: dict[str, Any] = {
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
}


def schemas() -> dict[str, Any]:
    """The JSON Schemas of every body and answer, from their models: requests
    as they are validated, answers as they are serialised."""
    models = {(Problem, "serialization")}
    for op in OPERATIONS:
        models.add((op.returns, "serialization"))
        if op.body:
            models.add((op.body, "validation"))
    _, document = models_json_schema(
        sorted(models, key=lambda m: m[0].__name__),
        ref_template="#/components/schemas/{model}",
    )
    return dict(sorted(document["$defs"].items()))


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
            "schemas": schemas(),
            "responses": error_responses(),
            **_SHARED,
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
