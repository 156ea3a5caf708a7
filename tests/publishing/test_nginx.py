"""Behind Debian's nginx: updates reach the published files within 2 s, and nginx
keeps serving the status page while Beacon and its database are down."""

import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from app.publishing import publisher
from app.publishing.nginx import Site, site_config
from tests.fixtures.app import built_app
from tests.publishing import servers
from tests.publishing.servers import seed_acme


@pytest.fixture
def deployment(database_url: str, tmp_path: Path):
    """One host as in production: gunicorn, the worker and nginx, on one database."""
    servers.require_nginx()
    web_port, nginx_port = servers.free_port(), servers.free_port()
    with ExitStack() as stack:
        url = stack.enter_context(servers.scratch_database(database_url, tmp_path))
        env = servers.host_settings(url, f"http://127.0.0.1:{nginx_port}", tmp_path)
        app = stack.enter_context(built_app(servers.in_process_config(env)))
        with app.app_context():
            secret = seed_acme()
            publisher.publish_all()
            site = site_config(
                Site(f"127.0.0.1:{nginx_port}", [f"127.0.0.1:{web_port}"])
            )
        web = stack.enter_context(servers.beacon_web(web_port, env, tmp_path / "web"))
        worker = stack.enter_context(servers.beacon_worker(env, tmp_path / "worker"))
        base = stack.enter_context(servers.nginx(site, tmp_path / "nginx", nginx_port))
        yield {
            "url": base,
            "token": secret,
            "database": url,
            "processes": [web, worker],
        }


def test_nginx_serves_the_published_files_with_the_app_s_headers(deployment):
    status, headers, body = servers.get(
        f"{deployment['url']}/acme/", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["X-Beacon-Cache"] == "published"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"].startswith("public, max-age=30")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Surrogate-Key"] == headers["Cache-Tag"] == "slug-acme"
    # The app's answer for the same page (a query string goes to it) shares the key.
    _, from_app, _ = servers.get(f"{deployment['url']}/acme/?from=app")
    assert from_app["X-Beacon-Cache"] in ("hit", "miss")
    assert from_app["Surrogate-Key"].split() == [
        from_app["Surrogate-Key"].split()[0],
        "slug-acme",
    ]
    status, headers, _ = servers.get(f"{deployment['url']}/acme/api/v2/summary.json")
    assert (status, headers["Access-Control-Allow-Origin"]) == (200, "*")
    assert headers["Content-Type"] == "application/json; charset=utf-8"


def test_an_update_is_served_within_two_seconds_and_outlives_the_app(deployment):
    base = deployment["url"]
    servers.post_acme_update(base, deployment["token"], "A bad deploy, rolled back.")
    posted = time.monotonic()
    while b"A bad deploy, rolled back." not in servers.get(f"{base}/acme/")[2]:
        assert time.monotonic() - posted < 2, "the update was not published within 2 s"
        time.sleep(0.02)
    print(f"served by nginx {time.monotonic() - posted:.2f} s after the POST")

    for process in deployment[
        "processes"
    ]:  # Beacon goes down, and so does its database
        process.terminate()
        process.wait(timeout=10)
    servers.take_database_down(deployment["database"])
    for path in (
        "/acme/",
        "/acme/api/v2/summary.json",
        "/acme/history.atom",
        "/acme/history",
    ):
        status, headers, body = servers.get(f"{base}{path}")
        assert status == 200, path
        assert b"A bad deploy, rolled back." in body, path
    assert servers.get(f"{base}/acme/history?page=2")[0] == 502  # only the app has that
