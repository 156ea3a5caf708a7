"""Monitoring webhooks: Prometheus Alertmanager (payload version 4) and uptime monitors.

Each is authenticated by its integration's token and answers 200 with what the
alert did (opened, updated, calmed, resolved, noted or ignored), so the sender
does not retry an alert Beacon has understood. Bad payloads get a 422 problem
naming the field.
"""

from typing import Any, Literal

from flask import g
from pydantic import ConfigDict, Field

from app.api.v1 import bp, integration_endpoint
from app.api.v1 import objects as o
from app.api.v1.bodies import Instant, WebhookPayload, WholeNumber, parse, text
from app.api.v1.problems import forbidden
from app.extensions import db
from app.integrations.monitoring import Result, handle_signal
from app.integrations.rules import Signal
from app.models import Integration, IntegrationKind


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
    outcome = o.AlertOutcome(
        outcome=str(result.outcome),
        incident_id=incident.id if incident else None,
        incident_status=incident.status if incident else None,
        reason=result.reason or None,
    )
    return outcome.model_dump(mode="json")


class Alert(WebhookPayload):
    """One alert of an Alertmanager group (other fields are Alertmanager's)."""

    model_config = ConfigDict(extra="allow")
    status: Literal["firing", "resolved"]
    labels: dict[str, Any]
    annotations: dict[str, Any] = Field(default_factory=dict)
    startsAt: Instant = None  # noqa: N815 - Alertmanager's spelling
    endsAt: str = None  # noqa: N815
    generatorURL: str = None  # noqa: N815
    fingerprint: str = None

    @property
    def text(self) -> str:
        name = str(self.labels.get("alertname", "alert"))
        notes = self.annotations
        return str(notes.get("description") or notes.get("summary") or name)


class AlertmanagerPayload(WebhookPayload):
    """Prometheus Alertmanager webhook payload, version 4."""

    model_config = ConfigDict(extra="allow")
    version: Literal["4"]
    groupKey: text(5000)  # noqa: N815
    truncatedAlerts: WholeNumber = 0  # noqa: N815
    status: Literal["firing", "resolved"]
    receiver: text(120) = ""
    groupLabels: dict[str, Any] = Field(default_factory=dict)  # noqa: N815
    commonLabels: dict[str, Any] = Field(default_factory=dict)  # noqa: N815
    commonAnnotations: dict[str, Any] = Field(default_factory=dict)  # noqa: N815
    externalURL: str = None  # noqa: N815
    alerts: list[Alert]


def alertmanager_signal(body: AlertmanagerPayload, label: str) -> Signal:
    """A version 4 webhook payload as a signal; ``label`` names the component."""

    def ref(alert: Alert) -> str | None:
        value = alert.labels.get(label)
        return str(value) if value else None

    firing = [a for a in body.alerts if a.status == "firing"]
    starts = [a.startsAt for a in firing if a.startsAt]
    title = (
        body.commonAnnotations.get("summary")
        or body.groupLabels.get("alertname")
        or "Monitoring alert"
    )
    return Signal(
        source="Alertmanager",
        key=body.groupKey,
        firing=body.status == "firing",
        title=str(title),
        detail="; ".join(dict.fromkeys(a.text for a in body.alerts)),
        firing_refs=tuple(r for r in map(ref, firing) if r),
        recovered_refs=tuple(
            r for a in body.alerts if a.status == "resolved" and (r := ref(a))
        ),
        receiver=body.receiver,
        at=min(starts, default=None),
    )


@bp.post("/integrations/alertmanager")
@integration_endpoint
def alertmanager_webhook():
    integration = _integration(IntegrationKind.ALERTMANAGER)
    body = parse(AlertmanagerPayload)
    signal = alertmanager_signal(body, integration.label_name)
    return _answer(handle_signal(integration, signal))


class UptimeAlert(WebhookPayload):
    monitor: text(200, blank=False) = Field(description="Monitor (or component) name.")
    url: text(500) = Field(default=None, description="The URL checked.")
    status: Literal["up", "down"]
    time: Instant = None
    reason: text(2000) = Field(default="", examples=["HTTP 503"])


def uptime_signal(body: UptimeAlert) -> Signal:
    """The uptime webhook (monitor, url, status, time, reason) as a signal."""
    refs = tuple(ref for ref in (body.monitor, body.url) if ref)
    down = body.status == "down"
    return Signal(
        source="Uptime monitor",
        key=body.monitor,
        firing=down,
        title=f"{body.monitor} is down",
        detail=body.reason,
        firing_refs=refs if down else (),
        recovered_refs=() if down else refs,
        at=body.time,
    )


@bp.post("/integrations/uptime")
@integration_endpoint
def uptime_webhook():
    integration = _integration(IntegrationKind.UPTIME)
    body = parse(UptimeAlert)
    return _answer(handle_signal(integration, uptime_signal(body)))
