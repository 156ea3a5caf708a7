"""A NUL or a lone surrogate anywhere (path, query, header, form, JSON) is a 400
on every route, for every visitor, and changes nothing."""

import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.accounts.api_tokens import create_token
from app.extensions import db as _db
from app.models import TokenScope, User
from tests.bad_input.routes import Route, routes, row_counts

EVERY_METHOD = {"GET", "POST", "PUT", "PATCH", "DELETE"}
SURROGATE = '"\\ud800"'  # as JSON writes it; Python's own str cannot be sent as UTF-8


@pytest.fixture
def visitors(app: Flask, demo_admin) -> dict[str, FlaskClient]:
    """An anonymous visitor, and the demo's admin signed in."""
    return {"anonymous": app.test_client(), "admin": demo_admin}


def _refusals(app, visitors, demo, send, methods=EVERY_METHOD) -> list[str]:  # noqa: ANN001
    """Every (visitor, route) whose answer to ``send`` is not a 400."""
    wrong = []
    for who, client in visitors.items():
        for route in routes(app, demo, methods=methods):
            status = send(client, route).status_code
            if status != 400:
                wrong.append(f"{who} {route.method} {route.url}: {status}")
    return wrong


def test_a_nul_in_the_path_is_a_400_everywhere(app, db, visitors, demo):
    def send(client: FlaskClient, route: Route):
        return client.open(route.url.rstrip("/") + "%00", method=route.method)

    assert _refusals(app, visitors, demo, send) == []


def test_a_nul_in_the_query_is_a_400_everywhere(app, db, visitors, demo):
    def send(client: FlaskClient, route: Route):
        return client.open(route.url + "?page=1%00", method=route.method)

    assert _refusals(app, visitors, demo, send) == []


def test_a_nul_in_a_header_is_a_400(app, db, visitors, demo):
    for client in visitors.values():
        for url in ("/apc/", "/admin/", "/apc/api/v2/summary.json"):
            answer = client.get(url, headers={"X-Request-Id": "a\x00b"})
            assert answer.status_code == 400, url


def test_a_nul_in_a_form_field_is_a_400_and_saves_nothing(app, db, visitors, demo):
    before = row_counts()

    def send(client: FlaskClient, route: Route):
        fields = {"name": "Checkout\x00", "email": "a@example.org", "body": "x"}
        return client.open(route.url, method=route.method, data=fields)

    assert _refusals(app, visitors, demo, send, methods={"POST"}) == []
    assert row_counts() == before


def test_a_nul_in_an_upload_name_is_a_400(app, db, visitors, demo):
    answer = visitors["admin"].post(
        f"/admin/pages/{demo['page_id']}/subscribers/import",
        data={"file": (io.BytesIO(b"email\n"), "list\x00.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400


@pytest.fixture
def token(db, demo) -> str:
    admin = db.session.scalar(_db.select(User).filter_by(email="admin@beacon.test"))
    secret = create_token(admin, "fuzz", TokenScope.WRITE)[1]
    db.session.commit()
    return secret


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "Checkout\\u0000 is down", "status": "investigating"}',
        '{"name": ' + SURROGATE + ', "status": "investigating"}',
        '{"name": "Checkout", "metadata": {' + SURROGATE + ": 1}}",
    ],
    ids=["nul", "surrogate", "surrogate key"],
)
def test_json_strings_no_database_stores_are_a_problem(client, token, demo, body):
    before = row_counts()
    answer = client.post(
        "/api/v1/pages/apc/incidents",
        data=body,
        headers={"Authorization": f"Bearer {token}"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert "does not accept" in answer.get_json()["detail"]
    assert row_counts() == before


def test_json_nested_past_reason_is_a_400_not_a_crash(client, demo):
    for depth in (33, 1000, 100_000):  # 100,000 deep: 200 kB, under the JSON cap
        body = "[" * depth + "]" * depth
        answer = client.post(
            "/apc/api/v2/subscribers.json", data=body, content_type="application/json"
        )
        assert answer.status_code == 400, depth
        assert "nested more than 32 levels" in answer.get_json()["detail"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=JSON_VALUES)
def test_no_json_body_breaks_the_public_subscribe_endpoint(client, demo, body):
    encoded = json.dumps(body)  # lone surrogates and NULs come out as escapes
    answer = client.post(
        "/apc/api/v2/subscribers.json", data=encoded, content_type="application/json"
    )
    assert answer.status_code < 500


def test_oversized_bodies_are_a_413_before_anything_is_read(client, demo):
    big_json = '{"subscriber": {"email": "' + "a" * 300_000 + '@example.org"}}'
    answer = client.post(
        "/apc/api/v2/subscribers.json", data=big_json, content_type="application/json"
    )
    assert answer.status_code == 413
    assert answer.mimetype == "application/problem+json"
    huge_form = {"email": "a@example.org", "password": "x" * (5 * 1024 * 1024)}
    assert client.post("/admin/login", data=huge_form).status_code == 413
