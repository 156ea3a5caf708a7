"""PostgreSQL restarts under traffic: every answer meanwhile is a 200 or a 503
with Retry-After, never a 500, and the app recovers without being restarted."""

import threading
import time

from app.extensions import db as _db
from app.models import Page
from tests.bad_input.cluster import private_cluster
from tests.fixtures.app import base_config, built_app

URLS = ["/acme/", "/acme/api/v2/summary.json", "/acme/history?page={n}",
        "/acme/incidents/nothing", "/admin/login"]  # fmt: skip


def test_a_restart_is_a_503_then_business_as_usual():
    with (
        private_cluster() as cluster,
        built_app(
            {**base_config(cluster.url), "SQLALCHEMY_DATABASE_URI": cluster.url}
        ) as app,
    ):
        with app.app_context():
            _db.session.add(Page(slug="acme", name="Acme"))
            _db.session.commit()
        answers: list[tuple[float, int, str | None]] = []
        stop = threading.Event()

        def read() -> None:
            client, n = app.test_client(), 0
            while not stop.is_set():
                n += 1
                url = URLS[n % len(URLS)].format(n=n % 7 + 1)
                answer = client.get(url)
                answers.append((time.monotonic(), answer.status_code,
                                answer.headers.get("Retry-After")))  # fmt: skip

        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(0.3)
        cluster.ctl("stop", "-m", "fast")  # a restart, held open for half a second
        time.sleep(0.5)
        cluster.ctl("start")
        restarted = time.monotonic()
        time.sleep(1.0)
        stop.set()
        reader.join()
    statuses = {status for _, status, _ in answers}
    assert statuses == {200, 404, 503}, statuses  # 503 while down, never a 500
    assert all(retry == "5" for _, status, retry in answers if status == 503)
    after = [status for at, status, _ in answers if at > restarted + 0.5]
    assert after, "no request after the restart"
    assert set(after) <= {200, 404}  # recovered: the same app, the same pool
