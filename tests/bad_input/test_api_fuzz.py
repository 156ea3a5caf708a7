"""The admin API fuzzed from its own OpenAPI document (schemathesis): whatever a
client sends, valid by the document or not, no answer is a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from app.extensions import db as _db
from app.models import IntegrationKind, Page, TokenScope, User


@pytest.fixture
def api_schema(app, db):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.fixture
def headers(db, make_token, make_integration, demo) -> dict[str, dict]:
    """Each operation's credentials: an admin's write token, or the integration's."""
    admin = db.session.scalar(_db.select(User).filter_by(email="admin@beacon.test"))
    _, secret = make_token(owner=admin, scope=TokenScope.WRITE)
    apc = db.session.scalar(_db.select(Page).filter_by(slug="apc"))
    by_path = {"*": {"Authorization": f"Bearer {secret}"}}
    for kind in (IntegrationKind.ALERTMANAGER, IntegrationKind.UPTIME):
        _, secret = make_integration(apc, kind=kind.value)
        by_path[f"/integrations/{kind.value}"] = {"Authorization": f"Bearer {secret}"}
    return by_path


def _with_real_ids(case, ids: dict[str, str]):  # noqa: ANN001, ANN202
    for name in list(case.path_parameters or {}):
        if name in ids:
            case.path_parameters[name] = ids[name]
    return case


def test_no_request_is_a_server_error(api_schema, demo, headers):
    """Every operation, 25 generated requests each: half at the demo's real rows."""
    failures = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        generated = operation.as_strategy()
        cases = st.one_of(generated, generated.map(lambda c: _with_real_ids(c, demo)))

        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=cases)
        def fuzz(case):  # noqa: ANN001
            case.call_and_validate(
                headers=headers.get(case.operation.path, headers["*"]),
                checks=[not_a_server_error],
            )

        try:
            fuzz()
        except Exception as error:  # noqa: BLE001 - collected, reported below
            failures[operation.label] = str(error)[:3000]
    assert failures == {}
