"""Staff accounts in the admin area (admins only)."""

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, Role, User
from tests.helpers import sign_in


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _new_user(**overrides):
    return {
        "email": "new@agency.test",
        "name": "New Person",
        "role": "staff",
        "password": "a long enough password",
        "confirm": "a long enough password",
    } | overrides


def test_list_users(admin_client, staff_user):
    body = admin_client.get("/admin/users/").get_data(as_text=True)
    assert "sam@agency.test" in body
    assert "ada@agency.test" in body


def test_create_user_who_can_then_sign_in(app, admin_client, admin_user, db):
    response = admin_client.post("/admin/users/new", data=_new_user(role="admin"))
    assert response.location == "/admin/users/"
    user = db.session.scalar(sa.select(User).where(User.email == "new@agency.test"))
    assert user.role is Role.ADMIN
    assert user.name == "New Person"
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.action, entry.actor_id) == ("create", admin_user.id)
    assert "password" not in str(entry.after)
    assert "password_hash" not in entry.after
    sign_in(app, user, "a long enough password")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "sam@agency.test"}, "already exists"),
        ({"email": "SAM@agency.test"}, "already exists"),
        ({"email": "not an email"}, "valid email"),
        ({"email": ""}, "This field is required."),
        ({"password": "short", "confirm": "short"}, "at least 10 characters"),
        ({"confirm": "something else entirely"}, "The passwords differ."),
        ({"role": "root"}, "Invalid Choice"),
    ],
)
def test_bad_new_user_input(admin_client, staff_user, db, overrides, message):
    before = _count(db, User)
    response = admin_client.post("/admin/users/new", data=_new_user(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(db, User) == before
    assert _count(db, AuditEntry) == 0


def test_edit_role_name_and_active(admin_client, staff_user, db):
    response = admin_client.post(
        f"/admin/users/{staff_user.id}/edit",
        data={"name": "Sam S", "role": "admin"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, staff_user.id)
    assert (user.name, user.role, user.active) == ("Sam S", Role.ADMIN, False)
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.before == {"name": "Sam Staff", "role": "staff", "active": True}
    assert entry.after == {"name": "Sam S", "role": "admin", "active": False}


def test_the_last_admin_cannot_demote_or_deactivate_themselves(
    admin_client, admin_user, db
):
    response = admin_client.post(
        f"/admin/users/{admin_user.id}/edit",
        data={"name": "Ada", "role": "staff", "active": "y"},
    )
    assert response.status_code == 200
    assert b"at least one active admin" in response.data
    db.session.expire_all()
    assert db.session.get(User, admin_user.id).role is Role.ADMIN


def test_an_admin_can_be_demoted_when_another_remains(admin_client, make_user, db):
    other = make_user(role=Role.ADMIN)
    response = admin_client.post(
        f"/admin/users/{other.id}/edit",
        data={"name": "", "role": "staff", "active": "y"},
    )
    assert response.status_code == 302


def test_reset_password(app, admin_client, staff_user, db):
    old_session = sign_in(app, staff_user)
    response = admin_client.post(
        f"/admin/users/{staff_user.id}/password",
        data={"password": "the new password", "confirm": "the new password"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, staff_user.id).check_password("the new password")
    assert old_session.get("/admin/").status_code == 302  # signed out everywhere
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.action == "password_reset"
    assert entry.before is None
    assert entry.after is None


def test_own_password_reset_keeps_own_session(admin_client, admin_user):
    admin_client.post(
        f"/admin/users/{admin_user.id}/password",
        data={"password": "the new password", "confirm": "the new password"},
    )
    assert admin_client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "short", "confirm": "short"}, "at least 10"),
        ({"password": "long enough one", "confirm": "different one"}, "differ"),
        ({"password": "", "confirm": ""}, "This field is required."),
    ],
)
def test_bad_password_reset(admin_client, staff_user, db, data, message):
    response = admin_client.post(f"/admin/users/{staff_user.id}/password", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, staff_user.id).check_password("correct horse battery")
