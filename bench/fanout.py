"""Fan-out benchmark: one public update to a page with 100,000 confirmed subscribers.

The update is posted the way staff post it: through the admin form
(``/admin/incidents/<id>/updates/new``) of a real gunicorn server, signed in
through the sign-in form, with CSRF on. It measures (1) how long that POST takes
to answer (routing, form validation, audit, the announcement and the commit;
timed at the client socket) and (2) the time until every email has reached a
local aiosmtpd sink, fanned out and sent by `flask --app wsgi worker` with its
default settings (a process per core, 4 threads each).

    python bench/fanout.py                      # SQLite file (the default set-up)
    python bench/fanout.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench
"""

import argparse
import http.client
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
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_EMAIL = "bench@agency.test"
BENCH_PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway account in a throwaway db
WEB_WORKERS = 2  # one per core of the benchmark machine


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


class Browser:
    """Just enough of a browser for the admin: one connection, cookies, CSRF."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, form: dict | None = None):
        """(status, body, ms); a connection the server closed while idle (a run
        takes longer than its keep-alive) is opened again, as a browser does."""
        try:
            return self._request(method, path, form)
        except (http.client.RemoteDisconnected, ConnectionError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=60
            )
            return self._request(method, path, form)

    def _request(self, method: str, path: str, form: dict | None = None):
        """(status, body, milliseconds until the whole answer was read)."""
        headers = {
            "Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        return response.status, content, elapsed

    def csrf_token(self, path: str) -> str:
        status, html, _ = self.request("GET", path)
        assert status == 200, f"GET {path} answered {status}"
        return html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    def sign_in(self) -> None:
        form = {
            "csrf_token": self.csrf_token("/admin/login"),
            "email": BENCH_EMAIL,
            "password": BENCH_PASSWORD,
        }
        status, html, _ = self.request("POST", "/admin/login", form)
        assert status == 302, f"bench sign-in failed ({status}): {html[:300]}"

    def post_update(self, incident_id: str, status_value: str) -> float:
        """One public update through the admin form; milliseconds to the answer."""
        path = f"/admin/incidents/{incident_id}/updates/new"
        form = {
            "csrf_token": self.csrf_token(path),  # fetched first, as a browser would
            "status": status_value,
            "body": "We are still working on it.",
            "visibility": "public",
            "submit": "Post update",
        }
        status, html, elapsed = self.request("POST", path, form)
        assert status == 302, f"update not posted ({status}): {html[:500]}"
        return elapsed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(db, n_subscribers: int) -> tuple[str, str]:
    """An admin, a page with an open incident and n confirmed subscribers, and a
    quiet page with an incident nobody follows; the two incidents' ids."""
    from app.incidents.service import declare_incident
    from app.models import Channel, Page, Role, Subscriber, User
    from app.models.base import new_id, utcnow
    from app.models.subscriber import new_token_key

    admin = User(email=BENCH_EMAIL, name="Bench", role=Role.ADMIN)
    admin.set_password(BENCH_PASSWORD)
    page = Page(slug=f"bench-{new_id()}", name="APC")
    quiet = Page(slug=f"quiet-{new_id()}", name="Quiet")
    db.session.add_all([admin, page, quiet])
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
    return incident.id, baseline.id


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own programs
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 - the child owns it
    )


def wait_until_serving(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start on port {port}")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="beacon-bench-"))
    sink = CountingSink()
    smtp_port, web_port = free_port(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = os.environ | {
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'beacon.db'}",
        "SECRET_KEY": "bench",
        "BASE_URL": f"http://127.0.0.1:{web_port}",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_DEFAULT_SENDER": "APC Status <status@example.com>",
        "BEACON_HUEY_SQLITE_PATH": str(workdir / "huey.db"),
        "BEACON_HUEY_NAME": f"bench-{os.getpid()}",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)

    from app import create_app
    from app.extensions import db

    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        incident_id, baseline_id = seed(db, args.subscribers)
        dialect = db.engine.dialect.name
        db.engine.dispose()  # the servers below own the database from here

    bin_dir = Path(sys.executable).parent
    web = start(
        [
            str(bin_dir / "gunicorn"),
            f"--workers={WEB_WORKERS}",
            f"--bind=127.0.0.1:{web_port}",
            "wsgi:app",
        ],
        env,
        workdir / "gunicorn.log",
    )
    worker = start(
        [str(bin_dir / "flask"), "--app", "wsgi", "worker"], env, workdir / "worker.log"
    )
    posts, sends, quiet_posts = [], [], []
    try:
        wait_until_serving(web_port)
        browser = Browser(web_port)
        browser.sign_in()
        time.sleep(2)  # let the worker come up before the clock starts
        statuses = ["identified", "monitoring"]
        for run in range(args.runs):
            status = statuses[run % 2]
            quiet_posts.append(browser.post_update(baseline_id, status))
            started = time.perf_counter()
            posts.append(browser.post_update(incident_id, status))
            target = (run + 1) * args.subscribers
            deadline = started + args.timeout
            while sink.count < target and time.perf_counter() < deadline:
                time.sleep(0.05)
            sends.append(
                sink.last_at - started if sink.count >= target else float("inf")
            )
            print(
                f"run {run + 1}: admin form POST {posts[-1]:.1f} ms "
                f"(0 subscribers: {quiet_posts[-1]:.1f} ms), "
                f"all {args.subscribers} emails received after {sends[-1]:.1f} s"
            )
    finally:
        stop(web)
        stop(worker)
        controller.stop()

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
        "expected": args.runs * args.subscribers,
    }
    print(report)
    write_results(Path(args.results), report)


def write_results(path: Path, r: dict) -> None:
    """Append this run's figures as a section of bench/RESULTS.md."""
    cpu = os.cpu_count()
    lines = [
        f"## Fan-out · {date.today()} · {r['database']} · {r['subscribers']:,} "
        f"subscribers · {r['runs']} runs",
        "",
        f"Machine: {cpu} cores, {platform.machine()}, "
        f"Python {platform.python_version()}; web: gunicorn with {WEB_WORKERS} "
        "sync workers; worker: `flask --app wsgi worker` with default settings "
        f"({cpu} processes × 4 threads); sink: aiosmtpd on 127.0.0.1 in the "
        "benchmark process; command: `python bench/fanout.py"
        f"{' --database-url …' if r['database'] != 'sqlite' else ''}`.",
        "",
        "| figure | median | worst | target |",
        "|---|---|---|---|",
        f"| admin form POST answered, {r['subscribers']:,} subscribers | "
        f"{r['post_ms_median']:.1f} ms | {r['post_ms_max']:.1f} ms | < 200 ms |",
        "| admin form POST answered, 0 subscribers | "
        f"{r['quiet_post_ms_median']:.1f} ms | | |",
        f"| all emails received by the sink | {r['send_s_median']:.1f} s | "
        f"{r['send_s_max']:.1f} s | < 120 s |",
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
