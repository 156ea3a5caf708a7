"""Custom domains: a page served at the root of its own hostnames."""

import re

import pytest
import sqlalchemy as sa
from flask import Blueprint, g, url_for

from app import create_app
from app.core.hostnames import is_valid_hostname, normalise_host
from app.demo import seed_demo
from app.extensions import db as _db
from app.models import ComponentStatus, Page, PageDomain
from app.public.resolve import load_public_page

HOSTNAME = "status.client.test"
HOST = f"http://{HOSTNAME}"


@pytest.fixture
def app_config(app_config):
    # SERVER_NAME pins every absolute URL to one host; custom domains need it unset.
    return {**app_config, "SERVER_NAME": None}


@pytest.fixture
def client_page(db, make_page, make_component, make_incident):
    page = make_page(slug="client", name="Client Co")
    db.session.add(PageDomain(page=page, hostname="Status.Client.Test."))
    site = make_component(page, name="client.example")
    make_incident(page, "Site down", "Looking.", components={site: "major_outage"})
    make_page(slug="other", name="Other Co")
    db.session.commit()
    return page


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#]*)"', html)


def test_hostnames_are_stored_normalised(client_page):
    assert [d.hostname for d in client_page.domains] == ["status.client.test"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Status.Example.COM:8443", "status.example.com"),
        ("status.example.com.", "status.example.com"),
        ("[::1]:5000", "[::1]"),
    ],
)
def test_normalise_host(raw, expected):
    assert normalise_host(raw) == expected


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("status.approcess.com", True),
        ("apc.localhost", True),
        ("localhost", False),
        ("-bad.example", False),
        ("10.0.0.1", False),
        ("a" * 64 + ".example", False),
    ],
)
def test_valid_hostnames(name, valid):
    assert is_valid_hostname(name) is valid


@pytest.mark.parametrize(
    ("slug_path", "host_path"),
    [
        ("/client/", "/"),
        ("/client/history", "/history"),
        ("/client/api/v2/components.json", "/api/v2/components.json"),
        ("/client/badge.svg", "/badge.svg"),
        ("/client/embed", "/embed"),
    ],
)
def test_same_page_via_slug_and_via_host(client, client_page, slug_path, host_path):
    by_slug = client.get(slug_path)
    by_host = client.get(host_path, base_url=HOST)
    assert by_slug.status_code == by_host.status_code == 200
    assert "Client Co" in by_host.get_data(as_text=True)
    if by_host.is_json:
        assert by_host.get_json()["components"] == by_slug.get_json()["components"]


def test_host_header_is_matched_without_port_or_case(client, client_page):
    response = client.get("/", base_url="http://STATUS.client.test:8080")
    assert response.status_code == 200
    assert "Client Co" in response.get_data(as_text=True)


def test_a_cdn_purges_the_host_s_copies_by_the_host(client, client_page):
    """The key nginx sends with the host's published files, after the page id."""
    by_host = client.get("/", base_url="http://STATUS.client.test:8080")
    keys = f"page-{client_page.id} host-{HOSTNAME}"
    assert by_host.headers["Surrogate-Key"] == keys
    by_slug = client.get(f"/{client_page.slug}/")
    assert by_slug.headers["Surrogate-Key"] == f"page-{client_page.id} slug-client"


def test_incident_permalink_on_the_custom_host(client, client_page):
    incident = client.get("/api/v2/incidents.json", base_url=HOST).get_json()
    shortlink = incident["incidents"][0]["shortlink"]
    assert shortlink.startswith(f"{HOST}/incidents/")
    path = shortlink.removeprefix(HOST)
    assert client.get(path, base_url=HOST).status_code == 200


def test_links_on_the_custom_host_have_no_slug(client, client_page):
    for path in ("/", "/history", "/embed"):
        html = client.get(path, base_url=HOST).get_data(as_text=True)
        links = _links(html)
        assert "/history" in links or path == "/embed"
        assert not [link for link in links if "/client/" in link], path


def test_api_urls_are_absolute_for_the_custom_host(client, client_page):
    body = client.get("/api/v2/summary.json", base_url=HOST).get_json()
    assert body["page"]["url"] == HOST
    main = client.get("/client/api/v2/summary.json", base_url="http://status.test")
    assert main.get_json()["page"]["url"] == "http://status.test/client"


@pytest.mark.parametrize(
    "path",
    ["/client/api/v2/summary.json", "/client/api/v2/incidents.json",
     "/client/history.atom", "/client/maintenance.ics"],
)  # fmt: skip
def test_no_link_is_built_from_a_host_header_beacon_does_not_know(
    client, client_page, make_maintenance, path
):
    """A cache keeping this answer must not send readers to the attacker's host."""
    make_maintenance(client_page)
    body = client.get(path, base_url="http://attacker.example").get_data(as_text=True)
    assert "attacker.example" not in body
    assert "http://status.test/client" in body  # BASE_URL's


def test_links_on_the_main_host_keep_the_slug(client, client_page):
    html = client.get("/client/", base_url="http://status.test").get_data(as_text=True)
    assert "/client/history" in _links(html)


@pytest.mark.parametrize(
    "path",
    [
        "/other/",
        "/other/api/v2/status.json",
        "/client/",
        "/admin/",
        "/admin",
        "/auth/login",
        "/api/v1/pages",
        "/incidents/nothing",
    ],
)
def test_only_the_hosts_page_is_reachable(client, client_page, path):
    assert client.get(path, base_url=HOST).status_code == 404


def test_static_files_are_shared(client, client_page):
    response = client.get("/static/css/site.css", base_url=HOST)
    assert response.status_code == 200
    response.close()


def test_unknown_hosts_keep_the_slug_site(client, client_page):
    listing = client.get("/", base_url="http://unknown.example")
    assert "Other Co" in listing.get_data(as_text=True)
    assert client.get("/other/", base_url="http://unknown.example").status_code == 200


def test_hidden_page_is_not_served_on_its_host(client, db, client_page):
    client_page.is_public = False
    db.session.commit()
    assert client.get("/", base_url=HOST).status_code == 404
    assert client.get("/api/v2/status.json", base_url=HOST).is_json


def test_status_changes_show_on_both_addresses(client, db, client_page):
    client_page.components[0].set_status(ComponentStatus.OPERATIONAL)
    db.session.commit()
    by_host = client.get("/api/v2/components.json", base_url=HOST).get_json()
    assert by_host["components"][0]["status"] == "operational"


def test_demo_apc_answers_on_apc_localhost(client, db):
    seed_demo()
    db.session.commit()
    apc = db.session.scalar(sa.select(Page).where(Page.slug == "apc"))
    assert [d.hostname for d in apc.domains] == ["apc.localhost"]
    response = client.get("/", base_url="http://apc.localhost:5000")
    assert response.status_code == 200
    assert "approcess.com" in response.get_data(as_text=True)


def test_cli_adds_lists_and_removes_domains(runner, db, client_page):
    result = runner.invoke(args=["domain", "add", "other", "Status.Other.Test"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["domain", "list"]).output
    assert "other\tstatus.other.test" in listing
    assert "client\tstatus.client.test" in listing
    assert runner.invoke(args=["domain", "remove", "status.other.test"]).exit_code == 0
    assert "status.other.test" not in runner.invoke(args=["domain", "list"]).output


@pytest.mark.parametrize(
    ("hostname", "message"),
    [
        ("status.client.test", "already belongs"),
        ("status.test", "Beacon's own"),
        ("not a host", "not a valid hostname"),
    ],
)
def test_cli_refuses_bad_domains(runner, client_page, hostname, message):
    result = runner.invoke(args=["domain", "add", "other", hostname])
    assert result.exit_code != 0
    assert message in result.output


def _feeds_like_blueprints() -> list[Blueprint]:
    """Blueprints written the two usual ways, unaware of custom domains."""
    popping = Blueprint("popping", __name__)

    @popping.url_value_preprocessor
    def _pop(endpoint, values):
        g.page = load_public_page(values.pop("slug"))

    @popping.url_defaults
    def _add(endpoint, values):
        if "slug" not in values and g.get("page") is not None:
            values["slug"] = g.page.slug

    @popping.get("/<slug>/probe.atom")
    def history_atom():
        return {"self": url_for(".history_atom", _external=True)}

    by_argument = Blueprint("by_argument", __name__)

    @by_argument.get("/<slug>/probe.rss")
    def history_rss(slug):
        page = load_public_page(slug)
        return {"page": url_for("public.page_detail", slug=page.slug)}

    return [popping, by_argument]


def test_routes_of_other_blueprints_work_on_custom_hosts(
    app, app_config, client_page, monkeypatch
):
    import app as app_package

    register = app_package._register_blueprints

    def register_with_feeds(flask_app):
        register(flask_app)
        for blueprint in _feeds_like_blueprints():
            flask_app.register_blueprint(blueprint)

    monkeypatch.setattr(app_package, "_register_blueprints", register_with_feeds)
    feeds_app = create_app(app_config)
    with feeds_app.app_context():
        _db.create_all()
        if _db.engine.dialect.name == "sqlite":  # a fresh in-memory database
            page = Page(slug="client", name="Client Co")
            _db.session.add_all([page, PageDomain(page=page, hostname=HOSTNAME)])
            _db.session.commit()
        client = feeds_app.test_client()
        atom = client.get("/probe.atom", base_url=HOST).get_json()
        rss = client.get("/probe.rss", base_url=HOST).get_json()
        main = client.get("/client/probe.atom", base_url="http://status.test")
        _db.session.remove()
        _db.engine.dispose()
    assert atom == {"self": f"{HOST}/probe.atom"}
    assert rss == {"page": "/"}
    assert main.get_json() == {"self": "http://status.test/client/probe.atom"}
