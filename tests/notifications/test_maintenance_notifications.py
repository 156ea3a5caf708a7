"""Subscribers hear about a maintenance window when it is scheduled, starts, and
completes, and get the page's reminder: once each, threaded, filtered by component."""

from datetime import UTC, datetime, timedelta

from app.maintenance.tick import run_due_transitions
from tests.notifications.helpers import assert_one_thread

NOW = datetime(2030, 6, 3, 14, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def _tick(db):
    run_due_transitions()
    db.session.commit()


def test_each_step_is_mailed_once_to_followers(
    db, clock, make_page, make_component, make_subscriber, make_maintenance, smtp
):
    page = make_page(name="APC", slug="apc", maintenance_reminder_minutes=30)
    site = make_component(page, name="approcess.com")
    other = make_component(page, name="vletherapeutics.com")
    follower = make_subscriber(page, "site@example.org", components=[site])
    make_subscriber(page, "other@example.org", components=[other])

    window = make_maintenance(
        page, "Hosting upgrade", starts_in=2 * HOUR, duration=HOUR, components=[site]
    )
    for at in (NOW + 2 * HOUR - 29 * MINUTE, NOW + 2 * HOUR):
        clock(at)
        _tick(db)
        _tick(db)  # a second worker in the same minute posts nothing
    clock(NOW + 3 * HOUR)
    _tick(db)

    subjects = [m["Subject"] for m in smtp.messages]
    assert subjects == [
        "[APC] Scheduled – Hosting upgrade",
        "[APC] Reminder – Hosting upgrade",
        "[APC] In progress – Hosting upgrade",
        "[APC] Completed – Hosting upgrade",
    ]
    assert {m["To"] for m in smtp.messages} == {follower.address}
    assert_one_thread(smtp.messages)
    assert window.id in smtp.messages[0].get_body(("plain",)).get_content()


def test_webhooks_get_a_statuspage_shaped_maintenance(
    db,
    clock,
    make_page,
    make_component,
    make_subscriber,
    make_maintenance,
    webhook_server,
):
    from app.models import Channel

    page = make_page(name="APC", slug="apc")
    site = make_component(page, name="approcess.com")
    make_subscriber(page, webhook_server.url, channel=Channel.WEBHOOK, secret="s" * 64)
    make_maintenance(page, "Hosting upgrade", components=[site])
    assert len(webhook_server.requests) == 1
    incident = webhook_server.json(0)["incident"]
    assert incident["impact"] == "maintenance"
    assert incident["status"] == "scheduled"
    assert incident["scheduled_for"]
    assert [c["name"] for c in incident["components"]] == ["approcess.com"]
