"""The fan-out: announced in the caller's transaction (rolled back with it),
expanded by the worker set-based, in a statement count that does not grow."""

import pytest
import sqlalchemy as sa

from app.core import signals
from app.incidents.service import declare_incident
from app.models import Announcement, Channel, ComponentStatus, Delivery
from app.notifications import fanout


def _statements_while(db, action) -> int:
    count = 0

    def counter(*args):
        nonlocal count
        count += 1

    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    return count


@pytest.mark.parametrize("subscribers", [3, 60])
def test_statement_count_does_not_grow_with_subscribers(
    db, make_page, make_subscriber, manual_worker, subscribers
):
    page = make_page()
    for _ in range(subscribers):
        make_subscriber(page)

    def post():
        declare_incident(page, "Down", "Investigating.")
        db.session.flush()

    assert _statements_while(db, post) <= 12
    assert db.session.scalar(sa.select(sa.func.count(Announcement.id))) == 2
    db.session.rollback()  # the announcement goes with the incident
    assert db.session.scalar(sa.select(sa.func.count(Announcement.id))) == 0
    post()
    db.session.commit()
    assert _statements_while(db, fanout.expand_pending) <= 14  # 2 announcements
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == subscribers


def test_component_change_signal_notifies_webhooks(
    db, make_page, make_component, make_subscriber, manual_worker
):
    page = make_page()
    site, shop = make_component(page), make_component(page)
    make_subscriber(
        page, "https://h.example/site", channel=Channel.WEBHOOK, components=[site]
    )
    make_subscriber(
        page, "https://h.example/shop", channel=Channel.WEBHOOK, components=[shop]
    )
    make_subscriber(page, "reader@example.org")
    change = site.set_status(ComponentStatus.DEGRADED_PERFORMANCE)
    db.session.flush()
    signals.component_status_changed.send(site, change=change)
    db.session.commit()
    fanout.expand_pending()
    [row] = db.session.scalars(sa.select(Delivery)).all()
    assert row.event == f"component_update:{change.id}"
    assert row.subscriber.address == "https://h.example/site"


def test_admin_status_change_notifies_webhooks(
    db, make_page, make_component, make_subscriber, webhook_server
):
    from app.pages.components import set_component_status

    page = make_page()
    site = make_component(page)
    make_subscriber(page, webhook_server.url, channel=Channel.WEBHOOK, secret="k")
    assert set_component_status(site, ComponentStatus.PARTIAL_OUTAGE, None)
    db.session.commit()
    [request] = webhook_server.requests
    assert request["headers"]["X-Beacon-Event"] == "component_update"
    assert webhook_server.json(0)["component_update"]["new_status"] == "partial_outage"
