"""The public pages: what a visitor sees, and what they must never see."""

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.demo import seed_demo
from app.models import (
    ComponentGroup,
    ComponentStatus,
    Impact,
    Incident,
    IncidentStatus,
    Page,
    Visibility,
)
from app.models.base import utcnow
from app.pages.public import render
from tests.fixtures.factories import page_fixture

PARTIAL = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE


class _Doc(HTMLParser):
    """Tags with their attributes, headings in order, and inline script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text += data


def parse(body: str) -> _Doc:
    doc = _Doc()
    doc.feed(body)
    doc.close()
    return doc


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


page = page_fixture(slug="acme", name="Acme Corp")


# The index


def test_index_lists_public_pages_with_status(
    client, make_page, make_component, make_incident
):
    calm = make_page(slug="calm", name="Calm Co")
    make_component(calm)
    busy = make_page(slug="busy", name="Busy Inc")
    make_incident(busy, impact=Impact.MAJOR)
    make_page(slug="secret", name="Secret Ltd", is_public=False)
    body = get(client, "/")
    assert body.index("Busy Inc") < body.index("Calm Co")  # by name
    assert "Secret Ltd" not in body
    assert "/secret/" not in body
    cards = dict(re.findall(r'href="/(\w+)/">[^<]+</a>\s*<span[^>]*>([^<]+)<', body))
    assert cards == {"busy": "Partial System Outage", "calm": "All Systems Operational"}


def test_index_without_pages(client, db):
    assert "No public status pages yet." in get(client, "/")


# The status page


def test_status_page_banner_and_components(
    db, client, page, make_component, make_incident
):
    shop = ComponentGroup(page=page, name="Online shop", position=1)
    db.session.add(shop)
    make_component(page, name="acme.example", position=0, description="Main site")
    checkout = make_component(page, name="Checkout", group=shop, position=1)
    make_component(page, name="Search", group=shop, position=2)
    make_incident(page, components={checkout: PARTIAL}, impact=Impact.MINOR)
    body = get(client, "/acme/")
    assert "<h1>Partial System Outage</h1>" in body
    assert "banner-major" in body
    assert "Main site" in body
    assert '<h3 class="group-name">Online shop</h3>' in body
    shop_block = body.split("Online shop")[1]
    assert shop_block.index("Checkout") < shop_block.index("Search")
    # Status as text plus an icon, never colour alone.
    checkout_row = shop_block.split("Checkout")[1].split("</li>")[0]
    assert 'aria-hidden="true">◆</span> Partial Outage' in checkout_row
    assert body.count("> Operational</span>") == 2
    assert body.count('class="uptime-bar"') == 3
    assert body.count('class="uptime-day') == 3 * 90


def test_status_page_all_operational(client, page, make_component):
    make_component(page)
    body = get(client, "/acme/")
    assert "<h1>All Systems Operational</h1>" in body
    assert "100.00 % uptime" in body


def test_unresolved_incident_with_public_timeline_newest_first(
    db, client, page, make_component, make_incident
):
    site = make_component(page, name="acme.example")
    start = utcnow() - timedelta(hours=2)
    incident = make_incident(
        page,
        title="Site down",
        body="First we looked.",
        components={site: MAJOR},
        at=start,
    )
    incident.post_update(
        IncidentStatus.INVESTIGATING,
        "Secret: the intern deleted the DNS zone.",
        visibility=Visibility.INTERNAL,
        at=start + timedelta(minutes=10),
    )
    incident.post_update(
        IncidentStatus.IDENTIFIED, "Then we found it.", at=start + timedelta(minutes=30)
    )
    db.session.commit()
    body = get(client, "/acme/")
    live = body.split('class="incident-live')[1].split("</section>")[0]
    assert f'href="/acme/incidents/{incident.id}">Site down</a>' in live
    assert "Affected: acme.example" in live
    assert live.index("Then we found it.") < live.index("First we looked.")
    assert live.index(">Identified<") < live.index(">Investigating<")
    assert "data-relative-to=" in live  # "… ago", written by the browser
    assert "intern" not in body
    assert "<h1>Major System Outage</h1>" in body  # the only component is down


def test_resolved_incident_leaves_the_live_section(
    db, client, page, make_component, make_incident
):
    site = make_component(page)
    incident = make_incident(page, title="Blip", components={site: MAJOR})
    incident.post_update(IncidentStatus.RESOLVED, "All good.")
    db.session.commit()
    body = get(client, "/acme/")
    assert "incident-live" not in body
    assert "<h1>All Systems Operational</h1>" in body
    past = body.split("Past Incidents")[1]
    assert "Blip" in past
    assert "All good." in past


def test_past_fourteen_days_grouped_by_day(client, app, page, make_incident):
    now = datetime(2024, 6, 20, 16, tzinfo=UTC)
    for days_ago, title in [(1, "Yesterday thing"), (3, "Older A"), (3, "Older B")]:
        make_incident(
            page,
            title=title,
            at=now - timedelta(days=days_ago),
            status=IncidentStatus.RESOLVED,
        )
    make_incident(page, title="Too old", at=now - timedelta(days=20))
    with app.test_request_context():
        body = render.render_status_page(page, now=now)
    past = body.split("Past Incidents")[1]
    days = re.findall(r'<h3 class="day-heading">([^<]+)</h3>', past)
    assert len(days) == 14
    assert days[0] == "Jun 20, 2024"
    assert days[-1] == "Jun 7, 2024"
    assert past.count("No incidents reported.") == 12
    blocks = past.split('<h3 class="day-heading">')
    assert "Yesterday thing" in blocks[2]
    assert "Older A" in blocks[4]
    assert "Older B" in blocks[4]
    assert "Too old" not in past
    assert "Too old" in body  # still unresolved, so it is live


def test_page_with_nothing_on_it(client, page):
    body = get(client, "/acme/")
    assert "<h1>All Systems Operational</h1>" in body
    assert "No components yet." in body
    assert body.count("No incidents reported.") == 14


def test_only_show_if_degraded_components(client, page, make_component):
    make_component(page, name="Hidden until broken", only_show_if_degraded=True)
    make_component(page, name="Shown broken", only_show_if_degraded=True, status=MAJOR)
    body = get(client, "/acme/")
    assert "Hidden until broken" not in body
    assert "Shown broken" in body


def test_uptime_bar_tooltips(db, client, page, make_component, make_incident):
    site = make_component(page, name="acme.example")
    yesterday = utcnow() - timedelta(days=1)
    incident = make_incident(
        page, title="Outage yesterday", components={site: MAJOR}, at=yesterday
    )
    incident.post_update(
        IncidentStatus.RESOLVED, "Fixed.", at=yesterday + timedelta(minutes=5)
    )
    db.session.commit()
    body = get(client, "/acme/")
    days = re.findall(r'<li class="uptime-day (day-\w+)" tabindex="0">', body)
    assert len(days) == 90
    assert "day-major_outage" in days
    assert "Outage yesterday</span>" in body.split('class="uptime-bar"')[1]
    assert "No downtime recorded" in body
    assert "99.99 % uptime" in body


def test_uptime_no_data_before_the_component_existed(client, page, make_component):
    make_component(page, created_at=utcnow() - timedelta(days=3))
    body = get(client, "/acme/")
    days = re.findall(r'<li class="uptime-day (day-\w+)"', body)
    assert days.count("day-nodata") in (86, 87)  # depends on the time of day
    assert "No data" in body


# History and permalinks


def test_history_paginates_by_month(client, app, page, make_incident):
    now = datetime(2024, 6, 15, 12, tzinfo=UTC)
    make_incident(page, title="June one", at=datetime(2024, 6, 2, 12, tzinfo=UTC))
    make_incident(page, title="April one", at=datetime(2024, 4, 30, 12, tzinfo=UTC))
    make_incident(page, title="March one", at=datetime(2024, 3, 1, 12, tzinfo=UTC))
    make_incident(
        page, title="Secret", at=datetime(2024, 1, 2, 12, tzinfo=UTC), public=False
    )
    with app.test_request_context():
        first = render.render_history(page, 1, now=now)
        second = render.render_history(page, 2, now=now)
        third = render.render_history(page, 3, now=now)
    months = re.findall(r"<h2>([A-Z]\w+ \d{4})</h2>", first)
    assert months == ["June 2024", "May 2024", "April 2024"]
    assert "June one" in first
    assert "April one" in first
    assert "No incidents reported this month." in first  # May
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    assert re.findall(r"<h2>([A-Z]\w+ \d{4})</h2>", second) == [
        "March 2024",
        "February 2024",
        "January 2024",
    ]
    assert "March one" in second
    assert "Secret" not in second
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second  # only an internal incident is older
    assert "December 2023" in third


@pytest.mark.parametrize("query", ["?page=0", "?page=-1", "?page=1001"])
def test_history_page_out_of_range(client, page, query):
    get(client, f"/acme/history{query}", 404)


def test_history_ignores_a_non_numeric_page(client, page):
    assert "Incident History" in get(client, "/acme/history?page=abc")


def test_incident_permalink(db, client, page, make_component, make_incident):
    site = make_component(page, name="acme.example")
    incident = make_incident(page, title="Site down", components={site: MAJOR})
    incident.post_update(
        IncidentStatus.INVESTIGATING, "Internal!", visibility=Visibility.INTERNAL
    )
    incident.post_update(IncidentStatus.RESOLVED, "Back up.")
    db.session.commit()
    body = get(client, f"/acme/incidents/{incident.id}")
    assert "<h1>Site down</h1>" in body
    assert "Affected components" in body
    affected = body.split("Affected components")[1]
    assert "acme.example" in affected
    assert "Major Outage" in affected
    assert body.index("Back up.") < body.index("Investigating.")
    assert "Internal!" not in body
    assert "Resolved" in body


# Not found


def test_not_found_pages(db, client, make_page, make_incident):
    acme = make_page(slug="acme")
    other = make_page(slug="other")
    hidden = make_page(slug="hidden", is_public=False)
    theirs = make_incident(other)
    internal = make_incident(acme, public=False)
    hidden_incident = make_incident(hidden)
    for url in [
        "/nope/",
        "/nope/history",
        "/acme/incidents/doesnotexist",
        f"/acme/incidents/{theirs.id}",
        f"/acme/incidents/{internal.id}",
        "/hidden/",
        "/hidden/history",
        "/hidden/brand.css",
        f"/hidden/incidents/{hidden_incident.id}",
    ]:
        body = get(client, url, 404)
        assert "404" in body, url
        assert "There is no status page or incident at this address." in body
        assert 'href="/"' in body


def test_hidden_page_incidents_do_not_leak(db, client, make_page, make_incident):
    hidden = make_page(slug="hidden", name="Hidden Client", is_public=False)
    make_incident(hidden, title="Hidden trouble")
    body = get(client, "/")
    assert "Hidden Client" not in body
    assert "Hidden trouble" not in body


# brand.css


def _brand_css(client, make_page, colour) -> str:
    make_page(slug="brand", brand_color=colour)
    response = client.get("/brand/brand.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    return response.get_data(as_text=True)


def test_brand_css_keeps_a_readable_colour_and_lightens_it_for_dark(client, make_page):
    assert _brand_css(client, make_page, "#0b5cab") == (
        ":root { --brand: #0b5cab; }\n"
        "@media (prefers-color-scheme: dark) {\n  :root { --link: #4d88c2; }\n}\n"
    )


def test_brand_css_darkens_a_colour_too_light_for_text(client, make_page):
    light, *dark = _brand_css(client, make_page, "#ABCDEF").splitlines()
    assert light.startswith(":root { --brand: #")
    assert "ABCDEF" not in light
    assert "--link: #ABCDEF" in dark[1]  # light enough on the dark scheme


@pytest.mark.parametrize(
    "colour", ["#fff", "red", "#12345g", "#1234}*", "</style", None]
)
def test_brand_css_only_emits_valid_colours(client, make_page, colour):
    assert _brand_css(client, make_page, colour) == ""


def test_brand_css_linked_only_with_a_colour(client, make_page):
    make_page(slug="plain")
    make_page(slug="branded", brand_color="#0b5cab")
    assert "brand.css" not in get(client, "/plain/")
    assert '<link rel="stylesheet" href="/branded/brand.css">' in get(
        client, "/branded/"
    )


# Every rendered page: assets, scripts, styles, landmarks, headings


@pytest.fixture
def demo_urls(db, client) -> list[str]:
    seed_demo()
    db.session.commit()
    urls = ["/", "/apc/", "/northwind/", "/apc/history", "/northwind/history"]
    urls += ["/apc/history?page=11", "/nope/"]
    for incident in db.session.scalars(sa.select(Incident).where(Incident.is_public)):
        urls.append(f"/{incident.page.slug}/incidents/{incident.id}")
    return urls


def _user_links(db) -> set[str]:
    """Hosts that staff typed in: component URLs, support URLs, update links."""
    hosts = set()
    for page in db.session.scalars(sa.select(Page)):
        for url in [page.support_url] + [c.url for c in page.components]:
            if url:
                hosts.add(urlsplit(url).hostname)
    return hosts


def test_no_external_assets(db, client, demo_urls):
    allowed_link_hosts = _user_links(db)
    for url in demo_urls:
        status = 404 if url == "/nope/" else 200
        doc = parse(get(client, url, status))
        for tag, attrs in doc.tags:
            for name in ("src", "href", "srcset", "poster", "data"):
                value = attrs.get(name)
                if not value:
                    continue
                host = urlsplit(value).hostname
                if tag == "a" and name == "href":
                    assert host is None or host in allowed_link_hosts, (url, value)
                else:
                    assert not value.startswith("//"), (url, tag, value)
                    assert host is None, (url, tag, value)


def test_no_inline_scripts_or_styles(client, demo_urls):
    for url in demo_urls:
        status = 404 if url == "/nope/" else 200
        body = get(client, url, status)
        doc = parse(body)
        assert doc.script_text.strip() == "", url
        assert "<style" not in body, url
        for tag, attrs in doc.tags:
            assert "style" not in attrs, (url, tag)
            assert not any(name.startswith("on") for name in attrs), (url, tag)
            if tag == "script":
                assert attrs.get("src"), url


def test_landmarks_and_heading_order(client, demo_urls):
    for url in demo_urls:
        status = 404 if url == "/nope/" else 200
        doc = parse(get(client, url, status))
        names = [t for t, _ in doc.tags]
        for landmark in ("header", "main", "footer"):
            assert names.count(landmark) == 1, (url, landmark)
        assert all(a.get("aria-label") for t, a in doc.tags if t == "nav"), url
        assert doc.headings.count(1) == 1, url
        assert doc.headings[0] == 1, url
        for before, after in zip(doc.headings, doc.headings[1:], strict=False):
            assert after <= before + 1, (url, doc.headings)
        html_tag = doc.tags[0]
        assert html_tag == ("html", {"lang": "en"}), url


def test_every_time_names_utc(client, demo_urls):
    for url in demo_urls:
        status = 404 if url == "/nope/" else 200
        for tag, attrs in parse(get(client, url, status)).tags:
            if tag == "time":
                assert re.fullmatch(
                    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", attrs["datetime"]
                )
                assert attrs["title"].endswith(" UTC")


def test_uptime_days_are_keyboard_reachable_with_text(client, demo_urls):
    doc = parse(get(client, "/northwind/"))
    days = [
        a for t, a in doc.tags if t == "li" and "uptime-day" in (a.get("class") or "")
    ]
    assert days
    assert all(a.get("tabindex") == "0" for a in days)


def test_uptime_tooltip_names_an_outage_without_incident(
    db, client, page, make_component
):
    site = make_component(page)
    site.set_status(MAJOR, at=utcnow() - timedelta(days=2))
    site.set_status(
        ComponentStatus.OPERATIONAL,
        at=utcnow() - timedelta(days=2) + timedelta(minutes=3),
    )
    db.session.commit()
    body = get(client, "/acme/")
    day = body.split('class="uptime-day day-major_outage"')[1].split("</li>")[0]
    assert "Major Outage" in day
    assert "No downtime recorded" not in day


def test_the_directory_can_be_turned_off(app, client, make_page):
    make_page(slug="calm", name="Calm Co")
    app.config["PUBLIC_DIRECTORY"] = False
    try:
        missing = client.get("/")
        assert missing.status_code == 404
        assert "Calm Co" not in missing.get_data(as_text=True)
        assert client.get("/calm/").status_code == 200
    finally:
        app.config["PUBLIC_DIRECTORY"] = True
