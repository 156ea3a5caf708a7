"""Webhooks against a real local HTTP server: payload, signature, retries, disabling."""

import hashlib
import hmac
import json
from datetime import timedelta

import sqlalchemy as sa
import time_machine

from app.incidents.service import declare_incident, post_incident_update
from app.models import (
    Channel,
    ComponentStatus,
    Delivery,
    DeliveryStatus,
    IncidentStatus,
)
from app.models.base import utcnow
from app.notifications import delivery


def _hook(make_subscriber, page, server, **overrides):
    return make_subscriber(
        page, server.url, channel=Channel.WEBHOOK, secret="s3cret", **overrides
    )


def test_payload_is_statuspage_shaped_and_signed(
    db, make_page, make_component, make_subscriber, webhook_server
):
    page = make_page(slug="apc")
    site = make_component(page, name="approcess.com")
    make_component(page, name="shop")
    _hook(make_subscriber, page, webhook_server)
    incident = declare_incident(
        page,
        "approcess.com is down",
        "Investigating.",
        components={site: ComponentStatus.MAJOR_OUTAGE},
    )
    db.session.commit()

    events = sorted(r["headers"]["X-Beacon-Event"] for r in webhook_server.requests)
    assert events == ["component_update", "incident_update"]
    by_event = {r["headers"]["X-Beacon-Event"]: r for r in webhook_server.requests}
    request = by_event["incident_update"]
    headers, body = request["headers"], request["body"]
    expected = hmac.new(
        b"s3cret", headers["X-Beacon-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Beacon-Signature"] == f"sha256={expected}"
    assert headers["Content-Type"] == "application/json"

    data = json.loads(body)
    assert set(data) == {"meta", "page", "incident"}
    assert data["page"] == {
        "id": page.id,
        "status_indicator": "major",
        "status_description": "Partial System Outage",
    }
    assert data["incident"]["id"] == incident.id
    assert data["incident"]["name"] == "approcess.com is down"
    [update] = data["incident"]["incident_updates"]
    assert update["status"] == "investigating"
    assert update["body"] == "Investigating."
    component = json.loads(by_event["component_update"]["body"])
    assert component["component_update"]["new_status"] == "major_outage"
    assert component["component_update"]["old_status"] == "operational"
    assert component["component"]["id"] == site.id


def test_server_errors_are_retried_with_backoff(
    db, make_page, make_subscriber, webhook_server
):
    page = make_page()
    hook = _hook(make_subscriber, page, webhook_server)
    webhook_server.answers = [500, 503]
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    row = db.session.scalar(sa.select(Delivery))
    assert row.status is DeliveryStatus.QUEUED
    assert row.last_error == "HTTP 500 Internal Server Error"
    first_retry = row.next_attempt_at
    now = utcnow()
    with time_machine.travel(now + timedelta(seconds=40)):
        delivery.drain()
    db.session.refresh(row)
    assert row.status is DeliveryStatus.QUEUED
    assert row.attempts == 2
    assert row.next_attempt_at - first_retry >= timedelta(seconds=50)  # doubled
    with time_machine.travel(now + timedelta(minutes=3)):
        delivery.drain()
    db.session.refresh(row)
    db.session.refresh(hook)
    assert row.status is DeliveryStatus.SENT
    assert row.attempts == 3
    assert len(webhook_server.requests) == 3
    assert hook.consecutive_failures == 0
    ids = {r["headers"]["X-Beacon-Delivery"] for r in webhook_server.requests}
    assert ids == {str(row.id)}  # receivers can de-duplicate retries


def test_client_errors_fail_without_retry(
    db, make_page, make_subscriber, webhook_server
):
    page = make_page()
    _hook(make_subscriber, page, webhook_server)
    webhook_server.answers = [410]
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    row = db.session.scalar(sa.select(Delivery))
    assert row.status is DeliveryStatus.FAILED
    assert row.last_error == "HTTP 410 Gone"


def test_repeated_failures_disable_the_webhook(
    app, db, make_page, make_subscriber, webhook_server
):
    app.config.update(WEBHOOK_DISABLE_AFTER=3, DELIVERY_MAX_ATTEMPTS=10)
    page = make_page()
    hook = _hook(make_subscriber, page, webhook_server)
    webhook_server.answers = [500] * 10
    incident = declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    now = utcnow()
    with time_machine.travel(now + timedelta(minutes=1)):
        delivery.drain()
    with time_machine.travel(now + timedelta(minutes=3)):
        delivery.drain()
        db.session.refresh(hook)
        assert hook.disabled_at is not None
        assert not hook.is_active
        assert (
            hook.disabled_reason
            == "3 consecutive failures; last: HTTP 500 Internal Server Error"
        )
        post_incident_update(incident, IncidentStatus.RESOLVED, "Fixed.")
        db.session.commit()
    assert len(webhook_server.requests) == 3  # disabled: nothing more is sent
    statuses = {d.status for d in db.session.scalars(sa.select(Delivery))}
    assert statuses == {DeliveryStatus.FAILED}


def test_unreachable_webhook_is_retried(db, make_page, make_subscriber):
    page = make_page()
    make_subscriber(
        page, "http://127.0.0.1:9/nothing", channel=Channel.WEBHOOK, secret="x"
    )
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    row = db.session.scalar(sa.select(Delivery))
    assert row.status is DeliveryStatus.QUEUED
    assert row.last_error.startswith("connection failed")
