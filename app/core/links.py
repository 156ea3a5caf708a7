"""Absolute links, built from BASE_URL or a page's own verified domain.

Workers have no request to take a host from, so their links start from the
configured BASE_URL. Requests do have a Host header, but anyone can write it:
a link built from it, in a response a cache or CDN keeps, would send readers
to the attacker's host. So a request's own host is used only when it is a
page's custom domain (the custom-host middleware found it in the database and
marked the request with HOST_SLUG_KEY); every other link comes from BASE_URL.
"""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for

# Set on the WSGI environ by app/pages/public/hosts.py for a page's own domain.
HOST_SLUG_KEY = "beacon.host_slug"


def external_url(endpoint: str, **values: object) -> str:
    """The absolute URL of ``endpoint`` under BASE_URL."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def trusted_url(endpoint: str, **values: object) -> str:
    """The absolute URL of ``endpoint``: on the page's own domain when the request
    came in on it, otherwise under BASE_URL; never on an unknown Host header."""
    if has_request_context() and request.environ.get(HOST_SLUG_KEY):
        return url_for(endpoint, _external=True, **values)
    return external_url(endpoint, **values)


def base_host() -> str:
    """BASE_URL's host name, the authority of tag URIs and Message-IDs."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
