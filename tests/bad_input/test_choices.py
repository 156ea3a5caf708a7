"""Where a choice belongs, a list: the page time zone is one of zoneinfo's."""

import pytest

from tests.bad_input.routes import row_counts


def test_the_page_form_offers_every_iana_zone(admin_client):
    form = admin_client.get("/admin/pages/new").text
    assert 'id="time_zone" name="time_zone" required>' in form
    assert '<option value="America/New_York">America/New_York</option>' in form
    assert '<option selected value="UTC">UTC</option>' in form


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "x" * 100_000, "../../etc/passwd", "utc", ""]
)
def test_anything_else_is_a_form_error(admin_client, zone):
    before = row_counts()
    answer = admin_client.post(
        "/admin/pages/new", data={"name": "Acme", "slug": "acme", "time_zone": zone}
    )
    assert answer.status_code == 200
    assert "Choose an IANA time zone" in answer.text or "required" in answer.text
    assert row_counts() == before
