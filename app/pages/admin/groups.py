"""Component groups: create, edit, delete, reorder (admin-only)."""

from flask import render_template, url_for

from app.admin import admin_only, bp
from app.admin.forms.common import fill
from app.admin.helpers import (
    delete_item,
    move_item,
    record_created,
    record_updated,
    saved,
)
from app.core.ordering import next_position
from app.extensions import db
from app.models import ComponentGroup, Page
from app.pages.forms.components import GROUP_FIELDS, GroupForm


def _back(page_id: str) -> str:
    return url_for("admin.page_detail", page_id=page_id, _anchor="components")


@bp.route("/pages/<page_id>/groups/new", methods=["GET", "POST"])
@admin_only
def group_create(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = GroupForm()
    if form.validate_on_submit():
        group = ComponentGroup(page=page, position=next_position(page.groups))
        fill(form, group, GROUP_FIELDS)
        record_created(group, GROUP_FIELDS)
        return saved("Group added.", "admin.page_detail", page_id=page.id)
    return render_template("admin/groups/edit.html", form=form, page=page)


@bp.route("/groups/<group_id>/edit", methods=["GET", "POST"])
@admin_only
def group_edit(group_id: str):
    group = db.get_or_404(ComponentGroup, group_id)
    form = GroupForm(group)
    if form.validate_on_submit():
        record_updated(form, group, GROUP_FIELDS)
        return saved("Group saved.", "admin.page_detail", page_id=group.page_id)
    return render_template(
        "admin/groups/edit.html", form=form, page=group.page, group=group
    )


@bp.route("/groups/<group_id>/delete", methods=["GET", "POST"])
@admin_only
def group_delete(group_id: str):
    group = db.get_or_404(ComponentGroup, group_id)
    what = f"Group “{group.name}” (its components stay, ungrouped)"
    return delete_item(group, GROUP_FIELDS, what, _back(group.page_id))


@bp.post("/groups/<group_id>/move")
@admin_only
def group_move(group_id: str):
    group = db.get_or_404(ComponentGroup, group_id)
    return move_item(group, group.page.groups, _back(group.page_id))
