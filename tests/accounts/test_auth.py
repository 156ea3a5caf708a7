"""Signing in and out: credentials, sessions, redirects, throttling."""

import uuid

import pytest

from app import create_app
from app.accounts import users as user_service
from app.extensions import limiter
from tests.helpers import TEST_PASSWORD, sign_in


def _login(client, email, password=TEST_PASSWORD, next_url=None):
    url = "/admin/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


STRANGER = {"REMOTE_ADDR": "203.0.113.66"}


def test_login_page_renders(client):
    response = client.get("/admin/login")
    assert response.status_code == 200
    assert b'name="password"' in response.data


def test_sign_in_goes_to_the_dashboard(client, staff_user):
    response = _login(client, "  SAM@agency.test ")
    assert response.status_code == 302
    assert response.location == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("sam@agency.test", "wrong password"), ("nobody@agency.test", TEST_PASSWORD)],
)
def test_bad_credentials_get_one_generic_message(client, staff_user, email, password):
    response = _login(client, email, password)
    assert response.status_code == 200
    assert b"Invalid email or password." in response.data
    assert client.get("/admin/").status_code == 302


def test_unknown_email_still_spends_hashing_time(client, db, monkeypatch):
    checked = []
    real = user_service.check_password_hash
    monkeypatch.setattr(
        user_service,
        "check_password_hash",
        lambda hashed, pw: checked.append(hashed) or real(hashed, pw),
    )
    _login(client, "nobody@agency.test", "whatever it is")
    assert len(checked) == 1
    assert checked[0].startswith("scrypt:")


def test_inactive_users_cannot_sign_in(client, make_user):
    user = make_user(active=False)
    response = _login(client, user.email)
    assert b"Invalid email or password." in response.data
    assert client.get("/admin/").status_code == 302


def test_empty_form_shows_field_errors(client, db):
    response = client.post("/admin/login", data={})
    assert response.status_code == 200
    assert response.data.count(b"This field is required.") == 2


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/admin/pages/", "/admin/pages/"),
        ("/admin/audit?object_type=page", "/admin/audit?object_type=page"),
        ("https://evil.example/", "/admin/"),
        ("//evil.example/", "/admin/"),
        ("/\\evil.example/", "/admin/"),
        ("/%09/evil.example", "/admin/"),
        ("javascript:alert(1)", "/admin/"),
        ("admin/pages/", "/admin/"),
    ],
)
def test_next_is_followed_only_within_the_site(client, staff_user, next_url, expected):
    response = _login(client, staff_user.email, next_url=next_url)
    assert response.location == expected


def test_tab_in_next_is_refused(client, staff_user):
    response = client.post(
        "/admin/login",
        query_string={"next": "/\t/evil.example"},
        data={"email": staff_user.email, "password": TEST_PASSWORD},
    )
    assert response.location == "/admin/"


def test_anonymous_visit_keeps_next(client, staff_user):
    response = client.get("/admin/pages/")
    assert response.location == "/admin/login?next=%2Fadmin%2Fpages%2F"
    assert _login(client, staff_user.email, next_url="/admin/pages/").location == (
        "/admin/pages/"
    )


def test_signed_in_user_visiting_login_is_redirected(staff_client):
    assert staff_client.get("/admin/login").location == "/admin/"


def test_sign_in_starts_a_fresh_session(client, staff_user):
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
    _login(client, staff_user.email)
    with client.session_transaction() as current:
        assert "planted" not in current
        assert current["_user_id"].startswith(staff_user.id + ".")


def test_session_cookie_is_httponly_and_lax(client, staff_user):
    response = _login(client, staff_user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_sign_out(staff_client):
    response = staff_client.post("/admin/logout")
    assert response.location == "/admin/login"
    assert staff_client.get("/admin/").status_code == 302
    with staff_client.session_transaction() as current:
        assert "_user_id" not in current


def test_new_password_ends_other_sessions(app, staff_client, staff_user, db):
    staff_user.set_password("a brand new password")
    db.session.commit()
    assert staff_client.get("/admin/").status_code == 302


def test_deactivation_ends_sessions(staff_client, staff_user, db):
    staff_user.active = False
    db.session.commit()
    assert staff_client.get("/admin/").status_code == 302


def test_failed_attempts_per_account_are_throttled(app, client, staff_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    for _ in range(3):
        assert _login(client, staff_user.email, "wrong password").status_code == 200
    response = _login(client, staff_user.email)  # even the right password now waits
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.data
    # Another account from the same address is not blocked by this one.
    assert _login(client, "other@agency.test", "wrong").status_code == 200


def test_a_stranger_s_guesses_do_not_lock_the_owner_out(app, staff_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    stranger, owner = app.test_client(), app.test_client()
    guess = {"email": staff_user.email, "password": "wrong"}
    for _ in range(3):
        stranger.post("/admin/login", data=guess, environ_base=STRANGER)
    assert (
        stranger.post("/admin/login", data=guess, environ_base=STRANGER).status_code
        == 429
    )
    answer = owner.post(
        "/admin/login",
        data={"email": staff_user.email, "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.20"},
    )
    assert answer.status_code == 302  # signed in from their own address


def test_an_account_has_a_ceiling_from_every_address(app, staff_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_CEILING"] = "4 per hour"
    client = app.test_client()
    for n in range(4):  # a botnet: one guess from each of many addresses
        client.post(
            "/admin/login",
            data={"email": staff_user.email, "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"203.0.113.{n}"},
        )
    answer = client.post(
        "/admin/login",
        data={"email": staff_user.email, "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.20"},
    )
    assert answer.status_code == 429


def test_a_copied_session_cookie_is_refused_after_sign_out(app, staff_client):
    cookie = staff_client.get_cookie("session", domain=app.config["SERVER_NAME"])
    copy = app.test_client()
    copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    assert copy.get("/admin/").status_code == 200  # the copy works ... for now
    staff_client.post("/admin/logout")
    assert copy.get("/admin/").status_code == 302  # signed out means everywhere


def test_failed_attempts_per_address_are_throttled(app, client, db):
    app.config["LOGIN_LIMIT_PER_IP"] = "4 per minute"
    for n in range(4):
        assert _login(client, f"guess{n}@agency.test", "x").status_code == 200
    assert _login(client, "guess-last@agency.test", "x").status_code == 429
    other_address = client.post(
        "/admin/login",
        data={"email": "guess@agency.test", "password": "x"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert other_address.status_code == 200


def test_successful_sign_ins_are_not_counted(app, staff_user):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    for _ in range(4):
        sign_in(app, staff_user)


def test_limiter_uses_redis_when_configured(app_config):
    prefix = f"beacon-test-{uuid.uuid4().hex[:8]}"
    app = create_app(
        app_config
        | {"REDIS_URL": "redis://127.0.0.1:6379/9", "RATELIMIT_KEY_PREFIX": prefix}
    )
    with app.app_context():
        assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/9"
        assert type(limiter.storage).__name__ == "RedisStorage"
        assert limiter.storage.check()


def test_session_is_cleared_on_logout_even_for_extra_keys(staff_client):
    with staff_client.session_transaction() as current:
        current["extra"] = 1
    staff_client.post("/admin/logout")
    with staff_client.session_transaction() as current:
        assert "extra" not in current
