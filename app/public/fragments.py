"""Pieces of public renders kept between them, in this process: bounded, exact.

A page's response is cached whole (app/public/cache.py) until its content
version changes; some of its pieces change less often, or are shared by two
responses, and are worth keeping across that: a status page's component list
(app/pages/public/component_list.py), the entries both history feeds show.
Each key names the version it was built from, so a piece is never reused once
what it shows has changed; entries also expire after PUBLIC_CACHE_SECONDS, like
whole renders, and all of them together hold at most FRAGMENT_CACHE_BYTES.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from cachetools import TTLCache
from flask import current_app

EXTENSION_KEY = "beacon_fragments"
T = TypeVar("T")


class Fragments:
    def __init__(self, max_bytes: int, seconds: float) -> None:
        # Each value is kept with its size: (piece, bytes).
        self.cache: TTLCache[Hashable, tuple[Any, int]] = TTLCache(
            max_bytes, seconds, getsizeof=lambda item: item[1]
        )
        self.lock = threading.Lock()  # cachetools caches are not thread-safe

    def clear(self) -> None:
        with self.lock:
            self.cache.clear()


def remembered(key: Hashable, build: Callable[[], T], size: Callable[[T], int]) -> T:
    """The piece kept under ``key``, or ``build()`` kept there now (if it fits)."""
    fragments = fragment_cache()
    with fragments.lock:
        found = fragments.cache.get(key)
    if found is not None:
        return found[0]
    piece = build()
    item = (piece, size(piece))
    if item[1] <= fragments.cache.maxsize:
        with fragments.lock:
            fragments.cache[key] = item
    return piece


def fragment_cache() -> Fragments:
    extensions = current_app.extensions
    if EXTENSION_KEY not in extensions:  # first use; setdefault keeps one
        config = current_app.config
        fragments = Fragments(
            config["FRAGMENT_CACHE_BYTES"], config["PUBLIC_CACHE_SECONDS"]
        )
        extensions.setdefault(EXTENSION_KEY, fragments)
    return extensions[EXTENSION_KEY]
