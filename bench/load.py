"""Load benchmark: the large page under gunicorn and behind nginx, idle and while
staff post an update every second, each beside its own limit measured in the run.

Seeds bench/large_page.py's page (50 components in 5 groups, 10,000 past
incidents with 5 updates each, 3 unresolved, 90 days of history) into a fresh
SQLite file, publishes it, and starts Beacon as in production: gunicorn with
gunicorn.conf.py, the worker, and Debian's nginx with the site
`flask publish nginx-conf` writes. For the status page, summary.json,
history.atom and a permalink it runs wrk (50 connections, 3 rounds of 10 s,
medians; ``Accept-Encoding: br, gzip`` as browsers send) against
(a) Beacon's gunicorn, (b) the same bytes from the same gunicorn configuration,
(c) nginx serving the published files, (d) a plain file of the same size from the
same nginx; then (a) and (c) again while a writer posts one update a second
through the admin API and times how long each takes to show through nginx.

    python bench/load.py [--rounds 3] [--seconds 10] [--connections 50]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.accounts.api_tokens import create_token  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Incident, IncidentStatus, TokenScope, User  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.pages.uptime_rollup import roll_up_due  # noqa: E402
from app.publishing import publisher  # noqa: E402
from app.publishing.nginx import Site, site_config  # noqa: E402
from bench import results  # noqa: E402
from bench.large_page import seed_large_page  # noqa: E402
from tests.publishing import servers  # noqa: E402

PORTS = {"beacon": 18081, "static": 18082, "nginx": 18083, "plain": 18084}
BROWSER = {"Accept-Encoding": "br, gzip"}


def wrk(url: str, args) -> tuple[float, float, int]:
    """(requests per second, p99 in ms, errors) of one wrk round."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--latency",
            "-H",
            "Accept-Encoding: br, gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    count = int(errors.group(1)) if errors else 0
    count += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return rps, p99, count


def measure(url: str, args) -> tuple[float, float, int]:
    rounds = [wrk(url, args) for _ in range(args.rounds)]
    return (
        statistics.median(r[0] for r in rounds),
        statistics.median(r[1] for r in rounds),
        sum(r[2] for r in rounds),
    )


def seed(env: dict) -> tuple[list[str], str]:
    """The large page, published; the URLs to measure and an API token."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
            "BASE_URL": env["BASE_URL"],
            "PUBLISH_DIR": env["PUBLISH_DIR"],
            "PUBLISH_ON_WRITE": False,
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        db.create_all()
        seed_large_page("large", 10_000, utcnow())
        roll_up_due(utcnow())
        owner = User(email="bench@agency.test", name="Bench")
        db.session.add(owner)
        _, secret = create_token(owner, "bench", TokenScope.WRITE)
        db.session.commit()
        publisher.publish_all()
        live = db.session.scalar(
            db.select(Incident.id)
            .where(Incident.status != IncidentStatus.RESOLVED)
            .limit(1)
        )
    urls = [
        "/large/",
        "/large/api/v2/summary.json",
        "/large/history.atom",
        f"/large/incidents/{live}",
    ]
    return urls, secret


def snapshot(urls: list[str], folder: Path, plain: Path) -> None:
    """What Beacon answers a browser, for (b); random bytes of each size, for (d)."""
    for n, url in enumerate(urls):
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORTS['beacon']}{url}", headers=BROWSER
        )
        with urllib.request.urlopen(request) as response:
            body = response.read()
            path = folder / (url.strip("/") + ("/index" if url.endswith("/") else ""))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            path.with_name(path.name + ".type").write_text(
                response.headers["Content-Type"]
            )
            if response.headers.get("Content-Encoding"):
                path.with_name(path.name + ".encoding").write_text(
                    response.headers["Content-Encoding"]
                )
        (plain / f"file{n}").write_bytes(os.urandom(len(body)))


def nginx_sites(env: dict, plain: Path) -> str:
    app = create_app(
        {
            "BASE_URL": env["BASE_URL"],
            "PUBLISH_DIR": env["PUBLISH_DIR"],
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
        }
    )
    with app.app_context():
        site = site_config(
            Site(f"127.0.0.1:{PORTS['nginx']}", [f"127.0.0.1:{PORTS['beacon']}"])
        )
    return site + (
        f"\nserver {{ listen 127.0.0.1:{PORTS['plain']}; root {plain};"
        " access_log off; }\n"
    )


class Writer(threading.Thread):
    """One public update a second through the admin API; times each to nginx."""

    def __init__(self, urls: list[str], token: str) -> None:
        super().__init__(daemon=True)
        self.incident = urls[3].rsplit("/", 1)[1]
        self.token = token
        self.stop = threading.Event()
        self.delays: list[float] = []
        self.failures = 0

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            started = time.monotonic()
            message = f"Bench update {n}: still identified."
            status, _ = servers.post_json(
                f"http://127.0.0.1:{PORTS['beacon']}/api/v1/incidents/{self.incident}/updates",
                {"status": "identified", "message": message},
                self.token,
            )
            if status != 201:
                self.failures += 1
            else:
                self.delays.append(self._visible(message, started))
                print(
                    f"update {n}: through nginx after {self.delays[-1]:.2f} s",
                    flush=True,
                )
            self.stop.wait(max(0.0, 1 - (time.monotonic() - started)))

    def _visible(self, message: str, since: float) -> float:
        page = f"http://127.0.0.1:{PORTS['nginx']}/large/incidents/{self.incident}"
        while (
            message.encode() not in servers.get(page)[2]
            and time.monotonic() - since < 10
        ):
            time.sleep(0.02)
        return time.monotonic() - since


def columns(urls: list[str], args) -> dict[str, list[tuple]]:
    figures: dict[str, list[tuple]] = {k: [] for k in ("a", "b", "c", "d")}
    for n, url in enumerate(urls):
        figures["a"].append(measure(f"http://127.0.0.1:{PORTS['beacon']}{url}", args))
        figures["b"].append(measure(f"http://127.0.0.1:{PORTS['static']}{url}", args))
        figures["c"].append(measure(f"http://127.0.0.1:{PORTS['nginx']}{url}", args))
        figures["d"].append(measure(f"http://127.0.0.1:{PORTS['plain']}/file{n}", args))
    return figures


def while_writing(urls: list[str], token: str, args) -> tuple[dict, Writer]:
    """The four columns again while the writer posts: the limits (b, d) too, so
    each ratio compares Beacon with what the same server does beside the same
    writer, on the same two cores."""
    writer = Writer(urls, token)
    writer.start()
    figures = columns(urls, args)
    writer.stop.set()
    writer.join()
    return figures, writer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    missing = [tool for tool in ("wrk", servers.NGINX) if not shutil.which(tool)]
    if missing:
        needs = " and ".join(missing)
        sys.exit(f"bench/load.py needs {needs}: apt-get install wrk nginx")
    work = Path(tempfile.mkdtemp(prefix="beacon-load-"))
    (work / "static").mkdir()
    (work / "plain").mkdir()
    env = {
        "DATABASE_URL": f"sqlite:///{work / 'beacon.db'}",
        "SECRET_KEY": "bench",
        "BASE_URL": f"http://127.0.0.1:{PORTS['nginx']}",
        "PUBLISH_DIR": str(work / "public"),
        "BEACON_HUEY_SQLITE_PATH": str(work / "huey.db"),
        "BENCH_STATIC_DIR": str(work / "static"),
    }
    urls, token = seed(env)
    with ExitStack() as stack:
        stack.enter_context(
            servers.beacon_web(PORTS["beacon"], env, work / "beacon.log", workers=None)
        )
        stack.enter_context(servers.beacon_worker(env, work / "worker.log"))
        snapshot(urls, work / "static", work / "plain")
        stack.enter_context(
            servers.gunicorn(
                "bench.static_app:app", PORTS["static"], env, work / "static.log", None
            )
        )
        stack.enter_context(
            servers.nginx(
                nginx_sites(env, work / "plain"), work / "nginx", PORTS["nginx"]
            )
        )
        idle = columns(urls, args)
        writing, writer = while_writing(urls, token, args)
    report(urls, idle, writing, writer, args)


HEADER = [
    "| URL | (a) Beacon | (b) same bytes, gunicorn | a/b (≥ 0.70) "
    "| (c) nginx, published | (d) plain file, nginx | c/d (≥ 0.80) "
    "| (a) writing | (b) writing | a/b (≥ 0.50) | (c) writing | (d) writing "
    "| c/d (≥ 0.80) | c / idle d |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]


def report(urls, idle, writing, writer: Writer, args) -> None:
    lines = [
        f"## Public reads, large page · {date.today()} · {args.connections} "
        f"connections, {args.rounds} × {args.seconds} s, medians",
        "",
        f"{results.machine()}; SQLite; gunicorn.conf.py (2 gthread workers × 4 "
        "threads) and the worker; nginx 1.22 with the published files; wrk with "
        "`Accept-Encoding: br, gzip`; command: `python bench/load.py`.",
        "",
        *HEADER,
    ]
    for n, url in enumerate(urls):
        a, b, c, d = (idle[k][n] for k in "abcd")
        wa, wb, wc, wd = (writing[k][n] for k in "abcd")
        cells = [
            _cell(a),
            _cell(b),
            _ratio(a, b),
            _cell(c),
            _cell(d),
            _ratio(c, d),
            _cell(wa),
            _cell(wb),
            _ratio(wa, wb),
            _cell(wc),
            _cell(wd),
            _ratio(wc, wd),
            _ratio(wc, d),
        ]
        lines.append(f"| `{_short(url)}` | " + " | ".join(cells) + " |")
    delays = sorted(writer.delays) or [float("nan")]
    lines += [
        "",
        "Each cell: requests/s · p99 · errors. The writing ratios compare with the "
        "limits measured beside the same writer; the last column with nginx's idle "
        "plain file. While writing, "
        f"{len(writer.delays)} updates were posted ({writer.failures} failed); each "
        f"showed through nginx {statistics.median(delays):.2f} s after its POST "
        f"(median), {delays[-1]:.2f} s at worst (target: within 2 s).",
    ]
    results.publish(lines, args.results)


def _short(url: str) -> str:
    return url.split("/incidents/")[0] + "/incidents/…" if "/incidents/" in url else url


def _ratio(x: tuple, y: tuple) -> str:
    return f"{x[0] / y[0]:.2f}"


def _cell(figure: tuple[float, float, int]) -> str:
    rps, p99, errors = figure
    return f"{rps:,.0f} · {p99:.1f} ms · {errors}"


if __name__ == "__main__":
    main()
