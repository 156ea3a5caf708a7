"""Public routes: thin wrappers that resolve the page and call the renderers."""

import sqlalchemy as sa
from flask import abort, current_app

from app.core.paging import page_number
from app.extensions import db
from app.models import Page
from app.pages import status_page
from app.pages.public import render
from app.public import bp
from app.public.cache import cached_render
from app.public.resolve import current_page, load_public_incident, pop_page_slug

# The slug is added to links (or dropped on custom hosts) app-wide: see hosts.py.
bp.url_value_preprocessor(pop_page_slug)


@bp.get("/")
def page_list():
    if not current_app.config["PUBLIC_DIRECTORY"]:
        abort(404)  # the agency lists no clients: nothing here to find
    pages = db.session.scalars(
        sa.select(Page).where(Page.is_public.is_(True)).order_by(Page.name)
    )
    return render.render_index([(p, status_page.current_status(p)) for p in pages])


@bp.get("/<slug>/")
@cached_render
def page_detail():
    return render.render_status_page(current_page())


@bp.get("/<slug>/history")
@cached_render
def history():
    try:
        return render.render_history(current_page(), page_number())
    except LookupError:  # a page of months before any Beacon accepts
        abort(404)


@bp.get("/<slug>/incidents/<incident_id>")
@cached_render
def incident_detail(incident_id: str):
    page = current_page()
    return render.render_incident(page, load_public_incident(page, incident_id))
