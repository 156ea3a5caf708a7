"""Badges, the embeddable snippet, and the rule that nothing else may be framed."""

import xml.etree.ElementTree as ET

import pytest

from app.models import ComponentStatus, Impact
from app.pages.badges import COMPONENT_COLOURS, Badge, text_width
from tests.fixtures.factories import page_fixture

SVG = "{http://www.w3.org/2000/svg}"


page = page_fixture(
    "acme.example",
    {"name": "blog.acme.example", "position": 1},
    slug="acme",
    name="Acme",
    incidents=[
        {
            "title": "Checkout is failing",
            "body": "Investigating.",
            "impact": Impact.MAJOR,
            "components": {"acme.example": ComponentStatus.MAJOR_OUTAGE},
        },
        {"title": "Internal alert", "body": "x", "public": False},
    ],
)


def _svg(response) -> ET.Element:
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    return ET.fromstring(response.get_data())  # noqa: S314  (our own output)


def test_page_badge_names_the_overall_status(client, page):
    root = _svg(client.get("/acme/badge.svg"))
    assert root.find(f"{SVG}title").text == "Acme: Partial System Outage"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Acme: Partial System Outage"
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert "#c2410c" in fills  # the "major" colour


def test_component_badge_shows_its_status(client, page):
    component = page.components[0]
    root = _svg(client.get(f"/acme/components/{component.id}/badge.svg"))
    assert root.find(f"{SVG}title").text == "acme.example: Major Outage"
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert COMPONENT_COLOURS[ComponentStatus.MAJOR_OUTAGE] in fills


def test_badge_text_is_escaped(client, make_page):
    make_page(slug="amp", name="A & <B>")
    root = _svg(client.get("/amp/badge.svg"))
    assert root.find(f"{SVG}title").text == "A & <B>: All Systems Operational"


def test_badge_widths_grow_with_the_text():
    short, longer = Badge("a", "ok", "#000"), Badge("a", "operational", "#000")
    assert longer.width > short.width
    assert text_width("mmm") > text_width("iii")


def test_badges_are_cached(client, page):
    response = client.get("/acme/badge.svg")
    assert (
        response.headers["Cache-Control"]
        == "public, max-age=30, stale-while-revalidate=30, stale-if-error=86400"
    )
    again = client.get(
        "/acme/badge.svg", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    ["/hidden/badge.svg", "/nobody/badge.svg", "/acme/components/nothing/badge.svg"],
)
def test_badges_of_unknown_things_are_404(client, page, make_page, path):
    make_page(slug="hidden", is_public=False)
    assert client.get(path).status_code == 404


def test_component_of_another_page_is_404(client, page, make_page, make_component):
    stranger = make_component(make_page(slug="other"))
    assert client.get(f"/acme/components/{stranger.id}/badge.svg").status_code == 404


def test_embed_is_a_framable_scriptless_snippet(client, page):
    response = client.get("/acme/embed")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert "<script" not in html
    assert "Partial System Outage" in html
    assert "Checkout is failing" in html
    assert "Internal alert" not in html
    assert 'href="http://status.test/acme/"' in html
    assert 'target="_blank"' in html
    assert (
        response.headers["Cache-Control"]
        == "public, max-age=30, stale-while-revalidate=30, stale-if-error=86400"
    )


def _example_url(rule, page, incident_id: str, component_id: str) -> str:
    # Any other id argument gets a made-up value: 404 pages must refuse framing too.
    values = {
        "slug": page.slug,
        "incident_id": incident_id,
        "component_id": component_id,
    }
    return rule.build({k: values.get(k, "unknown-id") for k in rule.arguments})[1]


def test_every_other_route_refuses_framing(app, client, page):
    incident_id = page.components[0].id  # any id: 404 pages must refuse framing too
    component_id = page.components[0].id
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.build_only or "GET" not in rule.methods or rule.endpoint == "static":
            continue
        response = client.get(_example_url(rule, page, incident_id, component_id))
        csp = response.headers["Content-Security-Policy"]
        if rule.endpoint == "public.embed":
            assert "X-Frame-Options" not in response.headers
            continue
        assert "frame-ancestors 'none'" in csp, rule.rule
        assert response.headers["X-Frame-Options"] == "DENY", rule.rule
        checked += 1
    assert checked >= 15
