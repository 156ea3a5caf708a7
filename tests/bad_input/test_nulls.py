"""JSON null in Beacon's own API is refused, naming the field, and saves nothing;
monitoring services' webhooks may send it for what they leave out."""

import pytest

from tests.api_client import ApiClient
from tests.bad_input.routes import row_counts

VALID = {
    "title": "Checkout errors",
    "message": "We are looking into failed payments.",
    "severity": "P1",
    "impact": "major",
    "status": "investigating",
    "detection_source": "staff_identified",
    "started_at": "2026-12-01T10:00:00Z",
    "public": True,
}


@pytest.fixture
def api(client, make_token):
    return ApiClient(client, make_token(name="nulls")[1])


def test_the_valid_body_is_accepted(api, page):
    assert api.post(f"/pages/{page.slug}/incidents", VALID).status_code == 201


@pytest.mark.parametrize("field", sorted(VALID))
def test_null_for_any_field_is_a_422_naming_it(api, page, field):
    before = row_counts()
    answer = api.post(f"/pages/{page.slug}/incidents", {**VALID, field: None})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.get_json()["errors"]] == [field]
    assert row_counts() == before


def test_null_in_an_edit_is_refused_not_taken_as_unchanged(api, page, make_maintenance):
    window = make_maintenance(page)
    answer = api.patch(f"/maintenances/{window.id}", {"description": None})
    assert answer.status_code == 422
    assert answer.get_json()["errors"][0]["detail"].startswith("Must not be null")


def test_an_uptime_monitor_may_send_null_for_what_it_leaves_out(
    client, page, make_integration
):
    _, secret = make_integration(page, kind="uptime")
    answer = client.post(
        "/api/v1/integrations/uptime",
        json={"monitor": "checkout", "status": "down", "url": None, "reason": None},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code < 300
