"""Notes, client actions, hours and maintenance through the admin API."""

from datetime import date, timedelta

import pytest

from app.models import MaintenanceStatus
from app.models.base import utcnow
from tests.api_client import ApiClient
from tests.fixtures.factories import page_fixture

page = page_fixture("Website", slug="acme", name="Acme", time_zone="UTC")


@pytest.fixture
def api(client, make_token):
    _, secret = make_token(name="ops")
    return ApiClient(client, secret)


@pytest.fixture
def incident(page, make_incident):
    return make_incident(page, started_at=utcnow() - timedelta(hours=3))


def test_notes(api, incident):
    created = api.post(f"/incidents/{incident.id}/notes", {"body": "Paged Ana."})
    assert created.status_code == 201
    assert created.get_json()["author"]["name"] == "Deploy Bot"
    listed = api.get(f"/incidents/{incident.id}/notes").get_json()
    assert [n["body"] for n in listed["items"]] == ["Paged Ana."]
    blank = api.post(f"/incidents/{incident.id}/notes", {"body": "  "})
    assert blank.get_json()["errors"][0]["field"] == "body"


def test_client_actions(api, incident):
    at = (utcnow() - timedelta(hours=1)).isoformat()
    created = api.post(
        f"/incidents/{incident.id}/client-actions",
        {"description": "Client confirmed no deploys.", "occurred_at": at},
    )
    assert created.status_code == 201
    items = api.get(f"/incidents/{incident.id}/client-actions").get_json()["items"]
    assert items[0]["description"] == "Client confirmed no deploys."
    future = (utcnow() + timedelta(hours=1)).isoformat()
    bad = api.post(
        f"/incidents/{incident.id}/client-actions",
        {"description": "x", "occurred_at": future},
    )
    assert bad.get_json()["errors"][0]["field"] == "occurred_at"


def test_time_entries(api, incident, staff_user):
    today = date.today().isoformat()
    mine = api.post(
        f"/incidents/{incident.id}/time-entries",
        {"minutes": 45, "work_date": today, "category": "fix"},
    )
    assert mine.status_code == 201
    assert mine.get_json()["person_name"] == "Deploy Bot"
    other = api.post(
        f"/incidents/{incident.id}/time-entries",
        {
            "minutes": 30,
            "work_date": today,
            "category": "communication",
            "user_id": staff_user.id,
        },
    )
    assert other.get_json()["user"]["name"] == "Sam Staff"
    listed = api.get(f"/incidents/{incident.id}/time-entries").get_json()
    assert listed["total"] == 2
    bad = api.post(
        f"/incidents/{incident.id}/time-entries",
        {"minutes": 0, "work_date": "someday", "category": "naps", "user_id": "nobody"},
    )
    fields = {e["field"] for e in bad.get_json()["errors"]}
    assert fields == {"minutes", "work_date", "category"}
    nobody = api.post(
        f"/incidents/{incident.id}/time-entries",
        {"minutes": 5, "work_date": today, "category": "fix", "user_id": "nobody"},
    )
    assert nobody.get_json()["errors"][0]["field"] == "user_id"
    day = api.post(
        f"/incidents/{incident.id}/time-entries",
        {"minutes": 24 * 60 + 1, "work_date": today, "category": "fix"},
    )
    assert day.get_json()["errors"][0]["field"] == "minutes"


def test_maintenance_schedule_edit_cancel(api, page):
    website = page.components[0]
    start = utcnow() + timedelta(days=1)
    window = {
        "title": "Database upgrade",
        "description": "We upgrade PostgreSQL.",
        "scheduled_for": start.isoformat(),
        "scheduled_until": (start + timedelta(hours=2)).isoformat(),
        "components": [website.id],
    }
    created = api.post("/pages/acme/maintenances", window)
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "scheduled"
    assert body["components"] == [website.id]
    overlap = api.post("/pages/acme/maintenances", window | {"title": "Again"})
    assert overlap.status_code == 409
    assert "confirm_overlap" in overlap.get_json()["detail"]
    edited = api.patch(
        f"/maintenances/{body['id']}", {"title": "PostgreSQL 17 upgrade"}
    )
    assert edited.get_json()["title"] == "PostgreSQL 17 upgrade"
    assert api.get("/pages/acme/maintenances?state=open").get_json()["total"] == 1
    cancelled = api.post(f"/maintenances/{body['id']}/cancel")
    assert cancelled.get_json()["status"] == MaintenanceStatus.CANCELLED
    assert api.get(f"/maintenances/{body['id']}").get_json()["cancelled_at"]
    assert api.get("/pages/acme/maintenances?state=open").get_json()["total"] == 0
    past = window | {"scheduled_until": (start - timedelta(days=3)).isoformat()}
    assert api.post("/pages/acme/maintenances", past).status_code == 422
