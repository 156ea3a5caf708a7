"""Helpers any test may import: the test password and signing in through the form."""

import functools

from flask import Flask
from werkzeug.security import generate_password_hash

from app.models import User

TEST_PASSWORD = "correct horse battery"


@functools.cache
def fast_hash(password: str) -> str:
    """Cheap scrypt parameters: real cost (~0.3 s a check) would dominate the suite.

    Even N=1024, r=8 costs 2.7 ms a sign-in; N=256, r=1 costs 0.1 ms.
    """
    return generate_password_hash(password, method="scrypt:256:1:1")


def sign_in(app: Flask, user: User, password: str = TEST_PASSWORD):
    """A test client signed in as ``user`` through the real sign-in form."""
    client = app.test_client()
    response = client.post(
        "/admin/login", data={"email": user.email, "password": password}
    )
    assert response.status_code == 302, "sign-in failed"
    return client
