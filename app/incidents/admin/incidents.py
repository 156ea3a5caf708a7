"""Incidents: list, console page, declare, edit, acknowledge, confirm publicly."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from app.admin import bp
from app.admin.forms.common import ConfirmForm
from app.admin.forms.fields import chosen_user
from app.admin.helpers import saved
from app.core.paging import page_number
from app.extensions import db
from app.incidents import console as incident_console
from app.incidents.admin.common import (
    attempt,
    declared_draft,
    fill_declared_template,
    render_console,
)
from app.incidents.forms.incidents import (
    ConfirmPublicForm,
    IncidentFilterForm,
    declare_form,
    edit_form,
)
from app.markdown import render_markdown
from app.models import Impact, Incident, Page, Severity

PER_PAGE = 25


def _pages() -> list[Page]:
    return list(db.session.scalars(sa.select(Page).order_by(Page.name)))


@bp.get("/incidents")
def incident_list():
    form = IncidentFilterForm(request.args)
    form.page.choices = [SelectChoice("", "All pages")] + [
        SelectChoice(page.id, page.name) for page in _pages()
    ]
    incidents = db.paginate(
        incident_console.incidents_query(form.page.data, form.status.data),
        page=page_number("page_number"),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("admin/incidents/list.html", form=form, incidents=incidents)


@bp.get("/incidents/<incident_id>")
def incident_detail(incident_id: str):
    return render_console(db.get_or_404(Incident, incident_id))


@bp.route("/incidents/new", methods=["GET", "POST"])
def incident_create():
    page = db.session.get(Page, request.args.get("page", ""))
    if page is None:
        return render_template("admin/incidents/choose_page.html", pages=_pages())
    form = declare_form(page, current_user)
    shown = {"preview": None, "rendered": None}
    if form.is_submitted() and form.prefill.data:
        shown["rendered"] = fill_declared_template(page, form)
    elif form.is_submitted() and form.preview.data:
        shown["preview"] = render_markdown(form.body.data or "")
    elif form.validate_on_submit():
        incident = attempt(
            form,
            lambda: incident_console.declare(declared_draft(page, form), current_user),
        )
        if incident is not None:
            return saved(
                "Incident declared.", "admin.incident_detail", incident_id=incident.id
            )
    return render_template("admin/incidents/new.html", form=form, page=page, **shown)


@bp.route("/incidents/<incident_id>/edit", methods=["GET", "POST"])
def incident_edit(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = edit_form(incident)
    if form.validate_on_submit() and attempt(
        form,
        lambda: incident_console.edit(
            incident,
            current_user,
            title=form.title.data,
            severity=Severity(form.severity.data),
            impact=Impact(form.impact.data),
            commander=chosen_user(form.commander_id.data),
        ),
    ):
        return saved(
            "Incident saved.", "admin.incident_detail", incident_id=incident.id
        )
    return render_template("admin/incidents/edit.html", form=form, incident=incident)


@bp.post("/incidents/<incident_id>/acknowledge")
def incident_acknowledge(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if incident_console.acknowledge(incident, current_user):
        return saved(
            "Incident acknowledged.", "admin.incident_detail", incident_id=incident.id
        )
    flash("The incident was already acknowledged.", "info")
    return redirect(url_for("admin.incident_detail", incident_id=incident.id))


@bp.post("/incidents/<incident_id>/confirm")
def incident_confirm(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = ConfirmPublicForm(prefix="confirm")
    if form.validate_on_submit() and attempt(
        form, lambda: incident_console.confirm(incident, current_user, form.body.data)
    ):
        return saved(
            "Incident confirmed: it is on the public page now.",
            "admin.incident_detail",
            incident_id=incident.id,
        )
    return render_console(incident, confirm_form=form)
