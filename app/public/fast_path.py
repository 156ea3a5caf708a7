"""Cache hits answered before Flask: the final bytes, replayed per encoding.

The render cache (app/public/cache.py) spares a hit the rendering, but not
Flask: routing, the page lookup through the ORM, the after-request hooks and
the HTTP caching headers cost about 1 ms a request, which capped a 2-core host
at a tenth of what the same gunicorn serves as plain bytes. This WSGI layer
keeps the *final* response of each cacheable public GET (status, every header,
the body as sent) per page version, host, path, query and negotiated encoding,
and answers the next identical request itself after one indexed lookup of the
page's content version. A commit bumps that version, so the next request misses
here and goes through Flask, exactly as before: nothing can be served stale.

Only what Flask marked cacheable is kept (``X-Beacon-Cache: hit|miss`` on a
200 without cookies); requests with a session cookie, other methods, reserved
paths and unknown pages pass straight through.
"""

import contextlib
import functools
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from cachetools import TTLCache
from flask import Flask
from sqlalchemy.pool import StaticPool
from werkzeug.http import (
    is_resource_modified,
    parse_accept_header,
    remove_entity_headers,
    unquote_etag,
)

from app.extensions import db
from app.models import Page
from app.pages.slugs import RESERVED_SLUGS

_VERSION = sa.select(Page.__table__.c.id, Page.__table__.c.content_version).where(
    Page.__table__.c.slug == sa.bindparam("slug"), Page.__table__.c.is_public.is_(True)
)
_NOT_REPLAYED = {"date", "server", "content-length"}


@dataclass(frozen=True)
class Answer:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None  # unquoted, as werkzeug compares it
    last_modified: str | None

    @property
    def size(self) -> int:
        return len(self.body) + 64 * len(self.headers)


class FastPath:
    """WSGI middleware: replay final responses of cache hits without Flask."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.cookie = app.config["SESSION_COOKIE_NAME"] + "="
        self.answers: TTLCache[tuple, Answer] = TTLCache(
            maxsize=app.config["PUBLIC_CACHE_BYTES"],
            ttl=app.config["PUBLIC_CACHE_SECONDS"],
            getsizeof=lambda answer: answer.size,
        )
        self.lock = threading.Lock()
        self.engine: sa.Engine | None = None
        self.local = threading.local()  # each thread's VersionLookup
        self.lookups: weakref.WeakSet[VersionLookup] = weakref.WeakSet()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        with self.lock:
            answer = self.answers.get(key)
        if answer is not None:
            return _replay(answer, environ, start_response)
        return self._capture(key, environ, start_response)

    def _key(self, environ: dict) -> tuple | None:
        """The answer's key, or None when this request is not one to replay."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if self.cookie in environ.get("HTTP_COOKIE", ""):
            return None  # signed-in staff, flashed messages: Flask decides
        path = environ.get("PATH_INFO") or "/"
        slug = path.split("/", 2)[1] if path.count("/") >= 2 else ""
        if not slug or slug in RESERVED_SLUGS:
            return None
        version = self._version(slug)
        if version is None:
            return None
        coding = _coding(environ.get("HTTP_ACCEPT_ENCODING"))
        host = environ.get("HTTP_HOST", "")
        return (*version, host, path, environ.get("QUERY_STRING", ""), coding)

    def _version(self, slug: str) -> tuple[str, int] | None:
        lookup = self._lookup()
        return lookup.version(slug) if lookup is not None else None

    def _lookup(self) -> "VersionLookup | None":
        lookup = getattr(self.local, "lookup", None)
        if lookup is None or lookup.broken:
            engine = self._engine()
            if isinstance(engine.pool, StaticPool):
                # In-memory SQLite (tests): one connection shared by every
                # session, which a connection of ours would hold and roll back.
                return None
            try:
                lookup = self.local.lookup = VersionLookup(engine)
            except sa.exc.DBAPIError:  # the database is down: Flask answers (503)
                return None
            with self.lock:
                self.lookups.add(lookup)
        return lookup

    def _engine(self) -> sa.Engine:
        if self.engine is None:
            with self.app.app_context():
                self.engine = db.engine
            sa.event.listen(self.engine, "engine_disposed", self._close_lookups)
        return self.engine

    def _close_lookups(self, engine: sa.Engine) -> None:
        """The engine is disposed of (shutdown, tests): so are our connections."""
        with self.lock:
            lookups, self.lookups = self.lookups, weakref.WeakSet()
        for lookup in lookups:
            lookup.close()

    def _capture(
        self, key: tuple, environ: dict, start_response: Callable
    ) -> Iterable[bytes]:
        seen: dict = {}

        def capturing(status: str, headers: list, exc_info=None):  # noqa: ANN001
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = b"".join(self.wsgi_app(environ, capturing))
        answer = _cacheable(seen, body, environ)
        if answer is not None and _rendered_at(answer) == key[1]:
            with self.lock:
                if answer.size <= self.answers.maxsize:
                    self.answers[key] = answer
        return [body]


class VersionLookup:
    """One thread's connection for the version lookup, kept open in autocommit.

    A pooled checkout, its transaction and its reset cost more than the query
    itself (on SQLite 100 us against 20 us): a hit is nothing but this lookup,
    so it gets a connection of its own, outside any transaction (each lookup
    sees the latest commit), and a plain DB-API cursor. A failure marks it
    broken, the request goes to Flask, and the next one opens a new connection.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.connection = engine.connect().execution_options(
            isolation_level="AUTOCOMMIT"
        )
        compiled = _VERSION.compile(dialect=engine.dialect)
        self.sql = compiled.string
        self.names = compiled.positiontup if compiled.positional else None
        self.params = compiled.construct_params({"slug": ""})
        self.errors = engine.dialect.loaded_dbapi.Error
        self.broken = False

    def version(self, slug: str) -> tuple[str, int] | None:
        params = {**self.params, "slug": slug}
        args = tuple(params[name] for name in self.names) if self.names else params
        try:
            cursor = self.connection.connection.dbapi_connection.cursor()
            try:
                cursor.execute(self.sql, args)
                row = cursor.fetchone()
            finally:
                cursor.close()
        except self.errors:
            self.close()
            return None
        return (row[0], row[1]) if row is not None else None

    def close(self) -> None:
        """Close the DB-API connection itself (its pool may be gone already)."""
        self.broken = True  # its thread opens another if it asks again
        if self.connection.closed:
            return
        # It may already be gone with the database it was connected to.
        with contextlib.suppress(sa.exc.DBAPIError, self.errors):
            self.connection.invalidate()
            self.connection.close()


def _cacheable(seen: dict, body: bytes, environ: dict) -> Answer | None:
    if (
        not seen.get("status", "").startswith("200")
        or environ["REQUEST_METHOD"] != "GET"
    ):
        return None
    headers = {name.lower(): value for name, value in seen["headers"]}
    if headers.get("x-beacon-cache") not in ("hit", "miss") or "set-cookie" in headers:
        return None
    replayed = [
        (name, "hit" if name.lower() == "x-beacon-cache" else value)
        for name, value in seen["headers"]
        if name.lower() not in _NOT_REPLAYED
    ]
    etag = unquote_etag(headers["etag"])[0] if "etag" in headers else None
    return Answer(seen["status"], replayed, body, etag, headers.get("last-modified"))


def _rendered_at(answer: Answer) -> int | None:
    """The content version Flask rendered (its ETag is ``<page>.<version>.<digest>``).

    Kept only when it is the version looked up: a render inside an older
    transaction (a long-lived session) must not be stored under a newer key.
    """
    parts = (answer.etag or "").split(".")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def _replay(answer: Answer, environ: dict, start_response: Callable) -> Iterable[bytes]:
    conditional = "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
    if conditional and not is_resource_modified(
        environ, etag=answer.etag, last_modified=answer.last_modified
    ):
        headers = list(answer.headers)
        remove_entity_headers(headers)  # in place: a 304 describes, it carries nothing
        start_response("304 NOT MODIFIED", headers)
        return []
    length = ("Content-Length", str(len(answer.body)))
    start_response(answer.status, [*answer.headers, length])
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [answer.body]


@functools.lru_cache(maxsize=256)
def _coding(accept_encoding: str | None) -> str:
    """The encoding class Flask would choose from (see app/http_cache.py)."""
    accepted = parse_accept_header(accept_encoding)
    if accepted["br"]:
        return "br"
    return "gzip" if accepted["gzip"] else "identity"


def register_fast_path(app: Flask) -> None:
    """Put the replay in front of Flask (inside the custom-host rewrite)."""
    if app.config["PUBLIC_FAST_PATH"]:
        app.wsgi_app = FastPath(app, app.wsgi_app)  # type: ignore[method-assign]
