"""The admin landing page: every page with its status, until the console lands."""

import sqlalchemy as sa
from flask import render_template

from app.admin import bp
from app.extensions import db
from app.models import Page
from app.services.status_page import current_status


@bp.get("/")
def dashboard():
    pages = db.session.scalars(sa.select(Page).order_by(Page.name)).all()
    rows = [(page, current_status(page)) for page in pages]
    return render_template("admin/dashboard.html", rows=rows)
