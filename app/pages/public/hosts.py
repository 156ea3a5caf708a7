"""Custom domains: serve a page at the root of its own hostnames.

On a page's hostname, ``/history`` is routed as ``/<slug>/history``: the WSGI
middleware below prefixes the slug before Flask matches the URL. Routing,
page resolution and views stay slug-based, so routes of any blueprint (public,
api, feeds, subscriptions) work on custom hosts unchanged, while everything
else (admin, sign-in, other pages) falls outside ``/<slug>/`` and is a 404
there. For links, every ``/<slug>/…`` rule gets a build-only twin without the
slug, and ``page_url_defaults`` drops the slug on the page's own host.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.routing import Rule

from app.core.hostnames import normalise_host
from app.public.resolve import HOST_SLUG_KEY, page_slug_for_host, page_url_defaults

_SLUG_PREFIX = re.compile(r"^/<(?:\w+:)?slug>(?=/)")
# Paths served as they are on every host.
_SHARED_PREFIXES = ("/static/",)


class CustomHostMiddleware:
    """Route requests on a page's own hostname as if they named its slug."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Any], main_hosts: set[str]):
        self.app = app
        self.wsgi_app = wsgi_app
        self.main_hosts = main_hosts

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        slug = self._slug_for(environ)
        if slug is not None:
            environ[HOST_SLUG_KEY] = slug
            path = environ.get("PATH_INFO") or "/"
            if not path.startswith(_SHARED_PREFIXES):
                environ["PATH_INFO"] = f"/{slug}{path}"
        return self.wsgi_app(environ, start_response)

    def _slug_for(self, environ: dict) -> str | None:
        host = normalise_host(environ.get("HTTP_HOST") or "")
        if not host or host in self.main_hosts:
            return None  # the main site never needs a database lookup
        with self.app.app_context():
            return page_slug_for_host(host)


def main_hosts(app: Flask) -> set[str]:
    """Beacon's own hostnames (BASE_URL, SERVER_NAME): never a page's custom host."""
    names = [urlsplit(app.config.get("BASE_URL") or "").netloc]
    names.append(app.config.get("SERVER_NAME") or "")
    return {normalise_host(name) for name in names if name}


def _add_slugless_twins(app: Flask) -> None:
    for rule in list(app.url_map.iter_rules()):
        path = _SLUG_PREFIX.sub("", rule.rule)
        if rule.build_only or path == rule.rule:
            continue
        twin = Rule(
            path,
            endpoint=rule.endpoint,
            methods=rule.methods,
            defaults=rule.defaults,
            build_only=True,
        )
        app.url_map.add(twin)


def register_custom_hosts(app: Flask) -> None:
    """Wire custom domains in; call after every blueprint is registered."""
    _add_slugless_twins(app)
    # Last in every scope, so a blueprint that adds the slug itself is overruled.
    for scope in (None, *app.blueprints):
        app.url_default_functions.setdefault(scope, []).append(page_url_defaults)
    middleware = CustomHostMiddleware(app, app.wsgi_app, main_hosts(app))
    app.wsgi_app = middleware  # type: ignore[method-assign]
