"""Contract tests for the Statuspage-compatible public API v2 (one per endpoint)."""

from datetime import UTC, datetime, timedelta

import pytest

from app.incidents.service import post_incident_update
from app.maintenance.service import cancel_maintenance, post_maintenance_update
from app.models import (
    ComponentGroup,
    ComponentStatus,
    Impact,
    IncidentStatus,
    MaintenanceStatus,
)
from app.models import Visibility as V
from app.models.base import utcnow
from app.statuspage.shapes import timestamp
from tests.statuspage.contract import CONTRACTS


@pytest.fixture
def busy_page(db, make_page, make_component, make_incident, make_maintenance):
    """A page with a group, a live incident, a resolved one, internal data and
    maintenance: one upcoming, one in progress, one cancelled."""
    page = make_page(slug="acme", name="Acme")
    shop = ComponentGroup(page=page, name="Shop", position=0)
    db.session.add(shop)
    site = make_component(page, name="acme.example", position=0)
    checkout = make_component(page, name="Checkout", position=1, group=shop)
    live = make_incident(
        page,
        "Checkout is failing",
        "Investigating checkout errors.",
        impact=Impact.MAJOR,
        components={checkout: ComponentStatus.PARTIAL_OUTAGE},
    )
    post_incident_update(
        live,
        IncidentStatus.INVESTIGATING,
        "SECRET internal note",
        visibility=V.INTERNAL,
    )
    earlier = utcnow() - timedelta(days=2)
    old = make_incident(
        page,
        "Site was slow",
        "Looking.",
        components={site: ComponentStatus.DEGRADED_PERFORMANCE},
        started_at=earlier,
        at=earlier,
    )
    post_incident_update(
        old, IncidentStatus.RESOLVED, "All good again.", at=earlier + timedelta(hours=1)
    )
    make_incident(page, "SECRET internal incident", "SECRET body", public=False)
    make_maintenance(page, "Database upgrade", components=[site])
    running = make_maintenance(page, "CDN migration", starts_in=timedelta(hours=2))
    post_maintenance_update(running, MaintenanceStatus.IN_PROGRESS, "Started early.")
    cancel_maintenance(make_maintenance(page, "Dropped plan"))
    db.session.commit()
    return page


def _get(client, page, path: str):
    return client.get(f"/{page.slug}/api/v2/{path}")


@pytest.mark.parametrize("path", list(CONTRACTS))
def test_every_endpoint_matches_the_statuspage_contract(client, busy_page, path):
    response = _get(client, busy_page, path)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    errors = [e.message for e in CONTRACTS[path].iter_errors(body)]
    assert errors == []
    assert body["page"]["id"] == busy_page.id
    assert body["page"]["url"] == "http://status.test/acme"
    assert body["page"]["time_zone"] == "America/New_York"


@pytest.mark.parametrize("path", list(CONTRACTS))
def test_internal_data_never_leaks(client, busy_page, path):
    text = _get(client, busy_page, path).get_data(as_text=True)
    assert "SECRET" not in text
    for internal in ("severity", "detection_source", "acknowledged_at", "visibility"):
        assert internal not in text


def test_summary_holds_unresolved_incidents_components_and_status(client, busy_page):
    body = _get(client, busy_page, "summary.json").get_json()
    assert [i["name"] for i in body["incidents"]] == ["Checkout is failing"]
    assert body["status"] == {
        "indicator": "major",
        "description": "Partial System Outage",
    }
    assert [m["name"] for m in body["scheduled_maintenances"]] == [
        "CDN migration",
        "Database upgrade",
    ]
    assert len(body["components"]) == 3


def test_status_is_the_page_roll_up(client, make_page, make_component):
    page = make_page()
    make_component(page, status=ComponentStatus.DEGRADED_PERFORMANCE)
    body = _get(client, page, "status.json").get_json()
    assert body["status"] == {
        "indicator": "minor",
        "description": "Minor Service Outage",
    }


def test_components_list_groups_with_their_members(client, busy_page):
    components = _get(client, busy_page, "components.json").get_json()["components"]
    names = [(c["name"], c["group"], c["position"]) for c in components]
    assert names == [
        ("acme.example", False, 1),
        ("Shop", True, 2),
        ("Checkout", False, 3),
    ]
    group = components[1]
    assert group["components"] == [components[2]["id"]]
    assert components[2]["group_id"] == group["id"]
    assert group["status"] == "partial_outage"  # the worst of its members
    assert components[0]["group_id"] is None


def test_incidents_are_public_newest_first_with_public_updates(client, busy_page):
    incidents = _get(client, busy_page, "incidents.json").get_json()["incidents"]
    assert [i["name"] for i in incidents] == ["Checkout is failing", "Site was slow"]
    live, old = incidents
    assert [u["status"] for u in old["incident_updates"]] == [
        "resolved",
        "investigating",
    ]
    assert old["resolved_at"] is not None
    assert live["resolved_at"] is None
    assert live["impact"] == "major"
    assert [u["body"] for u in live["incident_updates"]] == [
        "Investigating checkout errors."
    ]
    first = live["incident_updates"][0]
    assert first["incident_id"] == live["id"]
    assert first["affected_components"] == [
        {
            "code": live["components"][0]["id"],
            "name": "Checkout",
            "old_status": "operational",
            "new_status": "partial_outage",
        }
    ]
    assert live["shortlink"] == f"http://status.test/acme/incidents/{live['id']}"
    assert old["incident_updates"][0]["affected_components"][0]["new_status"] == (
        "operational"
    )


def test_internal_notes_do_not_move_updated_at(client, busy_page):
    live = _get(client, busy_page, "incidents/unresolved.json").get_json()["incidents"]
    assert live[0]["updated_at"] == live[0]["incident_updates"][0]["updated_at"]


def test_incidents_are_capped_at_fifty(client, db, make_page, make_incident):
    page = make_page()
    for n in range(52):
        make_incident(
            page,
            f"Incident {n}",
            "x",
            started_at=datetime(2024, 1, 1, n // 24, n % 24, tzinfo=UTC),
        )
    incidents = _get(client, page, "incidents.json").get_json()["incidents"]
    assert len(incidents) == 50
    assert incidents[0]["name"] == "Incident 51"


def test_unresolved_lists_only_open_incidents(client, busy_page):
    incidents = _get(client, busy_page, "incidents/unresolved.json").get_json()
    assert [i["status"] for i in incidents["incidents"]] == ["investigating"]


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("scheduled-maintenances.json", ["Database upgrade", "CDN migration"]),
        ("scheduled-maintenances/upcoming.json", ["Database upgrade"]),
        ("scheduled-maintenances/active.json", ["CDN migration"]),
    ],
)
def test_maintenance_lists_leave_cancelled_windows_out(client, busy_page, path, names):
    windows = _get(client, busy_page, path).get_json()["scheduled_maintenances"]
    assert [w["name"] for w in windows] == names


def test_a_maintenance_reads_like_statuspage(client, busy_page):
    body = _get(client, busy_page, "scheduled-maintenances/upcoming.json").get_json()
    [window] = body["scheduled_maintenances"]
    assert window["impact"] == "maintenance"
    assert window["status"] == "scheduled"
    assert window["scheduled_until"] > window["scheduled_for"]
    assert [c["name"] for c in window["components"]] == ["acme.example"]
    assert window["incident_updates"][0]["status"] == "scheduled"
    assert window["shortlink"].endswith(f"/acme/maintenance/{window['id']}")


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", "2024-03-11T01:12:00.000-04:00"),
        ("Europe/London", "2024-03-11T05:12:00.000+00:00"),
        ("UTC", "2024-03-11T05:12:00.000Z"),
        ("Etc/UTC", "2024-03-11T05:12:00.000Z"),
    ],
)
def test_times_are_written_like_statuspage(zone, expected):
    assert timestamp(datetime(2024, 3, 11, 5, 12, tzinfo=UTC), zone) == expected
    assert timestamp(None, zone) is None


def test_cors_is_open_for_reads_and_preflight(client, busy_page):
    response = _get(client, busy_page, "summary.json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/acme/api/v2/summary.json",
        headers={
            "Origin": "https://client.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-requested-with",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "x-requested-with"


def test_responses_are_cached_and_revalidated(client, busy_page):
    response = _get(client, busy_page, "summary.json")
    assert (
        response.headers["Cache-Control"]
        == "public, max-age=30, stale-while-revalidate=30, stale-if-error=86400"
    )
    etag = response.headers["ETag"]
    again = client.get("/acme/api/v2/summary.json", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/nobody/api/v2/summary.json",
        "/hidden/api/v2/summary.json",
        "/acme/api/v2/nothing.json",
    ],
)
def test_errors_are_problem_json(client, busy_page, make_page, path):
    make_page(slug="hidden", is_public=False)
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_wrong_method_is_a_problem_with_allow(client, busy_page):
    response = client.post("/acme/api/v2/summary.json")
    assert response.status_code == 405
    assert response.get_json()["title"] == "Method Not Allowed"
    assert "GET" in response.headers["Allow"]
