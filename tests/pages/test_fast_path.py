"""Cache hits replayed before Flask: the very bytes and headers Flask sent, after
one lookup of the page's version, and never once the page has changed."""

import gzip
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db as _db
from app.incidents.service import post_incident_update
from app.models import IncidentStatus
from app.public.fast_path import FastPath, VersionLookup
from tests.fixtures.app import base_config, built_app, fresh
from tests.pages.test_query_counts import counting_queries


@pytest.fixture(scope="module")
def file_config(database_url: str, tmp_path_factory) -> dict[str, Any]:
    """On SQLite a file: the in-memory database's one shared connection (which
    the replay's lookup leaves alone) is for the rest of the suite."""
    url = database_url
    if url == "sqlite://":
        url = f"sqlite:///{tmp_path_factory.mktemp('fast') / 'fast.db'}"
    return {**base_config(database_url), "SQLALCHEMY_DATABASE_URI": url}


@pytest.fixture(scope="module")
def file_app(file_config: dict[str, Any]) -> Iterator[Flask]:
    with built_app(file_config) as app:
        yield app


@pytest.fixture
def app_config(file_config: dict[str, Any]) -> dict[str, Any]:
    return dict(file_config)


@pytest.fixture
def app(file_app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    with fresh(file_app, app_config):
        yield file_app


def _get(client, url: str, **headers: str):
    return client.get(url, headers={"Accept-Encoding": "identity", **headers})


def _headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k != "Date"}


def _fast_path(app: Flask) -> FastPath:
    layer = app.wsgi_app
    while not isinstance(layer, FastPath):
        layer = layer.wsgi_app  # the custom-host rewrite sits outside it
    return layer


@pytest.fixture
def lookups(monkeypatch) -> list[str]:
    """The slugs the replay looked up, in order."""
    seen: list[str] = []
    real = VersionLookup.version

    def counted(self, slug: str):  # noqa: ANN202
        seen.append(slug)
        return real(self, slug)

    monkeypatch.setattr(VersionLookup, "version", counted)
    return seen


def test_a_hit_is_the_same_answer_for_one_query(
    db, client, page, make_incident, lookups
):
    make_incident(page, "Checkout is failing")
    url = f"/{page.slug}/"
    first = _get(client, url)
    lookups.clear()
    with counting_queries() as statements:
        replayed = _get(client, url)
    assert lookups == [page.slug]  # the page's content version, by slug
    assert statements == []  # nothing else: Flask is never entered
    assert replayed.data == first.data
    assert _headers(replayed) == {**_headers(first), "X-Beacon-Cache": "hit"}


def test_a_commit_is_seen_by_the_next_request(db, client, page, make_incident):
    incident = make_incident(page, "Checkout is failing")
    url = f"/{page.slug}/api/v2/summary.json"
    _get(client, url), _get(client, url)  # replayed from now on
    post_incident_update(incident, IncidentStatus.IDENTIFIED, "A bad deploy.")
    _db.session.commit()
    fresh = _get(client, url)
    assert fresh.headers["X-Beacon-Cache"] == "miss"
    assert fresh.get_json()["incidents"][0]["status"] == "identified"


def test_each_encoding_is_kept_apart(db, client, page, make_incident):
    make_incident(page, "Checkout is failing")
    url = f"/{page.slug}/"
    plain = _get(client, url)
    for _ in range(2):
        zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.data) == plain.data
    assert "Content-Encoding" not in _get(client, url).headers


def test_revalidation_and_head_are_answered_too(db, client, page):
    url = f"/{page.slug}/history.atom"
    first = _get(client, url)
    again = _get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]
    assert "Content-Type" not in again.headers
    head = client.head(url, headers={"Accept-Encoding": "identity"})
    assert (head.status_code, head.data) == (200, b"")
    assert head.headers["Content-Length"] == str(len(first.data))


def test_staff_and_other_methods_always_reach_flask(db, client, page):
    url = f"/{page.slug}/"
    _get(client, url), _get(client, url)
    client.set_cookie("session", "anything", domain="status.test")
    assert _get(client, url).headers["X-Beacon-Cache"] == "bypass"


def test_a_hidden_page_is_never_replayed(db, client, page):
    url = f"/{page.slug}/"
    _get(client, url), _get(client, url)
    _db.session.execute(sa.update(type(page)).values(is_public=False))
    _db.session.commit()
    assert _get(client, url).status_code == 404


def test_a_render_from_an_older_snapshot_is_never_kept(db, client, page):
    """A request inside a long transaction (as a worker's publish once was) may
    render what that transaction saw; the replay must not keep it for later."""
    url = f"/{page.slug}/"
    _db.session.get(type(page), page.id)  # this context's transaction begins
    with sa.orm.Session(_db.engine) as elsewhere:  # another host's commit
        elsewhere.get(type(page), page.id).name = "Renamed elsewhere"
        elsewhere.commit()
    _get(client, url)  # rendered in the old transaction, looked up at the new version
    _db.session.rollback()
    assert "Renamed elsewhere" in _get(client, url).text


def test_a_lost_connection_sends_one_request_to_flask_then_heals(app, db, client, page):
    url = f"/{page.slug}/"
    _get(client, url), _get(client, url)
    lookup = _fast_path(app).local.lookup
    lookup.connection.connection.dbapi_connection.close()  # the database went away
    assert _get(client, url).status_code == 200  # Flask answered it
    assert lookup.broken
    assert _get(client, url).headers["X-Beacon-Cache"] == "hit"
    assert _fast_path(app).local.lookup is not lookup  # on a new connection
