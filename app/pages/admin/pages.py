"""Pages: list, create, show (with its contact plan), edit, hide or show."""

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from app.admin import admin_only, bp
from app.admin.forms.common import ConfirmForm, MoveForm
from app.admin.helpers import saved
from app.core import audit
from app.extensions import db
from app.incidents.contacts import contact_plan
from app.models import Page
from app.notifications.subscribers import subscriber_counts
from app.pages import logos
from app.pages.forms.components import ComponentStatusForm
from app.pages.forms.pages import PAGE_FIELDS, PageForm
from app.pages.status_page import current_status


@bp.get("/pages/")
def page_list():
    pages = db.session.scalars(sa.select(Page).order_by(Page.name)).all()
    rows = [(page, current_status(page)) for page in pages]
    return render_template("admin/pages/list.html", rows=rows)


@bp.route("/pages/new", methods=["GET", "POST"])
@admin_only
def page_create():
    form = PageForm()
    if form.validate_on_submit():
        page = Page()
        form.apply_to(page)
        db.session.add(page)
        audit.record(
            current_user, "create", page, after=audit.snapshot(page, *PAGE_FIELDS)
        )
        _apply_logo(form, page)
        return saved(
            f"Page “{page.name}” created.", "admin.page_detail", page_id=page.id
        )
    return render_template("admin/pages/edit.html", form=form, page=None)


@bp.get("/pages/<page_id>")
def page_detail(page_id: str):
    page = db.get_or_404(Page, page_id)
    return render_template(
        "admin/pages/detail.html",
        page=page,
        plan=contact_plan(page),
        move_form=MoveForm(),
        confirm_form=ConfirmForm(),
        status_form=ComponentStatusForm(),
        subscriber_counts=subscriber_counts(page),
    )


@bp.route("/pages/<page_id>/edit", methods=["GET", "POST"])
@admin_only
def page_edit(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = PageForm(page=page)
    if form.validate_on_submit():
        before = audit.snapshot(page, *PAGE_FIELDS)
        form.apply_to(page)
        audit.record_change(current_user, "update", page, before)
        _apply_logo(form, page)
        return saved(f"Page “{page.name}” saved.", "admin.page_detail", page_id=page.id)
    return render_template("admin/pages/edit.html", form=form, page=page)


def _apply_logo(form: PageForm, page: Page) -> None:
    """A new upload replaces the logo; "remove" without an upload removes it."""
    if form.prepared_logo is not None:
        logos.set_logo(page, form.prepared_logo, current_user)
    elif "remove_logo" in form and form.remove_logo.data:
        logos.remove_logo(page, current_user)


@bp.post("/pages/<page_id>/visibility")
@admin_only
def page_visibility(page_id: str):
    page = db.get_or_404(Page, page_id)
    before = audit.snapshot(page, "is_public")
    page.is_public = not page.is_public
    audit.record_change(current_user, "update", page, before)
    message = "Page is public." if page.is_public else "Page hidden from the public."
    return saved(message, "admin.page_detail", page_id=page.id)
