"""A test client for /api/v1 that checks every answer against the OpenAPI document."""

import re
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.api.openapi import SERVER_PATH, build_document

DOC = build_document("http://status.test")
_REGISTRY = Registry().with_resource(
    "urn:beacon-openapi", Resource.from_contents(DOC, default_specification=DRAFT202012)
)
_ROUTES = [
    (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
    for path in DOC["paths"]
]


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def template_for(path: str) -> str:
    """The document's path template matching a concrete /api/v1 path."""
    local = path.split("?")[0].removeprefix(SERVER_PATH)
    matches = [template for pattern, template in _ROUTES if pattern.match(local)]
    assert matches, f"{path} is not in the OpenAPI document"
    # The most literal template wins (/incidents/x/notes over /incidents/{id}).
    return max(matches, key=lambda t: len(re.sub(r"\{[^}]+\}", "", t)))


def check_response(method: str, path: str, response: Any) -> None:
    """Assert ``response`` is documented for this operation and matches its schema."""
    operation = DOC["paths"][template_for(path)].get(method.lower())
    assert operation, f"{method} {path} is not documented"
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {path} -> {status} undocumented"
    media = (
        "application/json" if response.status_code < 400 else "application/problem+json"
    )
    assert response.mimetype == media, response.mimetype
    if response.status_code < 400:
        where = ("paths", template_for(path), method.lower(), "responses", status)
        where += ("content", media, "schema")
    else:
        where = ("components", "schemas", "Problem")
    schema = {"$ref": "urn:beacon-openapi#/" + _pointer(*where)}
    validator = Draft202012Validator(
        schema, registry=_REGISTRY, format_checker=FormatChecker()
    )
    validator.validate(response.get_json())


class ApiClient:
    """Calls /api/v1 with a bearer token; every answer is validated."""

    def __init__(self, client: Any, secret: str | None) -> None:
        self.client = client
        self.secret = secret

    def request(self, method: str, path: str, json: Any = None, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if self.secret:
            headers.setdefault("Authorization", f"Bearer {self.secret}")
        url = path if path.startswith("/api/") else SERVER_PATH + path
        response = self.client.open(
            url, method=method, json=json, headers=headers, **kwargs
        )
        check_response(method, url, response)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", path, json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.request("PATCH", path, json, **kwargs)
