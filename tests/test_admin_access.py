"""Every /admin URL needs sign-in and the right role; every POST needs a CSRF token."""

import pytest
import sqlalchemy as sa

from app import create_app
from app.models import AuditEntry, Page

_APP = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
ADMIN_RULES = [r for r in _APP.url_map.iter_rules() if r.endpoint.startswith("admin.")]
ADMIN_ONLY = {
    r.endpoint
    for r in ADMIN_RULES
    if getattr(_APP.view_functions[r.endpoint], "admin_only", False)
}

# What staff must never reach, whatever later phases add.
REQUIRED_ADMIN_ONLY = {
    "admin.user_list",
    "admin.user_create",
    "admin.user_edit",
    "admin.user_password",
    "admin.audit_list",
    "admin.page_create",
    "admin.page_edit",
    "admin.page_visibility",
    "admin.contact_create",
    "admin.escalation_create",
    "admin.component_create",
    "admin.component_delete",
    "admin.group_create",
    "admin.severity_policy_list",
    "admin.severity_policy_edit",
    "admin.template_list",
    "admin.template_create",
    "admin.template_edit",
    "admin.template_delete",
    "admin.settings_defaults",
    # Subscribers are personal data and page settings: staff only see counts.
    "admin.subscriber_list",
    "admin.subscriber_delete",
    "admin.subscriber_export",
    "admin.subscriber_import",
    "admin.webhook_list",
    "admin.webhook_create",
    "admin.webhook_edit",
    "admin.webhook_rotate",
    "admin.webhook_enable",
    "admin.webhook_delete",
}


def _requests(rules):
    for rule in rules:
        url = rule.build({arg: "no-such-id" for arg in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(method, url, id=f"{method} {rule.endpoint}")


def test_the_admin_area_has_routes():
    assert len(ADMIN_RULES) > 20
    assert REQUIRED_ADMIN_ONLY <= ADMIN_ONLY
    # Delivery progress is for whoever runs the incident, staff included.
    assert "admin.update_deliveries" not in ADMIN_ONLY


@pytest.mark.parametrize(("method", "url"), list(_requests(ADMIN_RULES)))
def test_anonymous_users_are_sent_to_sign_in(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert response.location.startswith("/admin/login?next=%2Fadmin%2F")


@pytest.mark.parametrize(
    ("method", "url"),
    list(_requests(r for r in ADMIN_RULES if r.endpoint in ADMIN_ONLY)),
)
def test_staff_get_403_on_admin_only_endpoints(staff_client, method, url):
    assert staff_client.open(url, method=method).status_code == 403


@pytest.mark.parametrize(
    ("method", "url"),
    list(_requests(r for r in ADMIN_RULES if r.endpoint not in ADMIN_ONLY)),
)
def test_staff_reach_the_other_endpoints(staff_client, method, url):
    # Unknown ids give 404 (or 400 for a bad form), never 403 or a redirect.
    assert staff_client.open(url, method=method).status_code in {200, 400, 404}


def test_an_anonymous_client_is_anonymous_beside_a_signed_in_one(client, staff_client):
    assert staff_client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_admins_reach_admin_only_pages(admin_client):
    for endpoint in ("user_list", "audit_list", "page_create"):
        rule = next(r for r in ADMIN_RULES if r.endpoint == f"admin.{endpoint}")
        assert admin_client.get(rule.rule).status_code == 200


def test_post_without_csrf_token_is_refused(app, admin_client, make_page, db):
    page = make_page(name="Before")
    app.config["WTF_CSRF_ENABLED"] = True
    response = admin_client.post(
        f"/admin/pages/{page.id}/edit",
        data={"name": "After", "slug": page.slug, "time_zone": "UTC"},
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Page, page.id).name == "Before"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_post_with_csrf_token_is_accepted(app, admin_client, make_page, db):
    page = make_page(name="Before")
    app.config["WTF_CSRF_ENABLED"] = True
    form = admin_client.get(f"/admin/pages/{page.id}/edit").get_data(as_text=True)
    token = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = admin_client.post(
        f"/admin/pages/{page.id}/visibility", data={"csrf_token": token}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Page, page.id).is_public is False


def test_sign_out_is_post_only_and_csrf_protected(app, admin_client):
    assert admin_client.get("/admin/logout").status_code == 405
    app.config["WTF_CSRF_ENABLED"] = True
    assert admin_client.post("/admin/logout").status_code == 400
    assert admin_client.get("/admin/").status_code == 200
