"""Admin-only console settings: severity policies and communication templates."""

import sqlalchemy as sa
from flask import abort, render_template, url_for
from flask_login import current_user

from app.admin import admin_only, bp
from app.admin.forms.common import ConfirmForm
from app.admin.helpers import delete_item, saved
from app.core import audit
from app.core.labels import TEMPLATE_KIND_LABELS
from app.extensions import db
from app.incidents.admin.common import attempt
from app.incidents.communication import (
    ensure_default_templates,
    list_templates,
    save_template,
)
from app.incidents.forms.settings import (
    POLICY_FIELDS,
    TEMPLATE_FIELDS,
    PolicyForm,
    TemplateForm,
)
from app.incidents.policies import ensure_default_policies, policy_terms, update_policy
from app.incidents.severity import DEFAULTS_BY_SEVERITY
from app.models import (
    CommunicationTemplate,
    IncidentStatus,
    ReviewRequirement,
    Severity,
    SeverityPolicy,
    TemplateKind,
)


@bp.get("/settings/severity")
@admin_only
def severity_policy_list():
    return render_template(
        "admin/settings/severity.html", policies=policy_terms().values()
    )


def _policy(severity: str) -> SeverityPolicy:
    """The stored policy of ``severity``, else an unsaved one with the defaults."""
    if severity not in set(Severity):
        abort(404)
    stored = db.session.scalar(
        sa.select(SeverityPolicy).where(SeverityPolicy.severity == severity)
    )
    if stored is not None:
        return stored
    terms = DEFAULTS_BY_SEVERITY[Severity(severity)]
    fields = ("severity", *POLICY_FIELDS)
    return SeverityPolicy(**{name: getattr(terms, name) for name in fields})


def _save_policy(policy: SeverityPolicy, form: PolicyForm) -> SeverityPolicy:
    before = audit.snapshot(policy, *POLICY_FIELDS)
    db.session.add(policy)
    update_policy(
        policy,
        label=form.label.data,
        update_cadence_minutes=form.update_cadence_minutes.data,
        recovery_target_minutes=form.recovery_target_minutes.data,
        review=ReviewRequirement(form.review.data),
        description=form.description.data or "",
    )
    audit.record_change(current_user, "update", policy, before)
    return policy


@bp.route("/settings/severity/<severity>", methods=["GET", "POST"])
@admin_only
def severity_policy_edit(severity: str):
    policy = _policy(severity)
    form = PolicyForm(obj=policy)
    if form.validate_on_submit() and attempt(form, lambda: _save_policy(policy, form)):
        return saved(f"Policy {policy.severity} saved.", "admin.severity_policy_list")
    return render_template("admin/settings/policy_edit.html", form=form, policy=policy)


@bp.get("/settings/templates")
@admin_only
def template_list():
    return render_template(
        "admin/settings/templates.html",
        templates=list_templates(),
        kind_labels=TEMPLATE_KIND_LABELS,
        seed_form=ConfirmForm(),
    )


def _save_template(
    template: CommunicationTemplate, form: TemplateForm, is_new: bool = False
) -> bool:
    before = {} if is_new else audit.snapshot(template, *TEMPLATE_FIELDS)
    status = form.suggested_status.data
    save_template(
        template,
        name=form.name.data,
        kind=TemplateKind(form.kind.data),
        body=form.body.data,
        suggested_status=IncidentStatus(status) if status else None,
    )
    if form.position.data is not None:
        template.position = form.position.data
    elif is_new:
        template.position = len(list_templates())
    after = audit.snapshot(template, *TEMPLATE_FIELDS)
    action = "create" if is_new else "update"
    audit.record(current_user, action, template, before=before or None, after=after)
    return True


@bp.route("/settings/templates/new", methods=["GET", "POST"])
@admin_only
def template_create():
    form = TemplateForm()
    if form.validate_on_submit() and attempt(
        form, lambda: _save_template(CommunicationTemplate(), form, is_new=True)
    ):
        return saved("Template added.", "admin.template_list")
    return render_template(
        "admin/settings/template_edit.html", form=form, template=None
    )


@bp.route("/settings/templates/<template_id>/edit", methods=["GET", "POST"])
@admin_only
def template_edit(template_id: str):
    template = db.get_or_404(CommunicationTemplate, template_id)
    form = TemplateForm(template)
    if form.validate_on_submit() and attempt(
        form, lambda: _save_template(template, form)
    ):
        return saved("Template saved.", "admin.template_list")
    return render_template(
        "admin/settings/template_edit.html", form=form, template=template
    )


@bp.route("/settings/templates/<template_id>/delete", methods=["GET", "POST"])
@admin_only
def template_delete(template_id: str):
    template = db.get_or_404(CommunicationTemplate, template_id)
    what = f"Template “{template.name}”"
    return delete_item(template, TEMPLATE_FIELDS, what, url_for("admin.template_list"))


@bp.post("/settings/defaults")
@admin_only
def settings_defaults():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    created = [*ensure_default_policies(), *ensure_default_templates()]
    for item in created:
        label = getattr(item, "name", None) or getattr(item, "severity", "")
        audit.record(current_user, "create", item, summary=f"default {label}")
    return saved(f"Added {len(created)} defaults.", "admin.template_list")
