"""Webhook notifications: Statuspage-shaped JSON, signed with HMAC-SHA256.

Receivers verify ``X-Beacon-Signature: sha256=<hex>``, the HMAC-SHA256 of
``<X-Beacon-Timestamp>.<raw body>`` keyed with the webhook's secret.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

from flask import current_app

from app.core.links import external_url
from app.extensions import db
from app.models import (
    Component,
    ComponentStatusChange,
    Delivery,
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceUpdate,
    Page,
)
from app.models.base import utcnow
from app.notifications import subscriptions
from app.notifications.outcomes import SENT, Outcome, fail, retry
from app.pages import status_page

SIGNATURE_HEADER = "X-Beacon-Signature"
TIMESTAMP_HEADER = "X-Beacon-Timestamp"
# Retried like a server error: the receiver may well answer next time.
_TEMPORARY_HTTP = {408, 425, 429}


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def page_json(page: Page) -> dict[str, Any]:
    status = status_page.current_status(page)
    return {
        "id": page.id,
        "status_indicator": status.indicator,
        "status_description": status.description,
    }


def update_json(update: IncidentUpdate) -> dict[str, Any]:
    return {
        "id": update.id,
        "incident_id": update.incident_id,
        "status": str(update.status),
        "body": update.body,
        "created_at": _iso(update.created_at),
        "updated_at": _iso(update.updated_at),
        "display_at": _iso(update.display_at),
        "affected_components": update.affected_components or None,
    }


def incident_json(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "name": incident.title,
        "status": str(incident.status),
        "impact": str(incident.impact),
        "created_at": _iso(incident.created_at),
        "updated_at": _iso(incident.updated_at),
        "started_at": _iso(incident.started_at),
        "monitoring_at": _iso(incident.monitoring_at),
        "resolved_at": _iso(incident.resolved_at),
        "page_id": incident.page_id,
        "shortlink": external_url(
            "public.incident_detail", slug=incident.page.slug, incident_id=incident.id
        ),
        "incident_updates": [update_json(u) for u in incident.public_updates],
        "components": [_component_json(link.component) for link in incident.affected],
    }


def maintenance_json(window: Maintenance) -> dict[str, Any]:
    """A maintenance window as Statuspage sends it: an incident with scheduled_*."""
    updates = sorted(window.updates, key=lambda u: u.display_at, reverse=True)
    return {
        "id": window.id,
        "name": window.title,
        "status": str(window.status),
        "impact": "maintenance",
        "created_at": _iso(window.created_at),
        "updated_at": _iso(window.updated_at),
        "started_at": _iso(window.started_at),
        "resolved_at": _iso(window.completed_at),
        "scheduled_for": _iso(window.scheduled_for),
        "scheduled_until": _iso(window.scheduled_until),
        "page_id": window.page_id,
        "shortlink": external_url(
            "public.maintenance_detail", slug=window.page.slug, maintenance_id=window.id
        ),
        "incident_updates": [
            {
                "id": u.id,
                "incident_id": window.id,
                "status": str(u.status),
                "body": u.body,
                "created_at": _iso(u.created_at),
                "display_at": _iso(u.display_at),
                "affected_components": u.affected_components or None,
            }
            for u in updates
        ],
        "components": [_component_json(c) for c in window.components],
    }


def _maintenance_for(delivery: Delivery) -> Maintenance:
    if delivery.kind == "maintenance_reminder":
        window = db.session.get(Maintenance, delivery.subject_id)
    else:
        update = db.session.get(MaintenanceUpdate, delivery.subject_id)
        window = update.maintenance if update else None
    if window is None:
        raise LookupError(f"maintenance of {delivery.event} no longer exists")
    return window


def _component_json(component: Component) -> dict[str, Any]:
    return {
        "id": component.id,
        "name": component.name,
        "status": str(component.status),
        "created_at": _iso(component.created_at),
        "updated_at": _iso(component.updated_at),
    }


def payload(delivery: Delivery) -> dict[str, Any]:
    """The JSON body for ``delivery``; LookupError when its subject is gone."""
    subscriber = delivery.subscriber
    meta = {
        # Statuspage's field; the token in it also works for the API's DELETE.
        "unsubscribe": subscriptions.link(subscriber, subscriptions.UNSUBSCRIBE),
        "event": delivery.kind,
        "delivery_id": delivery.id,
        "generated_at": _iso(utcnow()),
    }
    if delivery.kind == "incident_update":
        update = db.session.get(IncidentUpdate, delivery.subject_id)
        if update is None:
            raise LookupError(f"incident update {delivery.subject_id} no longer exists")
        body = {"incident": incident_json(update.incident)}
    elif delivery.kind in ("maintenance_update", "maintenance_reminder"):
        body = {"incident": maintenance_json(_maintenance_for(delivery))}
    elif delivery.kind == "postmortem":
        incident = db.session.get(Incident, delivery.subject_id)
        if incident is None:
            raise LookupError(f"incident {delivery.subject_id} no longer exists")
        body = {"incident": incident_json(incident)}
    elif delivery.kind == "component_update":
        change = db.session.get(ComponentStatusChange, int(delivery.subject_id))
        if change is None:
            raise LookupError(
                f"component change {delivery.subject_id} no longer exists"
            )
        body = {
            "component_update": {
                "id": str(change.id),
                "component_id": change.component_id,
                "old_status": str(change.old_status),
                "new_status": str(change.status),
                "created_at": _iso(change.changed_at),
            },
            "component": _component_json(change.component),
        }
    else:
        raise LookupError(f"no webhook payload for event {delivery.event}")
    return {"meta": meta, "page": page_json(subscriber.page), **body}


def post(url: str, secret: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body`` to ``url`` signed with ``secret``; classify the answer."""
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked on save
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Beacon-Webhooks/1",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
            **headers,
        },
    )
    timeout = current_app.config["WEBHOOK_TIMEOUT_SECONDS"]
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
            return SENT
    except urllib.error.HTTPError as error:
        reason = f"HTTP {error.code} {error.reason}"
        if error.code >= 500 or error.code in _TEMPORARY_HTTP:
            return retry(reason)
        return fail(reason)
    except (urllib.error.URLError, OSError) as error:
        return retry(f"connection failed: {getattr(error, 'reason', error)}")


def send_batch(deliveries: list[Delivery]) -> Iterator[tuple[Delivery, Outcome]]:
    """POST each delivery to its webhook, one after the other."""
    for delivery in deliveries:
        subscriber = delivery.subscriber
        try:
            data = payload(delivery)
        except LookupError as error:
            yield delivery, fail(str(error))
            continue
        body = json.dumps(data, separators=(",", ":")).encode()
        headers = {
            "X-Beacon-Event": delivery.kind,
            "X-Beacon-Delivery": str(delivery.id),
        }
        yield delivery, post(subscriber.address, subscriber.secret or "", body, headers)
