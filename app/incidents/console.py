"""The incident console's workflows, each recorded in the audit log.

Thin wrappers over the incident, response and internal-record services: they
act, then add the audit entry, and like those services they flush and leave
the commit to the caller.
"""

from typing import Any

import sqlalchemy as sa

from app.core import audit
from app.core.validation import required_text
from app.extensions import db
from app.incidents import record as internal_record
from app.incidents import response, service
from app.incidents.service import (
    IncidentDraft,
    confirm_incident,
    post_incident_update,
)
from app.models import (
    Base,
    Incident,
    IncidentRecord,
    IncidentStatus,
    IncidentUpdate,
    User,
)
from app.models.incident_record import CLIENT_REPORT_FIELDS, DEBRIEF_FIELDS

DECLARED_FIELDS = (
    "page_id",
    "title",
    "severity",
    "impact",
    "status",
    "detection_source",
    "is_public",
    "started_at",
    "detected_at",
    "commander_id",
)
EDITABLE_FIELDS = ("title", "severity", "impact", "commander_id")


def declare(draft: IncidentDraft, actor: User | None) -> Incident:
    """Declare the incident ``draft`` describes and audit its first values."""
    incident = service.declare(draft, author=actor)
    db.session.flush()
    audit.record(
        actor, "create", incident, after=audit.snapshot(incident, *DECLARED_FIELDS)
    )
    return incident


def post_update(
    incident: Incident, actor: User | None, **fields: Any
) -> IncidentUpdate:
    """Post an update (see ``post_incident_update``); audit the statuses it moved."""
    before = audit.snapshot(incident, "status")
    update = post_incident_update(incident, author=actor, **fields)
    after = audit.snapshot(incident, "status")
    for change in update.affected_components:
        key = f"component {change['name']}"
        before[key], after[key] = change["old_status"], change["new_status"]
    changed = [key for key in after if before.get(key) != after[key]]
    audit.record(
        actor,
        "post_update",
        incident,
        before={key: before[key] for key in changed} or None,
        after={key: after[key] for key in changed} or None,
        summary=f"{update.visibility} {update.status} update on “{incident.title}”",
    )
    return update


def resolve(
    incident: Incident, actor: User | None, **fields: Any
) -> IncidentUpdate | None:
    """Resolve ``incident``, or leave it be (None) when it is resolved already.

    The one rule for every "resolve" door (API, CLI): a repeated or retried
    resolve posts nothing and notifies nobody. Another update on a resolved
    incident stays possible, through the updates form or endpoint, on purpose.
    """
    if incident.is_resolved:
        return None
    return post_update(incident, actor, status=IncidentStatus.RESOLVED, **fields)


def confirm(incident: Incident, actor: User | None, body: str) -> IncidentUpdate:
    """Confirm an internal-only incident publicly and audit it."""
    update = confirm_incident(incident, body, author=actor)
    audit.record(
        actor,
        "confirm",
        incident,
        before={"is_public": False},
        after={"is_public": True},
        summary=f"confirmed “{incident.title}” publicly",
    )
    return update


def edit(
    incident: Incident, actor: User | None, *, commander: User | None, **fields: Any
) -> Incident:
    """Change the title, severity, impact and commander; audit what changed."""
    before = audit.snapshot(incident, *EDITABLE_FIELDS)
    incident.title = required_text(fields.pop("title"), "title", "title")
    for name, value in fields.items():
        setattr(incident, name, value)
    response.assign_commander(incident, commander)
    audit.record_change(actor, "update", incident, before)
    return incident


def acknowledge(incident: Incident, actor: User | None) -> bool:
    """Acknowledge the incident now, once; audit it. False when already done."""
    if not response.acknowledge(incident, actor):
        return False
    audit.record(
        actor,
        "acknowledge",
        incident,
        after=audit.snapshot(incident, "acknowledged_at"),
    )
    return True


def record_entry(actor: User | None, incident: Incident, entry: Base, *fields: str):
    """Audit a new internal-record entry (note, alert, client action, hours)."""
    kind = audit.object_type(entry).replace("_", " ")
    audit.record(
        actor,
        "create",
        entry,
        after=audit.snapshot(entry, *fields),
        summary=f"{kind} on “{incident.title}”",
    )


def remove_entry(actor: User | None, incident: Incident, entry: Base, *fields: str):
    """Delete an internal-record entry and audit what it said."""
    kind = audit.object_type(entry).replace("_", " ")
    audit.record(
        actor,
        "delete",
        entry,
        before=audit.snapshot(entry, *fields),
        summary=f"removed {kind} from “{incident.title}”",
    )
    internal_record.remove_entry(entry)  # type: ignore[arg-type]


def _record_values(incident: Incident, names: tuple[str, ...]) -> dict[str, str]:
    record = incident.record
    return {name: getattr(record, name) if record else "" for name in names}


def write_record(
    incident: Incident, actor: User | None, section: str, fields: dict[str, str]
) -> IncidentRecord:
    """Save the debrief or the client-report text ("debrief"/"client_report")."""
    names = DEBRIEF_FIELDS if section == "debrief" else CLIENT_REPORT_FIELDS
    write = (
        internal_record.update_debrief
        if section == "debrief"
        else internal_record.update_client_report
    )
    before = _record_values(incident, names)
    record = write(incident, actor, **fields)
    audit.record(
        actor,
        section,
        incident,
        before=before,
        after=_record_values(incident, names),
        summary=f"{section.replace('_', ' ')} of “{incident.title}”",
    )
    return record


def incidents_query(page_id: str = "", state: str = "") -> sa.Select[tuple[Incident]]:
    """Incidents newest first, on one page and in one state ("open": unresolved)."""
    query = sa.select(Incident).order_by(Incident.started_at.desc(), Incident.id)
    if page_id:
        query = query.where(Incident.page_id == page_id)
    if state == "open":
        query = query.where(Incident.status != IncidentStatus.RESOLVED)
    elif state in set(IncidentStatus):
        query = query.where(Incident.status == IncidentStatus(state))
    return query
