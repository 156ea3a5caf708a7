"""Two app hosts on one database and one Redis, behind nginx as the load balancer:
a change written through one host is what the other serves on the next request."""

from contextlib import ExitStack
from pathlib import Path

import pytest
import redis

from app.publishing.nginx import Site, site_config
from tests.fixtures.app import built_app
from tests.publishing import servers

REDIS_URL = "redis://127.0.0.1:6379/0"
SITE_HOST = "status.example.com"


@pytest.fixture
def two_hosts(database_url: str, tmp_path: Path):
    servers.require_nginx()
    redis.Redis.from_url(REDIS_URL).ping()  # the real Redis on loopback
    ports = [servers.free_port(), servers.free_port()]
    nginx_port = servers.free_port()
    with ExitStack() as stack:
        url = stack.enter_context(servers.scratch_database(database_url, tmp_path))
        env = servers.host_settings(
            url, f"http://{SITE_HOST}", tmp_path,
            REDIS_URL=REDIS_URL, PUBLISH_ON_WRITE="0",  # every read reaches a host
        )  # fmt: skip
        app = stack.enter_context(built_app(servers.in_process_config(env)))
        with app.app_context():
            secret = servers.seed_acme()
            upstreams = [f"127.0.0.1:{port}" for port in ports]
            site = site_config(Site(f"127.0.0.1:{nginx_port}", upstreams, SITE_HOST))
        hosts = [
            stack.enter_context(servers.beacon_web(port, env, tmp_path / f"web{port}"))
            for port in ports
        ]
        base = stack.enter_context(servers.nginx(site, tmp_path / "nginx", nginx_port))
        yield {"nginx": base, "token": secret, "hosts": hosts,
               "urls": [f"http://127.0.0.1:{port}" for port in ports]}  # fmt: skip


def _page(url: str) -> tuple[str, bytes]:
    # Asked for the site's host, as the load balancer asks every app host.
    status, headers, body = servers.get(f"{url}/acme/", Host=SITE_HOST)
    assert status == 200
    return headers["X-Beacon-Cache"], body


def test_a_render_on_one_host_is_a_hit_on_the_other(two_hosts):
    first, second = two_hosts["urls"]
    assert _page(first)[0] == "miss"
    assert _page(second)[0] == "hit"  # the render lives in the shared Redis


def test_an_update_through_one_host_is_served_by_the_other_next(two_hosts):
    first, second = two_hosts["urls"]
    for url in (first, second, first, second):
        _page(url)  # both hosts answer from the cache now
    servers.post_acme_update(first, two_hosts["token"], "A bad deploy, rolled back.")
    cache, body = _page(second)
    assert cache == "miss"
    assert b"A bad deploy, rolled back." in body
    assert b"A bad deploy, rolled back." in _page(two_hosts["nginx"])[1]


def test_nginx_skips_a_host_that_is_down(two_hosts):
    two_hosts["hosts"][0].terminate()
    two_hosts["hosts"][0].wait(timeout=10)
    for _ in range(4):  # round robin would pick the stopped host every other time
        assert _page(two_hosts["nginx"])[0] in ("hit", "miss")
