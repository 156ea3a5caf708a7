"""The admin REST API end to end: pages, components, incidents, updates, resolve."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, ComponentStatus, Delivery, Incident, IncidentStatus
from app.models.base import utcnow
from tests.api_client import ApiClient
from tests.fixtures.factories import page_fixture

page = page_fixture(
    {"name": "Website", "position": 0},
    {"name": "API", "position": 1},
    slug="acme",
    name="Acme",
)


@pytest.fixture
def api(client, make_token):
    token, secret = make_token(name="deploy-bot")
    return ApiClient(client, secret)


def _component(page, name):
    return next(c for c in page.components if c.name == name)


def test_pages_list_and_read_by_id_or_slug(api, page):
    listed = api.get("/pages").get_json()
    assert [p["slug"] for p in listed["items"]] == ["acme"]
    assert api.get("/pages/acme").get_json()["id"] == page.id
    assert api.get(f"/pages/{page.id}").get_json()["slug"] == "acme"
    assert api.get("/pages/nope").status_code == 404


def test_components_list_read_and_set_status(api, page, db):
    items = api.get("/pages/acme/components").get_json()["items"]
    assert [c["name"] for c in items] == ["Website", "API"]
    website = items[0]["id"]
    assert api.get(f"/components/{website}").get_json()["status"] == "operational"
    changed = api.patch(f"/components/{website}", {"status": "partial_outage"})
    assert changed.get_json()["status"] == "partial_outage"
    db.session.expire_all()
    assert _component(page, "Website").status is ComponentStatus.PARTIAL_OUTAGE
    bad = api.patch(f"/components/{website}", {"status": "melted"})
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["field"] == "status"


def test_declare_update_and_resolve_an_incident(api, page, db):
    created = api.post(
        "/pages/acme/incidents",
        {
            "title": "Checkout errors",
            "message": "We are looking into failed payments.",
            "severity": "P1",
            "impact": "major",
            "components": {"Website": "major_outage"},
        },
    )
    assert created.status_code == 201
    incident = created.get_json()
    assert created.headers["Location"].endswith(f"/api/v1/incidents/{incident['id']}")
    assert incident["status"] == "investigating"
    assert incident["severity"] == "P1"
    assert incident["components"][0]["status"] == "major_outage"
    assert incident["updates"][0]["author"]["name"] == "Deploy Bot"
    website = _component(page, "Website")
    posted = api.post(
        f"/incidents/{incident['id']}/updates",
        {
            "status": "identified",
            "message": "A bad deploy.",
            "components": {website.id: "partial_outage"},
        },
    )
    assert posted.status_code == 201
    assert posted.get_json()["status"] == "identified"
    resolved = api.post(f"/incidents/{incident['id']}/resolve")
    assert resolved.status_code == 200
    body = resolved.get_json()
    assert body["status"] == "resolved"
    assert body["updates"][0]["body"] == "This incident has been resolved."
    db.session.expire_all()
    assert website.status is ComponentStatus.OPERATIONAL


def test_internal_update_and_illegal_move(api, page, make_incident):
    incident = make_incident(page)
    internal = api.post(
        f"/incidents/{incident.id}/updates",
        {
            "status": "investigating",
            "message": "Paged the DBA.",
            "visibility": "internal",
        },
    )
    assert internal.get_json()["updates"][0]["visibility"] == "internal"
    api.post(f"/incidents/{incident.id}/resolve", {"message": "Fixed."})
    again = api.post(
        f"/incidents/{incident.id}/updates",
        {"status": "investigating", "message": "Oops"},
    )
    assert again.status_code == 422
    assert again.get_json()["errors"][0]["field"] == "status"
    reopened = api.post(
        f"/incidents/{incident.id}/updates",
        {"status": "investigating", "message": "Back again", "reopen": True},
    )
    assert reopened.get_json()["status"] == "investigating"


def test_field_errors_name_every_bad_field(api, page):
    response = api.post(
        "/pages/acme/incidents",
        {
            "title": "",
            "severity": "P9",
            "components": {"Nope": "sideways"},
            "colour": 1,
        },
    )
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["title"] == "Unprocessable Content"
    fields = {e["field"]: e["detail"] for e in problem["errors"]}
    assert set(fields) == {"title", "message", "severity", "components.Nope", "colour"}
    assert fields["colour"] == "Unknown field."
    assert fields["message"] == "This field is required."
    assert fields["title"] == "Must not be blank."
    assert {e["pointer"] for e in problem["errors"]} >= {"#/components/Nope"}


def test_components_not_on_the_page_are_named_once_the_body_is_well_formed(api, page):
    body = {"title": "Down", "message": "x", "components": {"Nope": "major_outage"}}
    response = api.post("/pages/acme/incidents", body)
    assert response.status_code == 422
    [error] = response.get_json()["errors"]
    assert error == {
        "field": "components.Nope",
        "pointer": "#/components/Nope",
        "detail": "No such component on this page.",
    }


def test_service_validation_errors_carry_the_field(api, page):
    future = (utcnow() + timedelta(hours=2)).isoformat()
    response = api.post(
        "/pages/acme/incidents",
        {"title": "Future", "message": "x", "started_at": future},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "started_at"


@pytest.mark.parametrize(
    ("kwargs", "status", "detail"),
    [
        (
            {"data": "not json", "content_type": "application/json"},
            400,
            "not valid JSON",
        ),
        ({"data": "title=x", "content_type": "text/plain"}, 415, "Send JSON"),
        ({"json": ["a list"]}, 422, "invalid fields"),
    ],
)
def test_bodies_must_be_json_objects(api, page, kwargs, status, detail):
    response = api.request("POST", "/pages/acme/incidents", **kwargs)
    assert response.status_code == status
    assert detail in response.get_json()["detail"]


def test_incident_lists_filter_and_paginate(api, page, make_incident):
    for n in range(5):
        make_incident(page, f"Incident {n}", started_at=utcnow() - timedelta(hours=n))
    first = api.get("/incidents?per_page=2")
    body = first.get_json()
    assert body["total"] == 5
    assert [i["title"] for i in body["items"]] == ["Incident 0", "Incident 1"]
    assert "page=2" in body["next"]
    assert "per_page=2" in body["next"]
    assert 'rel="next"' in first.headers["Link"]
    assert 'rel="last"' in first.headers["Link"]
    last = api.get("/pages/acme/incidents?page=3&per_page=2").get_json()
    assert [i["title"] for i in last["items"]] == ["Incident 4"]
    assert last["next"] is None
    assert api.get("/incidents?state=resolved").get_json()["total"] == 0
    assert api.get("/incidents?state=open").get_json()["total"] == 5
    assert api.get("/incidents?per_page=500").status_code == 400
    assert api.get("/incidents?state=sideways").status_code == 400


def test_every_change_is_audited_with_the_token(api, page, db):
    incident = api.post(
        "/pages/acme/incidents", {"title": "Down", "message": "Looking."}
    ).get_json()
    api.post(f"/incidents/{incident['id']}/resolve")
    website = _component(page, "Website")
    api.patch(f"/components/{website.id}", {"status": "major_outage"})
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.object_type) for e in entries][-3:] == [
        ("create", "incident"),
        ("post_update", "incident"),
        ("status", "component"),
    ]
    for entry in entries[-3:]:
        assert entry.actor.name == "Deploy Bot"
        assert entry.summary.endswith("(via API token deploy-bot)")


def test_reading_changes_nothing_in_the_audit_log(api, page, db, make_incident):
    incident = make_incident(page)
    before = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    api.get(f"/incidents/{incident.id}")
    api.get("/pages")
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == before


def test_unknown_routes_and_methods_are_problems(api, client):
    missing = client.get(
        "/api/v1/nothing-here", headers={"Authorization": f"Bearer {api.secret}"}
    )
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
    wrong = client.delete(
        "/api/v1/pages", headers={"Authorization": f"Bearer {api.secret}"}
    )
    assert wrong.status_code == 405
    assert wrong.mimetype == "application/problem+json"


def test_declared_incident_is_real(api, page, db):
    response = api.post(
        "/pages/acme/incidents",
        {
            "title": "Internal only",
            "message": "x",
            "public": False,
            "status": "identified",
        },
    )
    incident = db.session.get(Incident, response.get_json()["id"])
    assert incident.is_public is False
    assert incident.status is IncidentStatus.IDENTIFIED


def test_resolving_again_posts_nothing_and_notifies_nobody(
    api, page, db, make_subscriber
):
    make_subscriber(page)
    created = api.post(
        "/pages/acme/incidents", {"title": "Checkout errors", "message": "Looking."}
    ).get_json()
    sent = db.session.scalar(sa.select(sa.func.count()).select_from(Delivery))
    assert sent > 0
    answers = [api.post(f"/incidents/{created['id']}/resolve") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[2].get_json() == answers[0].get_json()
    db.session.expire_all()
    statuses = [u.status for u in db.session.get(Incident, created["id"]).updates]
    assert statuses.count(IncidentStatus.RESOLVED) == 1
    after = db.session.scalar(sa.select(sa.func.count()).select_from(Delivery))
    assert after == 2 * sent  # the declaration's messages, then one resolution's
