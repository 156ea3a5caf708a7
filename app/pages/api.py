"""Pages and components: read them, set a component's status."""

import sqlalchemy as sa

from app.api.v1 import bp
from app.api.v1 import serializers as s
from app.api.v1.bodies import RequestBody, parse
from app.api.v1.loaders import load, load_page, page_filter, token
from app.api.v1.responses import paginate, respond
from app.models import Component, ComponentStatus, Page
from app.pages.components import set_component_status


class ComponentStatusSet(RequestBody):
    status: ComponentStatus


@bp.get("/pages")
def page_list():
    query = sa.select(Page).where(page_filter(Page.id)).order_by(Page.name, Page.id)
    return paginate(query, s.page_json)


@bp.get("/pages/<page_ref>")
def page_detail(page_ref: str):
    return respond(s.page_json(load_page(page_ref)))


@bp.get("/pages/<page_ref>/components")
def component_list(page_ref: str):
    page = load_page(page_ref)
    query = (
        sa.select(Component)
        .where(Component.page_id == page.id)
        .order_by(Component.position, Component.name, Component.id)
    )
    return paginate(query, s.component_json)


@bp.get("/components/<component_id>")
def component_detail(component_id: str):
    return respond(s.component_json(load(Component, component_id, "component")))


@bp.patch("/components/<component_id>")
def component_update(component_id: str):
    component = load(Component, component_id, "component")
    body = parse(ComponentStatusSet)
    set_component_status(component, body.status, token().owner)
    return respond(s.component_json(component))
