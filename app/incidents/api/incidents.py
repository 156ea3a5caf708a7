"""Incidents: list, read, declare (with components and the first update), update,
resolve. The lifecycle rules live in the model and services, never here.
"""

import sqlalchemy as sa
from flask import url_for

from app.api.v1 import bp
from app.api.v1 import serializers as s
from app.api.v1.bodies import parse
from app.api.v1.loaders import load, load_page, page_filter, token
from app.api.v1.problems import field_error, invalid
from app.api.v1.responses import idempotent, paginate, respond, state_arg
from app.incidents import console as incident_console
from app.incidents.api import bodies as b
from app.incidents.service import IncidentDraft
from app.models import Component, ComponentStatus, Incident, IncidentStatus, Page

STATES = ("all", "open", "resolved")  # the lists' filter, "all" by default


def _list(query: sa.Select):
    state = state_arg(STATES)
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


def component_statuses(
    given: dict[str, ComponentStatus], page: Page
) -> dict[Component, ComponentStatus]:
    """``components``: {component id or name: status}, each on ``page``."""
    by_key = {c.id: c for c in page.components} | {
        c.name.casefold(): c for c in page.components
    }
    found = {key: by_key.get(key) or by_key.get(key.casefold()) for key in given}
    unknown = [key for key, component in found.items() if component is None]
    if unknown:
        detail = "No such component on this page."
        raise invalid([field_error(f"components.{key}", detail) for key in unknown])
    return {found[key]: status for key, status in given.items()}


@bp.post("/pages/<page_ref>/incidents")
@idempotent
def incident_create(page_ref: str):
    page = load_page(page_ref)
    body = parse(b.IncidentCreate)
    fields = body.model_dump(exclude={"message", "public", "components"})
    draft = IncidentDraft(
        page=page,
        **fields,
        public=body.public,
        body=body.message,
        components=component_statuses(body.components, page),
    )
    incident = incident_console.declare(draft, token().owner)
    location = url_for(
        "api_v1.incident_detail", incident_id=incident.id, _external=True
    )
    return respond(s.incident_json(incident), 201, location)


def _update_fields(incident: Incident, body: b.IncidentResolve) -> dict:
    return {
        "visibility": body.visibility,
        "component_statuses": component_statuses(body.components, incident.page),
    }


@bp.post("/incidents/<incident_id>/updates")
@idempotent
def incident_update_create(incident_id: str):
    incident = load(Incident, incident_id, "incident")
    body = parse(b.IncidentUpdateCreate)
    incident_console.post_update(
        incident,
        token().owner,
        status=body.status,
        body=body.message,
        reopen=body.reopen,
        **_update_fields(incident, body),
    )
    return respond(s.incident_json(incident), 201)


@bp.post("/incidents/<incident_id>/resolve")
@idempotent
def incident_resolve(incident_id: str):
    incident = load(Incident, incident_id, "incident")
    body = parse(b.IncidentResolve, body_optional=True)
    message = body.message or b.RESOLVED_BODY
    fields = _update_fields(incident, body)
    incident_console.resolve(incident, token().owner, body=message, **fields)
    return respond(s.incident_json(incident), 200)  # a repeat posts nothing
