"""Monitoring webhooks: Prometheus Alertmanager (payload version 4) and uptime monitors.

Each is authenticated by its integration's token and answers 200 with what the
alert did (opened, updated, calmed, resolved, noted or ignored), so the sender
does not retry an alert Beacon has understood. Bad payloads get a 422 problem
naming the field.
"""

from datetime import datetime
from typing import NamedTuple

from flask import g, jsonify

from app.api.v1 import bp, integration_endpoint
from app.api.v1.inputs import Body
from app.api.v1.problems import forbidden
from app.extensions import db
from app.integrations.monitoring import Result, handle_signal
from app.integrations.rules import Signal
from app.models import Integration, IntegrationKind

ALERTMANAGER_STATUSES = ("firing", "resolved")


def _integration(kind: IntegrationKind) -> Integration:
    integration: Integration = g.integration
    if integration.kind is not kind:
        raise forbidden(
            f"This token belongs to a {integration.kind_label} integration."
        )
    return integration


def _answer(result: Result):
    db.session.commit()
    incident = result.incident
    return jsonify(
        {
            "outcome": str(result.outcome),
            "incident_id": incident.id if incident else None,
            "incident_status": str(incident.status) if incident else None,
            "reason": result.reason or None,
        }
    )


def _status(body: Body, name: str, allowed: tuple[str, ...]) -> str | None:
    value = body.text(name, required=True, max_length=20)
    if value is not None and value not in allowed:
        body.fail(name, "Must be " + " or ".join(allowed) + ".")
        return None
    return value


class Alert(NamedTuple):
    status: str
    ref: str | None
    text: str
    starts_at: datetime | None


def _alert(item: object, index: int, label: str) -> Alert:
    """One alert of the group: its status, component ref, text and start."""
    alert = Body(
        item if isinstance(item, dict) else {},
        prefix=f"alerts.{index}.",
        null_is_absent=True,
    )
    if not isinstance(item, dict):
        alert.fail("", "Must be an object.")
    status = _status(alert, "status", ALERTMANAGER_STATUSES)
    labels = alert.mapping("labels") or {}
    annotations = alert.mapping("annotations") or {}
    starts_at = alert.instant("startsAt")
    raise_errors(alert)
    name = str(labels.get("alertname", "alert"))
    text = str(annotations.get("description") or annotations.get("summary") or name)
    ref = labels.get(label)
    return Alert(status or "", str(ref) if ref else None, text, starts_at)


def raise_errors(body: Body) -> None:
    body.seen |= set(body.data)  # extra alert fields are Alertmanager's business
    body.done()


def alertmanager_signal(body: Body, integration: Integration) -> Signal:
    """Read a version 4 webhook payload into a signal; 422 on a bad field."""
    version = body.text("version", required=True)
    if version is not None and version != "4":
        body.fail("version", "Only version 4 payloads are understood.")
    key = body.text("groupKey", required=True, max_length=5000)
    status = _status(body, "status", ALERTMANAGER_STATUSES)
    alerts = body.raw("alerts", required=True)
    if alerts is not None and not isinstance(alerts, list):
        body.fail("alerts", "Must be a list.")
    receiver = body.text("receiver", max_length=120) or ""
    common = body.mapping("commonAnnotations") or {}
    group = body.mapping("groupLabels") or {}
    raise_errors(body)
    parsed = [_alert(item, n, integration.label_name) for n, item in enumerate(alerts)]
    firing = [a for a in parsed if a.status == "firing"]
    starts = [a.starts_at for a in firing if a.starts_at]
    details = list(dict.fromkeys(a.text for a in parsed))
    title = common.get("summary") or group.get("alertname") or "Monitoring alert"
    return Signal(
        source="Alertmanager",
        key=key,
        firing=status == "firing",
        title=str(title),
        detail="; ".join(details),
        firing_refs=tuple(a.ref for a in firing if a.ref),
        recovered_refs=tuple(a.ref for a in parsed if a.status == "resolved" and a.ref),
        receiver=receiver,
        at=min(starts, default=None),
    )


@bp.post("/integrations/alertmanager")
@integration_endpoint
def alertmanager_webhook():
    integration = _integration(IntegrationKind.ALERTMANAGER)
    signal = alertmanager_signal(Body.from_request(null_is_absent=True), integration)
    return _answer(handle_signal(integration, signal))


def uptime_signal(body: Body) -> Signal:
    """Read the uptime webhook (monitor, url, status, time, reason) into a signal."""
    monitor = body.text("monitor", required=True, max_length=200)
    url = body.text("url", max_length=500)
    status = _status(body, "status", ("up", "down"))
    at = body.instant("time")
    reason = body.text("reason", max_length=2000) or ""
    body.done()
    refs = tuple(ref for ref in (monitor, url) if ref)
    down = status == "down"
    return Signal(
        source="Uptime monitor",
        key=monitor,
        firing=down,
        title=f"{monitor} is down",
        detail=reason,
        firing_refs=refs if down else (),
        recovered_refs=() if down else refs,
        at=at,
    )


@bp.post("/integrations/uptime")
@integration_endpoint
def uptime_webhook():
    integration = _integration(IntegrationKind.UPTIME)
    body = Body.from_request(null_is_absent=True)
    return _answer(handle_signal(integration, uptime_signal(body)))
