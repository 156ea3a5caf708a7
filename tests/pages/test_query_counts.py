"""A render's SQL does not grow with the page: the same number of queries for a
small page and for one ten times its size."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from app.incidents.service import declare_incident, post_incident_update
from app.models import ComponentStatus, IncidentStatus
from app.models.base import utcnow

URLS = [
    "/{slug}/",
    "/{slug}/history",
    "/{slug}/history.atom",
    "/{slug}/api/v2/summary.json",
    "/{slug}/api/v2/incidents.json",
    "/{slug}/maintenance.ics",
]


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", count)


def _fill(page, make_component, components: int, incidents: int) -> None:
    parts = [make_component(page) for _ in range(components)]
    for n in range(incidents):
        at = utcnow() - timedelta(days=n % 12, hours=n)
        incident = declare_incident(
            page,
            f"Outage {n}",
            "Looking.",
            at=at,
            components={parts[n % components]: ComponentStatus.MAJOR_OUTAGE},
        )
        post_incident_update(
            incident,
            IncidentStatus.IDENTIFIED,
            "Found it.",
            at=at + timedelta(minutes=5),
        )
        if n % 5:
            post_incident_update(
                incident,
                IncidentStatus.RESOLVED,
                "Fixed.",
                at=at + timedelta(minutes=30),
            )
    _db.session.commit()


def _queries(client, url: str) -> int:
    _db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)  # each page's first request: rendered
    assert response.status_code == 200
    assert response.headers["X-Beacon-Cache"] == "miss"
    return len(statements)


@pytest.mark.parametrize("url", URLS)
def test_queries_per_render_do_not_grow_with_the_page(
    db, client, make_page, make_component, url
):
    small, large = make_page(), make_page()
    _fill(small, make_component, components=2, incidents=3)
    _fill(large, make_component, components=20, incidents=30)
    assert _queries(client, url.format(slug=large.slug)) == _queries(
        client, url.format(slug=small.slug)
    )
