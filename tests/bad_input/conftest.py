"""The demo's data and its admin, for tests that attack every route and form."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.demo import DEMO_PASSWORD, seed_demo
from tests.bad_input.routes import url_values


@pytest.fixture
def demo(db) -> dict[str, str]:
    """The demo seeded; a value (a real id) for every URL argument."""
    seed_demo()
    db.session.commit()
    return url_values()


@pytest.fixture
def demo_admin(app: Flask, demo) -> FlaskClient:
    """The demo's admin, signed in through the form."""
    client = app.test_client()
    answer = client.post(
        "/admin/login", data={"email": "admin@beacon.test", "password": DEMO_PASSWORD}
    )
    assert answer.status_code == 302
    return client
