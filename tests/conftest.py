"""Fixtures: the app on SQLite or PostgreSQL, clients, factories."""

import functools
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.security import generate_password_hash

from app import create_app
from app.config import normalise_database_url
from app.extensions import db as _db
from app.incidents.service import declare_incident
from app.maintenance.service import schedule_maintenance
from app.models import (
    Component,
    ComponentStatus,
    Incident,
    Maintenance,
    Page,
    Role,
    User,
)
from app.models.base import utcnow

TEST_PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """An empty database for this run: in-memory SQLite or a new PostgreSQL DB."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield "sqlite://"
        return
    server_url = normalise_database_url(server_url)
    name = f"beacon_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield (
        sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def app_config(database_url: str, tmp_path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test",
        "SERVER_NAME": "status.test",
        "BASE_URL": "http://status.test",
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(app_config)
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _empty_database()
        _db.engine.dispose()


def _empty_database() -> None:
    if _db.engine.dialect.name == "sqlite":
        _db.drop_all()
        return
    # PostgreSQL keeps the schema for the whole run; emptying is much faster.
    names = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
    with _db.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The database, with an application context pushed for the test."""
    with app.app_context():
        yield _db


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make_page(db) -> Callable[..., Page]:
    def make(**overrides: Any) -> Page:
        fields = {
            "slug": f"client-{uuid.uuid4().hex[:6]}",
            "name": "Client",
            "time_zone": "America/New_York",
        } | overrides
        page = Page(**fields)
        db.session.add(page)
        db.session.commit()
        return page

    return make


@pytest.fixture
def make_component(db) -> Callable[..., Component]:
    def make(page: Page, **overrides: Any) -> Component:
        created = utcnow() - timedelta(days=365)
        fields = {"name": f"site-{uuid.uuid4().hex[:4]}.example", "created_at": created}
        component = Component(page=page, **(fields | overrides))
        db.session.add(component)
        db.session.commit()
        return component

    return make


@pytest.fixture
def make_incident(db) -> Callable[..., Incident]:
    def make(
        page: Page,
        title: str = "Website is down",
        body: str = "Investigating.",
        components: dict[Component, ComponentStatus] | None = None,
        **kwargs: Any,
    ) -> Incident:
        incident = declare_incident(page, title, body, components=components, **kwargs)
        db.session.commit()
        return incident

    return make


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    def make(
        email: str | None = None,
        password: str = TEST_PASSWORD,
        **overrides: Any,
    ) -> User:
        user = User(
            email=email or f"user-{uuid.uuid4().hex[:6]}@agency.test", **overrides
        )
        # Cheap scrypt parameters: real cost (~0.3 s a hash) would dominate the suite.
        user.password_hash = _fast_hash(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@functools.cache
def _fast_hash(password: str) -> str:
    return generate_password_hash(password, method="scrypt:1024:8:1")


def sign_in(app: Flask, user: User, password: str = TEST_PASSWORD):
    """A test client signed in as ``user`` through the real sign-in form."""
    client = app.test_client()
    response = client.post(
        "/admin/login", data={"email": user.email, "password": password}
    )
    assert response.status_code == 302, "sign-in failed"
    return client


@pytest.fixture
def admin_user(make_user) -> User:
    return make_user(email="ada@agency.test", name="Ada Admin", role=Role.ADMIN)


@pytest.fixture
def staff_user(make_user) -> User:
    return make_user(email="sam@agency.test", name="Sam Staff", role=Role.STAFF)


@pytest.fixture
def admin_client(app: Flask, admin_user: User):
    """A client signed in as an admin (``admin_user``)."""
    return sign_in(app, admin_user)


@pytest.fixture
def staff_client(app: Flask, staff_user: User):
    """A client signed in as staff (``staff_user``)."""
    return sign_in(app, staff_user)


@pytest.fixture
def make_maintenance(db) -> Callable[..., Maintenance]:
    """Schedule a window on ``page`` starting ``starts_in`` from now."""

    def make(
        page: Page,
        title: str = "Server upgrade",
        *,
        starts_in: timedelta = timedelta(days=1),
        duration: timedelta = timedelta(hours=2),
        components: list[Component] | None = None,
        **kwargs: Any,
    ) -> Maintenance:
        now = kwargs.pop("now", None) or utcnow()
        maintenance = schedule_maintenance(
            page,
            title,
            kwargs.pop("description", "We are upgrading the server."),
            now + starts_in,
            now + starts_in + duration,
            components=components or [],
            now=now,
            **kwargs,
        )
        db.session.commit()
        return maintenance

    return make


@pytest.fixture
def make_token(db, make_user) -> Callable[..., tuple[Any, str]]:
    """Create a personal API token; returns ``(token, secret)``."""
    from app.accounts.api_tokens import create_token
    from app.models import TokenScope

    def make(owner: User | None = None, **kwargs: Any) -> tuple[Any, str]:
        kwargs.setdefault("scope", TokenScope.WRITE)
        token, secret = create_token(
            owner or make_user(name="Deploy Bot"), kwargs.pop("name", "ci"), **kwargs
        )
        db.session.commit()
        return token, secret

    return make


@pytest.fixture
def make_integration(db) -> Callable[..., tuple[Any, str]]:
    """A monitoring integration on ``page``; returns ``(integration, secret)``."""
    from app.integrations.service import create_integration
    from app.models import IntegrationKind

    def make(page: Page, kind: str = "alertmanager", **settings: Any):
        integration, secret = create_integration(
            page, IntegrationKind(kind), settings.pop("name", kind), None, **settings
        )
        db.session.commit()
        return integration, secret

    return make
