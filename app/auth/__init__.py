"""Signing staff in and out of the admin area."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
