"""Idempotency-Key: a retried POST returns the first answer and creates nothing."""

import threading

import pytest
import sqlalchemy as sa

from app.api import idempotency
from app.extensions import db as _db
from app.models import IdempotencyRecord, Incident
from tests.api_client import ApiClient

BODY = {"title": "Checkout down", "message": "Investigating."}


@pytest.fixture
def api(client, make_token, make_page):
    make_page(slug="acme", name="Acme")
    _, secret = make_token()
    return ApiClient(client, secret)


def _post(api, key, body=BODY):
    return api.post("/pages/acme/incidents", body, headers={"Idempotency-Key": key})


def _count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count(Incident.id)))


def test_a_retry_returns_the_same_answer(api, db):
    first = _post(api, "key-1")
    again = _post(api, "key-1")
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _count(db) == 1


def test_key_order_and_spacing_do_not_matter(api, db):
    _post(api, "key-2")
    reordered = api.request(
        "POST",
        "/pages/acme/incidents",
        data='{"message": "Investigating.",   "title": "Checkout down"}',
        content_type="application/json",
        headers={"Idempotency-Key": "key-2"},
    )
    assert reordered.status_code == 201
    assert _count(db) == 1


def test_same_key_different_body_is_422(api, db):
    _post(api, "key-3")
    other = _post(api, "key-3", {"title": "Another", "message": "x"})
    assert other.status_code == 422
    assert other.get_json()["errors"][0]["field"] == "Idempotency-Key"
    assert _count(db) == 1


def test_keys_belong_to_their_owner(api, client, db, make_token):
    _post(api, "shared-key")
    _, other_secret = make_token()
    assert _post(ApiClient(client, other_secret), "shared-key").status_code == 201
    assert _count(db) == 2


def test_a_failed_request_does_not_use_up_the_key(api, db):
    assert _post(api, "key-4", {"title": "", "message": "x"}).status_code == 422
    assert _post(api, "key-4").status_code == 201
    assert db.session.scalar(sa.select(sa.func.count(IdempotencyRecord.id))) == 1


def test_without_a_key_each_post_creates(api, db):
    api.post("/pages/acme/incidents", BODY)
    api.post("/pages/acme/incidents", BODY)
    assert _count(db) == 2


def test_a_retry_racing_the_first_request_replays_it(api, db, monkeypatch):
    """The retry looked before the first request committed, then lost the insert."""
    first = _post(api, "key-5")
    real_find = idempotency._find
    calls = []

    def find_nothing_first(owner, key):
        calls.append(key)
        return None if len(calls) == 1 else real_find(owner, key)

    monkeypatch.setattr(idempotency, "_find", find_nothing_first)
    again = _post(api, "key-5")
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert _count(db) == 1


def test_concurrent_retries_create_one_incident(app, api, db):
    if _db.engine.dialect.name == "sqlite":
        pytest.skip("needs a server database for real concurrency")
    results = []

    def call():
        with app.app_context():
            results.append(_post(ApiClient(app.test_client(), api.secret), "key-6"))

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r.status_code for r in results} == {201}
    assert len({r.get_json()["id"] for r in results}) == 1
    db.session.expire_all()
    assert _count(db) == 1
