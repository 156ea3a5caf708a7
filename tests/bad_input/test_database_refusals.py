"""What the database refuses is a 4xx (or a 503 to retry), with nothing saved."""

import pytest
import sqlalchemy as sa

from app.models import Page
from tests.bad_input.routes import row_counts


@pytest.fixture
def rival_takes_the_slug(db):
    """Another request creates a page with the same slug between the form's
    uniqueness check and this request's commit: the race, made certain."""

    def before_flush(session, flush_context, instances):  # noqa: ANN001
        new = [o for o in session.new if isinstance(o, Page)]
        if new and not any(o.name == "Rival" for o in new):
            session.add(Page(slug=new[0].slug, name="Rival", time_zone="UTC"))

    sa.event.listen(db.session, "before_flush", before_flush)
    yield
    sa.event.remove(db.session, "before_flush", before_flush)


def test_a_slug_taken_at_the_same_moment_is_a_409(
    admin_client, db, rival_takes_the_slug
):
    before = row_counts()
    answer = admin_client.post(
        "/admin/pages/new",
        data={"name": "Acme", "slug": "acme", "time_zone": "UTC"},
    )
    assert answer.status_code == 409
    assert "Someone saved a conflicting change at the same moment" in answer.text
    assert row_counts() == before


def test_an_unreachable_database_is_a_503_to_retry(client, db, page):
    """The database stops answering (a restart): a 503 with Retry-After."""
    engine, slug = db.engine, page.slug

    def refuse(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        raise sa.exc.OperationalError(statement, parameters, Exception("restarting"))

    sa.event.listen(engine, "before_cursor_execute", refuse)
    try:
        html = client.get(f"/{slug}/history")
        api = client.get(f"/{slug}/api/v2/summary.json")
    finally:
        sa.event.remove(engine, "before_cursor_execute", refuse)
    assert (html.status_code, html.headers["Retry-After"]) == (503, "5")
    assert "Try again in a few seconds" in html.text
    assert (api.status_code, api.mimetype) == (503, "application/problem+json")
    assert api.headers["Retry-After"] == "5"
    assert client.get(f"/{slug}/history").status_code == 200  # and it recovers
