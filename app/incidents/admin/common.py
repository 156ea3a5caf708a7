"""What the incident console's views share: the console page, errors, prefills."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import current_app, render_template
from flask_login import current_user
from flask_wtf import FlaskForm

from app.admin import bp
from app.admin.forms.common import ConfirmForm
from app.admin.forms.fields import chosen_user, component_statuses, show_error
from app.core.errors import ValidationError
from app.core.labels import (
    ALERT_CHANNEL_LABELS,
    ANSWER_LABELS,
    DETECTION_LABELS,
    REVIEW_LABELS,
)
from app.extensions import db
from app.incidents.communication import render_for_incident
from app.incidents.contacts import contact_plan
from app.incidents.dashboard import clocks_for
from app.incidents.forms.incidents import ConfirmPublicForm
from app.incidents.forms.record import record_forms
from app.incidents.hours import incident_hours
from app.incidents.lifecycle import InvalidTransition
from app.incidents.placeholders import Rendered
from app.incidents.policies import policy_for
from app.incidents.service import IncidentDraft
from app.models import (
    CommunicationTemplate,
    DetectionSource,
    Impact,
    Incident,
    IncidentComponent,
    Page,
    Severity,
)
from app.models.base import utcnow

T = TypeVar("T")


def has_endpoint(endpoint: str) -> bool:
    """Whether the app has ``endpoint`` (views other work adds may not exist yet)."""
    return endpoint in current_app.view_functions


@bp.context_processor
def _console_globals() -> dict[str, Any]:
    return {
        "has_endpoint": has_endpoint,
        "detection_labels": DETECTION_LABELS,
        "alert_channel_labels": ALERT_CHANNEL_LABELS,
        "answer_labels": ANSWER_LABELS,
        "review_labels": REVIEW_LABELS,
    }


@bp.app_template_filter("duration")
def duration(value: timedelta | None) -> str:
    """A span as '2 d 3 h', '1 h 5 min' or '4 min' (to the minute)."""
    if value is None:
        return "—"
    minutes = max(int(value.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def attempt(form: FlaskForm, action: Callable[[], T]) -> T | None:
    """Run a service call; on a refusal roll back and show it on ``form``."""
    try:
        return action()
    except InvalidTransition as error:
        db.session.rollback()
        show_error(form, error, "status")
    except ValidationError as error:
        db.session.rollback()
        show_error(form, error)
    return None


def render_console(incident: Incident, **forms: FlaskForm) -> str:
    """The incident's console page; ``forms`` replace the fresh ones (with errors)."""
    now = utcnow()
    context: dict[str, Any] = {
        "incident": incident,
        "page": incident.page,
        "now": now,
        "clocks": clocks_for(incident, now),
        "policy": policy_for(incident.severity),
        "plan": contact_plan(incident.page),
        "hours": incident_hours(incident),
        "confirm_form": ConfirmPublicForm(formdata=None, prefix="confirm"),
        "action_form": ConfirmForm(formdata=None),
        **record_forms(incident, current_user),
    }
    return render_template("admin/incidents/detail.html", **context | forms)


def chosen_template(template_id: str | None) -> CommunicationTemplate | None:
    return db.session.get(CommunicationTemplate, template_id) if template_id else None


def _local_or(field: Any, time_zone: str, default: datetime) -> datetime:
    try:
        return field.utc(time_zone) or default
    except ValidationError:
        return default


def _enum(kind: type[T], value: Any, default: T) -> T:
    try:
        return kind(value)  # type: ignore[call-arg]
    except ValueError:
        return default


def draft_incident(page: Page, form: Any, now: datetime) -> Incident:
    """An unsaved incident from the declare form as typed, to fill in a template."""
    started = _local_or(form.started_at, page.time_zone, now)
    incident = Incident(
        page=page,
        title=form.title.data or "",
        severity=_enum(Severity, form.severity.data, Severity.P2),
        started_at=started,
        detected_at=_local_or(form.detected_at, page.time_zone, started),
    )
    for component, status in component_statuses(form, list(page.components)).items():
        incident.affected.append(IncidentComponent(component=component, status=status))
    return incident


def fill_declared_template(page: Page, form: Any) -> Rendered | None:
    """Put the chosen template, filled in for the draft, into the message."""
    template = chosen_template(form.template.data)
    if template is None:
        form.template.errors = ["Choose a template first."]
        return None
    now = utcnow()
    with db.session.no_autoflush:
        rendered = render_for_incident(
            template.body, draft_incident(page, form, now), now
        )
    form.body.data = rendered.text
    return rendered


def declared_draft(page: Page, form: Any) -> IncidentDraft:
    """The declare form as the draft ``incident_console.declare`` takes."""
    detected = form.detected_at.utc(page.time_zone)
    return IncidentDraft(
        page=page,
        title=form.title.data,
        body=form.body.data,
        severity=Severity(form.severity.data),
        impact=Impact(form.impact.data),
        components=component_statuses(form, list(page.components)),
        detection_source=DetectionSource(form.detection_source.data),
        # Without a start time the incident started when it was detected.
        started_at=form.started_at.utc(page.time_zone) or detected,
        detected_at=detected,
        public=not form.internal_only.data,
        commander=chosen_user(form.commander_id.data),
    )
