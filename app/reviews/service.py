"""Post-incident reviews, their public postmortems, and the action items they agree.

Services validate, flush and write the audit log; the caller commits. Bad input
raises app.core.errors.ValidationError naming the form field to blame.
"""

from datetime import date, datetime
from typing import Any

from app.core import audit, signals
from app.core.errors import ValidationError
from app.core.localtime import local_today
from app.core.validation import required_text
from app.extensions import db
from app.markdown import render_markdown
from app.models import (
    ActionItem,
    ActionItemStatus,
    Incident,
    PostIncidentReview,
    ReviewStatus,
    User,
)
from app.models.base import utcnow
from app.models.review import FIVE_WHYS, REVIEW_TEXT_FIELDS
from app.reviews.rules import clean_five_whys

REVIEW_FIELDS = (*REVIEW_TEXT_FIELDS, "five_whys")
POSTMORTEM_FIELDS = ("postmortem_body", "published", "published_at")
ACTION_ITEM_FIELDS = ("description", "owner_id", "deadline", "status")


def _acting_user(actor: Any) -> User | None:
    # current_user is a proxy (or anonymous): store the real account or nobody.
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    unwrap = getattr(actor, "_get_current_object", None)
    return unwrap() if unwrap else actor


def _summary(action: str, incident: Incident) -> str:
    return f"{action} for “{incident.title}”"


def save_review(
    incident: Incident,
    actor: User | None,
    *,
    what_happened: str = "",
    root_cause: str = "",
    five_whys: list[tuple[str, str]] | None = None,
    monitoring_gaps: str = "",
    prevention: str = "",
) -> PostIncidentReview:
    """Write the incident's review: create it on first save, else update it."""
    whys = clean_five_whys(five_whys or [])
    if len(whys) > FIVE_WHYS:
        raise ValidationError(f"Give at most {FIVE_WHYS} whys.", "five_whys")
    texts = {
        "what_happened": what_happened,
        "root_cause": root_cause,
        "monitoring_gaps": monitoring_gaps,
        "prevention": prevention,
    }
    review = incident.review
    if review is None:
        review = PostIncidentReview()
        incident.review = review
        before = None
    else:
        before = audit.snapshot(review, *REVIEW_FIELDS)
    for name, text in texts.items():
        setattr(review, name, (text or "").strip())
    review.five_whys = whys
    db.session.flush()
    after = audit.snapshot(review, *REVIEW_FIELDS)
    action = "create" if before is None else "update"
    audit.record(
        actor,
        action,
        review,
        before=before,
        after=after,
        summary=_summary(f"{action} review", incident),
    )
    return review


def complete_review(
    review: PostIncidentReview, actor: User | None, now: datetime | None = None
) -> PostIncidentReview:
    """Mark the review complete: it needs a resolved incident, and says what and why."""
    if not review.incident.is_resolved:
        raise ValidationError("Resolve the incident before completing its review.")
    required_text(review.what_happened, "“what happened” section", "what_happened")
    required_text(review.root_cause, "root cause", "root_cause")
    if review.is_complete:
        return review
    before = audit.snapshot(review, "status", "completed_at")
    review.status = ReviewStatus.COMPLETE
    review.completed_at = now or utcnow()
    review.completed_by = _acting_user(actor)
    db.session.flush()
    audit.record_change(actor, "complete", review, before)
    return review


def reopen_review(review: PostIncidentReview, actor: User | None) -> None:
    """Put a completed review back to draft (its postmortem stays as it is)."""
    if not review.is_complete:
        return
    before = audit.snapshot(review, "status", "completed_at")
    review.status = ReviewStatus.DRAFT
    review.completed_at = None
    review.completed_by = None
    db.session.flush()
    audit.record_change(actor, "reopen", review, before)


def save_postmortem(
    review: PostIncidentReview,
    actor: User | None,
    body: str,
    now: datetime | None = None,
) -> PostIncidentReview:
    """Save the postmortem's Markdown; a published one changes in public at once."""
    body = (body or "").strip()
    if review.published and not body:
        raise ValidationError(
            "A published postmortem cannot be empty: unpublish it instead.",
            "postmortem_body",
        )
    if body != review.postmortem_body:
        before = audit.snapshot(review, *POSTMORTEM_FIELDS)
        review.postmortem_body = body
        review.postmortem_body_updated_at = now or utcnow()
        db.session.flush()
        audit.record_change(actor, "update", review, before)
    return review


def publish_postmortem(
    review: PostIncidentReview,
    actor: User | None,
    body: str,
    *,
    notify_subscribers: bool = False,
    now: datetime | None = None,
) -> PostIncidentReview:
    """Publish the postmortem on the public incident page, in the API and feeds.

    Sends ``postmortem_published`` after the flush when it goes public; saving a
    postmortem that is already public only updates its text.
    """
    now = now or utcnow()
    incident = review.incident
    if not incident.is_public:
        raise ValidationError("This incident is internal: there is no public page.")
    if not review.is_complete:
        raise ValidationError("Complete the review before publishing a postmortem.")
    required_text(body, "postmortem", "postmortem_body")
    save_postmortem(review, actor, body, now)
    if review.published:
        return review
    before = audit.snapshot(review, *POSTMORTEM_FIELDS)
    review.published = True
    review.published_at = now
    review.notified_subscribers = notify_subscribers
    db.session.flush()
    audit.record_change(actor, "publish", review, before)
    signals.postmortem_published.send(
        incident, review=review, notify_subscribers=notify_subscribers
    )
    return review


def unpublish_postmortem(review: PostIncidentReview, actor: User | None) -> None:
    """Take the postmortem off the public page and API; its text is kept."""
    if not review.published:
        return
    before = audit.snapshot(review, *POSTMORTEM_FIELDS)
    review.published = False
    review.published_at = None
    db.session.flush()
    audit.record_change(actor, "unpublish", review, before)


def postmortem_feed_html(incident: Incident) -> str | None:
    """The published postmortem as sanitised HTML for a feed entry, else None."""
    review = incident.review
    if review is None or not review.is_public or not incident.is_public:
        return None
    return str(render_markdown(review.postmortem_body))


def _owner(owner: User | None) -> User:
    if owner is None or not owner.active:
        raise ValidationError("Choose an active staff member as the owner.", "owner")
    return owner


def _deadline(incident: Incident, deadline: date | None, now: datetime) -> date:
    if deadline is None:
        raise ValidationError("The deadline is required.", "deadline")
    if deadline < local_today(now, incident.page.time_zone):
        raise ValidationError("The deadline cannot be in the past.", "deadline")
    return deadline


def add_action_item(
    incident: Incident,
    actor: User | None,
    *,
    description: str,
    owner: User | None,
    deadline: date | None,
    now: datetime | None = None,
) -> ActionItem:
    """Agree a follow-up: what, who (a staff member), and by which day."""
    item = ActionItem(
        description=required_text(description, "description", "description"),
        owner=_owner(owner),
        deadline=_deadline(incident, deadline, now or utcnow()),
    )
    incident.action_items.append(item)
    db.session.flush()
    audit.record(
        actor,
        "create",
        item,
        after=audit.snapshot(item, *ACTION_ITEM_FIELDS),
        summary=_summary("add action item", incident),
    )
    return item


def update_action_item(
    item: ActionItem,
    actor: User | None,
    *,
    description: str,
    owner: User | None,
    deadline: date | None,
    now: datetime | None = None,
) -> ActionItem:
    """Change what an item says, who owns it, or its deadline."""
    before = audit.snapshot(item, *ACTION_ITEM_FIELDS)
    item.description = required_text(description, "description", "description")
    item.owner = _owner(owner)
    if deadline != item.deadline:
        item.deadline = _deadline(item.incident, deadline, now or utcnow())
    db.session.flush()
    audit.record_change(actor, "update", item, before)
    return item


def set_action_item_status(
    item: ActionItem,
    actor: User | None,
    status: ActionItemStatus,
    now: datetime | None = None,
) -> ActionItem:
    """Close an item as done or won't do, or open it again."""
    status = ActionItemStatus(status)
    if status is item.status:
        return item
    before = audit.snapshot(item, "status", "completed_at")
    item.status = status
    item.completed_at = None if status is ActionItemStatus.OPEN else now or utcnow()
    db.session.flush()
    action = "reopen" if status is ActionItemStatus.OPEN else "close"
    audit.record_change(actor, action, item, before)
    return item
