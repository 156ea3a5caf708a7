"""An incident's emails to one subscriber: in the order the updates were posted,
dated when they were posted, each naming the earlier ones this subscriber got."""

from datetime import UTC, datetime, timedelta

import pytest

from app.incidents.service import declare_incident, post_incident_update
from app.models import Delivery, DeliveryStatus, IncidentStatus
from app.notifications import delivery, fanout
from tests.notifications.helpers import assert_one_thread

NOW = datetime(2026, 3, 29, 13, 7, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture
def page(make_page, make_component):
    page = make_page(name="APC", slug="apc")
    make_component(page, name="approcess.com")
    return page


def _post_three(db, clock, page):
    """Investigating, Monitoring and Resolved, a second apart."""
    incident = declare_incident(page, "approcess.com is down", "Investigating.")
    db.session.commit()
    for n, status in enumerate((IncidentStatus.MONITORING, IncidentStatus.RESOLVED)):
        clock(NOW + (n + 1) * SECOND)
        post_incident_update(incident, status, f"Step {n + 2}.")
        db.session.commit()
    return incident


def test_messages_are_dated_when_their_updates_were_posted(
    db, clock, page, make_subscriber, smtp
):
    make_subscriber(page, "reader@example.org")
    _post_three(db, clock, page)
    assert [m["Date"].datetime for m in smtp.messages] == [
        NOW, NOW + SECOND, NOW + 2 * SECOND
    ]  # fmt: skip
    assert_one_thread(smtp.messages)


def test_a_late_subscriber_gets_a_thread_of_their_own(
    db, clock, page, make_subscriber, smtp
):
    make_subscriber(page, "early@example.org")
    incident = declare_incident(page, "approcess.com is down", "Investigating.")
    db.session.commit()
    clock(NOW + SECOND)
    make_subscriber(page, "late@example.org")
    for n, status in enumerate((IncidentStatus.IDENTIFIED, IncidentStatus.RESOLVED)):
        clock(NOW + (n + 2) * SECOND)
        post_incident_update(incident, status, "More.")
        db.session.commit()
    early, late = smtp.to("early@example.org"), smtp.to("late@example.org")
    assert len(early) == 3
    assert len(late) == 2
    assert_one_thread(early)
    assert_one_thread(late)  # starts with the first message they received


def test_a_later_message_waits_for_an_earlier_one(
    db, clock, page, make_subscriber, smtp, manual_worker
):
    """Three workers hold one message each; the one holding Resolved is first
    to send: it puts it back until the earlier ones have gone."""
    make_subscriber(page, "reader@example.org")
    _post_three(db, clock, page)
    fanout.expand_pending()
    first, second, third = delivery.claim_batch()  # ids in the order queued
    assert delivery.process([third]) == 1
    assert smtp.messages == []
    postponed = db.session.get(Delivery, third, populate_existing=True)
    assert postponed.status is DeliveryStatus.QUEUED
    assert postponed.attempts == 0  # waiting is not a failed try
    delivery.process([first])
    delivery.process([second])
    clock(NOW + 10 * SECOND)
    delivery.drain()
    assert [m["Subject"].split(" – ")[0] for m in smtp.messages] == [
        "[APC] Investigating", "[APC] Monitoring", "[APC] Resolved"
    ]  # fmt: skip
    assert_one_thread(smtp.messages)


def test_a_retrying_message_holds_back_the_next(
    db, clock, page, make_subscriber, smtp, manual_worker
):
    make_subscriber(page, "reader@example.org")
    _post_three(db, clock, page)
    fanout.expand_pending()
    smtp.rcpt_answer = "451 4.3.0 Try again later"
    delivery.process(delivery.claim_batch(size=1))  # Investigating: retry later
    smtp.rcpt_answer = None
    delivery.drain()
    assert smtp.messages == []  # the next two wait for it
    for minute in range(5):  # past its retry; each minute, whatever is due
        clock(NOW + timedelta(hours=2, minutes=minute))
        delivery.drain()
    assert len(smtp.messages) == 3
    assert_one_thread(smtp.messages)
