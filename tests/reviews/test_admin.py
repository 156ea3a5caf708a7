"""Review pages, action items and the dashboard panels; the public postmortem."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from app.models import ActionItem, ActionItemStatus, IncidentStatus, Severity
from app.models.base import utcnow
from app.reviews import service as reviews
from tests.helpers import sign_in
from tests.statuspage.contract import CONTRACTS

EVIL = (
    "Root cause: **DNS**.\n\n<script>alert('x')</script>\n\n"
    "[click](javascript:alert(1)) <img src=x onerror=alert(2)> "
    '<a href="https://example.com" onclick="steal()">ok</a>'
)


@pytest.fixture
def incident(db, make_page, make_incident):
    page = make_page(name="Acme", slug="acme", time_zone="UTC")
    resolved = utcnow() - timedelta(hours=2)
    incident = make_incident(
        page,
        "Checkout down",
        severity=Severity.P1,
        started_at=resolved - timedelta(hours=1),
        detected_at=resolved - timedelta(hours=1),
        at=resolved - timedelta(hours=1),
    )
    incident.post_update(IncidentStatus.RESOLVED, "Fixed.", at=resolved)
    db.session.commit()
    return incident


def _review_form(**overrides):
    data = {
        "what_happened": "At 10:00 checkout failed.",
        "root_cause": "An expired certificate.",
        "monitoring_gaps": "No certificate expiry check.",
        "prevention": "Automate renewals.",
        "why_1": "Why did checkout fail?",
        "answer_1": "The TLS handshake failed.",
        "why_3": "Why was it not renewed?",
        "answer_3": "Renewal was manual.",
    }
    return data | overrides


def _complete(db, incident, staff_client):
    staff_client.post(f"/admin/incidents/{incident.id}/review", data=_review_form())
    staff_client.post(f"/admin/incidents/{incident.id}/review/complete")
    db.session.expire_all()
    return incident.review


def test_staff_write_a_review_with_five_whys(db, incident, staff_client, staff_user):
    url = f"/admin/incidents/{incident.id}/review"
    page = staff_client.get(url)
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('name="answer_5"') == 1
    response = staff_client.post(url, data=_review_form())
    assert response.status_code == 302
    db.session.expire_all()
    review = incident.review
    assert review.root_cause == "An expired certificate."
    assert review.five_whys == [
        {"why": "Why did checkout fail?", "answer": "The TLS handshake failed."},
        {"why": "Why was it not renewed?", "answer": "Renewal was manual."},
    ]
    html = staff_client.get(url).get_data(as_text=True)
    assert 'value="Renewal was manual."' in html
    assert "Draft" in html


def test_complete_and_reopen_by_post(db, incident, staff_client, staff_user):
    review = _complete(db, incident, staff_client)
    assert review.is_complete
    assert review.completed_by == staff_user
    staff_client.post(f"/admin/incidents/{incident.id}/review/reopen")
    db.session.expire_all()
    assert not incident.review.is_complete


def test_completing_an_empty_review_flashes_the_problem(db, incident, staff_client):
    url = f"/admin/incidents/{incident.id}/review"
    staff_client.post(url, data={"what_happened": "Only this."})
    response = staff_client.post(f"{url}/complete", follow_redirects=True)
    assert "The root cause is required." in response.get_data(as_text=True)
    db.session.expire_all()
    assert not incident.review.is_complete


def test_completing_without_a_review_asks_for_one(db, incident, staff_client):
    response = staff_client.post(
        f"/admin/incidents/{incident.id}/review/complete", follow_redirects=True
    )
    assert "Write the review first." in response.get_data(as_text=True)


def test_postmortem_preview_renders_without_saving(db, incident, staff_client):
    review = _complete(db, incident, staff_client)
    response = staff_client.post(
        f"/admin/incidents/{incident.id}/postmortem",
        data={"postmortem_body": EVIL, "preview": "Preview"},
    )
    html = response.get_data(as_text=True)
    preview = html.split("Preview (not saved)")[1]
    assert "<strong>DNS</strong>" in preview
    assert "<script>alert" not in html
    assert "onerror" not in preview
    db.session.expire_all()
    assert review.postmortem_body == ""
    assert not review.published


def test_publishing_shows_the_postmortem_publicly_and_unpublishing_hides_it(
    db, client, incident, staff_client
):
    review = _complete(db, incident, staff_client)
    public_url = f"/acme/incidents/{incident.id}"
    assert "Postmortem" not in client.get(public_url).get_data(as_text=True)
    response = staff_client.post(
        f"/admin/incidents/{incident.id}/postmortem",
        data={"postmortem_body": EVIL, "publish": "Publish"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert review.published
    html = client.get(public_url).get_data(as_text=True)
    assert ">Postmortem</h2>" in html
    assert "<strong>DNS</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert '<a href="https://example.com" rel="nofollow noopener noreferrer">' in html
    staff_client.post(f"/admin/incidents/{incident.id}/postmortem/unpublish")
    html = client.get(public_url).get_data(as_text=True)
    assert ">Postmortem</h2>" not in html
    assert "DNS" not in html


def test_publishing_an_incomplete_review_is_a_form_error(db, incident, staff_client):
    staff_client.post(f"/admin/incidents/{incident.id}/review", data=_review_form())
    response = staff_client.post(
        f"/admin/incidents/{incident.id}/postmortem",
        data={"postmortem_body": "Body", "publish": "Publish"},
    )
    assert response.status_code == 200
    assert "Complete the review before publishing" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not incident.review.published


def _api_incident(client, incident):
    body = client.get("/acme/api/v2/incidents.json").get_json()
    errors = [e.message for e in CONTRACTS["incidents.json"].iter_errors(body)]
    assert errors == []
    return next(i for i in body["incidents"] if i["id"] == incident.id)


def test_the_api_carries_statuspage_postmortem_fields(
    db, client, incident, staff_user, time_machine
):
    before = _api_incident(client, incident)
    assert before["status"] == "resolved"
    assert before["postmortem_body"] is None
    assert before["postmortem_published_at"] is None
    assert before["postmortem_ignored"] is False
    review = reviews.save_review(
        incident, staff_user, what_happened="a", root_cause="b"
    )
    reviews.complete_review(review, staff_user)
    at = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    time_machine.move_to(at, tick=False)
    reviews.publish_postmortem(
        review, staff_user, "Our **fault**.", notify_subscribers=True, now=at
    )
    db.session.commit()
    after = _api_incident(client, incident)
    assert after["status"] == "postmortem"
    assert after["postmortem_body"] == "Our **fault**."
    assert after["postmortem_published_at"] == "2030-01-02T03:04:00.000Z"
    assert after["postmortem_body_last_updated_at"] == "2030-01-02T03:04:00.000Z"
    assert after["postmortem_notified_subscribers"] is True
    assert after["updated_at"] == "2030-01-02T03:04:00.000Z"
    summary = client.get("/acme/api/v2/summary.json").get_json()
    # The page changed when the postmortem went public (stamped at the commit).
    assert summary["page"]["updated_at"] == "2030-01-02T03:04:00.000Z"
    reviews.unpublish_postmortem(review, staff_user)
    db.session.commit()
    hidden = _api_incident(client, incident)
    assert (hidden["status"], hidden["postmortem_body"]) == ("resolved", None)


def test_action_items_add_edit_and_close(db, incident, staff_client, staff_user):
    url = f"/admin/incidents/{incident.id}/action-items/new"
    deadline = (utcnow() + timedelta(days=7)).date()
    response = staff_client.post(
        url,
        data={
            "description": "Monitor certificate expiry",
            "owner_id": staff_user.id,
            "deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    [item] = incident.action_items
    assert (item.owner, item.deadline) == (staff_user, deadline)
    staff_client.post(
        f"/admin/action-items/{item.id}/edit",
        data={
            "description": "Monitor every certificate",
            "owner_id": staff_user.id,
            "deadline": deadline.isoformat(),
        },
    )
    staff_client.post(f"/admin/action-items/{item.id}/status", data={"status": "done"})
    db.session.expire_all()
    assert (item.description, item.status) == (
        "Monitor every certificate",
        ActionItemStatus.DONE,
    )
    assert (
        staff_client.post(
            f"/admin/action-items/{item.id}/status", data={"status": "lost"}
        ).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"deadline": "2001-01-01"}, "The deadline cannot be in the past."),
        ({"owner_id": ""}, "This field is required."),
        ({"description": ""}, "This field is required."),
        ({"deadline": "soon"}, "Not a valid date value."),
    ],
)
def test_bad_action_items_are_form_errors(
    db, incident, staff_client, staff_user, data, message
):
    form = {
        "description": "Do it",
        "owner_id": staff_user.id,
        "deadline": (utcnow() + timedelta(days=3)).date().isoformat(),
    }
    response = staff_client.post(
        f"/admin/incidents/{incident.id}/action-items/new", data=form | data
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ActionItem.id))) == 0


def test_my_action_items_and_all_open_ones(
    db, incident, staff_client, staff_user, admin_user
):
    today = utcnow().date()
    for owner, description, deadline in (
        (staff_user, "Mine and late", today - timedelta(days=2)),
        (admin_user, "Not mine", today + timedelta(days=2)),
    ):
        incident.action_items.append(
            ActionItem(description=description, owner=owner, deadline=deadline)
        )
    db.session.commit()
    html = staff_client.get("/admin/action-items").get_data(as_text=True)
    mine, everyone = html.split("All open action items")
    assert "Mine and late" in mine
    assert "Not mine" not in mine
    assert "Overdue" in mine
    assert "Mine and late" in everyone
    assert "Not mine" in everyone


def test_dashboard_flags_missing_reviews_and_overdue_items(
    app, db, make_page, make_incident, staff_user
):
    page = make_page(name="Acme", time_zone="UTC")
    resolved = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    for title, severity, hours in (
        ("Late P0", Severity.P0, 30),
        ("Fresh P1", Severity.P1, 2),
        ("Quiet P2", Severity.P2, 2),
    ):
        incident = make_incident(
            page,
            title,
            severity=severity,
            started_at=resolved - timedelta(hours=hours + 1),
            at=resolved - timedelta(hours=hours + 1),
        )
        incident.post_update(
            IncidentStatus.RESOLVED, "Fixed.", at=resolved - timedelta(hours=hours)
        )
    incident.action_items.append(
        ActionItem(
            description="Overdue thing", owner=staff_user, deadline=date(2024, 4, 1)
        )
    )
    db.session.commit()
    with time_machine.travel(resolved, tick=False):
        html = sign_in(app, staff_user).get("/admin/").get_data(as_text=True)
    panel = html.split('id="reviews-missing"')[1].split('id="overdue-action-items"')[0]
    assert "Late P0" in panel
    assert "Fresh P1" in panel
    assert "Quiet P2" not in panel
    late, fresh = panel.split("Fresh P1")
    assert "Overdue" in late
    assert "Due within 24 h" in fresh
    items = html.split('id="overdue-action-items"')[1]
    assert "Overdue thing" in items


def test_unknown_ids_are_404(staff_client):
    assert staff_client.get("/admin/incidents/nope/review").status_code == 404
    assert staff_client.get("/admin/action-items/nope/edit").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/admin/action-items",
        "/admin/incidents/x/review",
        "/admin/incidents/x/postmortem",
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/admin/login" in response.location
