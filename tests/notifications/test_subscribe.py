"""Subscribing: double opt-in, manage and unsubscribe links, no enumeration, limits."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
import time_machine

from app.models import Channel, Component, ComponentGroup, Subscriber
from app.models.base import utcnow
from app.notifications import subscriptions
from tests.notifications.helpers import link_in


def _path(url: str) -> str:
    return urlsplit(url).path


def _subscriber(db, address: str) -> Subscriber:
    return db.session.scalar(sa.select(Subscriber).where(Subscriber.address == address))


def test_double_opt_in(client, db, make_page, make_component, smtp):
    page = make_page(name="APC", slug="apc")
    site = make_component(page, name="approcess.com")
    form = client.get("/apc/subscribe?email=Reader@Example.ORG").get_data(as_text=True)
    assert 'value="Reader@Example.ORG"' in form
    assert site.name in form

    response = client.post("/apc/subscribe", data={"email": " Reader@Example.ORG "})
    assert response.status_code == 302
    assert response.location.endswith("/apc/subscribe/sent")
    subscriber = _subscriber(db, "reader@example.org")
    assert subscriber.confirmed_at is None
    assert subscriber.all_components

    [mail] = smtp.messages
    assert mail["Subject"] == "[APC] Confirm your subscription"
    assert mail["To"] == "reader@example.org"
    confirm = _path(link_in(mail, "/subscriptions/confirm/"))
    assert client.get(confirm).status_code == 200
    done = client.post(confirm)
    assert done.status_code == 302
    assert "/apc/subscriptions/manage/" in done.location
    db.session.expire_all()
    assert _subscriber(db, "reader@example.org").confirmed_at is not None


def test_confirmation_link_expires(client, db, make_page, smtp):
    page = make_page(slug="apc")
    client.post("/apc/subscribe", data={"email": "late@example.org"})
    confirm = _path(link_in(smtp.messages[0], "/subscriptions/confirm/"))
    with time_machine.travel(utcnow() + timedelta(days=3)):
        assert client.post(confirm).status_code == 404
    assert _subscriber(db, "late@example.org").confirmed_at is None
    assert page


def test_component_choice_is_kept(client, db, make_page, make_component, smtp):
    page = make_page(slug="apc")
    one, _two = make_component(page), make_component(page)
    client.post(
        "/apc/subscribe", data={"email": "a@example.org", "components": [one.id]}
    )
    subscriber = _subscriber(db, "a@example.org")
    assert not subscriber.all_components
    assert subscriber.components == [one]


def test_same_answer_for_new_and_known_addresses(
    client, make_page, make_subscriber, smtp
):
    page = make_page(slug="apc")
    make_subscriber(page, "known@example.org")
    new = client.post("/apc/subscribe", data={"email": "new@example.org"})
    known = client.post("/apc/subscribe", data={"email": "known@example.org"})
    assert (new.status_code, new.location) == (known.status_code, known.location)
    assert client.get(new.location).data == client.get(known.location).data
    [note] = smtp.to("known@example.org")
    assert "already subscribed" in note["Subject"]
    assert "/subscriptions/confirm/" not in note.get_body(("plain",)).get_content()


def test_invalid_address_is_rejected(client, db, make_page, smtp):
    make_page(slug="apc")
    response = client.post("/apc/subscribe", data={"email": "not-an-address"})
    assert response.status_code == 200
    assert b"valid email" in response.data
    assert db.session.scalar(sa.select(sa.func.count(Subscriber.id))) == 0
    assert smtp.messages == []


def test_tokens_are_single_purpose(app, client, db, make_page, make_subscriber):
    page = make_page(slug="apc")
    subscriber = make_subscriber(page)
    manage = subscriptions.make_token(subscriber, subscriptions.MANAGE)
    assert client.get(f"/apc/subscriptions/manage/{manage}").status_code == 200
    assert client.post(f"/apc/subscriptions/unsubscribe/{manage}").status_code == 404
    assert client.post(f"/apc/subscriptions/confirm/{manage}").status_code == 404
    assert client.get(f"/apc/subscriptions/manage/{manage[:-2]}xx").status_code == 404
    other = make_page(slug="other")
    assert client.get(f"/{other.slug}/subscriptions/manage/{manage}").status_code == 404


def test_manage_changes_components_and_unsubscribes(
    client, db, make_page, make_component, make_subscriber
):
    page = make_page(slug="apc")
    one = make_component(page)
    subscriber = make_subscriber(page)
    manage = subscriptions.make_token(subscriber, subscriptions.MANAGE)
    client.post(f"/apc/subscriptions/manage/{manage}", data={"components": [one.id]})
    db.session.expire_all()
    assert subscriber.components == [one]
    assert not subscriber.all_components
    html = client.get(f"/apc/subscriptions/manage/{manage}").get_data(as_text=True)
    unsubscribe = subscriptions.make_token(subscriber, subscriptions.UNSUBSCRIBE)
    assert f"/apc/subscriptions/unsubscribe/{unsubscribe}" in html
    assert (
        client.post(f"/apc/subscriptions/unsubscribe/{unsubscribe}").status_code == 200
    )
    db.session.expire_all()
    assert subscriber.unsubscribed_at is not None


def test_one_click_unsubscribe_needs_no_csrf_token(
    app, client, db, make_page, make_subscriber
):
    app.config["WTF_CSRF_ENABLED"] = True
    page = make_page(slug="apc")
    subscriber = make_subscriber(page)
    token = subscriptions.make_token(subscriber, subscriptions.UNSUBSCRIBE)
    response = client.post(
        f"/apc/subscriptions/unsubscribe/{token}",
        data={"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert not subscriber.is_active
    # Other forms still demand the token; a repeat one-click is harmless.
    assert (
        client.post("/apc/subscribe", data={"email": "x@example.org"}).status_code
        == 400
    )
    again = client.post(f"/apc/subscriptions/unsubscribe/{token}")
    assert again.status_code == 200


def test_resubscribing_starts_over_and_revokes_old_links(
    client, db, make_page, make_subscriber, smtp
):
    page = make_page(slug="apc")
    subscriber = make_subscriber(page, "back@example.org", unsubscribed_at=utcnow())
    old = subscriptions.make_token(subscriber, subscriptions.MANAGE)
    client.post("/apc/subscribe", data={"email": "back@example.org"})
    db.session.expire_all()
    assert subscriber.confirmed_at is None
    assert subscriber.unsubscribed_at is None
    assert client.get(f"/apc/subscriptions/manage/{old}").status_code == 404
    assert "Confirm" in smtp.to("back@example.org")[0]["Subject"]


def test_rate_limit_per_address(app, client, make_page, smtp):
    make_page(slug="apc")
    app.config["SUBSCRIBE_LIMIT_PER_ADDRESS"] = "2 per hour"
    codes = [
        client.post("/apc/subscribe", data={"email": email}).status_code
        for email in ("same@example.org", "Same@Example.org", "SAME@example.org")
    ]
    assert codes == [302, 302, 429]
    assert (
        client.post("/apc/subscribe", data={"email": "b@example.org"}).status_code
        == 302
    )
    assert len(smtp.to("same@example.org")) == 2


def test_rate_limit_per_ip(app, client, make_page, smtp):
    make_page(slug="apc")
    app.config["SUBSCRIBE_LIMIT_PER_IP"] = "3 per hour"
    codes = [
        client.post("/apc/subscribe", data={"email": f"r{i}@example.org"}).status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert client.get("/apc/subscribe").status_code == 200
    other_ip = client.post(
        "/apc/subscribe",
        data={"email": "far@example.org"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert other_ip.status_code == 302


def test_hidden_page_has_no_subscribe_form(client, make_page):
    page = make_page(is_public=False)
    assert client.get(f"/{page.slug}/subscribe").status_code == 404
    assert (
        client.post(f"/{page.slug}/subscribe", data={"email": "a@b.org"}).status_code
        == 404
    )


def test_webhook_subscribers_are_separate(db, make_page, make_subscriber):
    page = make_page()
    hook = make_subscriber(page, "https://hooks.example.org/x", channel=Channel.WEBHOOK)
    assert subscriptions.find_email_subscriber(page, hook.address) is None


def test_the_form_lists_components_in_the_pages_order(client, db, make_page):
    """Ungrouped first, then group by group: as the status page shows them."""
    page = make_page(slug="apc")
    shop = ComponentGroup(page=page, name="Shop", position=0)
    db.session.add_all([
        Component(page=page, name="Checkout", group=shop, position=0),
        Component(page=page, name="Website", position=1),
        Component(page=page, name="API", position=2),
    ])  # fmt: skip
    db.session.commit()
    html = client.get("/apc/subscribe").get_data(as_text=True)
    names = re.findall(r"<label for=\"components-\d+\">([^<]+)</label>", html)
    assert names == ["Website", "API", "Checkout"]
