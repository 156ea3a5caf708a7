"""Personal API tokens: hashed, shown once, scoped, expiring, revocable, audited."""

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from app.accounts import api_tokens
from app.models import ApiToken, AuditEntry, TokenScope
from app.models.base import utcnow
from tests.api_client import ApiClient
from tests.fixtures.factories import page_fixture

page = page_fixture(slug="acme", name="Acme")


def test_only_a_digest_is_stored(db, make_token):
    token, secret = make_token()
    assert secret.startswith("bcn_")
    assert len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    stored = db.session.execute(sa.text("SELECT * FROM api_tokens")).mappings().one()
    assert secret not in {str(v) for v in stored.values()}


@pytest.mark.parametrize(
    ("header", "challenge"),
    [
        (None, 'Bearer realm="beacon"'),
        ("Bearer bcn_wrong", 'Bearer realm="beacon", error="invalid_token"'),
        ("Basic dXNlcjpwdw==", 'Bearer realm="beacon"'),
    ],
)
def test_missing_or_bad_token_is_401_with_a_challenge(client, db, header, challenge):
    headers = {"Authorization": header} if header else {}
    response = ApiClient(client, None).get("/pages", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == challenge
    assert response.get_json()["title"] == "Unauthorized"


def test_expired_token_is_refused(client, make_token, page):
    _, secret = make_token(expires_at=utcnow() + timedelta(days=1))
    api = ApiClient(client, secret)
    assert api.get("/pages").status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=2)):
        assert api.get("/pages").status_code == 401


def test_revoked_token_is_refused(client, db, make_token, page):
    token, secret = make_token()
    api_tokens.revoke_token(token, None)
    db.session.commit()
    assert ApiClient(client, secret).get("/pages").status_code == 401


def test_token_of_a_deactivated_user_is_refused(client, db, make_token, page):
    token, secret = make_token()
    token.owner.active = False
    db.session.commit()
    assert ApiClient(client, secret).get("/pages").status_code == 401


def test_read_scope_may_not_write(client, make_token, page):
    _, secret = make_token(scope=TokenScope.READ)
    api = ApiClient(client, secret)
    assert api.get("/pages/acme").status_code == 200
    response = api.post("/pages/acme/incidents", {"title": "x", "message": "y"})
    assert response.status_code == 403
    assert "scope" in response.get_json()["detail"]


def test_page_scoped_token_sees_only_its_pages(
    client, make_token, make_page, make_incident, page
):
    other = make_page(slug="other", name="Other")
    hidden = make_incident(other, "Elsewhere")
    _, secret = make_token(pages=[page])
    api = ApiClient(client, secret)
    assert [p["slug"] for p in api.get("/pages").get_json()["items"]] == ["acme"]
    assert api.get("/pages/other").status_code == 403
    assert api.get(f"/incidents/{hidden.id}").status_code == 403
    assert api.get("/incidents").get_json()["total"] == 0
    denied = api.post("/pages/other/incidents", {"title": "x", "message": "y"})
    assert denied.status_code == 403


def test_last_used_is_recorded(client, db, make_token, page):
    token, secret = make_token()
    assert token.last_used_at is None
    ApiClient(client, secret).get("/pages")
    db.session.expire_all()
    assert token.last_used_at is not None
    assert utcnow() - token.last_used_at < timedelta(minutes=1)


def test_staff_create_a_token_shown_once(staff_client, staff_user, db, page):
    response = staff_client.post(
        "/admin/tokens/new",
        data={
            "name": "ci",
            "scope": "write",
            "page_ids": [page.id],
            "expires_in": "30",
        },
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = re.search(r"bcn_[\w-]+", response.get_data(as_text=True)).group(0)
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.owner_id == staff_user.id
    assert [p.slug for p in token.pages] == ["acme"]
    assert timedelta(days=29) < token.expires_at - utcnow() <= timedelta(days=30)
    listing = staff_client.get("/admin/tokens/").get_data(as_text=True)
    assert token.prefix in listing
    assert secret not in listing
    entry = db.session.scalars(sa.select(AuditEntry)).one()
    assert (entry.action, entry.object_type, entry.actor_id) == (
        "create",
        "api_token",
        staff_user.id,
    )


def test_staff_see_and_revoke_only_their_own(
    staff_client, staff_user, admin_user, db, make_token
):
    mine, _ = make_token(owner=staff_user, name="mine")
    theirs, _ = make_token(owner=admin_user, name="theirs")
    listing = staff_client.get("/admin/tokens/").get_data(as_text=True)
    assert "mine" in listing
    assert "theirs" not in listing
    assert staff_client.post(f"/admin/tokens/{theirs.id}/revoke").status_code == 404
    assert staff_client.post(f"/admin/tokens/{mine.id}/revoke").status_code == 302
    db.session.expire_all()
    assert mine.revoked_at is not None
    assert theirs.revoked_at is None
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "revoke" in actions


def test_admins_see_and_revoke_everyones(admin_client, staff_user, db, make_token):
    theirs, _ = make_token(owner=staff_user, name="staff-token")
    assert "staff-token" in admin_client.get("/admin/tokens/").get_data(as_text=True)
    assert admin_client.post(f"/admin/tokens/{theirs.id}/revoke").status_code == 302
    db.session.expire_all()
    assert theirs.revoked_at is not None
