"""Contract tests for ``POST /<slug>/api/v2/subscribers.json`` and its DELETE."""

import json

import pytest
import sqlalchemy as sa

from app.incidents.service import post_incident_update
from app.models import Channel, ComponentStatus, Delivery, Subscriber
from app.notifications import subscriptions
from tests.fixtures.factories import page_fixture
from tests.notifications.helpers import link_in
from tests.statuspage.contract import SUBSCRIBER_CREATED

API = "/apc/api/v2/subscribers.json"


page = page_fixture(name="APC", slug="apc")


def _subscriber(db, address: str) -> Subscriber:
    db.session.expire_all()
    return db.session.scalar(sa.select(Subscriber).where(Subscriber.address == address))


def _contract_errors(body) -> list[str]:
    return [e.message for e in SUBSCRIBER_CREATED.iter_errors(body)]


@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.post(API, data={"subscriber[email]": "Reader@Example.org"}),
        lambda c: c.post(API, json={"subscriber": {"email": "Reader@Example.org"}}),
        lambda c: c.post(API, json={"email": "Reader@Example.org"}),
    ],
    ids=["form", "json", "json-unwrapped"],
)
def test_email_subscription_matches_the_contract(client, db, page, smtp, send):
    response = send(client)
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert _contract_errors(body) == []
    assert body["subscriber"]["mode"] == "email_sms"
    assert body["subscriber"]["email"] == "reader@example.org"
    subscriber = _subscriber(db, "reader@example.org")
    assert body["subscriber"]["id"] == subscriber.id
    assert subscriber.confirmed_at is None  # double opt-in, as the web form
    [mail] = smtp.messages
    assert mail["Subject"] == "[APC] Confirm your subscription"


def test_same_answer_for_new_and_known_addresses(
    client, db, page, make_subscriber, smtp
):
    known = make_subscriber(page, "known@example.org")
    new = client.post(API, data={"subscriber[email]": "new@example.org"})
    again = client.post(API, data={"subscriber[email]": "known@example.org"})
    assert new.status_code == again.status_code == 201
    shape = {k: v for k, v in new.get_json()["subscriber"].items() if k != "id"}
    other = {k: v for k, v in again.get_json()["subscriber"].items() if k != "id"}
    assert shape | {"email": "x"} == other | {"email": "x"}
    assert again.get_json()["subscriber"]["id"] == known.id
    assert "already subscribed" in smtp.to("known@example.org")[0]["Subject"]


def test_one_component(client, db, page, make_component, smtp):
    site = make_component(page, name="approcess.com")
    make_component(page, name="portal")
    body = client.post(
        API,
        data={
            "subscriber[email]": "a@example.org",
            "subscriber[component_id]": site.id,
        },
    ).get_json()
    assert body["subscriber"]["component_ids"] == [site.id]
    subscriber = _subscriber(db, "a@example.org")
    assert [c.id for c in subscriber.components] == [site.id]
    assert not subscriber.all_components


def test_one_incident_and_its_fan_out(
    client, db, page, make_component, make_incident, smtp
):
    site, portal = make_component(page), make_component(page)
    incident = make_incident(page, components={portal: ComponentStatus.MAJOR_OUTAGE})
    other = make_incident(
        page, "Other", components={site: ComponentStatus.MAJOR_OUTAGE}
    )
    response = client.post(
        API, json={"subscriber": {"email": "f@example.org", "incident": incident.id}}
    )
    assert response.get_json()["subscriber"]["incident_id"] == incident.id
    follower = _subscriber(db, "f@example.org")
    assert follower.incident_id == incident.id
    assert not follower.all_components
    follower.confirm()
    db.session.commit()
    smtp.messages.clear()
    post_incident_update(other, other.status, "Still looking.")
    post_incident_update(incident, incident.status, "Found it.")
    db.session.commit()
    assert [m["Subject"] for m in smtp.to("f@example.org")] == [
        f"[APC] Investigating – {incident.title}"
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@example.org", "component_ids": ["nope"]}, "component_ids"),
        ({"email": "a@example.org", "incident": "nope"}, "incident"),
        ({"email": "a@example.org", "endpoint": "ftp://x.example"}, "endpoint"),
        ({"email": "a@example.org", "endpoint": "http://127.0.0.1/x"}, "endpoint"),
        ({"email": "a@example.org", "endpoint": "http://10.1.2.3/x"}, "endpoint"),
        ({"email": "a@example.org", "endpoint": "https://x.localhost/"}, "endpoint"),
        ({"phone_number": "5555555555", "email": "a@example.org"}, "phone_number"),
    ],
)
def test_bad_fields_are_named_in_a_problem(app, client, page, smtp, fields, field):
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = []  # as installed: public only
    response = client.post(API, json={"subscriber": fields})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in [e["field"] for e in response.get_json()["errors"]]
    assert smtp.messages == []


def test_internal_and_resolved_incidents_cannot_be_followed(
    client, db, page, make_incident, smtp
):
    internal = make_incident(page, "SECRET", public=False)
    resolved = make_incident(page, "Old")
    post_incident_update(resolved, resolved.status.RESOLVED, "Fixed.")
    db.session.commit()
    for incident in (internal, resolved):
        response = client.post(
            API, json={"email": "a@example.org", "incident": incident.id}
        )
        assert response.status_code == 422
        assert "SECRET" not in response.get_data(as_text=True)


def test_components_and_incident_together_are_refused(
    client, page, make_component, make_incident, smtp
):
    site = make_component(page)
    incident = make_incident(page)
    response = client.post(
        API,
        json={
            "email": "a@example.org",
            "component_ids": [site.id],
            "incident": incident.id,
        },
    )
    assert response.status_code == 422


def test_webhook_subscription_is_confirmed_by_email_and_shows_the_secret(
    app, client, db, page, smtp, webhook_server
):
    response = client.post(
        API,
        data={
            "subscriber[endpoint]": webhook_server.url,
            "subscriber[email]": "ops@example.org",
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert _contract_errors(body) == []
    assert body["subscriber"]["mode"] == "webhook"
    webhook = _subscriber(db, webhook_server.url)
    assert webhook.channel is Channel.WEBHOOK
    assert webhook.secret is None
    assert webhook.contact_email == "ops@example.org"
    assert not webhook.is_active
    [mail] = smtp.to("ops@example.org")
    assert webhook_server.url in mail.get_body(("plain",)).get_content()
    confirm = link_in(mail, "/subscriptions/confirm/").split("status.test", 1)[1]
    page_html = client.post(confirm)
    assert page_html.headers["Cache-Control"] == "no-store"
    webhook = _subscriber(db, webhook_server.url)
    assert webhook.is_active
    assert webhook.secret in page_html.get_data(as_text=True)
    assert webhook.secret not in client.post(confirm).get_data(as_text=True)
    assert webhook_server.requests == []  # nothing posted to the endpoint yet


def test_a_confirmed_webhook_cannot_be_taken_over(
    client, db, page, make_subscriber, smtp
):
    hook = make_subscriber(
        page, "https://hooks.example.org/s", channel=Channel.WEBHOOK, secret="s3"
    )
    response = client.post(
        API,
        json={
            "email": "attacker@example.org",
            "endpoint": "https://hooks.example.org/s",
        },
    )
    assert response.status_code == 201
    db.session.expire_all()
    assert hook.contact_email is None
    assert hook.secret == "s3"
    assert smtp.messages == []


def _delete(client, subscriber_id, token=None, **kwargs):
    url = f"/apc/api/v2/subscribers/{subscriber_id}.json"
    if token:
        url += f"?token={token}"
    return client.delete(url, **kwargs)


def test_delete_needs_the_subscribers_token(client, db, page, make_subscriber):
    reader = make_subscriber(page, "reader@example.org")
    other = make_subscriber(page, "other@example.org")
    missing = _delete(client, reader.id)
    assert missing.status_code == 422
    assert missing.get_json()["errors"][0]["field"] == "token"
    wrong = _delete(client, reader.id, subscriptions.make_token(other, "unsubscribe"))
    unknown = _delete(client, "nosuchid0000", "forged")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_json()["detail"] == unknown.get_json()["detail"]
    confirm_token = subscriptions.make_token(reader, "confirm")
    assert _delete(client, reader.id, confirm_token).status_code == 404
    assert _subscriber(db, "reader@example.org").unsubscribed_at is None

    ok = _delete(client, reader.id, subscriptions.make_token(reader, "unsubscribe"))
    assert ok.status_code == 200
    assert ok.get_json() is True
    assert _subscriber(db, "reader@example.org").unsubscribed_at is not None
    manage = subscriptions.make_token(other, "manage")
    body = _delete(client, other.id, json={"token": manage})
    assert body.status_code == 200
    assert _subscriber(db, "other@example.org").unsubscribed_at is not None


def test_delete_on_another_page_is_refused(
    client, db, page, make_page, make_subscriber
):
    elsewhere = make_subscriber(make_page(slug="other"), "x@example.org")
    token = subscriptions.make_token(elsewhere, "unsubscribe")
    assert _delete(client, elsewhere.id, token).status_code == 404


def test_webhook_payloads_carry_a_token_for_delete(db, page, make_subscriber):
    from app.notifications import webhooks

    hook = make_subscriber(page, "https://h.example/x", channel=Channel.WEBHOOK)
    delivery = Delivery(
        event="postmortem:none", subscriber=hook, channel=Channel.WEBHOOK
    )
    with pytest.raises(LookupError):
        webhooks.payload(delivery)
    token = subscriptions.link(hook, "unsubscribe").rsplit("/", 1)[1]
    assert subscriptions.load_token(token, "unsubscribe") == hook


def test_no_csrf_token_needed_and_no_cors_on_writes(app, client, page, smtp):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        API,
        data={"subscriber[email]": "a@example.org"},
        headers={"Origin": "https://x.example"},
    )
    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" not in response.headers


def test_rate_limited_like_the_web_form(app, client, page, smtp):
    app.config["SUBSCRIBE_LIMIT_PER_ADDRESS"] = "2 per hour"
    codes = [
        client.post(API, json={"email": "same@example.org"}).status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    limited = client.post(API, json={"email": "same@example.org"})
    assert limited.mimetype == "application/problem+json"


def test_hidden_page_and_bad_json(client, make_page, page, smtp):
    hidden = make_page(slug="hidden", is_public=False)
    response = client.post(f"/{hidden.slug}/api/v2/subscribers.json", json={})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    bad = client.post(API, data="[1]", content_type="application/json")
    assert bad.status_code == 422
    assert json.loads(bad.get_data())["errors"][0]["field"] == "subscriber"


def test_an_unknown_field_is_refused_by_name(client, page, smtp):
    response = client.post(API, json={"subscriber": {"email": "a@example.org",
                                                     "emial": "typo"}})  # fmt: skip
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["emial"]


def test_statuspage_s_own_fields_are_accepted(client, page, smtp):
    response = client.post(
        API,
        json={"subscriber": {"email": "a@example.org",
                             "skip_confirmation_notification": False}},
    )  # fmt: skip
    assert response.status_code in (200, 201)
