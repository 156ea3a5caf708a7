"""Soak: 200 clients for 60 s on the production config, 90% public reads and 10%
staff updates and subscribes; zero 5xx, and every accepted write there once.

Seeds the demo into a fresh SQLite file (or the empty PostgreSQL database given),
starts gunicorn with gunicorn.conf.py and the worker, and runs the clients as
threads on keep-alive connections. Reads are the status page, summary.json,
the history page and the live permalink; writes are public updates through the
admin API and subscriptions through the public API, each with a unique text.
Afterwards every update and subscription that was answered 201 is counted in the
database: each must be there exactly once, and nothing answered otherwise may be.

    python bench/soak.py [--clients 200] [--seconds 60] [--database-url URL]
"""

import argparse
import collections
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.api_tokens import create_token  # noqa: E402
from app.demo import seed_demo  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Incident,
    IncidentUpdate,
    Page,
    Subscriber,
    TokenScope,
    User,  # noqa: E402
)
from bench import results  # noqa: E402
from tests.publishing import servers  # noqa: E402

PORT = 18091


def seed(url: str) -> tuple[str, str]:
    """The demo, and an admin's write token; returns (token, live incident id)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "soak",
                      "PUBLISH_ON_WRITE": False})  # fmt: skip
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo()
        admin = db.session.scalar(sa.select(User).filter_by(email="admin@beacon.test"))
        _, secret = create_token(admin, "soak", TokenScope.WRITE)
        live = db.session.scalar(
            sa.select(Incident.id)
            .join(Page)
            .where(Page.slug == "northwind", Incident.resolved_at.is_(None))
        )
        db.session.commit()
    return secret, live


class Client(threading.Thread):
    """One visitor (nine times in ten) or member of staff, on one connection."""

    def __init__(self, token: str, live: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.token, self.live, self.stop = token, live, stop
        self.answers: collections.Counter[int] = collections.Counter()
        self.seconds: list[float] = []
        self.accepted: dict[str, set[str]] = {"update": set(), "subscribe": set()}
        self.refused: dict[str, set[str]] = {"update": set(), "subscribe": set()}

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        reads = ["/northwind/", "/northwind/api/v2/summary.json",
                 "/northwind/history", f"/northwind/incidents/{self.live}"]  # fmt: skip
        while not self.stop.is_set():
            roll = random.random()
            started = time.monotonic()
            try:
                if roll < 0.05:
                    status = self._write(connection, "update")
                elif roll < 0.10:
                    status = self._write(connection, "subscribe")
                else:
                    connection.request("GET", random.choice(reads))
                    response = connection.getresponse()
                    response.read()
                    status = response.status
            except (OSError, http.client.HTTPException):
                status = 0  # the connection failed: counted, then a new one
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            self.answers[status] += 1
            self.seconds.append(time.monotonic() - started)

    def _write(self, connection: http.client.HTTPConnection, kind: str) -> int:
        marker = uuid.uuid4().hex
        if kind == "update":
            path = f"/api/v1/incidents/{self.live}/updates"
            body = {"status": "identified", "message": f"Soak {marker}"}
            headers = {"Authorization": f"Bearer {self.token}"}
        else:
            path = "/northwind/api/v2/subscribers.json"
            body = {"subscriber": {"email": f"soak-{marker}@example.org"}}
            headers = {}
        connection.request("POST", path, json.dumps(body).encode(),
                           {"Content-Type": "application/json", **headers})  # fmt: skip
        response = connection.getresponse()
        response.read()
        (self.accepted if response.status == 201 else self.refused)[kind].add(marker)
        return response.status


def verify(url: str, accepted: dict[str, set], refused: dict[str, set]) -> dict:
    """How many accepted writes are stored exactly once, and refused ones at all."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        bodies = collections.Counter(
            body.removeprefix("Soak ")
            for body in conn.scalars(
                sa.select(IncidentUpdate.body).where(IncidentUpdate.body.like("Soak %"))
            )
        )
        emails = collections.Counter(
            address.removeprefix("soak-").removesuffix("@example.org")
            for address in conn.scalars(
                sa.select(Subscriber.address).where(Subscriber.address.like("soak-%"))
            )
        )
    engine.dispose()
    stored = {"update": bodies, "subscribe": emails}
    return {
        kind: {
            "accepted": len(accepted[kind]),
            "stored once": sum(stored[kind][m] == 1 for m in accepted[kind]),
            "stored twice or more": sum(stored[kind][m] > 1 for m in accepted[kind]),
            "refused yet stored": sum(stored[kind][m] > 0 for m in refused[kind]),
        }
        for kind in stored
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--database-url")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="beacon-soak-"))
    url = args.database_url or f"sqlite:///{work / 'beacon.db'}"
    token, live = seed(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "soak",
           "BASE_URL": f"http://127.0.0.1:{PORT}",
           "PUBLISH_DIR": str(work / "public"),
           "BEACON_HUEY_SQLITE_PATH": str(work / "huey.db"),
           # Every subscribe comes from 127.0.0.1: the per-IP limit would refuse most.
           "BEACON_SUBSCRIBE_LIMIT_PER_IP": "1000000 per minute",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "1"}  # fmt: skip
    with ExitStack() as stack:
        stack.enter_context(servers.beacon_web(PORT, env, work / "web.log", None))
        stack.enter_context(servers.beacon_worker(env, work / "worker.log"))
        stop = threading.Event()
        clients = [Client(token, live, stop) for _ in range(args.clients)]
        for client in clients:
            client.start()
        time.sleep(args.seconds)
        stop.set()
        for client in clients:
            client.join()
    report(args, url, clients)


KINDS = ("update", "subscribe")


def report(args: argparse.Namespace, url: str, clients: list[Client]) -> None:
    answers = sum((c.answers for c in clients), collections.Counter())
    seconds = sorted(s for c in clients for s in c.seconds)
    accepted = {k: set().union(*(c.accepted[k] for c in clients)) for k in KINDS}
    refused = {k: set().union(*(c.refused[k] for c in clients)) for k in KINDS}
    checked = verify(url, accepted, refused)
    total = sum(answers.values())
    server_errors = sum(n for status, n in answers.items() if status >= 500)
    median = 1000 * statistics.median(seconds)
    p99 = 1000 * seconds[min(len(seconds) - 1, int(0.99 * len(seconds)))]
    breakdown = ", ".join(f"{s}: {n:,}" for s, n in sorted(answers.items()))
    results.publish(
        [
            f"## Soak · {date.today().isoformat()} · {args.clients} clients, "
            f"{args.seconds} s",
            "",
            f"{results.machine()}; {sa.make_url(url).get_backend_name()}; "
            "gunicorn.conf.py (2 gthread workers × 4 threads) and the worker; "
            "command: `python bench/soak.py`.",
            "",
            "| requests | req/s | median | p99 | 5xx | failed connections | answers |",
            "|---:|---:|---:|---:|---:|---:|---|",
            f"| {total:,} | {total / args.seconds:,.0f} | {median:.0f} ms "
            f"| {p99:.0f} ms | {server_errors} | {answers.get(0, 0)} | {breakdown} |",
            "",
            f"Writes: {json.dumps(checked)}.",
        ],
        args.results,
    )


if __name__ == "__main__":
    main()
