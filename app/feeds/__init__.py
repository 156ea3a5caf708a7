"""The history feeds (RSS and Atom) of each public page."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from app.feeds import views  # noqa: E402, F401  (routes register on import)
