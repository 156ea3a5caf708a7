"""Scheduling maintenance in the admin area: the form, its refusals, updates, cancel."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, ComponentStatus, Maintenance, MaintenanceStatus
from tests.fixtures.factories import page_fixture

NOW = datetime(2030, 6, 3, 14, 0, tzinfo=UTC)  # 10:00 in New York


page = page_fixture(
    "approcess.com",
    slug="apc",
    name="APC",
    time_zone="America/New_York",
    requires=["clock"],  # made at NOW
)


def _form(page, **overrides):
    return {
        "title": "Hosting upgrade",
        "description": "We move to **new** servers.",
        "components": [page.components[0].id],
        "starts_at": "2030-06-04T22:00",
        "ends_at": "2030-06-04T23:30",
        "auto_transition": "y",
    } | overrides


def _windows(db):
    return list(db.session.scalars(sa.select(Maintenance)))


def test_staff_schedule_a_window_in_the_pages_time_zone(db, page, staff_client):
    url = f"/admin/pages/{page.id}/maintenance/new"
    assert "Schedule maintenance for APC" in staff_client.get(url).get_data(True)
    response = staff_client.post(url, data=_form(page))
    assert response.status_code == 302
    [window] = _windows(db)
    assert window.scheduled_for == datetime(2030, 6, 5, 2, 0, tzinfo=UTC)  # EDT
    assert [c.name for c in window.components] == ["approcess.com"]
    assert db.session.scalar(sa.select(AuditEntry.action)) == "schedule"
    listing = staff_client.get("/admin/maintenance").get_data(as_text=True)
    assert "Hosting upgrade" in listing


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2030-06-04T21:00"}, "end"),
        ({"starts_at": "2030-06-01T10:00", "ends_at": "2030-06-01T11:00"}, "past"),
        ({"title": ""}, "This field is required."),
        ({"starts_at": "not a time"}, "starts_at-errors"),
    ],
)
def test_bad_windows_are_refused_and_nothing_is_saved(
    db, page, staff_client, overrides, message
):
    url = f"/admin/pages/{page.id}/maintenance/new"
    response = staff_client.post(url, data=_form(page, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _windows(db) == []


def test_overlap_needs_confirmation(db, page, staff_client):
    url = f"/admin/pages/{page.id}/maintenance/new"
    staff_client.post(url, data=_form(page))
    second = _form(page, title="DNS change", starts_at="2030-06-04T23:00",
                   ends_at="2030-06-05T00:30")  # fmt: skip
    warned = staff_client.post(url, data=second).get_data(as_text=True)
    assert "Tick “Schedule anyway” to confirm." in warned
    assert len(_windows(db)) == 1
    confirmed = staff_client.post(url, data=second | {"confirm_overlap": "y"})
    assert confirmed.status_code == 302
    assert len(_windows(db)) == 2


def test_updates_move_the_window_and_cancel_needs_a_scheduled_one(
    db, page, staff_client
):
    staff_client.post(f"/admin/pages/{page.id}/maintenance/new", data=_form(page))
    [window] = _windows(db)
    url = f"/admin/maintenance/{window.id}"
    data = {"status": "in_progress", "body": "Started early."}
    assert staff_client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert window.status is MaintenanceStatus.IN_PROGRESS
    assert page.components[0].status is ComponentStatus.UNDER_MAINTENANCE
    refused = staff_client.post(f"{url}/cancel")
    assert refused.status_code == 409
    bad = staff_client.post(url, data={"status": "scheduled", "body": "Back?"})
    assert bad.status_code == 200
    assert "Not a valid choice" in bad.get_data(as_text=True)


def test_cancel_a_scheduled_window(db, page, staff_client):
    staff_client.post(f"/admin/pages/{page.id}/maintenance/new", data=_form(page))
    [window] = _windows(db)
    assert (
        staff_client.post(f"/admin/maintenance/{window.id}/cancel").status_code == 302
    )
    db.session.expire_all()
    assert window.status is MaintenanceStatus.CANCELLED
