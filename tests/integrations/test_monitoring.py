"""Monitoring alerts open, update and calm incidents (Alertmanager v4, uptime)."""

import copy

import pytest
import sqlalchemy as sa

from app.models import (
    AuditEntry,
    ComponentStatus,
    DetectionSource,
    Incident,
    IncidentStatus,
    Integration,
    Visibility,
)
from tests.api_client import ApiClient
from tests.fixtures.factories import page_fixture

# The webhook payload as Alertmanager documents it (docs/configuration.md,
# <webhook_config>, version 4), with the labels of a blackbox HTTP probe.
FIRING = {
    "version": "4",
    "groupKey": '{}/{severity="critical"}:{alertname="ProbeFailure"}',
    "truncatedAlerts": 0,
    "status": "firing",
    "receiver": "beacon",
    "groupLabels": {"alertname": "ProbeFailure"},
    "commonLabels": {
        "alertname": "ProbeFailure",
        "instance": "https://shop.acme.example",
        "job": "http_checks",
        "severity": "critical",
        "beacon_component": "shop",
    },
    "commonAnnotations": {
        "summary": "BlackBox Probe Failure: https://shop.acme.example",
        "description": "Instance https://shop.acme.example has been down for 5m.",
    },
    "externalURL": "http://alertmanager.example.org:9093",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "ProbeFailure",
                "instance": "https://shop.acme.example",
                "job": "http_checks",
                "severity": "critical",
                "beacon_component": "shop",
            },
            "annotations": {
                "summary": "BlackBox Probe Failure: https://shop.acme.example",
                "description": "Instance https://shop.acme.example has been down.",
            },
            "startsAt": "2020-02-06T13:08:45.828Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1",
            "fingerprint": "1a30ba71cca2921f",
        }
    ],
}


def resolved(payload: dict) -> dict:
    payload = copy.deepcopy(payload)
    payload["status"] = "resolved"
    for alert in payload["alerts"]:
        alert["status"] = "resolved"
        alert["endsAt"] = "2020-02-06T13:20:45.828Z"
    return payload


page = page_fixture(
    {"name": "Shop", "url": "https://shop.acme.example"},
    "Blog",
    slug="acme",
    name="Acme",
)


@pytest.fixture
def alertmanager(client, page, make_integration):
    integration, secret = make_integration(page, "alertmanager", name="prometheus")
    return ApiClient(client, secret)


def _shop(page):
    return next(c for c in page.components if c.name == "Shop")


def _alert(api, payload):
    return api.post("/integrations/alertmanager", payload)


def test_firing_alert_opens_an_internal_monitoring_incident(alertmanager, page, db):
    response = _alert(alertmanager, FIRING)
    assert response.status_code == 200
    assert response.get_json()["outcome"] == "opened"
    incident = db.session.get(Incident, response.get_json()["incident_id"])
    assert incident.status is IncidentStatus.INVESTIGATING
    assert incident.detection_source is DetectionSource.MONITORING
    assert incident.is_public is False
    assert incident.title == FIRING["commonAnnotations"]["summary"]
    assert incident.updates[0].visibility is Visibility.INTERNAL
    assert _shop(page).status is ComponentStatus.MAJOR_OUTAGE
    [entry] = incident.alert_log
    assert entry.alerted_by == "Alertmanager"
    assert entry.person_name == "beacon"
    assert "has been down" in entry.note
    audit = db.session.scalars(
        sa.select(AuditEntry).order_by(AuditEntry.created_at)
    ).all()
    assert audit[-1].summary.endswith("(via integration prometheus)")


def test_repeats_of_the_group_update_the_same_incident(alertmanager, page, db):
    first = _alert(alertmanager, FIRING).get_json()
    repeat = _alert(alertmanager, FIRING).get_json()
    assert repeat["outcome"] == "updated"
    assert repeat["incident_id"] == first["incident_id"]
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 1
    incident = db.session.get(Incident, first["incident_id"])
    assert "still firing" in incident.notes[-1].body


def test_resolved_alert_notes_and_moves_to_monitoring(alertmanager, page, db):
    opened = _alert(alertmanager, FIRING).get_json()
    calmed = _alert(alertmanager, resolved(FIRING)).get_json()
    assert calmed == {
        "outcome": "calmed",
        "incident_id": opened["incident_id"],
        "incident_status": "monitoring",
        "reason": None,
    }
    incident = db.session.get(Incident, opened["incident_id"])
    assert incident.status is IncidentStatus.MONITORING
    assert incident.resolved_at is None
    assert "resolved" in incident.notes[-1].body
    assert _shop(page).status is ComponentStatus.OPERATIONAL


def test_firing_again_while_monitoring_reopens_investigation(alertmanager, page, db):
    opened = _alert(alertmanager, FIRING).get_json()
    _alert(alertmanager, resolved(FIRING))
    again = _alert(alertmanager, FIRING).get_json()
    assert again["incident_id"] == opened["incident_id"]
    assert again["incident_status"] == "investigating"
    assert _shop(page).status is ComponentStatus.MAJOR_OUTAGE


def test_never_resolves_without_opt_in(client, page, db, make_integration):
    _, secret = make_integration(page, resolved_moves_to_monitoring=False)
    api = ApiClient(client, secret)
    opened = _alert(api, FIRING).get_json()
    noted = _alert(api, resolved(FIRING)).get_json()
    assert noted["outcome"] == "noted"
    assert noted["incident_status"] == "investigating"
    assert db.session.get(Incident, opened["incident_id"]).resolved_at is None


def test_opted_in_page_resolves_and_publishes(client, page, db, make_integration):
    _, secret = make_integration(
        page, auto_resolve_public=True, publish_automatically=True
    )
    api = ApiClient(client, secret)
    opened = _alert(api, FIRING).get_json()
    incident = db.session.get(Incident, opened["incident_id"])
    assert incident.is_public is True
    done = _alert(api, resolved(FIRING)).get_json()
    assert done["outcome"] == "resolved"
    db.session.expire_all()
    assert incident.status is IncidentStatus.RESOLVED
    assert incident.updates[0].visibility is Visibility.PUBLIC
    # A new firing of the same group after resolution opens a new incident.
    fresh = _alert(api, FIRING).get_json()
    assert fresh["outcome"] == "opened"
    assert fresh["incident_id"] != opened["incident_id"]


def test_mapping_and_label_name_are_configurable(client, page, db, make_integration):
    _, secret = make_integration(
        page, label_name="service", component_map={"checkout": _shop(page).id}
    )
    payload = copy.deepcopy(FIRING)
    payload["alerts"][0]["labels"]["service"] = "checkout"
    response = _alert(ApiClient(client, secret), payload).get_json()
    assert response["outcome"] == "opened"
    assert _shop(page).status is ComponentStatus.MAJOR_OUTAGE


def test_unmapped_alert_is_ignored(alertmanager, db):
    payload = copy.deepcopy(FIRING)
    payload["alerts"][0]["labels"]["beacon_component"] = "unknown"
    response = _alert(alertmanager, payload).get_json()
    assert response["outcome"] == "ignored"
    assert "No component" in response["reason"]
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 0


def test_resolved_without_an_incident_is_ignored(alertmanager):
    assert _alert(alertmanager, resolved(FIRING)).get_json()["outcome"] == "ignored"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.update(version="3"), "version"),
        (lambda p: p.pop("groupKey"), "groupKey"),
        (lambda p: p.update(status="burning"), "status"),
        (lambda p: p.update(alerts="many"), "alerts"),
        (lambda p: p["alerts"][0].update(status="odd"), "alerts.0.status"),
        (lambda p: p["alerts"][0].update(labels=["x"]), "alerts.0.labels"),
        (lambda p: p["alerts"][0].update(startsAt="yesterday"), "alerts.0.startsAt"),
    ],
)
def test_bad_alertmanager_payloads_name_the_field(alertmanager, change, field):
    payload = copy.deepcopy(FIRING)
    change(payload)
    response = _alert(alertmanager, payload)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_integration_tokens_are_separate_from_personal_ones(
    client, page, make_token, make_integration
):
    _, personal = make_token()
    assert _alert(ApiClient(client, personal), FIRING).status_code == 401
    _, uptime = make_integration(page, "uptime")
    assert _alert(ApiClient(client, uptime), FIRING).status_code == 403
    _, integration_secret = make_integration(page)
    assert ApiClient(client, integration_secret).get("/pages").status_code == 401


def test_inactive_integration_is_refused(client, page, db, make_integration):
    integration, secret = make_integration(page)
    integration.active = False
    db.session.commit()
    assert _alert(ApiClient(client, secret), FIRING).status_code == 401


@pytest.fixture
def uptime(client, page, make_integration):
    _, secret = make_integration(page, "uptime", name="uptime-kuma")
    return ApiClient(client, secret)


def test_uptime_down_opens_and_up_calms(uptime, page, db):
    down = {
        "monitor": "Shop",
        "url": "https://shop.acme.example",
        "status": "down",
        "time": "2020-02-06T13:08:45Z",
        "reason": "HTTP 503",
    }
    opened = uptime.post("/integrations/uptime", down).get_json()
    assert opened["outcome"] == "opened"
    incident = db.session.get(Incident, opened["incident_id"])
    assert incident.title == "Shop is down"
    assert incident.alert_log[0].note == "HTTP 503"
    assert incident.started_at.year == 2020
    assert uptime.post("/integrations/uptime", down).get_json()["outcome"] == "updated"
    up = uptime.post(
        "/integrations/uptime", down | {"status": "up", "reason": "HTTP 200"}
    )
    assert up.get_json()["outcome"] == "calmed"
    assert _shop(page).status is ComponentStatus.OPERATIONAL


def test_uptime_matches_a_component_by_url(uptime, page):
    body = {
        "monitor": "shop-https",
        "url": "https://shop.acme.example/",
        "status": "down",
    }
    assert uptime.post("/integrations/uptime", body).get_json()["outcome"] == "opened"
    assert _shop(page).status is ComponentStatus.MAJOR_OUTAGE


def test_uptime_token_may_come_in_the_query(client, page, db, make_integration):
    _, secret = make_integration(page, "uptime")
    response = client.post(
        f"/api/v1/integrations/uptime?token={secret}",
        json={"monitor": "Shop", "status": "down"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "down"}, "monitor"),
        ({"monitor": "Shop", "status": "sideways"}, "status"),
        ({"monitor": "Shop", "status": "down", "time": "soon"}, "time"),
        ({"monitor": "Shop", "status": "down", "extra": 1}, "extra"),
    ],
)
def test_bad_uptime_payloads_name_the_field(uptime, body, field):
    response = uptime.post("/integrations/uptime", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == [field]


def test_admins_manage_integrations(admin_client, page, db):
    response = admin_client.post(
        "/admin/integrations/new",
        data={
            "name": "prom",
            "kind": "alertmanager",
            "page_id": page.id,
            "label_name": "beacon_component",
            "component_map": "checkout = Shop",
            "component_status": "partial_outage",
            "resolved_moves_to_monitoring": "y",
            "active": "y",
        },
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "bci_" in text
    assert "/api/v1/integrations/alertmanager" in text
    integration = db.session.scalars(sa.select(Integration)).one()
    assert integration.component_map == {"checkout": _shop(page).id}
    assert integration.publish_automatically is False
    edit = admin_client.get(f"/admin/integrations/{integration.id}/edit")
    assert "checkout = Shop" in edit.get_data(as_text=True)
    bad = admin_client.post(
        f"/admin/integrations/{integration.id}/edit",
        data={
            "name": "prom",
            "label_name": "x",
            "component_map": "a = Nowhere",
            "component_status": "major_outage",
        },
    )
    assert "no component named" in bad.get_data(as_text=True)
    old_hash = integration.token_hash
    assert (
        admin_client.post(f"/admin/integrations/{integration.id}/rotate").status_code
        == 200
    )
    db.session.expire_all()
    assert integration.token_hash != old_hash


def test_staff_may_not_manage_integrations(staff_client):
    assert staff_client.get("/admin/integrations/").status_code == 403
