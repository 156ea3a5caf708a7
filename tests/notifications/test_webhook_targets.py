"""Webhooks never reach this machine or its private network, however the address
is written or whatever the name resolves to, unless an operator allows it."""

import ipaddress
import json

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from app.incidents.service import declare_incident
from app.models import Channel, Delivery, DeliveryStatus
from app.notifications.webhook_urls import (
    UnsafeWebhookUrl,
    check_url,
    pinned_connection,
    resolve_allowed,
)

REFUSED = [
    "http://127.0.0.1/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/",
    "http://127.1/", "http://0x7f000001/", "http://017700000001/", "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://0.0.0.0/",
    "http://0/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
    "http://224.0.0.1/", "http://240.0.0.1/", "http://255.255.255.255/",
    "http://[fe80::1]/", "http://[fc00::1]/", "http://[ff02::1]/",
    "http://localhost:8080/", "https://db.internal/", "http://printer.local/",
]  # fmt: skip
ALLOWED = ["https://93.184.216.34/hook", "https://hooks.example.com/beacon",
           "http://[2606:4700:4700::1111]/"]  # fmt: skip


@pytest.mark.parametrize("url", REFUSED)
def test_every_spelling_of_a_private_address_is_refused(url):
    with pytest.raises(UnsafeWebhookUrl):
        check_url(url)


@pytest.mark.parametrize("url", ALLOWED)
def test_public_addresses_and_names_are_accepted(url):
    check_url(url)


def test_an_allowed_network_is_reachable(db):
    check_url("http://10.20.1.5/hook", ["10.20.0.0/16"])
    with pytest.raises(UnsafeWebhookUrl):
        check_url("http://10.21.1.5/hook", ["10.20.0.0/16"])


@given(number=st.integers(min_value=0, max_value=2**32 - 1))
def test_decimal_hex_and_octal_spellings_get_the_dotted_form_s_verdict(number):
    dotted = str(ipaddress.IPv4Address(number))
    verdicts = set()
    for spelling in (dotted, str(number), hex(number), "0" + oct(number)[2:]):
        try:
            check_url(f"http://{spelling}/")
            verdicts.add("allowed")
        except UnsafeWebhookUrl:
            verdicts.add("refused")
    assert len(verdicts) == 1, (dotted, verdicts)


@pytest.fixture
def delivery_to(db, make_page, make_subscriber):
    """The delivery of a new incident to a webhook at ``url`` (stored unchecked,
    as before these checks), once the worker has tried it."""

    def deliver(url: str) -> Delivery:
        page = make_page()
        make_subscriber(page, url, channel=Channel.WEBHOOK, secret="x")
        declare_incident(page, "Down", "Investigating.")
        db.session.commit()
        return db.session.scalar(sa.select(Delivery))

    return deliver


def test_a_name_that_resolves_to_loopback_is_refused_when_sent(
    app, delivery_to, webhook_server
):
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = []  # as installed
    port = webhook_server.server_address[1]
    # Saved before these checks, or by a name that changed since.
    row = delivery_to(f"http://localhost:{port}/hooks")
    assert row.status is DeliveryStatus.FAILED
    assert "may not reach" in row.last_error
    assert webhook_server.requests == []  # nothing reached the machine


def test_the_connection_goes_to_the_address_checked_not_a_new_lookup(webhook_server):
    """DNS rebinding: the name is looked up once; the request goes to that address."""
    port = webhook_server.server_address[1]
    address = resolve_allowed("127.0.0.1", port, ["127.0.0.0/8"])
    connection = pinned_connection("http", "rebound.invalid", port, address)
    connection.request("POST", "/hooks", body=b"{}", headers={"Content-Length": "2"})
    assert connection.getresponse().status == 200
    connection.close()
    assert webhook_server.requests[0]["headers"]["Host"] == f"rebound.invalid:{port}"


def test_staff_cannot_point_a_webhook_at_the_machine(app, admin_client, page):
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = []
    answer = admin_client.post(
        f"/admin/pages/{page.id}/webhooks/new", data={"url": "http://0x7f.1:6379/"}
    )
    assert answer.status_code == 200
    assert "must be reachable from the internet" in answer.text


def test_redirects_are_not_followed(delivery_to, webhook_server):
    webhook_server.answers.append(302)
    row = delivery_to(webhook_server.url)
    assert (row.status, row.last_error) == (DeliveryStatus.FAILED, "HTTP 302 Found")
    assert len(webhook_server.requests) == 1
    assert json.loads(webhook_server.requests[0]["body"])["meta"]["event"]


def test_a_port_past_65535_is_refused_not_a_crash(app, admin_client, page):
    answer = admin_client.post(
        f"/admin/pages/{page.id}/webhooks/new",
        data={"url": "https://hooks.example.com:99999/x"},
    )
    assert answer.status_code == 200
    assert "The port must be a number from 1 to 65535." in answer.text


def test_a_stored_url_with_a_bad_port_fails_its_delivery_alone(delivery_to):
    row = delivery_to("http://127.0.0.1:99999/x")
    assert row.status is DeliveryStatus.FAILED
    assert "out of range" in row.last_error
