"""Load benchmark: public reads of the demo under gunicorn, against the same bytes.

Seeds the demo into a fresh SQLite file, starts Beacon under gunicorn (2 gthread
workers, 4 threads each) and, beside it, the same gunicorn configuration
answering the very same bytes pre-rendered (bench/static_app.py), then runs wrk
(Debian's package) at 50 connections, 10 s a round, 3 rounds per URL, and
reports medians as a ratio of the pre-rendered limit measured in the same run.

    python bench/load.py [--rounds 3] [--seconds 10] [--connections 50]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import results  # noqa: E402

BIN = Path(sys.executable).parent
URLS = ("/apc/", "/northwind/", "/apc/api/v2/summary.json", "/apc/history.atom")
GUNICORN = ["-k", "gthread", "-w", "2", "--threads", "4", "--log-level", "warning"]


def start_gunicorn(target: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), *GUNICORN, "-b", f"127.0.0.1:{port}", target]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not start on {port}: see {log}")


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """(requests per second, p99 in ms, errors) of one wrk round."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, int(errors.group(1)) if errors else 0


def snapshot(port: int, folder: Path) -> None:
    """Save what Beacon answers for each URL, for the pre-rendered server."""
    for url in URLS:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}") as response:
            path = folder / (url.strip("/") + ("/index" if url.endswith("/") else ""))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(response.read())
            path.with_name(path.name + ".type").write_text(
                response.headers["Content-Type"]
            )


def measure(port: int, url: str, args) -> tuple[float, float, int]:
    rounds = [
        wrk(f"http://127.0.0.1:{port}{url}", args.seconds, args.connections)
        for _ in range(args.rounds)
    ]
    return (
        statistics.median(r[0] for r in rounds),
        statistics.median(r[1] for r in rounds),
        sum(r[2] for r in rounds),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="beacon-load-"))
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{work / 'beacon.db'}",
        "SECRET_KEY": "bench",
        # The main site, as in production: no custom-domain lookup per request.
        "BASE_URL": "http://127.0.0.1:18081",
        "BENCH_STATIC_DIR": str(work / "static"),
    }
    for step in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *step],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    beacon = start_gunicorn("wsgi:app", 18081, env, work / "beacon.log")
    snapshot(18081, work / "static")
    static = start_gunicorn("bench.static_app:app", 18082, env, work / "static.log")
    try:
        rows = [
            (url, measure(18081, url, args), measure(18082, url, args)) for url in URLS
        ]
    finally:
        for process in (beacon, static):
            process.terminate()
            process.wait()
    report(rows, args)


def report(rows, args) -> None:
    lines = [
        f"## Public reads · {date.today()} · {args.connections} connections, "
        f"{args.rounds} × {args.seconds} s, medians",
        "",
        f"{results.machine()}; gunicorn {' '.join(GUNICORN)}; demo data; "
        "command: `python bench/load.py`.",
        "",
        "| URL | Beacon req/s | p99 | errors | same bytes, gunicorn | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for url, (rps, p99, errors), (limit, _, _) in rows:
        lines.append(
            f"| `{url}` | {rps:,.0f} | {p99:.1f} ms | {errors} | "
            f"{limit:,.0f} | {rps / limit:.2f} |"
        )
    results.publish(lines, args.results)


if __name__ == "__main__":
    main()
