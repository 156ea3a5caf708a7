"""Input no database can store, refused once at the edge of the app, for every route.

PostgreSQL refuses a NUL character in text, and a lone surrogate (U+D800 to
U+DFFF, which only a JSON ``\\ud800`` escape can produce here) cannot be encoded
as UTF-8 at all. Either used to surface deep in a view as a 500, after part of
the work was done. So they are refused before any view runs:

- in the URL path, the query string and the headers, by a WSGI layer outside
  everything else (the custom-host rewrite and the cache-hit replay look the
  request up in the database too): it marks the request and blanks the bad
  part, and Flask then answers 400 through its usual error pages;
- in form fields and upload names, by the first hook Flask runs;
- in JSON bodies, by the JSON provider, which also refuses nesting deeper than
  ``MAX_JSON_DEPTH`` (Python's parser recurses: a body nested 100,000 deep was
  a RecursionError); the first hook also caps JSON bodies at JSON_MAX_BYTES
  (every body at MAX_CONTENT_LENGTH), a 413.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

REFUSED = "beacon.refused_input"
MAX_JSON_DEPTH = 32  # Beacon's deepest document is 4 levels; Statuspage's too
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnstorableInput(BadRequest):
    """A 400 naming what was refused (not a ValueError: silent JSON reads see it)."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"The {where} contains {what}, which Beacon does not accept.")


def unstorable(text: str) -> str | None:
    """What in ``text`` no database can store, or None when it is fine."""
    if "\x00" in text:
        return "a NUL character (U+0000)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "a lone surrogate (U+D800 to U+DFFF)"
    return None


class InputGuard:
    """WSGI layer: a NUL in the path, the query or a header never goes further."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if "\x00" in environ.get("PATH_INFO", ""):
            environ[REFUSED] = ("URL", "a NUL character (U+0000)")
            environ["PATH_INFO"] = environ["PATH_INFO"].replace("\x00", "")
        if b"\x00" in unquote_to_bytes(environ.get("QUERY_STRING", "")):
            environ.setdefault(REFUSED, ("query string", "a NUL character (U+0000)"))
            environ["QUERY_STRING"] = ""
        for name in [k for k, v in environ.items() if k.startswith("HTTP_")]:
            if "\x00" in environ[name]:
                environ.setdefault(REFUSED, ("headers", "a NUL character (U+0000)"))
                del environ[name]
        return self.wsgi_app(environ, start_response)


def _refuse_unstorable(endpoint: str | None, values: dict | None) -> None:
    """Flask's first hook (URL preprocessors run before any view or blueprint hook)."""
    marked = request.environ.get(REFUSED)
    if marked is not None:
        raise UnstorableInput(*marked)
    if request.is_json:  # no JSON document of Beacon's comes near this: a 413
        request.max_content_length = current_app.config["JSON_MAX_BYTES"]
    if (
        request.method in ("GET", "HEAD", "OPTIONS")
        or request.mimetype not in _FORM_TYPES
    ):
        return
    for name, value in request.form.items(multi=True):
        what = unstorable(name) or unstorable(value)
        if what:
            raise UnstorableInput("form", what)
    for upload in request.files.values():
        what = unstorable(upload.filename or "")
        if what:
            raise UnstorableInput("upload's file name", what)


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing what no database stores and absurd nesting."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:
            raise _too_deep() from None
        _check_json(value)
        return value


def _too_deep() -> BadRequest:
    return BadRequest(
        f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."
    )


def _check_json(value: Any) -> None:
    """Walk ``value`` without recursing: storable strings and keys, bounded depth."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(item, str):
            what = unstorable(item)
            if what:
                raise UnstorableInput("JSON body", what)
        elif isinstance(item, dict):
            pending += [(key, depth) for key in item]
            pending += [(child, depth + 1) for child in item.values()]
        elif isinstance(item, list):
            pending += [(child, depth + 1) for child in item]


def register_input_guard(app: Flask) -> None:
    """Outermost WSGI layer, first URL preprocessor, and the JSON provider."""
    app.wsgi_app = InputGuard(app.wsgi_app)  # type: ignore[method-assign]
    app.url_value_preprocessors.setdefault(None, []).insert(0, _refuse_unstorable)
    app.json = GuardedJSONProvider(app)
