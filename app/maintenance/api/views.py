"""Scheduled maintenance: list, read, schedule, edit, cancel (via its services)."""

import sqlalchemy as sa
from flask import url_for

from app.api.v1 import bp
from app.api.v1.bodies import parse
from app.api.v1.loaders import load, load_page, token
from app.api.v1.problems import field_error, invalid
from app.api.v1.responses import idempotent, paginate, respond, state_arg
from app.maintenance import service, staff
from app.maintenance.api import schemas as b
from app.maintenance.api.schemas import maintenance_json
from app.maintenance.rules import OPEN, MaintenancePatch
from app.models import Component, Maintenance, Page

STATES = ("all", "open")  # the list's filter: "open" is not yet finished


@bp.get("/pages/<page_ref>/maintenances")
def maintenance_list(page_ref: str):
    page = load_page(page_ref)
    query = sa.select(Maintenance).where(Maintenance.page_id == page.id)
    if state_arg(STATES) == "open":
        query = query.where(Maintenance.status.in_(OPEN))
    query = query.order_by(Maintenance.scheduled_for.desc(), Maintenance.id)
    return paginate(query, maintenance_json)


@bp.get("/maintenances/<maintenance_id>")
def maintenance_detail(maintenance_id: str):
    return respond(maintenance_json(load(Maintenance, maintenance_id, "maintenance")))


def _components(ids: list[str] | None, page: Page) -> list[Component] | None:
    if ids is None:
        return None
    known = {c.id: c for c in page.components}
    unknown = [i for i in ids if i not in known]
    if unknown:
        detail = "No such component on this page: {}."
        raise invalid([field_error("components", detail.format(i)) for i in unknown])
    return [known[i] for i in ids]


@bp.post("/pages/<page_ref>/maintenances")
@idempotent
def maintenance_create(page_ref: str):
    page = load_page(page_ref)
    body = parse(b.MaintenanceCreate)
    maintenance = staff.schedule(
        page,
        token().owner,
        **body.model_dump(include={"title", "description"}),
        starts_at=body.scheduled_for,
        ends_at=body.scheduled_until,
        components=_components(body.components, page),
        **body.model_dump(include={"auto_transition", "confirm_overlap"}),
    )
    location = url_for(
        "api_v1.maintenance_detail", maintenance_id=maintenance.id, _external=True
    )
    return respond(maintenance_json(maintenance), 201, location)


@bp.patch("/maintenances/<maintenance_id>")
def maintenance_update(maintenance_id: str):
    maintenance = load(Maintenance, maintenance_id, "maintenance")
    body = parse(b.MaintenanceEdit, body_optional=True)
    patch = MaintenancePatch(
        title=body.title,
        description=body.description,
        starts_at=body.scheduled_for,
        ends_at=body.scheduled_until,
        components=_components(body.components, maintenance.page),
        auto_transition=body.auto_transition,
    )
    staff.edit(maintenance, token().owner, patch, confirm_overlap=body.confirm_overlap)
    return respond(maintenance_json(maintenance))


@bp.post("/maintenances/<maintenance_id>/cancel")
@idempotent
def maintenance_cancel(maintenance_id: str):
    maintenance = load(Maintenance, maintenance_id, "maintenance")
    body = parse(b.MaintenanceCancel, body_optional=True)
    staff.cancel(maintenance, token().owner, body.message or service.CANCEL_BODY)
    return respond(maintenance_json(maintenance))
