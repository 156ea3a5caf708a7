"""Absolute links for emails, webhooks and feeds, built from BASE_URL.

Workers have no request to take a host from, so every absolute link starts
from the configured BASE_URL instead.
"""

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values: object) -> str:
    """The absolute URL of ``endpoint`` under BASE_URL."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def base_host() -> str:
    """BASE_URL's host name, the authority of tag URIs and Message-IDs."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
