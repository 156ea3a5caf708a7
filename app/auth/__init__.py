"""Signing staff in and out of the admin area."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import session, views  # noqa: E402, F401  (routes register on import)
