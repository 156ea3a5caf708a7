"""The public status pages: what clients and their users see."""

from flask import Blueprint

bp = Blueprint("public", __name__)
