"""Monitoring signals -> incidents: open, update, calm; never resolve publicly alone.

A firing signal opens an incident in Investigating (detection source
monitoring), marks its components and logs the alert internally; by default the
incident stays internal until a staff member confirms it. Repeats of the same
key update that incident. A recovery adds an internal note and, per the
integration's settings, moves the incident to Monitoring or resolves it.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.core import audit
from app.core.secrets import digest
from app.extensions import db
from app.incidents.record import add_note, log_alert
from app.incidents.service import declare_incident, post_incident_update
from app.integrations import rules
from app.integrations.rules import Outcome, Signal
from app.integrations.service import find_component
from app.models import (
    AlertChannel,
    Component,
    ComponentStatus,
    DetectionSource,
    Incident,
    IncidentStatus,
    Integration,
    IntegrationAlert,
    Visibility,
)
from app.models.base import utcnow


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    incident: Incident | None = None
    reason: str = ""


def handle_signal(
    integration: Integration, signal: Signal, now: datetime | None = None
) -> Result:
    """Apply ``signal`` to the incident its key opened (or open one); flush only."""
    now = now or utcnow()
    link = _claim(integration, signal.key)
    firing = _components(integration, signal.firing_refs)
    incident = (
        link.incident if link.incident and not link.incident.is_resolved else None
    )
    if not signal.firing:
        if incident is None:
            return Result(Outcome.IGNORED, reason="No open incident for this alert.")
        link.firing = False
        return _calm(integration, incident, signal)
    if incident is None and not firing:
        return Result(Outcome.IGNORED, reason="No component matches this alert.")
    link.firing = True
    if incident is None:
        link.incident = _open(integration, signal, firing, now)
        return Result(Outcome.OPENED, link.incident)
    return _refire(integration, incident, signal, firing)


def _components(integration: Integration, refs: tuple[str, ...]) -> list[Component]:
    found = (find_component(integration, ref) for ref in refs)
    return list(dict.fromkeys(c for c in found if c is not None))


def _claim(integration: Integration, key: str) -> IntegrationAlert:
    """The key's row, created if new; a concurrent first alert waits, then finds it."""
    key_hash = digest(key)
    query = sa.select(IntegrationAlert).where(
        IntegrationAlert.integration_id == integration.id,
        IntegrationAlert.key_hash == key_hash,
    )
    link = db.session.scalar(query)
    if link is not None:
        return link
    link = IntegrationAlert(integration_id=integration.id, key_hash=key_hash, key=key)
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError:  # called first in a request: nothing else is undone
        db.session.rollback()
        return db.session.scalars(query).one()
    return link


def _visibility(incident: Incident) -> Visibility:
    return Visibility.PUBLIC if incident.is_public else Visibility.INTERNAL


def _names(components: list[Component]) -> str:
    return rules.component_phrase([c.name for c in components])


def _open(
    integration: Integration, signal: Signal, firing: list[Component], now: datetime
) -> Incident:
    status = integration.component_status
    incident = declare_incident(
        integration.page,
        signal.title[:200],
        rules.OPENED_BODY.format(components=_names(firing)),
        impact=rules.IMPACT_FOR_STATUS[status],
        components={c: status for c in firing},
        detection_source=DetectionSource.MONITORING,
        started_at=rules.clamp_start(signal.at, now),
        public=integration.publish_automatically,
        at=now,
    )
    log_alert(
        incident,
        person_name=signal.receiver or integration.name,
        alerted_at=now,
        channel=AlertChannel.OTHER,
        alerted_by=signal.source,
        note=signal.detail,
        now=now,
    )
    audit.record(
        None, "create", incident, after=audit.snapshot(incident, "title", "is_public")
    )
    return incident


def _refire(
    integration: Integration,
    incident: Incident,
    signal: Signal,
    firing: list[Component],
) -> Result:
    statuses = {
        c: ComponentStatus.OPERATIONAL
        for c in _components(integration, signal.recovered_refs)
    }
    statuses |= {c: integration.component_status for c in firing}
    add_note(incident, f"{signal.source}: still firing. {signal.detail}".strip(), None)
    if incident.status is IncidentStatus.MONITORING:
        post_incident_update(
            incident,
            IncidentStatus.INVESTIGATING,
            rules.REFIRED_BODY.format(components=_names(firing)),
            visibility=_visibility(incident),
            component_statuses=statuses,
        )
    elif any(c.status is not s for c, s in statuses.items()):
        post_incident_update(
            incident,
            incident.status,
            f"{signal.source}: component statuses changed.",
            visibility=Visibility.INTERNAL,
            component_statuses=statuses,
        )
    audit.record(None, "alert_repeat", incident, after={"status": str(incident.status)})
    return Result(Outcome.UPDATED, incident)


def _calm(integration: Integration, incident: Incident, signal: Signal) -> Result:
    recovered = _components(integration, signal.recovered_refs) or [
        link.component for link in incident.affected
    ]
    add_note(incident, f"{signal.source}: resolved. {signal.detail}".strip(), None)
    statuses = {c: ComponentStatus.OPERATIONAL for c in recovered}
    phrase = _names(recovered)
    if integration.auto_resolve_public:
        target, body, outcome = (
            IncidentStatus.RESOLVED,
            rules.RESOLVED_BODY,
            Outcome.RESOLVED,
        )
    elif (
        integration.resolved_moves_to_monitoring
        and incident.status is not IncidentStatus.MONITORING
    ):
        target, body, outcome = (
            IncidentStatus.MONITORING,
            rules.RECOVERED_BODY,
            Outcome.CALMED,
        )
    else:
        return Result(Outcome.NOTED, incident)
    post_incident_update(
        incident,
        target,
        body.format(components=phrase),
        visibility=_visibility(incident),
        component_statuses=statuses,
    )
    audit.record(None, "alert_resolved", incident, after={"status": str(target)})
    return Result(outcome, incident)
