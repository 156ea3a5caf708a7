"""Post-incident reviews: policy, due/overdue flags, action items, postmortems."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core import signals
from app.core.errors import ValidationError
from app.demo import seed_demo
from app.incidents.policies import ensure_default_policies, update_policy
from app.models import (
    ActionItem,
    ActionItemStatus,
    AuditEntry,
    Incident,
    IncidentStatus,
    Page,
    PostIncidentReview,
    ReviewRequirement,
    ReviewStatus,
    Severity,
    SeverityPolicy,
)
from app.reviews import queue as review_queue
from app.reviews import service as reviews
from app.reviews.rules import action_item_overdue, review_due, review_needed

RESOLVED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def resolved_incident(make_page, make_incident, severity=Severity.P1, **kwargs):
    page = kwargs.pop("page", None) or make_page(time_zone="UTC")
    at = kwargs.pop("resolved_at", RESOLVED)
    incident = make_incident(
        page,
        f"{severity} outage",
        severity=severity,
        started_at=at - timedelta(hours=2),
        detected_at=at - timedelta(hours=2),
        at=at - timedelta(hours=2),
        **kwargs,
    )
    incident.post_update(IncidentStatus.RESOLVED, "Fixed.", at=at)
    return incident


def write_review(incident, actor=None, complete=False):
    review = reviews.save_review(
        incident, actor, what_happened="It broke.", root_cause="A bad setting."
    )
    if complete:
        reviews.complete_review(review, actor, now=RESOLVED + timedelta(hours=3))
    return review


# --- policy --------------------------------------------------------------------


def test_reviews_needed_only_when_the_policy_says_so():
    assert review_needed(ReviewRequirement.MANDATORY)
    assert review_needed(ReviewRequirement.REQUIRED)
    assert not review_needed(ReviewRequirement.BRIEF_SUMMARY)
    assert not review_needed(ReviewRequirement.NONE)


def test_review_is_due_24_hours_after_resolution():
    on_time = review_due(RESOLVED, RESOLVED + timedelta(hours=23))
    assert on_time.due_at == RESOLVED + timedelta(hours=24)
    assert (on_time.overdue, on_time.due_in) == (False, timedelta(hours=1))
    at_due = review_due(RESOLVED, RESOLVED + timedelta(hours=24))
    assert not at_due.overdue
    late = review_due(RESOLVED, RESOLVED + timedelta(hours=25))
    assert (late.overdue, late.overdue_by, late.due_in) == (
        True,
        timedelta(hours=1),
        None,
    )


def test_missing_reviews_follow_the_default_policy(db, make_page, make_incident):
    p0 = resolved_incident(
        make_page, make_incident, Severity.P0, resolved_at=RESOLVED - timedelta(hours=1)
    )
    draft = resolved_incident(make_page, make_incident, Severity.P1)
    done = resolved_incident(make_page, make_incident, Severity.P1)
    resolved_incident(make_page, make_incident, Severity.P2)  # brief summary only
    resolved_incident(make_page, make_incident, Severity.P3)
    make_incident(make_page(), "Still open", severity=Severity.P0)
    write_review(draft)
    write_review(done, complete=True)
    db.session.commit()
    missing = review_queue.reviews_missing(RESOLVED + timedelta(hours=1))
    assert [m.incident.id for m in missing] == [p0.id, draft.id]  # soonest due first
    assert {m.incident.id: m.draft is not None for m in missing} == {
        p0.id: False,
        draft.id: True,
    }
    assert all(not m.overdue for m in missing)
    assert [m.due.due_at for m in missing] == [
        RESOLVED + timedelta(hours=23),
        RESOLVED + timedelta(hours=24),
    ]


def test_missing_reviews_turn_overdue_after_24_hours(db, make_page, make_incident):
    resolved_incident(make_page, make_incident, Severity.P1)
    db.session.commit()
    [before] = review_queue.reviews_missing(RESOLVED + timedelta(hours=23, minutes=59))
    [after] = review_queue.reviews_missing(RESOLVED + timedelta(hours=24, minutes=1))
    assert (before.overdue, after.overdue) == (False, True)
    assert after.due.overdue_by == timedelta(minutes=1)


def test_edited_policies_decide_which_reviews_are_missing(db, make_page, make_incident):
    ensure_default_policies()
    p1 = resolved_incident(make_page, make_incident, Severity.P1)
    p2 = resolved_incident(make_page, make_incident, Severity.P2)
    policies = {p.severity: p for p in db.session.scalars(sa.select(SeverityPolicy))}
    for severity, review in (
        (Severity.P1, ReviewRequirement.NONE),
        (Severity.P2, ReviewRequirement.REQUIRED),
    ):
        policy = policies[severity]
        update_policy(
            policy,
            label=policy.label,
            update_cadence_minutes=policy.update_cadence_minutes,
            recovery_target_minutes=policy.recovery_target_minutes,
            review=review,
        )
    db.session.commit()
    missing = review_queue.reviews_missing(RESOLVED)
    assert [m.incident.id for m in missing] == [p2.id]
    assert p1.id not in {m.incident.id for m in missing}


# --- reviews ---------------------------------------------------------------------


def test_save_review_creates_then_updates_and_audits(
    db, make_page, make_incident, staff_user
):
    incident = resolved_incident(make_page, make_incident)
    review = reviews.save_review(
        incident,
        staff_user,
        what_happened="  Timeline  ",
        root_cause="Cause",
        five_whys=[("Why 1", "Because 1"), ("", ""), ("  ", " Only an answer ")],
    )
    assert review.what_happened == "Timeline"
    assert review.five_whys == [
        {"why": "Why 1", "answer": "Because 1"},
        {"why": "", "answer": "Only an answer"},
    ]
    again = reviews.save_review(incident, staff_user, root_cause="Deeper cause")
    assert again is review
    assert (review.root_cause, review.what_happened) == ("Deeper cause", "")
    db.session.commit()
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.object_id == review.id)
    ).all()
    assert sorted(actions) == ["create", "update"]


def test_more_than_five_whys_are_refused(db, make_page, make_incident):
    incident = resolved_incident(make_page, make_incident)
    with pytest.raises(ValidationError, match="at most 5"):
        reviews.save_review(incident, None, five_whys=[("w", "a")] * 6)


def test_completing_needs_a_resolved_incident_and_the_what_and_why(
    db, make_page, make_incident
):
    open_incident = make_incident(make_page(), "Down", severity=Severity.P1)
    review = reviews.save_review(open_incident, None, what_happened="x", root_cause="y")
    with pytest.raises(ValidationError, match="Resolve the incident"):
        reviews.complete_review(review, None)
    incident = resolved_incident(make_page, make_incident)
    empty = reviews.save_review(incident, None, what_happened="x")
    with pytest.raises(ValidationError) as error:
        reviews.complete_review(empty, None)
    assert error.value.field == "root_cause"


def test_a_completed_review_leaves_the_missing_list(
    db, make_page, make_incident, staff_user
):
    incident = resolved_incident(make_page, make_incident)
    review = write_review(incident, staff_user, complete=True)
    db.session.commit()
    assert review.status is ReviewStatus.COMPLETE
    assert review.completed_by == staff_user
    assert review.completed_at == RESOLVED + timedelta(hours=3)
    assert review_queue.reviews_missing(RESOLVED) == []
    reviews.reopen_review(review, staff_user)
    db.session.commit()
    assert review.completed_at is None
    assert [m.incident for m in review_queue.reviews_missing(RESOLVED)] == [incident]


# --- postmortems ----------------------------------------------------------------


@pytest.fixture
def published_signals():
    received = []

    def listener(sender, **kwargs):
        received.append((sender, kwargs))

    signals.postmortem_published.connect(listener)
    yield received
    signals.postmortem_published.disconnect(listener)


def test_publishing_needs_a_complete_review_of_a_public_incident(
    db, make_page, make_incident
):
    incident = resolved_incident(make_page, make_incident)
    review = write_review(incident)
    with pytest.raises(ValidationError, match="Complete the review"):
        reviews.publish_postmortem(review, None, "Body")
    reviews.complete_review(review, None)
    with pytest.raises(ValidationError) as error:
        reviews.publish_postmortem(review, None, "   ")
    assert error.value.field == "postmortem_body"
    internal = resolved_incident(make_page, make_incident, public=False)
    internal_review = write_review(internal, complete=True)
    with pytest.raises(ValidationError, match="internal"):
        reviews.publish_postmortem(internal_review, None, "Body")


def test_publish_signals_once_and_unpublish_hides(
    db, make_page, make_incident, published_signals
):
    incident = resolved_incident(make_page, make_incident)
    review = write_review(incident, complete=True)
    at = RESOLVED + timedelta(hours=5)
    reviews.publish_postmortem(
        review, None, "# Sorry\n\nIt broke.", notify_subscribers=True, now=at
    )
    assert (review.published, review.published_at, review.notified_subscribers) == (
        True,
        at,
        True,
    )
    assert review.postmortem_body_updated_at == at
    reviews.publish_postmortem(review, None, "Edited.", now=at + timedelta(hours=1))
    assert review.published_at == at
    assert review.postmortem_body_updated_at == at + timedelta(hours=1)
    assert [
        (s, k["review"], k["notify_subscribers"]) for s, k in published_signals
    ] == [(incident, review, True)]
    assert "It broke" not in reviews.postmortem_feed_html(incident)
    assert reviews.postmortem_feed_html(incident) == "<p>Edited.</p>"
    reviews.unpublish_postmortem(review, None)
    assert (review.published, review.published_at) == (False, None)
    assert reviews.postmortem_feed_html(incident) is None
    assert review.postmortem_body == "Edited."


def test_a_published_postmortem_cannot_be_emptied(db, make_page, make_incident):
    incident = resolved_incident(make_page, make_incident)
    review = write_review(incident, complete=True)
    reviews.save_postmortem(review, None, "")  # a draft may be empty
    reviews.publish_postmortem(review, None, "Body")
    with pytest.raises(ValidationError, match="unpublish"):
        reviews.save_postmortem(review, None, "  ")


def test_feed_html_is_sanitised(db, make_page, make_incident):
    incident = resolved_incident(make_page, make_incident)
    review = write_review(incident, complete=True)
    reviews.publish_postmortem(
        review,
        None,
        "Fine <script>alert(1)</script> [x](javascript:alert(2)) "
        '<img src=x onerror="alert(3)">',
    )
    html = reviews.postmortem_feed_html(incident)
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" not in html


# --- action items -----------------------------------------------------------------


def test_action_item_overdue_rule():
    deadline = date(2024, 5, 10)
    assert not action_item_overdue(True, deadline, date(2024, 5, 10))
    assert action_item_overdue(True, deadline, date(2024, 5, 11))
    assert not action_item_overdue(False, deadline, date(2024, 5, 11))


def test_add_update_and_close_action_items(
    db, make_page, make_incident, staff_user, admin_user
):
    incident = resolved_incident(make_page, make_incident)
    now = RESOLVED + timedelta(hours=4)
    item = reviews.add_action_item(
        incident,
        admin_user,
        description=" Add a check ",
        owner=staff_user,
        deadline=date(2024, 5, 8),
        now=now,
    )
    assert (item.description, item.owner, item.status) == (
        "Add a check",
        staff_user,
        ActionItemStatus.OPEN,
    )
    reviews.update_action_item(
        item,
        admin_user,
        description="Add two checks",
        owner=admin_user,
        deadline=date(2024, 5, 9),
        now=now,
    )
    reviews.set_action_item_status(item, staff_user, ActionItemStatus.DONE, now=now)
    assert (item.status, item.completed_at) == (ActionItemStatus.DONE, now)
    reviews.set_action_item_status(item, staff_user, ActionItemStatus.OPEN)
    assert item.completed_at is None
    db.session.commit()
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.object_id == item.id)
        .order_by(AuditEntry.created_at)
    ).all()
    assert sorted(actions) == ["close", "create", "reopen", "update"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"description": " "}, "description"),
        ({"owner": None}, "owner"),
        ({"deadline": None}, "deadline"),
        ({"deadline": date(2024, 4, 30)}, "deadline"),  # in the past
    ],
)
def test_bad_action_items_are_refused(
    db, make_page, make_incident, staff_user, fields, field
):
    incident = resolved_incident(make_page, make_incident)
    values = {"description": "Do it", "owner": staff_user, "deadline": date(2024, 5, 9)}
    with pytest.raises(ValidationError) as error:
        reviews.add_action_item(incident, None, **(values | fields), now=RESOLVED)
    assert error.value.field == field


def test_inactive_owners_are_refused(db, make_page, make_incident, make_user):
    incident = resolved_incident(make_page, make_incident)
    gone = make_user(active=False)
    with pytest.raises(ValidationError):
        reviews.add_action_item(
            incident,
            None,
            description="x",
            owner=gone,
            deadline=date(2024, 5, 9),
            now=RESOLVED,
        )


def _item(incident, owner, deadline, status=ActionItemStatus.OPEN):
    item = ActionItem(
        description=f"Due {deadline}",
        owner=owner,
        deadline=deadline,
        status=status,
        completed_at=None if status is ActionItemStatus.OPEN else RESOLVED,
    )
    incident.action_items.append(item)
    return item


def test_overdue_items_and_each_owners_items(
    db, make_page, make_incident, staff_user, admin_user
):
    incident = resolved_incident(make_page, make_incident)
    late = _item(incident, staff_user, date(2024, 5, 2))
    due_today = _item(incident, staff_user, date(2024, 5, 3))
    closed = _item(incident, staff_user, date(2024, 5, 1), ActionItemStatus.WONT_DO)
    theirs = _item(incident, admin_user, date(2024, 4, 30))
    db.session.commit()
    now = datetime(2024, 5, 3, 12, 0, tzinfo=UTC)
    overdue = review_queue.overdue_action_items(now)
    assert [t.item for t in overdue] == [theirs, late]
    mine = review_queue.action_items_for(staff_user, now)
    assert [(t.item, t.overdue) for t in mine] == [
        (late, True),
        (due_today, False),
        (closed, False),
    ]
    assert [t.item for t in review_queue.open_action_items(now)] == [
        theirs,
        late,
        due_today,
    ]


def test_overdue_counts_days_in_the_pages_timezone(db, make_page, make_incident):
    page = make_page(time_zone="America/Los_Angeles")
    incident = resolved_incident(make_page, make_incident, page=page)
    item = _item(incident, None, date(2024, 5, 2))
    db.session.commit()
    # 03:00 UTC on 3 May is still 2 May (20:00) in Los Angeles: not overdue yet.
    assert review_queue.overdue_action_items(datetime(2024, 5, 3, 3, tzinfo=UTC)) == []
    [late] = review_queue.overdue_action_items(datetime(2024, 5, 3, 8, tzinfo=UTC))
    assert late.item == item


# --- demo ---------------------------------------------------------------------------


def test_demo_has_a_published_postmortem_and_an_overdue_item(db):
    now = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    seed_demo(now)
    db.session.commit()
    [review] = db.session.scalars(sa.select(PostIncidentReview)).all()
    assert review.incident.page.slug == "northwind"
    assert review.is_complete
    assert review.is_public
    assert [t.item.owner.name for t in review_queue.overdue_action_items(now)] == [
        "Ryan Gibbons"
    ]
    apc = db.session.scalar(
        sa.select(Incident).join(Page).where(Page.slug == "apc").limit(1)
    )
    assert apc.review is None
    missing = review_queue.reviews_missing(now)
    assert all(m.incident.page.slug != "apc" for m in missing)
