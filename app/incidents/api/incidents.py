"""Incidents: list, read, declare (with components and the first update), update,
resolve. The lifecycle rules live in the model and services, never here.
"""

import sqlalchemy as sa
from flask import request, url_for

from app.api.v1 import bp
from app.api.v1 import serializers as s
from app.api.v1.inputs import Body
from app.api.v1.loaders import load, load_page, page_filter, token
from app.api.v1.responses import idempotent, paginate, respond, state_arg
from app.incidents import console as incident_console
from app.incidents.service import IncidentDraft
from app.models import (
    Component,
    ComponentStatus,
    DetectionSource,
    Impact,
    Incident,
    IncidentStatus,
    Page,
    Severity,
    Visibility,
)

RESOLVED_BODY = "This incident has been resolved."


def _list(query: sa.Select):
    state = state_arg(("all", "open", "resolved"))
    if state != "all":
        resolved = Incident.status == IncidentStatus.RESOLVED
        query = query.where(resolved if state == "resolved" else ~resolved)
    query = query.order_by(Incident.started_at.desc(), Incident.id)
    return paginate(query, s.incident_json)


@bp.get("/incidents")
def incident_list():
    return _list(sa.select(Incident).where(page_filter(Incident.page_id)))


@bp.get("/pages/<page_ref>/incidents")
def page_incident_list(page_ref: str):
    page = load_page(page_ref)
    return _list(sa.select(Incident).where(Incident.page_id == page.id))


@bp.get("/incidents/<incident_id>")
def incident_detail(incident_id: str):
    return respond(s.incident_json(load(Incident, incident_id, "incident")))


def component_statuses(body: Body, page: Page) -> dict[Component, ComponentStatus]:
    """``components``: {component id or name: status}, on ``page``."""
    given = body.mapping("components") or {}
    by_key = {c.id: c for c in page.components} | {
        c.name.casefold(): c for c in page.components
    }
    statuses = {}
    for key, value in given.items():
        component = by_key.get(key) or by_key.get(str(key).casefold())
        if component is None:
            body.fail(f"components.{key}", "No such component on this page.")
            continue
        try:
            statuses[component] = ComponentStatus(value)
        except ValueError:
            choices = ", ".join(c.value for c in ComponentStatus)
            body.fail(f"components.{key}", f"Must be one of: {choices}.")
    return statuses


@bp.post("/pages/<page_ref>/incidents")
@idempotent
def incident_create(page_ref: str):
    page = load_page(page_ref)
    body = Body.from_request()
    draft = IncidentDraft(
        page=page,
        severity=body.choice("severity", Severity) or Severity.P2,
        impact=body.choice("impact", Impact) or Impact.MINOR,
        status=body.choice("status", IncidentStatus) or IncidentStatus.INVESTIGATING,
        detection_source=body.choice("detection_source", DetectionSource)
        or DetectionSource.STAFF_IDENTIFIED,
        started_at=body.instant("started_at"),
        detected_at=body.instant("detected_at"),
        public=body.boolean("public") is not False,
        title=body.text("title", required=True, max_length=200),
        body=body.text("message", required=True),
        components=component_statuses(body, page),
    )
    body.done()
    incident = incident_console.declare(draft, token().owner)
    location = url_for(
        "api_v1.incident_detail", incident_id=incident.id, _external=True
    )
    return respond(s.incident_json(incident), 201, location)


def _update_fields(incident: Incident, body: Body) -> dict:
    """An update's optional fields from ``body`` (a 422 for any bad or unknown)."""
    fields = {
        "visibility": body.choice("visibility", Visibility) or Visibility.PUBLIC,
        "reopen": body.boolean("reopen") or False,
        "component_statuses": component_statuses(body, incident.page),
    }
    body.done()
    return fields


def _post(
    incident: Incident, body: Body, status: IncidentStatus, message: str, code: int
):
    fields = _update_fields(incident, body)
    incident_console.post_update(
        incident, token().owner, status=status, body=message, **fields
    )
    return respond(s.incident_json(incident), code)


@bp.post("/incidents/<incident_id>/updates")
@idempotent
def incident_update_create(incident_id: str):
    incident = load(Incident, incident_id, "incident")
    body = Body.from_request()
    status = body.choice("status", IncidentStatus, required=True)
    message = body.text("message", required=True)
    return _post(incident, body, status, message, 201)


@bp.post("/incidents/<incident_id>/resolve")
@idempotent
def incident_resolve(incident_id: str):
    incident = load(Incident, incident_id, "incident")
    body = Body.from_request() if request.content_length else Body({})
    message = body.text("message") or RESOLVED_BODY
    fields = _update_fields(incident, body)
    incident_console.resolve(incident, token().owner, body=message, **fields)
    return respond(s.incident_json(incident), 200)  # a repeat posts nothing
