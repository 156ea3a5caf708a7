"""Incident workflows: declare and update. They flush; the caller commits."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core import signals
from app.core.errors import ValidationError
from app.core.validation import not_before, not_in_future, required_text
from app.extensions import db
from app.incidents.response import acknowledge_by_activity
from app.models import (
    Component,
    ComponentStatus,
    DetectionSource,
    Impact,
    Incident,
    IncidentStatus,
    IncidentUpdate,
    Page,
    Severity,
    User,
    Visibility,
)
from app.models.base import utcnow


@dataclass(frozen=True)
class IncidentDraft:
    """Everything declaring an incident takes: the form, the API and the CLI
    each build one, so the three doors cannot drift apart."""

    page: Page
    title: str
    body: str
    severity: Severity = Severity.P2
    impact: Impact = Impact.MINOR
    status: IncidentStatus = IncidentStatus.INVESTIGATING
    components: Mapping[Component, ComponentStatus] | None = None
    detection_source: DetectionSource = DetectionSource.STAFF_IDENTIFIED
    started_at: datetime | None = None
    detected_at: datetime | None = None
    public: bool = True
    commander: User | None = None


def declare(
    draft: IncidentDraft, *, author: User | None = None, at: datetime | None = None
) -> Incident:
    """Open the incident ``draft`` describes, with its first update."""
    at = at or utcnow()
    _check_times(draft.started_at or at, draft.detected_at or at, at)
    incident = Incident(
        page=draft.page,
        title=draft.title,
        severity=draft.severity,
        impact=draft.impact,
        detection_source=draft.detection_source,
        is_public=draft.public,
        started_at=draft.started_at or at,
        detected_at=draft.detected_at or at,
        created_at=at,
        commander=draft.commander,
    )
    db.session.add(incident)
    post_incident_update(
        incident,
        draft.status,
        draft.body,
        author=author,
        visibility=Visibility.PUBLIC if draft.public else Visibility.INTERNAL,
        component_statuses=dict(draft.components or {}),
        at=at,
    )
    return incident


def declare_incident(
    page: Page,
    title: str,
    body: str,
    *,
    author: User | None = None,
    at: datetime | None = None,
    **fields: Any,
) -> Incident:
    """Shorthand for ``declare(IncidentDraft(page, title, body, **fields))``."""
    draft = IncidentDraft(page, title, body, **fields)
    return declare(draft, author=author, at=at)


def post_incident_update(
    incident: Incident,
    status: IncidentStatus,
    body: str,
    *,
    author: User | None = None,
    visibility: Visibility = Visibility.PUBLIC,
    component_statuses: dict[Component, ComponentStatus] | None = None,
    reopen: bool = False,
    at: datetime | None = None,
) -> IncidentUpdate:
    """Post an update (lifecycle move + component statuses) and announce it."""
    update = incident.post_update(
        status,
        body,
        author=author,
        visibility=visibility,
        component_statuses=component_statuses,
        reopen=reopen,
        at=at,
    )
    acknowledge_by_activity(incident, author, update.created_at)
    db.session.flush()
    signals.incident_update_posted.send(incident, update=update)
    return update


def confirm_incident(
    incident: Incident,
    body: str,
    *,
    author: User | None = None,
    at: datetime | None = None,
) -> IncidentUpdate:
    """Make an internal-only incident public with its first public update."""
    if incident.is_public:
        raise ValidationError("This incident is already public.")
    if incident.is_resolved:
        raise ValidationError("A resolved incident cannot be confirmed publicly.")
    body = required_text(body, "public message", "body")
    # Public before the update is announced, so listeners see a public incident.
    incident.is_public = True
    return post_incident_update(
        incident,
        incident.status,
        body,
        author=author,
        visibility=Visibility.PUBLIC,
        at=at,
    )


def _check_times(started_at: datetime, detected_at: datetime, at: datetime) -> None:
    # ``at`` is "now" when the console declares: neither time may come after it.
    not_in_future(started_at, at, "start time", "started_at")
    not_in_future(detected_at, at, "detection time", "detected_at")
    not_before(
        detected_at, started_at, "detection time", "the start time", "detected_at"
    )
