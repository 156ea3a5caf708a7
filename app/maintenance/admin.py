"""Maintenance windows: list, schedule, post updates, cancel (staff may do all)."""

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from app.admin import bp
from app.admin.forms.fields import show_error
from app.admin.helpers import saved
from app.core.errors import ValidationError
from app.extensions import db
from app.maintenance import staff
from app.maintenance.forms import schedule_form, update_form
from app.maintenance.rules import MaintenanceError, OverlapNeedsConfirmation
from app.models import Maintenance, MaintenanceStatus, Page


@bp.get("/maintenance")
def maintenance_list():
    windows = db.session.scalars(
        sa.select(Maintenance).order_by(Maintenance.scheduled_for.desc()).limit(200)
    )
    pages = db.session.scalars(sa.select(Page).order_by(Page.name))
    return render_template(
        "admin/maintenance/list.html", windows=list(windows), pages=list(pages)
    )


@bp.route("/pages/<page_id>/maintenance/new", methods=["GET", "POST"])
def maintenance_create(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = schedule_form(page)
    overlapping: list[Maintenance] = []
    if form.validate_on_submit():
        try:
            _schedule(page, form)
        except OverlapNeedsConfirmation as error:
            db.session.rollback()
            overlapping = error.overlapping
            form.confirm_overlap.errors = [str(error)]
        except (MaintenanceError, ValidationError) as error:
            db.session.rollback()
            show_error(form, error)
        else:
            return saved("Maintenance scheduled.", "admin.maintenance_list")
    return render_template(
        "admin/maintenance/new.html", form=form, page=page, overlapping=overlapping
    )


def _schedule(page: Page, form) -> Maintenance:
    chosen = set(form.components.data or [])
    return staff.schedule(
        page,
        current_user._get_current_object(),
        form.title.data.strip(),
        form.description.data,
        form.starts_at.data,  # naive: the service reads it in the page's time zone
        form.ends_at.data,
        components=[c for c in page.components if c.id in chosen],
        auto_transition=form.auto_transition.data,
        confirm_overlap=form.confirm_overlap.data,
    )


@bp.route("/maintenance/<maintenance_id>", methods=["GET", "POST"])
def maintenance_detail(maintenance_id: str):
    window = db.get_or_404(Maintenance, maintenance_id)
    form = update_form(window)
    if form.validate_on_submit():
        try:
            staff.post_update(
                window,
                current_user._get_current_object(),
                MaintenanceStatus(form.status.data),
                form.body.data,
            )
        except MaintenanceError as error:
            db.session.rollback()
            form.status.errors = [str(error)]
        else:
            return saved("Update posted.", "admin.maintenance_detail",
                         maintenance_id=window.id)  # fmt: skip
    return render_template("admin/maintenance/detail.html", window=window, form=form)


@bp.post("/maintenance/<maintenance_id>/cancel")
def maintenance_cancel(maintenance_id: str):
    window = db.get_or_404(Maintenance, maintenance_id)
    try:
        staff.cancel(window, current_user._get_current_object())
    except MaintenanceError as error:
        db.session.rollback()
        form = update_form(window)
        form.form_errors.append(str(error))
        return render_template(
            "admin/maintenance/detail.html", window=window, form=form,
        ), 409  # fmt: skip
    return saved("Maintenance cancelled.", "admin.maintenance_list")
