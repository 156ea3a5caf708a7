"""Fan-out benchmark: one public update to a page with 10,000 confirmed subscribers.

Measures (1) the request that posts the update and commits (the outbox rows
are written in it), and (2) the time until every email has reached a local
aiosmtpd sink, sent by `flask --app wsgi worker` with its default settings.

    python bench/fanout.py                      # SQLite file (the default set-up)
    python bench/fanout.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench
"""

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class CountingSink:
    """Counts messages and distinct Message-IDs; notes when each run completes."""

    def __init__(self) -> None:
        self.count = 0
        self.ids: set[bytes] = set()
        self.lock = threading.Lock()
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):
        header = envelope.content.split(b"\r\n\r\n", 1)[0]
        mid = next(
            (
                line
                for line in header.split(b"\r\n")
                if line.lower().startswith(b"message-id:")
            ),
            b"",
        )
        with self.lock:
            self.count += 1
            self.ids.add(mid)
            self.last_at = time.perf_counter()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(db, n_subscribers: int):
    """A page with two components, an open incident and n confirmed subscribers."""
    from app.models import Channel, Page, Subscriber
    from app.models.base import new_id, utcnow
    from app.models.subscriber import new_token_key
    from app.services.incidents import declare_incident

    page = Page(slug=f"bench-{new_id()}", name="APC")
    quiet = Page(slug=f"quiet-{new_id()}", name="Quiet")
    db.session.add_all([page, quiet])
    incident = declare_incident(page, "approcess.com is down", "Investigating.")
    baseline = declare_incident(quiet, "Nobody listens", "Investigating.")
    db.session.commit()
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "page_id": page.id,
            "channel": Channel.EMAIL,
            "address": f"reader{i}@example.org",
            "all_components": True,
            "token_key": new_token_key(),
            "created_at": now,
            "confirmed_at": now,
            "consecutive_failures": 0,
        }
        for i in range(n_subscribers)
    ]
    db.session.execute(sa.insert(Subscriber), rows)
    db.session.commit()
    return incident, baseline


def post_update(app, db, incident, status) -> float:
    """One update, posted and committed inside a request context; milliseconds."""
    from app.services.incidents import post_incident_update

    with app.test_request_context(
        f"/admin/incidents/{incident.id}/updates", method="POST"
    ):
        started = time.perf_counter()
        post_incident_update(incident, status, "We are still working on it.")
        db.session.commit()
        return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="beacon-bench-"))
    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = os.environ | {
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'beacon.db'}",
        "SECRET_KEY": "bench",
        "BASE_URL": "https://status.example.com",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_DEFAULT_SENDER": "APC Status <status@example.com>",
        "BEACON_HUEY_SQLITE_PATH": str(workdir / "huey.db"),
        "BEACON_HUEY_NAME": f"bench-{os.getpid()}",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)

    from app import create_app
    from app.extensions import db
    from app.models import IncidentStatus

    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        incident, baseline = seed(db, args.subscribers)
        worker = subprocess.Popen(  # noqa: S603 - our own CLI
            [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "worker.log", "w"),  # noqa: SIM115
        )
        time.sleep(2)
        statuses = [IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING]
        posts, sends, quiet_posts = [], [], []
        try:
            for run in range(args.runs):
                status = statuses[run % 2]
                quiet_posts.append(post_update(app, db, baseline, status))
                started = time.perf_counter()
                posts.append(post_update(app, db, incident, status))
                target = (run + 1) * args.subscribers
                deadline = started + args.timeout
                while sink.count < target and time.perf_counter() < deadline:
                    time.sleep(0.05)
                sends.append(
                    sink.last_at - started if sink.count >= target else float("inf")
                )
                print(
                    f"run {run + 1}: post+commit {posts[-1]:.1f} ms "
                    f"(0 subscribers: {quiet_posts[-1]:.1f} ms), "
                    f"all {args.subscribers} emails received after {sends[-1]:.1f} s"
                )
        finally:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
            controller.stop()
        dialect = db.engine.dialect.name

    expected = args.runs * args.subscribers
    report = {
        "database": dialect,
        "subscribers": args.subscribers,
        "runs": args.runs,
        "post_ms_median": statistics.median(posts),
        "post_ms_max": max(posts),
        "quiet_post_ms_median": statistics.median(quiet_posts),
        "send_s_median": statistics.median(sends),
        "send_s_max": max(sends),
        "received": sink.count,
        "distinct_message_ids": len(sink.ids),
        "expected": expected,
    }
    print(report)
    write_results(Path(args.results), report)


def write_results(path: Path, r: dict) -> None:
    """Append this run's figures as a section of bench/RESULTS.md."""
    cpu = os.cpu_count()
    lines = [
        f"## {r['database']} · {r['subscribers']:,} subscribers · {r['runs']} runs",
        "",
        f"Machine: {cpu} cores, {platform.machine()}, "
        f"Python {platform.python_version()}; "
        "worker: `flask --app wsgi worker` with default settings (4 threads); "
        "sink: aiosmtpd on 127.0.0.1 in the benchmark process.",
        "",
        "| figure | median | worst | target |",
        "|---|---|---|---|",
        f"| post update + commit, {r['subscribers']:,} subscribers | "
        f"{r['post_ms_median']:.1f} ms | {r['post_ms_max']:.1f} ms | < 200 ms |",
        "| post update + commit, 0 subscribers | "
        f"{r['quiet_post_ms_median']:.1f} ms | | |",
        f"| all emails received by the sink | {r['send_s_median']:.1f} s | "
        f"{r['send_s_max']:.1f} s | < 60 s |",
        "",
        f"Received {r['received']:,} messages with "
        f"{r['distinct_message_ids']:,} distinct Message-IDs "
        f"(expected {r['expected']:,}: each exactly once).",
        "",
    ]
    header = "# Fan-out benchmark (bench/fanout.py)\n\n"
    old = path.read_text() if path.exists() else header
    path.write_text(old + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
