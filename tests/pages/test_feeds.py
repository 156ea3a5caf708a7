"""History feeds: valid RSS/Atom through feedparser, order, stable ids, 304s."""

from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest

from app.incidents.service import post_incident_update
from app.models import ComponentStatus, IncidentStatus, Visibility
from app.models.base import utcnow

FEEDS = ["/{slug}/history.rss", "/{slug}/history.atom"]


@pytest.fixture
def history(db, make_page, make_component, make_incident):
    page = make_page(name="APC", slug="apc")
    site = make_component(page, name="approcess.com")
    now = utcnow()
    old = make_incident(
        page,
        "Slow checkout",
        "Looking into **slow** checkouts.",
        at=now - timedelta(days=3),
    )
    new = make_incident(
        page,
        "approcess.com is down",
        "Investigating <script>alert(1)</script>.",
        components={site: ComponentStatus.MAJOR_OUTAGE},
        at=now - timedelta(hours=2),
    )
    post_incident_update(
        new,
        IncidentStatus.IDENTIFIED,
        "Secret internal note",
        visibility=Visibility.INTERNAL,
    )
    post_incident_update(
        new, IncidentStatus.RESOLVED, "Fixed.", at=now - timedelta(hours=1)
    )
    make_incident(page, "Internal only", "Not for the public.", public=False)
    db.session.commit()
    return page, old, new


@pytest.mark.parametrize("url", FEEDS)
def test_feed_parses_newest_first_without_internal_content(client, history, url):
    page, old, new = history
    response = client.get(url.format(slug=page.slug))
    assert response.status_code == 200
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == ["approcess.com is down", "Slow checkout"]
    body = (
        feed.entries[0].get("content", [{}])[0].get("value") or feed.entries[0].summary
    )
    assert "Fixed." in body
    assert "Investigating" in body
    assert "Secret internal note" not in response.get_data(as_text=True)
    assert "Internal only" not in response.get_data(as_text=True)
    assert "<script" not in body
    assert feed.entries[0].link == f"http://status.test/apc/incidents/{new.id}"


@pytest.mark.parametrize("url", FEEDS)
def test_entry_ids_are_stable_tag_uris_and_dates_are_aware(client, history, url):
    page, old, new = history
    first = feedparser.parse(client.get(url.format(slug=page.slug)).data)
    post_incident_update(new, IncidentStatus.RESOLVED, "Post-incident note.")
    from app.extensions import db

    db.session.commit()
    second = feedparser.parse(client.get(url.format(slug=page.slug)).data)
    ids = [e.id for e in first.entries]
    assert ids == [e.id for e in second.entries]
    assert ids[0].startswith("tag:status.test,")
    assert ids[0].endswith(f"incident/{new.id}")
    date = "updated_parsed" if url.endswith(".atom") else "published_parsed"
    assert second.entries[0][date] >= first.entries[0][date]
    assert second.feed.updated_parsed >= first.feed.updated_parsed


def test_atom_dates_carry_a_timezone(client, history):
    page, _, new = history
    data = client.get(f"/{page.slug}/history.atom").get_data(as_text=True)
    feed = feedparser.parse(data)
    for entry in feed.entries:
        assert entry.published.endswith("+00:00")
        assert entry.updated.endswith("+00:00")
    assert feed.feed.updated.endswith("+00:00")


@pytest.mark.parametrize("url", FEEDS)
def test_conditional_get_answers_304(client, history, url):
    page, *_ = history
    first = client.get(url.format(slug=page.slug))
    assert first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get(
        url.format(slug=page.slug), headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.data == b""
    since = client.get(
        url.format(slug=page.slug),
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert since.status_code == 304


@pytest.mark.parametrize("url", FEEDS)
def test_hidden_and_unknown_pages_have_no_feed(client, make_page, url):
    hidden = make_page(is_public=False)
    assert client.get(url.format(slug=hidden.slug)).status_code == 404
    assert client.get(url.format(slug="nope")).status_code == 404


def test_empty_feed_is_valid(client, make_page):
    page = make_page()
    feed = feedparser.parse(client.get(f"/{page.slug}/history.atom").data)
    assert not feed.bozo
    assert feed.entries == []


def test_every_public_page_advertises_its_feeds(client, history):
    page, _, new = history
    for path in ("/apc/", "/apc/history", f"/apc/incidents/{new.id}"):
        html = client.get(path).get_data(as_text=True)
        assert 'type="application/atom+xml"' in html, path
        assert 'href="/apc/history.rss"' in html, path
        assert 'action="/apc/subscribe"' in html, path


def test_maintenance_windows_are_feed_entries(db, client, make_page, make_maintenance):
    page = make_page(slug="maint", name="Maint")
    window = make_maintenance(page, "Database upgrade")
    for kind in ("atom", "rss"):
        feed = feedparser.parse(client.get(f"/maint/history.{kind}").data)
        assert not feed.bozo
        [entry] = feed.entries
        assert entry.title == "Database upgrade"
        assert entry.link.endswith(f"/maint/maintenance/{window.id}")
        assert "Scheduled for" in entry.description
    atom = feedparser.parse(client.get("/maint/history.atom").data)
    assert atom.entries[0].id.endswith(f":maintenance/{window.id}")


def test_a_page_name_with_markup_reads_as_words_in_every_feed(client, make_page):
    make_page(slug="odd", name="<script>alert(1)</script> & Co")
    rss = ElementTree.fromstring(client.get("/odd/history.rss").data)  # noqa: S314
    channel = rss.find("channel")
    # The description is HTML to RSS readers: it must carry escaped markup only.
    assert "<" not in channel.findtext("description")
    assert "&lt;script&gt;" in channel.findtext("description")
    atom = ElementTree.fromstring(client.get("/odd/history.atom").data)  # noqa: S314
    subtitle = atom.find("{http://www.w3.org/2005/Atom}subtitle")
    assert subtitle.get("type", "text") == "text"  # Atom's text: shown as typed
    assert "<script>alert(1)</script> & Co" in subtitle.text
