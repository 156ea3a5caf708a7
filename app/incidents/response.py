"""Who is on an incident: its acknowledgement and its incident commander.

An incident is acknowledged the first time a staff member shows they are on it:
explicitly with ``acknowledge``, or implicitly by declaring it or posting any update
(public or internal) as its author. Notes, alert-log entries and hours do not
acknowledge it: they are often written up afterwards, and an alert sent to someone
says nothing about whether they answered. The first acknowledgement wins; later
calls change nothing, so the SLA figure cannot be improved after the fact.
"""

from datetime import datetime

from app.core.validation import not_before, not_in_future
from app.extensions import db
from app.models import Incident, User
from app.models.base import utcnow


def acknowledge(
    incident: Incident,
    user: User | None,
    at: datetime | None = None,
    *,
    now: datetime | None = None,
) -> bool:
    """Record the first acknowledgement (by ``user`` at ``at``); False if already done.

    Raises ValidationError for a time in the future or before detection.
    """
    if incident.acknowledged_at is not None:
        return False
    now = now or utcnow()
    at = not_in_future(at or now, now, "acknowledgement time", "acknowledged_at")
    not_before(
        at,
        incident.detected_at or incident.started_at,
        "acknowledgement time",
        "the time the incident was detected",
        "acknowledged_at",
    )
    incident.acknowledged_at = at
    incident.acknowledged_by = user
    db.session.flush()
    return True


def acknowledge_by_activity(
    incident: Incident, user: User | None, at: datetime
) -> None:
    """Acknowledge on a staff member's first update; back-dated entries are skipped."""
    detected = incident.detected_at or incident.started_at
    if user is None or incident.acknowledged_at is not None:
        return
    if detected is None or at >= detected:
        incident.acknowledged_at = at
        incident.acknowledged_by = user


def assign_commander(incident: Incident, user: User | None) -> Incident:
    """Make ``user`` the incident commander, or clear the role with None."""
    incident.commander = user
    db.session.flush()
    return incident
