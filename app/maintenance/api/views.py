"""Scheduled maintenance: list, read, schedule, edit, cancel (via its services)."""

from typing import Any

import sqlalchemy as sa
from flask import request, url_for

from app.api.v1 import bp
from app.api.v1.inputs import Body
from app.api.v1.loaders import load, load_page, token
from app.api.v1.responses import idempotent, paginate, respond, state_arg
from app.maintenance import service, staff
from app.maintenance.api.schemas import maintenance_json
from app.maintenance.rules import OPEN, MaintenancePatch
from app.models import Component, Maintenance, Page


@bp.get("/pages/<page_ref>/maintenances")
def maintenance_list(page_ref: str):
    page = load_page(page_ref)
    query = sa.select(Maintenance).where(Maintenance.page_id == page.id)
    if state_arg(("all", "open")) == "open":
        query = query.where(Maintenance.status.in_(OPEN))
    query = query.order_by(Maintenance.scheduled_for.desc(), Maintenance.id)
    return paginate(query, maintenance_json)


@bp.get("/maintenances/<maintenance_id>")
def maintenance_detail(maintenance_id: str):
    return respond(maintenance_json(load(Maintenance, maintenance_id, "maintenance")))


def _components(body: Body, page: Page) -> list[Component] | None:
    ids = body.string_list("components")
    if ids is None:
        return None
    known = {c.id: c for c in page.components}
    for unknown in [i for i in ids if i not in known]:
        body.fail("components", f"No such component on this page: {unknown}.")
    return [known[i] for i in ids if i in known]


def _schedule_fields(page: Page) -> dict[str, Any]:
    """The request body as the arguments of ``staff.schedule``, every field checked."""
    body = Body.from_request()
    fields = {
        "title": body.text("title", required=True, max_length=200),
        "description": body.text("description") or "",
        "starts_at": body.instant("scheduled_for", required=True),
        "ends_at": body.instant("scheduled_until", required=True),
        "components": _components(body, page) or [],
        "auto_transition": body.boolean("auto_transition") is not False,
        "confirm_overlap": body.boolean("confirm_overlap") or False,
    }
    body.done()
    return fields


@bp.post("/pages/<page_ref>/maintenances")
@idempotent
def maintenance_create(page_ref: str):
    page = load_page(page_ref)
    maintenance = staff.schedule(page, token().owner, **_schedule_fields(page))
    location = url_for(
        "api_v1.maintenance_detail", maintenance_id=maintenance.id, _external=True
    )
    return respond(maintenance_json(maintenance), 201, location)


@bp.patch("/maintenances/<maintenance_id>")
def maintenance_update(maintenance_id: str):
    maintenance = load(Maintenance, maintenance_id, "maintenance")
    body = Body.from_request()
    patch = MaintenancePatch(
        title=body.text("title", max_length=200),
        description=body.text("description"),
        starts_at=body.instant("scheduled_for"),
        ends_at=body.instant("scheduled_until"),
        components=_components(body, maintenance.page),
        auto_transition=body.boolean("auto_transition"),
    )
    confirm_overlap = body.boolean("confirm_overlap") or False
    body.done()
    staff.edit(maintenance, token().owner, patch, confirm_overlap=confirm_overlap)
    return respond(maintenance_json(maintenance))


@bp.post("/maintenances/<maintenance_id>/cancel")
@idempotent
def maintenance_cancel(maintenance_id: str):
    maintenance = load(Maintenance, maintenance_id, "maintenance")
    body = Body.from_request() if request.content_length else Body({})
    message = body.text("message") or service.CANCEL_BODY
    body.done()
    staff.cancel(maintenance, token().owner, message)
    return respond(maintenance_json(maintenance))
