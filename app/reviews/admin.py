"""Post-incident reviews, public postmortems and action items (staff and admins)."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.admin import bp
from app.admin.forms.common import ConfirmForm
from app.admin.helpers import saved
from app.core.errors import ValidationError
from app.core.labels import REVIEW_LABELS
from app.extensions import db
from app.incidents.policies import policy_for
from app.models import ActionItem, Incident, PostIncidentReview
from app.models.base import utcnow
from app.reviews import queue as review_queue
from app.reviews import service as reviews
from app.reviews.forms import (
    ActionItemForm,
    ActionItemStatusForm,
    PostmortemForm,
    ReviewForm,
    owner_from,
)
from app.reviews.rules import review_due, review_needed


def show_error(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError beside its field, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _back(incident: Incident, anchor: str | None = None) -> str:
    return url_for("admin.incident_review", incident_id=incident.id, _anchor=anchor)


def _review_page(incident: Incident, form: ReviewForm) -> str:
    now = utcnow()
    policy = policy_for(incident.severity)
    due = review_due(incident.resolved_at, now) if incident.resolved_at else None
    return render_template(
        "admin/reviews/review.html",
        incident=incident,
        review=incident.review,
        form=form,
        item_form=ActionItemForm(),
        items=review_queue.track(list(incident.action_items), now),
        policy=policy,
        required=review_needed(policy.review),
        requirement=REVIEW_LABELS[policy.review],
        due=due,
    )


@bp.route("/incidents/<incident_id>/review", methods=["GET", "POST"])
def incident_review(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = ReviewForm(incident.review)
    if form.validate_on_submit():
        reviews.save_review(
            incident,
            current_user,
            what_happened=form.what_happened.data,
            root_cause=form.root_cause.data,
            five_whys=form.why_pairs(),
            monitoring_gaps=form.monitoring_gaps.data,
            prevention=form.prevention.data,
        )
        return saved("Review saved.", "admin.incident_review", incident_id=incident.id)
    return _review_page(incident, form)


def _review_or_back(incident: Incident) -> PostIncidentReview:
    if incident.review is None:
        flash("Write the review first.", "error")
        abort(redirect(_back(incident)))
    return incident.review


def _confirmed_action(incident: Incident, action: Any, message: str) -> Response:
    """Run ``action`` (a review service) behind a CSRF-checked POST; report back."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action(_review_or_back(incident), current_user)
    except ValidationError as error:
        flash(error.message, "error")
        return redirect(_back(incident))
    return saved(message, "admin.incident_review", incident_id=incident.id)


@bp.post("/incidents/<incident_id>/review/complete")
def review_complete(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    return _confirmed_action(incident, reviews.complete_review, "Review complete.")


@bp.post("/incidents/<incident_id>/review/reopen")
def review_reopen(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    return _confirmed_action(incident, reviews.reopen_review, "Review reopened.")


def _postmortem_action(form: PostmortemForm, review: PostIncidentReview) -> str:
    body = form.postmortem_body.data
    if form.publish.data:
        notify = bool(form.notify_subscribers.data)
        reviews.publish_postmortem(
            review, current_user, body, notify_subscribers=notify
        )
        return "Postmortem published."
    reviews.save_postmortem(review, current_user, body)
    return "Postmortem saved."


@bp.route("/incidents/<incident_id>/postmortem", methods=["GET", "POST"])
def postmortem_edit(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    review = _review_or_back(incident)
    form = PostmortemForm(data={"postmortem_body": review.postmortem_body})
    if form.validate_on_submit() and not form.preview.data:
        try:
            message = _postmortem_action(form, review)
            return saved(message, "admin.postmortem_edit", incident_id=incident.id)
        except ValidationError as error:
            show_error(form, error)
    return render_template(
        "admin/reviews/postmortem.html",
        incident=incident,
        review=review,
        form=form,
        preview=form.preview.data and not form.errors,
    )


@bp.post("/incidents/<incident_id>/postmortem/unpublish")
def postmortem_unpublish(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    return _confirmed_action(
        incident, reviews.unpublish_postmortem, "Postmortem unpublished."
    )


def _item_fields(form: ActionItemForm) -> dict[str, Any]:
    return {
        "description": form.description.data,
        "owner": owner_from(form),
        "deadline": form.deadline.data,
    }


@bp.route("/incidents/<incident_id>/action-items/new", methods=["GET", "POST"])
def action_item_create(incident_id: str):
    incident = db.get_or_404(Incident, incident_id)
    form = ActionItemForm()
    if form.validate_on_submit():
        try:
            reviews.add_action_item(incident, current_user, **_item_fields(form))
            return saved(
                "Action item added.",
                "admin.incident_review",
                incident_id=incident.id,
                _anchor="action-items",
            )
        except ValidationError as error:
            show_error(form, error)
    return render_template(
        "admin/reviews/action_item.html", form=form, incident=incident, item=None
    )


@bp.route("/action-items/<item_id>/edit", methods=["GET", "POST"])
def action_item_edit(item_id: str):
    item = db.get_or_404(ActionItem, item_id)
    form = ActionItemForm(item)
    if form.validate_on_submit():
        try:
            reviews.update_action_item(item, current_user, **_item_fields(form))
            return saved(
                "Action item saved.",
                "admin.incident_review",
                incident_id=item.incident_id,
                _anchor="action-items",
            )
        except ValidationError as error:
            show_error(form, error)
    return render_template(
        "admin/reviews/action_item.html", form=form, incident=item.incident, item=item
    )


@bp.post("/action-items/<item_id>/status")
def action_item_status(item_id: str):
    item = db.get_or_404(ActionItem, item_id)
    form = ActionItemStatusForm()
    if not form.validate_on_submit():
        abort(400)
    reviews.set_action_item_status(item, current_user, form.status.data)
    db.session.commit()
    flash(f"Action item: {item.status_label}.", "success")
    return redirect(_back(item.incident, "action-items"))


@bp.get("/action-items")
def action_item_list():
    now = utcnow()
    return render_template(
        "admin/reviews/action_items.html",
        mine=review_queue.action_items_for(current_user, now),
        open_items=review_queue.open_action_items(now),
    )


@bp.context_processor
def _review_panels() -> dict[str, Any]:
    def review_panels() -> dict[str, Any]:
        """The dashboard's follow-up panels, computed only when a template asks."""
        now = utcnow()
        return {
            "missing": review_queue.reviews_missing(now),
            "overdue": review_queue.overdue_action_items(now),
        }

    return {"review_panels": review_panels}
