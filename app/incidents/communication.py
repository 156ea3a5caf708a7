"""Communication templates: the seeded wording, and filling it in for one incident."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core.labels import status_label
from app.core.localtime import format_local
from app.core.validation import required_text
from app.extensions import db
from app.incidents.alerts import human_list
from app.incidents.placeholders import Rendered, render_placeholders
from app.incidents.policies import policy_for
from app.models import (
    CommunicationTemplate,
    Incident,
    IncidentStatus,
    TemplateKind,
)


@dataclass(frozen=True)
class DefaultTemplate:
    kind: TemplateKind
    name: str
    status: IncidentStatus | None
    body: str


DEFAULT_TEMPLATES = (
    DefaultTemplate(
        TemplateKind.INITIAL_ALERT,
        "Initial alert",
        IncidentStatus.INVESTIGATING,
        "We are investigating a problem affecting {components}: {title}. It started "
        "at about {started_at}. Our team is working on it now.\n\n"
        "Next update: {next_update_at}.",
    ),
    DefaultTemplate(
        TemplateKind.NO_PROGRESS_UPDATE,
        "30-minute update (no progress yet)",
        IncidentStatus.INVESTIGATING,
        "We are still investigating the problem affecting {components}. We have not "
        "found the cause yet; the team is working through it and we will tell you as "
        "soon as we know more.\n\nNext update: {next_update_at}.",
    ),
    DefaultTemplate(
        TemplateKind.FIX_FOUND,
        "Found the fix",
        IncidentStatus.IDENTIFIED,
        "We have found the cause of the problem affecting {components} and are "
        "applying a fix now. We will confirm once it is in place.\n\n"
        "Next update: {next_update_at}.",
    ),
    DefaultTemplate(
        TemplateKind.RESOLUTION,
        "Resolution",
        IncidentStatus.RESOLVED,
        "This incident has been resolved: {components} is working normally again. "
        "Thank you for your patience. We will follow up with a summary of what "
        "happened and what we are doing to stop it happening again.",
    ),
    DefaultTemplate(
        TemplateKind.POST_INCIDENT_SUMMARY,
        "Post-incident summary",
        None,
        "**Summary: {title}**\n\n"
        "- **What happened:** [in plain words]\n"
        "- **Impact:** {components} on {page}, from {started_at} until [end time]\n"
        "- **Root cause:** [what caused it]\n"
        "- **Resolution:** [what we changed to fix it]\n"
        "- **Prevention:** [what we are doing so it does not happen again]",
    ),
)


def ensure_default_templates() -> list[CommunicationTemplate]:
    """Create the seeded template of every kind that has none; return those made."""
    kinds = set(db.session.scalars(sa.select(CommunicationTemplate.kind)))
    names = set(db.session.scalars(sa.select(CommunicationTemplate.name)))
    created = [
        CommunicationTemplate(
            kind=default.kind,
            name=default.name,
            suggested_status=default.status,
            body=default.body,
            position=position,
        )
        for position, default in enumerate(DEFAULT_TEMPLATES)
        if default.kind not in kinds and default.name not in names
    ]
    db.session.add_all(created)
    db.session.flush()
    return created


def list_templates() -> list[CommunicationTemplate]:
    """Every template, in menu order."""
    return list(
        db.session.scalars(
            sa.select(CommunicationTemplate).order_by(
                CommunicationTemplate.position, CommunicationTemplate.name
            )
        )
    )


def save_template(
    template: CommunicationTemplate,
    *,
    name: str,
    kind: TemplateKind,
    body: str,
    suggested_status: IncidentStatus | None = None,
) -> CommunicationTemplate:
    """Set a template's fields (new or existing) and flush it."""
    template.name = required_text(name, "name", "name")
    template.kind = TemplateKind(kind)
    template.body = required_text(body, "template text", "body")
    template.suggested_status = suggested_status
    db.session.add(template)
    db.session.flush()
    return template


def _components(incident: Incident) -> str:
    components = sorted(
        (link.component for link in incident.affected),
        key=lambda component: (component.position, component.name),
    )
    return human_list([c.name for c in components]) or incident.page.name


def _local(value: datetime, zone: str) -> str:
    # A page saved with a bad zone must not break the update form: fall back to UTC.
    try:
        return format_local(value, zone)
    except (ValueError, KeyError):
        return format_local(value, "UTC")


def template_values(incident: Incident, now: datetime) -> dict[str, str]:
    """The placeholder values for ``incident``, times in its page's zone (named).

    ``next_update_at`` is ``now`` plus the severity's cadence: the message being
    written now is the latest update, so the next one is due a cadence after it.
    """
    zone = incident.page.time_zone
    terms = policy_for(incident.severity)
    cadence = terms.update_cadence_minutes
    return {
        "page": incident.page.name,
        "title": incident.title,
        "components": _components(incident),
        "severity": terms.display,
        "status": status_label(incident.status),
        "started_at": _local(incident.started_at, zone),
        "detected_at": _local(incident.detected_at or incident.started_at, zone),
        "next_update_at": (
            _local(now + timedelta(minutes=cadence), zone)
            if cadence
            else "when we have more to share"
        ),
    }


def render_for_incident(body: str, incident: Incident, now: datetime) -> Rendered:
    """``body`` (a template's text) filled in for ``incident``; never raises."""
    return render_placeholders(body, template_values(incident, now))
