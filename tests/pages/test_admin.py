"""Pages in the admin area: create, edit, hide; validation; the contact plan."""

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, CoverageTier, Page


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _page_form(**overrides):
    return {
        "name": "Acme Co",
        "slug": "acme",
        "time_zone": "Europe/London",
        "is_public": "y",
        "brand_color": "#0B5CAB",
        "coverage_tier": "enhanced",
        "sla_minutes": "45",
        "support_url": "https://acme.example/help",
        "support_contact": "help@acme.example",
    } | overrides


def test_create_a_page_with_every_field(admin_client, admin_user, db):
    response = admin_client.post("/admin/pages/new", data=_page_form())
    page = db.session.scalar(sa.select(Page).where(Page.slug == "acme"))
    assert response.location == f"/admin/pages/{page.id}"
    assert (page.name, page.time_zone, page.is_public) == (
        "Acme Co",
        "Europe/London",
        True,
    )
    assert page.brand_color == "#0b5cab"
    assert page.coverage_tier is CoverageTier.ENHANCED
    assert page.sla_minutes == 45
    assert page.logo is None
    assert page.support_contact == "help@acme.example"
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.action, entry.object_type, entry.object_id) == (
        "create",
        "page",
        page.id,
    )
    assert entry.actor_id == admin_user.id
    assert entry.after["slug"] == "acme"


def test_blank_sla_takes_the_tier_default_and_blank_optionals_are_null(
    admin_client, db
):
    data = _page_form(
        sla_minutes="", coverage_tier="basic", brand_color="", is_public=""
    )
    del data["is_public"]
    admin_client.post("/admin/pages/new", data=data)
    page = db.session.scalar(sa.select(Page))
    assert page.sla_minutes == 8 * 60
    assert page.brand_color is None
    assert page.is_public is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("slug", "Has Spaces", "lower-case letters"),
        ("slug", "a", "lower-case letters"),
        ("slug", "-dash-first", "lower-case letters"),
        ("slug", "x" * 64, "lower-case letters"),
        ("slug", "admin", "reserved"),
        ("slug", "api", "reserved"),
        ("slug", "existing", "already uses this slug"),
        ("time_zone", "Mars/Olympus_Mons", "IANA time zone"),
        ("time_zone", "../../etc/passwd", "IANA time zone"),
        ("sla_minutes", "0", "Number must be"),
        ("sla_minutes", "-5", "Number must be"),
        ("sla_minutes", "soon", "Not a valid integer"),
        ("brand_color", "blue", "#rrggbb"),
        ("brand_color", "#12345", "#rrggbb"),
        ("support_url", "/relative", "http:// or https://"),
        ("coverage_tier", "platinum", "Invalid Choice"),
    ],
)
def test_bad_page_input_re_renders_with_errors_and_saves_nothing(
    admin_client, make_page, db, field, value, message
):
    make_page(slug="existing")
    response = admin_client.post("/admin/pages/new", data=_page_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert 'class="field-errors"' in response.get_data(as_text=True)
    assert _count(db, Page) == 1
    assert _count(db, AuditEntry) == 0


def test_edit_a_page_records_only_changed_fields(admin_client, make_page, db):
    page = make_page(slug="acme", name="Acme", time_zone="UTC")
    data = _page_form(name="Acme Corp", slug="acme", time_zone="UTC")
    response = admin_client.post(f"/admin/pages/{page.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Page, page.id).name == "Acme Corp"
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.action == "update"
    assert entry.before["name"] == "Acme"
    assert entry.after["name"] == "Acme Corp"
    assert "slug" not in entry.before
    assert "time_zone" not in entry.after


def test_a_page_keeps_its_own_slug_on_edit(admin_client, make_page, db):
    page = make_page(slug="acme")
    response = admin_client.post(
        f"/admin/pages/{page.id}/edit", data=_page_form(slug="acme")
    )
    assert response.status_code == 302


def test_bad_edit_changes_nothing(admin_client, make_page, db):
    page = make_page(slug="acme", name="Acme")
    response = admin_client.post(
        f"/admin/pages/{page.id}/edit",
        data=_page_form(name="New name", time_zone="Nowhere/City"),
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Page, page.id).name == "Acme"
    assert _count(db, AuditEntry) == 0


def test_hide_and_show_a_page(admin_client, make_page, db, client):
    page = make_page(slug="acme")
    admin_client.post(f"/admin/pages/{page.id}/visibility")
    db.session.expire_all()
    assert db.session.get(Page, page.id).is_public is False
    assert client.get("/acme/").status_code == 404
    admin_client.post(f"/admin/pages/{page.id}/visibility")
    db.session.expire_all()
    assert db.session.get(Page, page.id).is_public is True
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.after for e in entries] == [{"is_public": False}, {"is_public": True}]


def test_page_list_and_detail(staff_client, make_page, make_component):
    page = make_page(name="Acme", slug="acme", is_public=False)
    make_component(page, name="acme.example")
    listing = staff_client.get("/admin/pages/").get_data(as_text=True)
    assert "Acme" in listing
    assert "Hidden" in listing
    detail = staff_client.get(f"/admin/pages/{page.id}").get_data(as_text=True)
    assert "acme.example" in detail
    assert "Who to contact, in what order" in detail
    assert "Edit page" not in detail  # staff see, admins change


def test_dashboard_lists_pages_with_status(staff_client, make_page):
    make_page(name="Acme")
    body = staff_client.get("/admin/").get_data(as_text=True)
    assert "Acme" in body
    assert "All Systems Operational" in body


def test_unknown_page_is_404(admin_client):
    assert admin_client.get("/admin/pages/nope").status_code == 404
