"""The OpenAPI document: valid 3.1, served, complete, and rendered for people."""

import re

from openapi_spec_validator import validate

from app.api.openapi import SERVER_PATH
from tests.api_client import DOC


def test_document_is_valid_openapi_31():
    assert DOC["openapi"] == "3.1.0"
    validate(DOC)


def test_served_document_matches(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    served = response.get_json()
    assert served["paths"] == DOC["paths"]
    assert served["servers"][0]["url"] == "http://status.test/api/v1"


def test_every_route_is_documented_and_every_path_exists(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api_v1."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).removeprefix(
                SERVER_PATH
            )
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((method.lower(), path))
    documented = {(m, p) for p, methods in DOC["paths"].items() for m in methods}
    assert routes == documented


def test_reference_page_renders_without_scripts(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script" not in html
    assert "/pages/{page_ref}/incidents" in html
    assert "Idempotency-Key" in html
    assert 'id="schema-Incident"' in html
