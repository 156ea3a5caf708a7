"""The history feeds (RSS and Atom) of each public page."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)
