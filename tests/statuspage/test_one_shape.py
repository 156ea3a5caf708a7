"""One Statuspage shape: a webhook's objects are the public API v2's, key by key.

Before Beacon had one home for the shape (``app/statuspage/shapes.py``), the
webhook payload and ``summary.json`` disagreed. Where they differed, the shape
kept is the one Statuspage's own documentation shows (its webhook and API
examples alike):
- timestamps in the page's time zone with milliseconds
  (``2013-05-29T15:08:51.000-06:00``), not UTC with ``Z``;
- ``status`` becomes ``"postmortem"`` once a resolved incident's postmortem is
  public, as Statuspage's incident statuses do;
- ``updated_at`` is when the public last saw the incident change
  (``public_updated_at``), so an internal note never shows as an update;
- every field of Statuspage's incident (``postmortem_*``, ``shortlink``, the
  components with ``position`` and ``group``) is present in both.
"""

import json
from datetime import timedelta

from app.incidents.service import declare_incident, post_incident_update
from app.maintenance.service import schedule_maintenance
from app.models import Channel, ComponentStatus, IncidentStatus
from app.models.base import utcnow


def _last_incident_sent(webhook_server, event: str) -> dict:
    bodies = [
        json.loads(r["body"])
        for r in webhook_server.requests
        if r["headers"]["X-Beacon-Event"] == event
    ]
    return bodies[-1]["incident"]


def _assert_same_keys_and_values(webhook: dict, api: dict) -> None:
    assert sorted(webhook) == sorted(api)
    for key in api:
        assert webhook[key] == api[key], f"the two shapes differ in {key!r}"


def test_a_webhook_incident_is_the_incident_of_summary_json(
    db, client, make_page, make_component, make_subscriber, webhook_server
):
    page = make_page(slug="apc", time_zone="America/New_York")
    site = make_component(page, name="approcess.com")
    make_subscriber(page, webhook_server.url, channel=Channel.WEBHOOK, secret="s")
    incident = declare_incident(
        page,
        "approcess.com is down",
        "Investigating.",
        components={site: ComponentStatus.MAJOR_OUTAGE},
    )
    db.session.commit()
    post_incident_update(
        incident,
        IncidentStatus.IDENTIFIED,
        "The host's disk is full.",
        component_statuses={site: ComponentStatus.PARTIAL_OUTAGE},
    )
    db.session.commit()

    sent = _last_incident_sent(webhook_server, "incident_update")
    [served] = client.get("/apc/api/v2/summary.json").get_json()["incidents"]
    _assert_same_keys_and_values(sent, served)
    assert sent["status"] == "identified"
    assert sent["created_at"].endswith("-04:00") or sent["created_at"].endswith(
        "-05:00"
    )  # the page's zone, as Statuspage writes it


def test_a_webhook_maintenance_is_the_window_of_scheduled_maintenances_json(
    db, client, make_page, make_component, make_subscriber, webhook_server
):
    page = make_page(slug="apc", time_zone="Europe/London")
    site = make_component(page, name="approcess.com")
    make_subscriber(page, webhook_server.url, channel=Channel.WEBHOOK, secret="s")
    now = utcnow()
    schedule_maintenance(
        page,
        "Server upgrade",
        "We are upgrading the server.",
        now + timedelta(days=1),
        now + timedelta(days=1, hours=2),
        components=[site],
        now=now,
    )
    db.session.commit()

    sent = _last_incident_sent(webhook_server, "maintenance_update")
    document = client.get("/apc/api/v2/scheduled-maintenances.json").get_json()
    [served] = document["scheduled_maintenances"]
    _assert_same_keys_and_values(sent, served)
