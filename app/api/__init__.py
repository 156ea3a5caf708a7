"""Machine-readable interfaces: the Statuspage-compatible public API v2 per page.

The admin REST API (``/api/v1``) joins this blueprint in its own modules.
"""

from flask import Blueprint

bp = Blueprint("api", __name__)
