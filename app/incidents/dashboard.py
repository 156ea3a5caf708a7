"""The console dashboard: every unresolved incident with its clocks."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.incidents.clocks import ClockInput, IncidentClocks, incident_clocks
from app.incidents.policies import policy_for, policy_terms
from app.incidents.severity import PolicyTerms
from app.models import (
    Incident,
    IncidentComponent,
    IncidentStatus,
    IncidentUpdate,
    Page,
    Visibility,
)


@dataclass(frozen=True)
class DashboardRow:
    incident: Incident
    policy: PolicyTerms
    clocks: IncidentClocks
    age: timedelta  # since the incident started

    @property
    def page(self) -> Page:
        return self.incident.page


def clock_input(
    incident: Incident, terms: PolicyTerms, last_public_update_at: datetime | None
) -> ClockInput:
    """The plain facts the clocks need, read off an incident and its policy."""
    return ClockInput(
        started_at=incident.started_at,
        detected_at=incident.detected_at,
        acknowledged_at=incident.acknowledged_at,
        resolved_at=incident.resolved_at,
        last_public_update_at=last_public_update_at,
        cadence_minutes=terms.update_cadence_minutes,
        recovery_target_minutes=terms.recovery_target_minutes,
        sla_minutes=incident.page.sla_minutes,
    )


def clocks_for(incident: Incident, now: datetime) -> IncidentClocks:
    """One incident's clocks at ``now`` (for its console page)."""
    last = max((u.created_at for u in incident.public_updates), default=None)
    return incident_clocks(
        clock_input(incident, policy_for(incident.severity), last), now
    )


def _last_public_updates() -> sa.Subquery:
    return (
        sa.select(
            IncidentUpdate.incident_id,
            sa.func.max(IncidentUpdate.created_at).label("last_at"),
        )
        .where(IncidentUpdate.visibility == Visibility.PUBLIC)
        .group_by(IncidentUpdate.incident_id)
        .subquery()
    )


def unresolved_for_dashboard(now: datetime) -> list[DashboardRow]:
    """Every unresolved incident on every page, P0 first, then oldest first."""
    last = _last_public_updates()
    rows = db.session.execute(
        sa.select(Incident, last.c.last_at)
        .outerjoin(last, last.c.incident_id == Incident.id)
        .where(Incident.status != IncidentStatus.RESOLVED)
        .options(
            selectinload(Incident.page),
            selectinload(Incident.commander),
            selectinload(Incident.affected).selectinload(IncidentComponent.component),
        )
        .order_by(Incident.severity, Incident.started_at, Incident.id)
    )
    terms = policy_terms()
    return [
        DashboardRow(
            incident=incident,
            policy=terms[incident.severity],
            clocks=incident_clocks(
                clock_input(incident, terms[incident.severity], last_at), now
            ),
            age=now - incident.started_at,
        )
        for incident, last_at in rows
    ]
