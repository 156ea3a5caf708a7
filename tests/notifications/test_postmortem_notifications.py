"""A published postmortem reaches subscribers once, threads with the incident, and
shows in the feeds."""

import feedparser

from app.incidents.service import declare_incident, post_incident_update
from app.models import ComponentStatus, IncidentStatus
from app.reviews import service as reviews


def _resolved_with_review(db, page, component):
    incident = declare_incident(
        page,
        "approcess.com is down",
        "Investigating.",
        components={component: ComponentStatus.MAJOR_OUTAGE},
    )
    post_incident_update(incident, IncidentStatus.RESOLVED, "Fixed.")
    review = reviews.save_review(
        incident, None, what_happened="DNS broke.", root_cause="A gateway setting."
    )
    reviews.complete_review(review, None)
    db.session.commit()
    return incident, review


def test_postmortem_is_mailed_once_in_the_incident_thread(
    db, make_page, make_component, make_subscriber, smtp
):
    page = make_page(name="APC", slug="apc")
    site = make_component(page, name="approcess.com")
    incident, review = _resolved_with_review(db, page, site)
    make_subscriber(page, "all@example.org")
    smtp.messages.clear()

    reviews.publish_postmortem(
        review, None, "We **fixed** DNS.", notify_subscribers=True
    )
    db.session.commit()
    reviews.unpublish_postmortem(review, None)
    reviews.publish_postmortem(review, None, "Republished.", notify_subscribers=True)
    db.session.commit()

    [mail] = smtp.messages
    assert mail["Subject"] == "[APC] Postmortem – approcess.com is down"
    assert "We **fixed** DNS." in mail.get_body(("plain",)).get_content()
    assert "<strong>fixed</strong>" in mail.get_body(("html",)).get_content()
    # Subscribed after the incident's updates went out: nothing to reply to.
    assert "In-Reply-To" not in mail
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_postmortem_without_notification_sends_nothing(
    db, make_page, make_component, make_subscriber, smtp
):
    page = make_page(name="APC", slug="apc")
    incident, review = _resolved_with_review(db, page, make_component(page))
    make_subscriber(page, "all@example.org")
    smtp.messages.clear()
    reviews.publish_postmortem(review, None, "Quiet postmortem.")
    db.session.commit()
    assert smtp.messages == []


def test_postmortem_appears_in_the_feed_entry(db, client, make_page, make_component):
    page = make_page(name="APC", slug="apc")
    incident, review = _resolved_with_review(db, page, make_component(page))
    reviews.publish_postmortem(review, None, "Root cause: <script>x()</script>DNS.")
    db.session.commit()
    feed = feedparser.parse(client.get("/apc/history.atom").data)
    assert not feed.bozo
    [entry] = feed.entries
    assert "Postmortem" in entry.content[0].value
    assert "Root cause:" in entry.content[0].value
    assert "<script" not in entry.content[0].value
