"""Components: create, edit, delete, reorder (admin); set status by hand (staff too)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.admin import admin_only, bp
from app.admin.forms.common import ConfirmForm, fill
from app.admin.helpers import move_item, record_created, record_updated, saved
from app.core.labels import status_label
from app.core.ordering import next_position
from app.extensions import db
from app.models import Component, Page
from app.pages import components as component_service
from app.pages.forms.components import (
    COMPONENT_FIELDS,
    ComponentForm,
    ComponentStatusForm,
)


def _back(page_id: str) -> str:
    return url_for("admin.page_detail", page_id=page_id, _anchor="components")


@bp.route("/pages/<page_id>/components/new", methods=["GET", "POST"])
@admin_only
def component_create(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = ComponentForm(page)
    if form.validate_on_submit():
        group = [c for c in page.components if c.group_id == form.group_id.data]
        component = Component(page=page, position=next_position(group))
        fill(form, component, COMPONENT_FIELDS)
        record_created(component, COMPONENT_FIELDS)
        return saved("Component added.", "admin.page_detail", page_id=page.id)
    return render_template("admin/components/edit.html", form=form, page=page)


@bp.route("/components/<component_id>/edit", methods=["GET", "POST"])
@admin_only
def component_edit(component_id: str):
    component = db.get_or_404(Component, component_id)
    form = ComponentForm(component.page, component)
    if form.validate_on_submit():
        record_updated(form, component, COMPONENT_FIELDS)
        return saved("Component saved.", "admin.page_detail", page_id=component.page_id)
    return render_template(
        "admin/components/edit.html",
        form=form,
        page=component.page,
        component=component,
    )


@bp.route("/components/<component_id>/delete", methods=["GET", "POST"])
@admin_only
def component_delete(component_id: str):
    component = db.get_or_404(Component, component_id)
    form = ConfirmForm()
    back_to = _back(component.page_id)
    if form.validate_on_submit():
        component_service.delete_component(component, current_user)
        return saved(
            "Component deleted.", "admin.page_detail", page_id=component.page_id
        )
    what = f"Component “{component.name}” and its status history"
    return render_template("admin/confirm.html", form=form, what=what, back_to=back_to)


@bp.post("/components/<component_id>/move")
@admin_only
def component_move(component_id: str):
    component = db.get_or_404(Component, component_id)
    siblings = component_service.siblings(component)
    return move_item(component, siblings, _back(component.page_id))


@bp.post("/components/<component_id>/status")
def component_status(component_id: str):
    component = db.get_or_404(Component, component_id)
    form = ComponentStatusForm()
    if not form.validate_on_submit():
        abort(400)
    if component_service.set_component_status(
        component, form.status.data, current_user
    ):
        db.session.commit()
        label = status_label(form.status.data)
        flash(f"{component.name}: {label}.", "success")
    return redirect(_back(component.page_id))
