"""Render benchmark: what a cache miss costs, and that history does not add to it.

Seeds two large pages (bench/large_page.py) into a fresh SQLite file, one with
10,000 past incidents and one with 100 (the same last 90 days), and renders
each public URL through the app with the render cache bypassed, many times;
reports the median milliseconds and the ratio large / small (target: at most
1.2), and the large status page's own median (target: under 15 ms). The status
page is measured twice: after an update (its component list kept, as posting
one leaves it) and after a change to the component list (rendered too).

    python bench/render.py [--repeat 30] [--database-url URL]
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Incident, IncidentStatus  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.pages.uptime_rollup import roll_up_due  # noqa: E402
from app.public.fragments import fragment_cache  # noqa: E402
from bench import results  # noqa: E402
from bench.large_page import seed_large_page  # noqa: E402

URLS = (
    "/{slug}/",
    "/{slug}/history",
    "/{slug}/api/v2/summary.json",
    "/{slug}/api/v2/incidents.json",
    "/{slug}/history.atom",
    "{permalink}",
)


def render_ms(client, url: str, repeat: int, before=lambda: None) -> float:
    """Median milliseconds of a render of ``url`` (a session cookie skips the cache)."""
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        assert response.headers["X-Beacon-Cache"] == "bypass"
    return statistics.median(times)


def permalink(slug: str) -> str:
    incident = db.session.scalar(
        db.select(Incident)
        .join(Incident.page)
        .where(Incident.status != IncidentStatus.RESOLVED, Incident.page.has(slug=slug))
        .limit(1)
    )
    return f"/{slug}/incidents/{incident.id}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp() + '/render.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "PUBLISH_ON_WRITE": False,
            "BASE_URL": "http://127.0.0.1",
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        db.create_all()
        now = utcnow()
        seed_large_page("large", 10_000, now)
        seed_large_page("small", 100, now)
        roll_up_due(now)  # as the worker's sweep keeps it
        db.session.commit()
        client = app.test_client()
        client.set_cookie("session", "bench")  # a session: never served from the cache
        rows = []
        for template in URLS:
            large, small = (
                template.format(slug=s, permalink=permalink(s))
                for s in ("large", "small")
            )
            render_ms(client, large, 3)  # warm: templates compiled, caches primed
            render_ms(client, small, 3)
            rows.append(
                (
                    template,
                    render_ms(client, large, args.repeat),
                    render_ms(client, small, args.repeat),
                )
            )
            if template == URLS[0]:
                forget = fragment_cache().clear
                rows.append(
                    (
                        template + " (component list changed)",
                        render_ms(client, large, args.repeat, forget),
                        render_ms(client, small, args.repeat, forget),
                    )
                )
    report(rows, args, url)


def report(rows, args, url: str) -> None:
    database = url.split(":", 1)[0]
    lines = [
        f"## Cache-miss renders · {date.today()} · medians of {args.repeat}",
        "",
        f"{results.machine()}; {database}; 50 components, 90 days of history; "
        "command: `python bench/render.py`.",
        "",
        "| URL | 10,000 past incidents | 100 past incidents | ratio (≤ 1.2) |",
        "|---|---:|---:|---:|",
    ]
    for template, large, small in rows:
        lines.append(
            f"| {_code(template)} | {large:.1f} ms | {small:.1f} ms "
            f"| {large / small:.2f} |"
        )
    results.publish(lines, args.results)


def _code(label: str) -> str:
    url, _, note = label.partition(" ")
    return f"`{url}` {note}".strip()


if __name__ == "__main__":
    main()
