"""The admin landing page: every unresolved incident with its clocks, then pages."""

import sqlalchemy as sa
from flask import render_template

from app.admin import bp
from app.extensions import db
from app.incidents.dashboard import unresolved_for_dashboard
from app.models import Page
from app.models.base import utcnow
from app.pages.status_page import current_status


@bp.get("/")
def dashboard():
    now = utcnow()
    pages = db.session.scalars(sa.select(Page).order_by(Page.name)).all()
    return render_template(
        "admin/dashboard.html",
        now=now,
        incidents=unresolved_for_dashboard(now),
        rows=[(page, current_status(page)) for page in pages],
    )
