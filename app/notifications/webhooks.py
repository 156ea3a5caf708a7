"""Webhook notifications: Statuspage-shaped JSON, signed with HMAC-SHA256.

Receivers verify ``X-Beacon-Signature: sha256=<hex>``, the HMAC-SHA256 of
``<X-Beacon-Timestamp>.<raw body>`` keyed with the webhook's secret.
"""

import hashlib
import hmac
import http.client
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import SplitResult, urlsplit

from flask import current_app

from app.core.links import external_url
from app.extensions import db
from app.models import (
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
from app.notifications.webhook_urls import (
    UnsafeWebhookUrl,
    pinned_connection,
    resolve_allowed,
)
from app.pages import status_page
from app.statuspage import shapes

SIGNATURE_HEADER = "X-Beacon-Signature"
TIMESTAMP_HEADER = "X-Beacon-Timestamp"
# Retried like a server error: the receiver may well answer next time.
_TEMPORARY_HTTP = {408, 425, 429}


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def _context(page: Page) -> shapes.PageContext:
    # Workers have no request: links start from BASE_URL.
    return shapes.PageContext.for_page(page, link=external_url)


def _maintenance_for(delivery: Delivery) -> Maintenance:
    if delivery.kind == "maintenance_reminder":
        window = db.session.get(Maintenance, delivery.subject_id)
    else:
        update = db.session.get(MaintenanceUpdate, delivery.subject_id)
        window = update.maintenance if update else None
    if window is None:
        raise LookupError(f"maintenance of {delivery.event} no longer exists")
    return window


def _incident_of(delivery: Delivery) -> Incident:
    if delivery.kind == "incident_update":
        update = db.session.get(IncidentUpdate, delivery.subject_id)
        if update is None:
            raise LookupError(f"incident update {delivery.subject_id} no longer exists")
        return update.incident
    incident = db.session.get(Incident, delivery.subject_id)
    if incident is None:
        raise LookupError(f"incident {delivery.subject_id} no longer exists")
    return incident


def _component_update(ctx: shapes.PageContext, delivery: Delivery) -> dict[str, Any]:
    change = db.session.get(ComponentStatusChange, int(delivery.subject_id))
    if change is None:
        raise LookupError(f"component change {delivery.subject_id} no longer exists")
    return {
        "component_update": {
            "id": str(change.id),
            "component_id": change.component_id,
            "old_status": str(change.old_status),
            "new_status": str(change.status),
            "created_at": ctx.ts(change.changed_at),
        },
        "component": shapes.component_json(ctx, change.component),
    }


def _body(ctx: shapes.PageContext, delivery: Delivery) -> dict[str, Any]:
    if delivery.kind in ("incident_update", "postmortem"):
        return {"incident": shapes.incident_json(ctx, _incident_of(delivery))}
    if delivery.kind in ("maintenance_update", "maintenance_reminder"):
        window = _maintenance_for(delivery)
        return {"incident": shapes.maintenance_json(ctx, window)}
    if delivery.kind == "component_update":
        return _component_update(ctx, delivery)
    raise LookupError(f"no webhook payload for event {delivery.event}")


def payload(delivery: Delivery) -> dict[str, Any]:
    """The JSON body for ``delivery``; LookupError when its subject is gone.

    Every object in it is the one the public API v2 serves (``app.statuspage``).
    """
    subscriber = delivery.subscriber
    ctx = _context(subscriber.page)
    meta = {
        # Statuspage's field; the token in it also works for the API's DELETE.
        "unsubscribe": subscriptions.link(subscriber, subscriptions.UNSUBSCRIBE),
        "event": delivery.kind,
        "delivery_id": delivery.id,
        "generated_at": ctx.ts(utcnow()),
    }
    body = _body(ctx, delivery)
    status = status_page.current_status(subscriber.page)
    return {
        "meta": meta,
        "page": shapes.webhook_page_json(subscriber.page, status),
        **body,
    }


def post(url: str, secret: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body`` to ``url`` signed with ``secret``; classify the answer.

    The host is resolved and every address checked here, and the request goes
    to the address checked (see webhook_urls.py). Redirects are not followed:
    a 3xx fails like a 4xx (a redirect could point anywhere).
    """
    parts = urlsplit(url)
    allowed = current_app.config["WEBHOOK_ALLOWED_NETWORKS"]
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve_allowed(parts.hostname or "", port, allowed)
    except (UnsafeWebhookUrl, ValueError) as error:  # ValueError: a port past 65535
        return fail(str(error))
    except ConnectionError as error:
        return retry(str(error))
    timestamp = int(time.time())
    sent = {"Content-Type": "application/json", "User-Agent": "Beacon-Webhooks/1",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body), **headers}  # fmt: skip
    timeout = current_app.config["WEBHOOK_TIMEOUT_SECONDS"]
    connection = pinned_connection(parts.scheme, parts.hostname or "", port, address)
    connection.timeout = timeout
    try:
        connection.request("POST", _target(parts), body=body, headers=sent)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not ours to keep
    except (OSError, http.client.HTTPException) as error:
        return retry(f"connection failed: {error}")
    finally:
        connection.close()
    return _outcome(response.status, response.reason)


def _target(parts: SplitResult) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _outcome(code: int, reason: str) -> Outcome:
    if 200 <= code < 300:
        return SENT
    if code >= 500 or code in _TEMPORARY_HTTP:
        return retry(f"HTTP {code} {reason}")
    return fail(f"HTTP {code} {reason}")


def send_batch(
    deliveries: list[Delivery], earlier: Mapping[int, Sequence[str]] | None = None
) -> Iterator[tuple[Delivery, Outcome]]:
    """POST each delivery to its webhook, one after the other (``earlier``: a
    payload names no earlier message, unlike an email)."""
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
