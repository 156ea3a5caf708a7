"""The public status pages: what clients and their users see."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import (  # noqa: E402, F401  (routes register on import)
    branding,
    embeds,
    maintenance_views,
    subscriptions,
    views,
)
