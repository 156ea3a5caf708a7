"""The audit service and the admin viewer."""

import sqlalchemy as sa

from app.core import audit
from app.models import AuditEntry, ComponentGroup


def test_record_keeps_only_changed_fields(db, make_page, admin_user):
    page = make_page(name="Old", slug="old")
    before = audit.snapshot(page, "name", "slug", "coverage_tier")
    page.name = "New"
    entry = audit.record_change(admin_user, "update", page, before)
    assert (entry.before, entry.after) == ({"name": "Old"}, {"name": "New"})
    assert entry.actor_label == admin_user.email
    assert entry.object_type == "page"
    assert entry.summary == "update page New"


def test_record_change_without_changes_records_nothing(db, make_page):
    page = make_page()
    assert (
        audit.record_change(None, "update", page, audit.snapshot(page, "name")) is None
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_system_actor_and_json_values(db, make_page):
    page = make_page()
    entry = audit.record(
        None, "create", page, after=audit.snapshot(page, "coverage_tier", "created_at")
    )
    db.session.commit()
    assert entry.actor_label == "system"
    assert entry.after["coverage_tier"] == "standard"
    assert isinstance(entry.after["created_at"], str)
    assert audit.object_type(ComponentGroup) == "component_group"


def _entries(db, page, n):
    for i in range(n):
        audit.record(None, "note", page, summary=f"entry {i:03d}")
    db.session.commit()


def test_viewer_paginates_newest_first(admin_client, make_page, db):
    _entries(db, make_page(), 55)
    first = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "entry 054" in first
    assert "entry 004" not in first
    assert "Page 1 of 2" in first
    second = admin_client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "entry 004" in second
    assert "entry 054" not in second


def test_viewer_filters_by_object(admin_client, make_page, db):
    one, two = make_page(slug="one"), make_page(slug="two")
    audit.record(None, "note", one, summary="about one")
    audit.record(None, "note", two, summary="about two")
    db.session.commit()
    body = admin_client.get(
        f"/admin/audit?object_type=page&object_id={one.id}"
    ).get_data(as_text=True)
    assert "about one" in body
    assert "about two" not in body
    empty = admin_client.get("/admin/audit?object_type=user").get_data(as_text=True)
    assert "No entries for this filter" in empty


def test_viewer_shows_before_and_after(admin_client, make_page, make_component, db):
    component = make_component(make_page())
    admin_client.post(
        f"/admin/components/{component.id}/status", data={"status": "major_outage"}
    )
    body = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "<del>operational</del>" in body
    assert "<ins>major_outage</ins>" in body
