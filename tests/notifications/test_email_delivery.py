"""Incident emails through a real SMTP server: filters, threads, retries, crashes."""

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from sqlalchemy.exc import IntegrityError

from app.incidents.service import (
    confirm_incident,
    declare_incident,
    post_incident_update,
)
from app.models import (
    Announcement,
    Channel,
    ComponentStatus,
    Delivery,
    DeliveryStatus,
    IncidentStatus,
    Visibility,
)
from app.models.base import utcnow
from app.notifications import delivery, fanout
from app.notifications.subscribers import delivery_progress
from tests.notifications.helpers import link_in


@pytest.fixture
def apc(make_page, make_component):
    page = make_page(name="APC", slug="apc")
    return (
        page,
        make_component(page, name="approcess.com"),
        make_component(page, name="shop"),
    )


def _statuses(db) -> list[str]:
    db.session.expire_all()
    return sorted(str(d.status) for d in db.session.scalars(sa.select(Delivery)))


def test_only_followers_of_affected_components_get_the_email(
    db, apc, make_subscriber, smtp
):
    page, site, shop = apc
    everything = make_subscriber(page, "all@example.org")
    site_only = make_subscriber(page, "site@example.org", components=[site])
    shop_only = make_subscriber(page, "shop@example.org", components=[shop])
    make_subscriber(page, "pending@example.org", confirmed_at=None)
    make_subscriber(page, "gone@example.org", unsubscribed_at=utcnow())

    declare_incident(
        page,
        "approcess.com is down",
        "We are **investigating**.",
        components={site: ComponentStatus.MAJOR_OUTAGE},
    )
    db.session.commit()

    assert sorted(m["To"] for m in smtp.messages) == [
        everything.address,
        site_only.address,
    ]
    assert shop_only.address not in [m["To"] for m in smtp.messages]
    mail = smtp.messages[0]
    assert mail["Subject"] == "[APC] Investigating – approcess.com is down"
    assert (
        mail.get_body(("plain",)).get_content().count("We are **investigating**.") == 1
    )
    assert "<strong>investigating</strong>" in mail.get_body(("html",)).get_content()
    assert _statuses(db) == ["sent", "sent"]


def test_internal_updates_and_incidents_send_nothing(db, apc, make_subscriber, smtp):
    page, site, _ = apc
    make_subscriber(page)
    incident = declare_incident(page, "Quiet", "Internal only.", public=False)
    db.session.commit()
    post_incident_update(
        incident, IncidentStatus.IDENTIFIED, "x", visibility=Visibility.INTERNAL
    )
    db.session.commit()
    assert smtp.messages == []
    assert _statuses(db) == []

    confirm_incident(incident, "We are looking into reports of errors.")
    db.session.commit()
    [mail] = smtp.messages
    assert "Identified" in mail["Subject"]
    assert "looking into reports" in mail.as_string()


def test_emails_thread_and_carry_unsubscribe_headers(
    client, db, apc, make_subscriber, smtp
):
    page, site, _ = apc
    subscriber = make_subscriber(page, "reader@example.org")
    incident = declare_incident(page, "approcess.com is down", "Investigating.")
    db.session.commit()
    post_incident_update(incident, IncidentStatus.RESOLVED, "Fixed.")
    db.session.commit()

    first, second = smtp.messages
    assert first["Message-ID"] != second["Message-ID"]
    assert first["Message-ID"].endswith("@status.test>")
    assert subscriber.id in first["Message-ID"]
    assert "In-Reply-To" not in first
    assert second["In-Reply-To"] == first["Message-ID"] == second["References"]
    assert first.get_content_type() == "multipart/alternative"
    assert second["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    one_click = second["List-Unsubscribe"].strip().strip("<>")
    assert one_click.startswith("http://status.test/apc/subscriptions/unsubscribe/")
    manage = link_in(second, "/subscriptions/manage/")
    assert client.get(manage.removeprefix("http://status.test")).status_code == 200
    assert client.post(one_click.removeprefix("http://status.test")).status_code == 200
    post_incident_update(incident, IncidentStatus.RESOLVED, "Postmortem posted.")
    db.session.commit()
    assert len(smtp.messages) == 2


def test_message_ids_are_stable_and_a_delivery_is_unique(
    db, apc, make_subscriber, smtp
):
    page, *_ = apc
    subscriber = make_subscriber(page)
    incident = declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    update = incident.updates[0]
    from app.notifications.emails import message_id

    assert (
        message_id(f"incident_update:{update.id}", subscriber.id)
        == smtp.messages[0]["Message-ID"]
    )
    db.session.add(
        Delivery(
            event=f"incident_update:{update.id}",
            subscriber=subscriber,
            channel=Channel.EMAIL,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_smtp_down_then_up_delivers_everything_exactly_once(
    db, apc, make_subscriber, smtp
):
    page, *_ = apc
    addresses = {make_subscriber(page).address for _ in range(5)}
    smtp.stop()
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    rows = db.session.scalars(sa.select(Delivery)).all()
    assert {d.status for d in rows} == {DeliveryStatus.QUEUED}
    assert all(
        "SMTP connection failed" in d.last_error and d.attempts == 1 for d in rows
    )

    smtp.start()
    assert delivery.drain() == 0  # backing off: not due yet
    with time_machine.travel(utcnow() + timedelta(minutes=2)):
        assert delivery.drain() == 5
        assert delivery.drain() == 0
    assert sorted(m["To"] for m in smtp.messages) == sorted(addresses)
    assert _statuses(db) == ["sent"] * 5


def test_temporary_refusal_is_retried_then_marked_failed(
    app, db, apc, make_subscriber, smtp
):
    page, *_ = apc
    app.config["DELIVERY_MAX_ATTEMPTS"] = 3
    make_subscriber(page)
    smtp.rcpt_answer = "451 4.3.0 Mailbox busy, try later"
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    now = utcnow()
    for minutes in (1, 3):  # backoff: 30 s, then 60 s
        with time_machine.travel(now + timedelta(minutes=minutes)):
            delivery.drain()
    row = db.session.scalar(sa.select(Delivery))
    db.session.refresh(row)
    assert row.status is DeliveryStatus.FAILED
    assert row.attempts == 3
    assert row.last_error.startswith("gave up after 3 attempts: SMTP 451")
    assert smtp.messages == []


def test_permanent_refusal_fails_at_once(db, apc, make_subscriber, smtp):
    page, *_ = apc
    make_subscriber(page)
    smtp.rcpt_answer = "550 5.1.1 No such user"
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    row = db.session.scalar(sa.select(Delivery))
    assert row.status is DeliveryStatus.FAILED
    assert row.last_error.startswith("SMTP 550")


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing after it runs."""


def test_worker_killed_mid_batch_loses_nothing(
    app, db, apc, make_subscriber, smtp, manual_worker, monkeypatch
):
    page, *_ = apc
    addresses = sorted(make_subscriber(page).address for _ in range(10))
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    assert smtp.messages == []  # queued for a worker, not sent in the request

    real = delivery.SENDERS[Channel.EMAIL]

    def dies_after_three(batch, earlier):
        # Killed between messages: after the third is recorded, before the fourth.
        results = real(batch, earlier)
        for _ in range(3):
            yield next(results)
        results.close()
        raise WorkerKilled

    monkeypatch.setitem(delivery.SENDERS, Channel.EMAIL, dies_after_three)
    with pytest.raises(WorkerKilled):
        delivery.drain()
    db.session.rollback()
    assert _statuses(db) == ["sending"] * 7 + ["sent"] * 3
    assert len(smtp.messages) == 3

    monkeypatch.setitem(delivery.SENDERS, Channel.EMAIL, real)
    assert delivery.sweep() == 0  # lease still running: the worker may be alive
    assert delivery.drain() == 0
    with time_machine.travel(utcnow() + timedelta(minutes=6)):
        assert delivery.sweep() == 7
        assert delivery.drain() == 7
    assert sorted(m["To"] for m in smtp.messages) == addresses
    assert _statuses(db) == ["sent"] * 10


def test_unsubscribing_before_the_worker_runs_stops_the_email(
    db, apc, make_subscriber, smtp, manual_worker
):
    page, *_ = apc
    leaving = make_subscriber(page, "leaving@example.org")
    make_subscriber(page, "staying@example.org")
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    assert fanout.expand_pending() == 2  # the deliveries are queued
    leaving.unsubscribe()
    db.session.commit()
    assert delivery.drain() == 2
    assert [m["To"] for m in smtp.messages] == ["staying@example.org"]
    failed = db.session.scalar(
        sa.select(Delivery).where(Delivery.status == DeliveryStatus.FAILED)
    )
    assert failed.last_error == "unsubscribed before sending"


def test_purge_removes_old_and_orphaned_deliveries(db, apc, make_subscriber, smtp):
    page, *_ = apc
    make_subscriber(page)
    removed = make_subscriber(page)
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    db.session.delete(removed)  # as a page deletion would: no cascade to the outbox
    db.session.commit()
    assert delivery.purge() == 1
    with time_machine.travel(utcnow() + timedelta(days=91)):
        assert delivery.purge() == 1
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Announcement.id))) == 0


def test_one_address_no_server_can_take_fails_alone(db, apc, make_subscriber, smtp):
    """A row stored before subscribing refused it: it fails with its reason, once,
    and the rest of its batch is delivered."""
    page, _, _ = apc
    make_subscriber(page, "first@example.org")
    poison = make_subscriber(page, "josé@example.org")
    make_subscriber(page, "reader@bücher.example")  # an older row, domain as typed
    make_subscriber(page, "last@example.org")
    declare_incident(page, "approcess.com is down", "Investigating.")
    db.session.commit()
    recipients = sorted(str(m["To"]) for m in smtp.messages)
    assert recipients == [
        "first@example.org", "last@example.org", "reader@xn--bcher-kva.example"
    ]  # fmt: skip
    failed = db.session.scalar(sa.select(Delivery).filter_by(subscriber_id=poison.id))
    assert failed.status is DeliveryStatus.FAILED
    assert "beyond ASCII" in failed.last_error
    assert delivery.drain() == 0  # nothing left to retry, nothing re-sent


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Reader@Bücher.Example", "reader@xn--bcher-kva.example"),
     ("a@example.org", "a@example.org")],
)  # fmt: skip
def test_an_international_domain_is_stored_as_it_is_sent(client, apc, typed, stored):
    page, _, _ = apc
    answer = client.post(f"/{page.slug}/api/v2/subscribers.json", json={"email": typed})
    assert answer.status_code in (200, 201)
    assert answer.get_json()["subscriber"]["email"] == stored


def test_a_local_part_beyond_ascii_is_refused_with_the_reason(client, apc):
    page, _, _ = apc
    answer = client.post(
        f"/{page.slug}/api/v2/subscribers.json", json={"email": "josé@example.org"}
    )
    assert answer.status_code == 422
    assert "before the @-sign are not supported" in str(answer.get_json())


def test_a_live_worker_keeps_its_lease_however_long_the_batch(
    app, db, apc, make_subscriber, smtp, manual_worker, monkeypatch
):
    """The lease is short so a killed worker's rows come back soon; a worker that
    is alive renews it, so a slow batch is never handed to a second worker."""
    app.config["DELIVERY_LEASE_SECONDS"] = 0.6
    page, *_ = apc
    for n in range(4):
        make_subscriber(page, f"r{n}@example.org")
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    real, swept = delivery.SENDERS[Channel.EMAIL], []

    def slow(batch, earlier):  # noqa: ANN001, ANN202 - a server that takes its time
        for sent in real(batch, earlier):
            time.sleep(0.4)  # four messages: 1.6 s, well past the 0.6 s lease
            swept.append(delivery.sweep())  # what a second worker's sweeper does
            yield sent

    monkeypatch.setitem(delivery.SENDERS, Channel.EMAIL, slow)
    assert delivery.drain() == 4
    assert swept == [0, 0, 0, 0]  # never expired: nothing re-queued under it
    assert sorted(m["To"] for m in smtp.messages) == [
        f"r{n}@example.org" for n in range(4)
    ]


def test_a_post_writes_one_announcement_and_the_worker_fans_it_out(
    db, apc, make_subscriber, smtp, manual_worker
):
    """The request's cost does not grow with the subscribers: it writes one row
    per channel; the worker chooses the recipients when it expands them."""
    page, *_ = apc
    for n in range(5):
        make_subscriber(page, f"reader{n}@example.org")
    leaving = make_subscriber(page, "leaving@example.org")
    incident = declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 0
    assert delivery_progress(incident.updates[0]).preparing  # what staff see
    [email, webhook] = db.session.scalars(
        sa.select(Announcement).order_by(Announcement.channel)
    )
    assert (email.channel, webhook.channel) == (Channel.EMAIL, Channel.WEBHOOK)
    leaving.unsubscribe()  # before the fan-out: no delivery at all
    db.session.commit()
    make_subscriber(page, "late@example.org")  # after the event: not for them
    assert fanout.expand_pending() == 5
    assert fanout.expand_pending() == 0  # expanded once
    assert email.recipients == 5
    assert not delivery_progress(incident.updates[0]).preparing
    assert delivery.drain() == 5
    assert len(smtp.messages) == 5
