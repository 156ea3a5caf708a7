"""Post an update: state, message, visibility and component statuses in one form."""

from typing import Any

from flask import render_template, request
from flask_login import current_user

from app.admin import bp
from app.admin.forms.fields import component_statuses
from app.admin.helpers import saved
from app.extensions import db
from app.incidents import console as incident_console
from app.incidents.admin.common import attempt, chosen_template
from app.incidents.communication import list_templates, render_for_incident
from app.incidents.forms.incidents import update_form
from app.incidents.lifecycle import allowed_targets
from app.incidents.placeholders import Rendered
from app.markdown import render_markdown
from app.models import Incident, Visibility
from app.models.base import utcnow


def _prefill(incident: Incident) -> tuple[dict[str, Any], Rendered | None]:
    """The message (and suggested state) of the template chosen with ?template=."""
    template = chosen_template(request.args.get("template"))
    if template is None:
        return {}, None
    rendered = render_for_incident(template.body, incident, utcnow())
    data: dict[str, Any] = {"body": rendered.text}
    targets = allowed_targets(incident.status, reopen=incident.is_resolved)
    if template.suggested_status in targets:
        data["status"] = template.suggested_status.value
    return data, rendered


def _values(incident: Incident, form: Any) -> dict[str, Any]:
    return {
        "status": form.chosen_status,
        "body": form.body.data,
        "visibility": Visibility(form.visibility.data),
        "component_statuses": component_statuses(form, list(incident.page.components)),
        "reopen": "reopen" in form and bool(form.reopen.data),
    }


@bp.route("/incidents/<incident_id>/updates/new", methods=["GET", "POST"])
def incident_update_create(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    data, rendered = _prefill(incident)
    form = update_form(incident, **data)
    preview = None
    if form.is_submitted() and form.preview.data:
        preview = render_markdown(form.body.data or "")
    elif form.validate_on_submit() and attempt(
        form,
        lambda: incident_console.post_update(
            incident, current_user, **_values(incident, form)
        ),
    ):
        return saved("Update posted.", "admin.incident_detail", incident_id=incident.id)
    return render_template(
        "admin/incidents/update.html",
        incident=incident,
        form=form,
        preview=preview,
        rendered=rendered,
        templates=list_templates(),
        chosen=request.args.get("template", ""),
    )
