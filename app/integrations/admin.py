"""Monitoring integrations (admin-only): create, configure, rotate the token, delete."""

from flask import make_response, render_template, url_for
from flask_login import current_user

from app.accounts.forms.tokens import IntegrationForm
from app.admin import admin_only, bp
from app.admin.forms.common import ConfirmForm
from app.admin.helpers import delete_item, saved
from app.core import audit
from app.extensions import db
from app.integrations import service
from app.models import Integration, Page

SETTINGS = service.SETTINGS[1:]  # all but the name, which is set apart


def _settings(form: IntegrationForm) -> dict:
    values = {name: form[name].data for name in SETTINGS if name != "component_map"}
    return values | {"component_map": form.mapping}


def _show_token(integration: Integration, secret: str):
    page = render_template(
        "admin/integrations/token.html", integration=integration, secret=secret
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/integrations/")
@admin_only
def integration_list():
    integrations = db.session.scalars(
        db.select(Integration).order_by(Integration.name)
    ).all()
    return render_template(
        "admin/integrations/list.html", integrations=integrations, form=ConfirmForm()
    )


@bp.route("/integrations/new", methods=["GET", "POST"])
@admin_only
def integration_create():
    form = IntegrationForm(data={"label_name": "beacon_component"})
    if form.validate_on_submit():
        page = db.get_or_404(Page, form.page_id.data)
        integration, secret = service.create_integration(
            page, form.kind.data, form.name.data, current_user, **_settings(form)
        )
        db.session.commit()
        return _show_token(integration, secret)
    return render_template("admin/integrations/edit.html", form=form, integration=None)


@bp.route("/integrations/<integration_id>/edit", methods=["GET", "POST"])
@admin_only
def integration_edit(integration_id: str):
    integration = db.get_or_404(Integration, integration_id)
    form = IntegrationForm(obj=integration)
    form.kind.render_kw = form.page_id.render_kw = {"disabled": True}
    form.kind.data, form.page_id.data = integration.kind, integration.page_id
    if not form.is_submitted():
        form.component_map.data = service.format_component_map(
            integration.component_map, integration.page
        )
    if form.validate_on_submit():
        before = audit.snapshot(integration, *service.SETTINGS)
        integration.name = form.name.data
        for name, value in _settings(form).items():
            setattr(integration, name, value)
        audit.record_change(current_user, "update", integration, before)
        return saved("Integration saved.", "admin.integration_list")
    return render_template(
        "admin/integrations/edit.html", form=form, integration=integration
    )


@bp.post("/integrations/<integration_id>/rotate")
@admin_only
def integration_rotate(integration_id: str):
    integration = db.get_or_404(Integration, integration_id)
    secret = service.rotate_token(integration, current_user)
    db.session.commit()
    return _show_token(integration, secret)


@bp.route("/integrations/<integration_id>/delete", methods=["GET", "POST"])
@admin_only
def integration_delete(integration_id: str):
    integration = db.get_or_404(Integration, integration_id)
    back = url_for("admin.integration_list")
    return delete_item(
        integration, ("name", "kind", "page_id"), "The integration", back
    )
