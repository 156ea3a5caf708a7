"""The services the admin pages call: counts, CSV, webhooks, delivery progress."""

import csv
import io

import pytest

from app.incidents.service import declare_incident
from app.models import Channel, DeliveryStatus
from app.models.base import utcnow
from app.notifications import subscribers


def test_counts_by_state(db, make_page, make_subscriber):
    page = make_page()
    make_subscriber(page)
    make_subscriber(page)
    make_subscriber(page, confirmed_at=None)
    make_subscriber(page, unsubscribed_at=utcnow())
    make_subscriber(page, "https://h.example/1", channel=Channel.WEBHOOK)
    make_subscriber(
        page, "https://h.example/2", channel=Channel.WEBHOOK, disabled_at=utcnow()
    )
    counts = subscribers.subscriber_counts(page)
    assert counts == subscribers.SubscriberCounts(
        confirmed=2, pending=1, unsubscribed=1, webhooks=1, webhooks_disabled=1
    )


def test_csv_round_trip_with_a_report_of_rejected_rows(
    db, make_page, make_component, make_subscriber, smtp
):
    page = make_page()
    site = make_component(page, name="approcess.com")
    make_subscriber(page, "gone@example.org", unsubscribed_at=utcnow())
    text = (
        "email,components\n"
        "Ann@Example.org,approcess.com\n"
        "bob@example.org,\n"
        "not-an-email,\n"
        "ann@example.org,\n"
        "cy@example.org,nonexistent\n"
        "gone@example.org,\n"
    )
    report = subscribers.import_csv(page, text)
    db.session.commit()
    assert (report.added, report.updated) == (2, 1)
    assert [(line, why.split(":")[0]) for line, _, why in report.rejected] == [
        (4, "An email address must have an @-sign."),
        (5, "duplicate of an earlier row"),
        (6, "unknown component"),
    ]
    rows = list(csv.DictReader(io.StringIO(subscribers.export_csv(page))))
    assert [(r["email"], r["status"], r["components"]) for r in rows] == [
        ("ann@example.org", "confirmed", site.name),
        ("bob@example.org", "confirmed", ""),
        ("gone@example.org", "unsubscribed", ""),
    ]
    assert smtp.messages == []


def test_import_unconfirmed_sends_confirmations(db, make_page, smtp):
    page = make_page()
    subscribers.import_csv(page, "email\nnew@example.org\n", confirmed=False)
    db.session.commit()
    [mail] = smtp.messages
    assert "Confirm" in mail["Subject"]


def test_import_without_email_column_is_rejected(db, make_page):
    report = subscribers.import_csv(make_page(), "name\nAnn\n")
    assert report.rejected == [(1, "name", "no email column")]


def test_webhook_management(db, make_page):
    page = make_page()
    with pytest.raises(subscribers.InvalidWebhook):
        subscribers.add_webhook(page, "ftp://example.org/x")
    hook = subscribers.add_webhook(page, "https://hooks.example.org/status")
    assert hook.is_active
    assert len(hook.secret) == 64
    old = hook.secret
    subscribers.update_webhook(hook, rotate_secret=True)
    assert hook.secret != old
    hook.disable("3 consecutive failures")
    subscribers.enable_webhook(hook)
    assert hook.is_active
    assert hook.consecutive_failures == 0
    db.session.commit()
    assert subscribers.list_subscribers(page, Channel.WEBHOOK) == [hook]


def test_delivery_progress_and_removal(db, make_page, make_subscriber, smtp):
    page = make_page()
    make_subscriber(page, "ok@example.org")
    doomed = make_subscriber(page, "doomed@example.org")
    smtp.rcpt_answer = None
    incident = declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    update = incident.updates[0]
    progress = subscribers.delivery_progress(update)
    assert progress.counts[DeliveryStatus.SENT] == 2
    assert progress.total == 2
    assert progress.failures == []
    subscribers.remove_subscriber(doomed)
    db.session.commit()
    assert subscribers.delivery_progress(update).total == 1
