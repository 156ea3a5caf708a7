"""`flask create-user` and the demo accounts of `flask seed-demo`."""

import pytest
import sqlalchemy as sa

from app.demo import DEMO_PASSWORD
from app.models import AuditEntry, Role, User
from tests.helpers import sign_in


def _user(db, email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_create_admin_with_prompted_password(runner, db):
    result = runner.invoke(
        args=["create-user", "Boss@Agency.test", "--role", "admin", "--name", "Boss"],
        input="a strong password\na strong password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account boss@agency.test." in result.output
    user = _user(db, "boss@agency.test")
    assert user.role is Role.ADMIN
    assert user.name == "Boss"
    assert user.check_password("a strong password")
    assert user.password_hash.startswith("scrypt:")
    assert db.session.scalar(sa.select(AuditEntry)).actor_label == "system"


def test_create_user_from_stdin_defaults_to_staff(runner, db):
    result = runner.invoke(
        args=["create-user", "sam@agency.test", "--password-stdin"],
        input="read from a pipe\n",
    )
    assert result.exit_code == 0, result.output
    user = _user(db, "sam@agency.test")
    assert user.role is Role.STAFF
    assert user.check_password("read from a pipe")


def test_prompted_passwords_must_match(runner, db):
    result = runner.invoke(
        args=["create-user", "sam@agency.test"],
        input="a strong password\nnot the same\na strong password\na strong password\n",
    )
    assert "do not match" in result.output
    assert result.exit_code == 0
    assert _user(db, "sam@agency.test").check_password("a strong password")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["taken@agency.test"], "long enough password\n", "already exists"),
        (["not-an-email"], "long enough password\n", "valid email"),
        (["new@agency.test"], "short\n", "at least 10 characters"),
        (["new@agency.test", "--role", "root"], "long enough password\n", "root"),
    ],
)
def test_create_user_errors(runner, db, make_user, args, stdin, message):
    make_user(email="taken@agency.test")
    result = runner.invoke(args=["create-user", *args, "--password-stdin"], input=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_invalid_email_is_refused_before_asking_for_a_password(runner, db):
    result = runner.invoke(args=["create-user", "nope"], input="")
    assert result.exit_code == 1
    assert "Password" not in result.output
    assert "Error: nope: Enter a valid email address." in result.output


def test_seed_demo_creates_demo_accounts_once(app, runner, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    count = sa.select(sa.func.count()).select_from(User)
    users_after_first_seed = db.session.scalar(count)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    admin = _user(db, "admin@beacon.test")
    staff = _user(db, "staff@beacon.test")
    assert admin.role is Role.ADMIN
    assert staff.role is Role.STAFF
    assert db.session.scalar(count) == users_after_first_seed
    client = sign_in(app, admin, DEMO_PASSWORD)
    body = client.get("/admin/").get_data(as_text=True)
    assert "APC" in body
    apc = client.get("/admin/pages/").get_data(as_text=True)
    assert "Northwind" in apc
