"""The admin API fuzzed from its own OpenAPI document (schemathesis).

For every operation, requests the document calls valid and requests it calls
invalid, half of them aimed at the demo's real rows: no answer is a server
error, every answer matches the document, a request the document calls valid
is never refused for its shape, one it calls invalid is never accepted, and a
refused request changes no row.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
)

from app.api.v1.problems import INVALID_BODY
from app.extensions import db as _db
from app.models import IntegrationKind, Page, TokenScope, User
from tests.bad_input.routes import row_counts

# Per operation and mode (about 1,000 requests in all); more with the variable.
EXAMPLES = int(os.environ.get("BEACON_FUZZ_EXAMPLES", 20))


@pytest.fixture
def api_schema(app, db):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    # Beacon refuses NUL anywhere, as the document says; failures are reported
    # as found (shrinking them costs minutes).
    schema.config.generation.update(
        allow_x00=False,
        no_shrink=True,
        allow_extra_parameters=False,
        with_security_parameters=False,
    )
    return schema


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


def refused_for_its_shape(response) -> bool:  # noqa: ANN001
    """A 400/415, or the 422 of a body the document itself forbids: as opposed
    to a rule about the data (no such component, an impossible lifecycle move,
    a window that overlaps), which a valid request may still meet."""
    if response.status_code in (400, 415):
        return True
    return response.status_code == 422 and response.json().get("type") == INVALID_BODY


def _cases(operation, mode: GenerationMode, demo: dict[str, str]):  # noqa: ANN001, ANN202
    generated = operation.as_strategy(generation_mode=mode)
    return st.one_of(generated, generated.map(lambda c: _with_real_ids(c, demo)))


def _explained(error: Exception) -> str:
    """The failure, with what Hypothesis found inside a flaky one."""
    inner = getattr(error, "exceptions", ())
    return "\n".join(str(e)[:3000] for e in (error, *inner))


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
def test_the_api_keeps_the_promises_of_its_document(api_schema, demo, headers, mode):
    failures = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=_cases(operation, mode, demo))
        def fuzz(case):  # noqa: ANN001
            before = row_counts()
            response = case.call_and_validate(
                headers=headers.get(case.operation.path, headers["*"]),
                checks=[
                    not_a_server_error,
                    response_schema_conformance,
                    negative_data_rejection,
                ],
            )
            if mode is GenerationMode.POSITIVE:
                assert not refused_for_its_shape(response), response.text
            if response.status_code >= 400:
                assert row_counts() == before, "a refused request changed rows"

        try:
            fuzz()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # a bare GET: nothing is invalid
        except Exception as error:  # noqa: BLE001 - collected, reported below
            failures[operation.label] = _explained(error)
    assert failures == {}
