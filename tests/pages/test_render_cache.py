"""Cached public renders: exact (the next request after a commit sees it), shared,
bounded, compressed, revalidated, and rendered once per key at a time."""

import gzip
import threading
import time
import uuid
from typing import Any

import brotli
import pytest
import redis
from flask import Flask

from app.extensions import db as _db
from app.incidents.service import declare_incident, post_incident_update
from app.models import ComponentStatus, IncidentStatus, Page
from app.pages import components as component_service
from app.public.cache import _entry
from tests.fixtures.app import base_config, built_app

URLS = ("/{slug}/", "/{slug}/api/v2/summary.json", "/{slug}/history.atom")


def _get(client, url: str, **headers: str):
    return client.get(url, headers={"Accept-Encoding": "identity", **headers})


@pytest.mark.parametrize("url", URLS)
def test_the_second_read_is_served_from_the_cache(client, page, url):
    url = url.format(slug=page.slug)
    first, second = _get(client, url), _get(client, url)
    assert first.headers["X-Beacon-Cache"] == "miss"
    assert second.headers["X-Beacon-Cache"] == "hit"
    assert second.data == first.data
    assert second.headers["Surrogate-Key"] == f"page-{page.id} slug-{page.slug}"
    assert second.headers["Cache-Tag"] == f"page-{page.id},slug-{page.slug}"


@pytest.mark.parametrize("url", URLS)
def test_an_update_is_visible_on_the_very_next_request(db, client, page, url):
    url = url.format(slug=page.slug)
    incident = declare_incident(page, "Checkout is failing", "Investigating.")
    db.session.commit()
    assert b"Checkout is failing" in _get(client, url).data
    _get(client, url)  # cached now
    post_incident_update(
        incident, IncidentStatus.IDENTIFIED, "A bad deploy, rolled back."
    )
    db.session.commit()
    after = _get(client, url)
    assert after.headers["X-Beacon-Cache"] == "miss"
    assert b"A bad deploy, rolled back." in after.data


def _rename(db, page, component):
    page.name = "Renamed Client"


def _set_status(db, page, component):
    component_service.set_component_status(
        component, ComponentStatus.MAJOR_OUTAGE, None
    )


def _declare(db, page, component):
    declare_incident(page, "Down", "Looking.")


@pytest.mark.parametrize("change", [_rename, _set_status, _declare])
def test_every_visible_change_bumps_the_page_version(db, page, make_component, change):
    component = make_component(page)
    before = page.content_version
    change(db, page, component)
    db.session.commit()
    assert db.session.get(Page, page.id).content_version > before


def test_a_rollback_bumps_nothing(db, page):
    before = page.content_version
    page.name = "Never saved"
    db.session.flush()
    db.session.rollback()
    assert db.session.get(Page, page.id).content_version == before


def test_visitors_with_a_session_get_their_own_render(client, page):
    url = f"/{page.slug}/"
    _get(client, url)
    client.set_cookie("session", "anything", domain="status.test")
    assert _get(client, url).headers["X-Beacon-Cache"] == "bypass"


@pytest.mark.parametrize(
    ("accept", "coding", "decode"),
    [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_bodies_are_compressed_and_revalidated(client, page, accept, coding, decode):
    url = f"/{page.slug}/"
    plain = _get(client, url).data
    packed = _get(client, url, **{"Accept-Encoding": accept})
    assert packed.headers["Content-Encoding"] == coding
    assert decode(packed.data) == plain
    assert "Accept-Encoding" in packed.headers["Vary"]
    again = _get(client, url, **{"Accept-Encoding": accept,
                                 "If-None-Match": packed.headers["ETag"]})  # fmt: skip
    assert again.status_code == 304


def test_concurrent_misses_render_once(app: Flask):
    renders: list[int] = []

    def render():
        renders.append(1)
        time.sleep(0.2)
        return app.response_class(b"rendered", mimetype="text/plain")

    def visit():
        with app.test_request_context("/any/"):
            _entry(f"test:{key}", render)

    key = uuid.uuid4().hex
    threads = [threading.Thread(target=visit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert renders == [1]


# --- several workers and hosts ----------------------------------------------


@pytest.fixture
def two_hosts(tmp_path) -> Any:
    """Two apps on one database file, as two workers or hosts would be."""
    config = base_config(f"sqlite:///{tmp_path / 'shared.db'}")
    with built_app(config) as first, built_app(config) as second:
        yield first, second


def test_a_write_through_one_worker_is_read_through_the_other(two_hosts):
    first, second = two_hosts
    with first.app_context():
        page = Page(slug="apc", name="APC", time_zone="UTC")
        _db.session.add(page)
        _db.session.commit()
        page_id = page.id
    reader = first.test_client()
    assert b"Checkout is failing" not in _get(reader, "/apc/").data
    _get(reader, "/apc/")  # cached in the first worker
    with second.app_context():
        declare_incident(
            _db.session.get(Page, page_id), "Checkout is failing", "Looking."
        )
        _db.session.commit()
    assert b"Checkout is failing" in _get(reader, "/apc/").data


def _redis_up() -> bool:
    try:
        return bool(redis.Redis(socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


def test_with_redis_every_host_shares_one_render(tmp_path):
    if not _redis_up():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    config = base_config(f"sqlite:///{tmp_path / 'shared.db'}") | {
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "HUEY_NAME": f"beacon-test-{uuid.uuid4().hex}",
    }
    with built_app(config) as first, built_app(config) as second:
        with first.app_context():
            _db.session.add(Page(slug=f"p{uuid.uuid4().hex[:8]}", name="P"))
            _db.session.commit()
            slug = _db.session.query(Page.slug).scalar()
        assert (
            _get(first.test_client(), f"/{slug}/").headers["X-Beacon-Cache"] == "miss"
        )
        shared = _get(second.test_client(), f"/{slug}/")
        assert shared.headers["X-Beacon-Cache"] == "hit"
