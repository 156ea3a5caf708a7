"""A page's client emergency contacts and internal escalation chain (admin-only)."""

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
from app.incidents.forms.contacts import (
    EMERGENCY_FIELDS,
    ESCALATION_FIELDS,
    EmergencyContactForm,
    EscalationContactForm,
)
from app.models import EmergencyContact, EscalationContact, Page


def _back(page_id: str) -> str:
    return url_for("admin.page_detail", page_id=page_id, _anchor="contacts")


@bp.route("/pages/<page_id>/contacts/new", methods=["GET", "POST"])
@admin_only
def contact_create(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = EmergencyContactForm()
    if form.validate_on_submit():
        contact = EmergencyContact(
            page=page, position=next_position(page.emergency_contacts)
        )
        fill(form, contact, EMERGENCY_FIELDS)
        record_created(contact, EMERGENCY_FIELDS)
        return saved("Emergency contact added.", "admin.page_detail", page_id=page.id)
    return render_template("admin/contacts/edit.html", form=form, page=page)


@bp.route("/contacts/<contact_id>/edit", methods=["GET", "POST"])
@admin_only
def contact_edit(contact_id: str):
    contact = db.get_or_404(EmergencyContact, contact_id)
    form = EmergencyContactForm(obj=contact)
    if form.validate_on_submit():
        record_updated(form, contact, EMERGENCY_FIELDS)
        return saved(
            "Emergency contact saved.", "admin.page_detail", page_id=contact.page_id
        )
    return render_template(
        "admin/contacts/edit.html", form=form, page=contact.page, contact=contact
    )


@bp.route("/contacts/<contact_id>/delete", methods=["GET", "POST"])
@admin_only
def contact_delete(contact_id: str):
    contact = db.get_or_404(EmergencyContact, contact_id)
    what = f"Emergency contact “{contact.name}”"
    return delete_item(contact, EMERGENCY_FIELDS, what, _back(contact.page_id))


@bp.post("/contacts/<contact_id>/move")
@admin_only
def contact_move(contact_id: str):
    contact = db.get_or_404(EmergencyContact, contact_id)
    siblings = contact.page.emergency_contacts
    return move_item(contact, siblings, _back(contact.page_id))


@bp.route("/pages/<page_id>/escalation/new", methods=["GET", "POST"])
@admin_only
def escalation_create(page_id: str):
    page = db.get_or_404(Page, page_id)
    form = EscalationContactForm()
    if form.validate_on_submit():
        step = EscalationContact(
            page=page, position=next_position(page.escalation_chain)
        )
        fill(form, step, ESCALATION_FIELDS)
        record_created(step, ESCALATION_FIELDS)
        return saved("Escalation step added.", "admin.page_detail", page_id=page.id)
    return render_template("admin/escalation/edit.html", form=form, page=page)


@bp.route("/escalation/<step_id>/edit", methods=["GET", "POST"])
@admin_only
def escalation_edit(step_id: str):
    step = db.get_or_404(EscalationContact, step_id)
    form = EscalationContactForm(obj=step)
    if form.validate_on_submit():
        record_updated(form, step, ESCALATION_FIELDS)
        return saved(
            "Escalation step saved.", "admin.page_detail", page_id=step.page_id
        )
    return render_template(
        "admin/escalation/edit.html", form=form, page=step.page, step=step
    )


@bp.route("/escalation/<step_id>/delete", methods=["GET", "POST"])
@admin_only
def escalation_delete(step_id: str):
    step = db.get_or_404(EscalationContact, step_id)
    what = f"Escalation step “{step.role_label}: {step.person_name}”"
    return delete_item(step, ESCALATION_FIELDS, what, _back(step.page_id))


@bp.post("/escalation/<step_id>/move")
@admin_only
def escalation_move(step_id: str):
    step = db.get_or_404(EscalationContact, step_id)
    return move_item(step, step.page.escalation_chain, _back(step.page_id))
