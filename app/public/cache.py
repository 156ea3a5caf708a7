"""Rendered public responses, kept until the page changes: exact and bounded.

A public view marked ``@cached_render`` is answered from the cache while the
page's content version (bumped with every visible change, app/pages/versions.py)
is the one it was rendered at: the key names the page, its version, the host,
the path and the query, so a commit invalidates it on every worker at once. A
miss renders once per key at a time, in this process and, with Redis, across
hosts; concurrent requests wait for that render instead of repeating it. The
store is an LRU bounded in bytes (PUBLIC_CACHE_BYTES) in each process, or Redis
when REDIS_URL is set, so every host shares one set of renders. Entries also
expire after PUBLIC_CACHE_SECONDS, so the day bars of a page nobody changes
roll over at most that long after midnight (pages show no relative times: the
browser writes those, static/js/relative-time.js).
"""

import functools
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, g, make_response, request, session

from app.http_cache import Body, public_response
from app.public.cache_stores import Entry, MemoryStore, RedisStore, Store
from app.public.resolve import load_public_page

EXTENSION_KEY = "beacon_render_cache"
# Headers that belong to one answer, never to a cached one.
_PER_RESPONSE = {"content-length", "content-encoding", "set-cookie", "etag", "vary"}


class RenderCache:
    """The app's store plus the locks that let one request render each key."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, key: str) -> threading.Lock:
        with self._guard:
            if len(self._locks) > 10_000:  # locks of long-gone keys
                self._locks = {k: v for k, v in self._locks.items() if v.locked()}
            return self._locks.setdefault(key, threading.Lock())


def init_render_cache(app: Flask) -> None:
    """Attach the render cache: Redis with REDIS_URL, else an in-process LRU."""
    config = app.config
    if config.get("REDIS_URL"):
        store: Store = RedisStore(config["REDIS_URL"], config["PUBLIC_CACHE_SECONDS"])
    else:
        store = MemoryStore(
            config["PUBLIC_CACHE_BYTES"], config["PUBLIC_CACHE_SECONDS"]
        )
    app.extensions[EXTENSION_KEY] = RenderCache(store)


def render_cache() -> RenderCache:
    return current_app.extensions[EXTENSION_KEY]


def cached_render(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve ``view`` from the render cache (a public GET of one page)."""

    @functools.wraps(view)
    def cached(*args: Any, **kwargs: Any) -> Any:
        if not _may_cache():
            response = make_response(view(*args, **kwargs))
            response.headers["X-Beacon-Cache"] = "bypass"  # rendered for this one
            return response
        page = g.get("page") or load_public_page(kwargs["slug"])
        key = f"{page.id}:{page.content_version}:{request.host}:{request.full_path}"
        entry = _entry(key, lambda: make_response(view(*args, **kwargs)))
        if isinstance(entry, Response):  # not cacheable: sent as rendered
            return entry
        return _respond(entry, page.id, f"{page.id}.{page.content_version}")

    return cached


def _may_cache() -> bool:
    # A request with a session may see its own flashed messages: never shared.
    cookie = current_app.config["SESSION_COOKIE_NAME"]
    return request.method in ("GET", "HEAD") and cookie not in request.cookies


def _entry(key: str, render: Callable[[], Response]) -> Entry | Response:
    cache = render_cache()
    entry = cache.store.get(key)
    if entry is not None:
        g.render_cache = "hit"
        return entry
    with cache.lock(key), cache.store.rendering(key):
        entry = cache.store.get(key)  # rendered while this request waited
        if entry is not None:
            g.render_cache = "hit"
            return entry
        response = render()
        g.render_cache = "miss"
        if response.status_code != 200 or session.modified:
            return response
        entry = _to_entry(response)
        cache.store.set(key, entry)
        return entry


def _to_entry(response: Response) -> Entry:
    headers = [
        (k, v) for k, v in response.headers.items() if k.lower() not in _PER_RESPONSE
    ]
    body = Body.of(response.get_data(), response.mimetype or "")
    return Entry(response.status_code, response.mimetype or "", headers, body)


def _respond(entry: Entry, page_id: str, tag: str) -> Response:
    response = Response(status=entry.status)
    response.headers.clear()
    for name, value in entry.headers:
        response.headers.add(name, value)
    response.headers["X-Beacon-Cache"] = g.get("render_cache", "hit")
    return public_response(response, entry.body, page_id, tag)
