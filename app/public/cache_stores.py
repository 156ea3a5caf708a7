"""Where rendered public responses are kept: in this process, or in Redis.

Both stores bound what they keep: the in-process one is an LRU measured in
bytes (cachetools), Redis keeps each entry for PUBLIC_CACHE_SECONDS and lets
its own ``maxmemory`` policy evict. Redis also lends a short lock so that one
host renders a key while the others wait for its result.
"""

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import redis
from cachetools import TTLCache

from app.http_cache import Body

RENDER_LOCK_SECONDS = 10  # longer than any render; a crashed renderer frees it
WAIT_SECONDS = 5.0  # then render anyway rather than keep a visitor waiting


@dataclass(frozen=True)
class Entry:
    """A rendered response, as stored."""

    status: int
    mimetype: str
    headers: list[tuple[str, str]]
    body: Body

    @property
    def size(self) -> int:
        return self.body.size + sum(len(k) + len(v) for k, v in self.headers)


class Store(Protocol):
    def get(self, key: str) -> Entry | None: ...
    def set(self, key: str, entry: Entry) -> None: ...
    def rendering(self, key: str) -> contextlib.AbstractContextManager[None]: ...


class MemoryStore:
    """An LRU of at most ``max_bytes`` whose entries live ``seconds`` at most."""

    def __init__(self, max_bytes: int, seconds: float) -> None:
        self._entries: TTLCache[str, Entry] = TTLCache(
            maxsize=max_bytes, ttl=seconds, getsizeof=lambda entry: entry.size
        )
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    def get(self, key: str) -> Entry | None:
        with self._lock:
            return self._entries.get(key)

    def set(self, key: str, entry: Entry) -> None:
        if entry.size > self._entries.maxsize:
            return  # larger than the whole cache: cachetools would raise
        with self._lock:
            self._entries[key] = entry

    def rendering(self, key: str) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()  # the per-key lock in cache.py suffices


class RedisStore:
    """Entries shared by every worker and host, as Redis hashes."""

    def __init__(self, url: str, seconds: float) -> None:
        self._redis = redis.Redis.from_url(url)
        self._seconds = max(1, int(seconds))

    def get(self, key: str) -> Entry | None:
        fields = self._redis.hgetall(f"beacon:render:{key}")
        if not fields:
            return None
        meta = json.loads(fields[b"meta"])
        encoded = {k: fields[k.encode()] for k in meta["encodings"]}
        body = Body(fields[b"identity"], encoded)
        headers = [(k, v) for k, v in meta["headers"]]
        return Entry(meta["status"], meta["mimetype"], headers, body)

    def set(self, key: str, entry: Entry) -> None:
        meta = {
            "status": entry.status,
            "mimetype": entry.mimetype,
            "headers": entry.headers,
            "encodings": list(entry.body.encoded),
        }
        name = f"beacon:render:{key}"
        mapping = {"meta": json.dumps(meta), "identity": entry.body.identity}
        with self._redis.pipeline() as pipe:
            pipe.hset(name, mapping={**mapping, **entry.body.encoded})
            pipe.expire(name, self._seconds)
            pipe.execute()

    @contextlib.contextmanager
    def rendering(self, key: str) -> Iterator[None]:
        """Hold the key's render lock, or wait (bounded) for whoever holds it."""
        lock = f"beacon:render-lock:{key}"
        deadline = time.monotonic() + WAIT_SECONDS
        while not self._redis.set(lock, b"1", nx=True, ex=RENDER_LOCK_SECONDS):
            if (
                self._redis.exists(f"beacon:render:{key}")
                or time.monotonic() > deadline
            ):
                yield  # the other host's render is in (or late): read it, or render
                return
            time.sleep(0.02)
        try:
            yield
        finally:
            self._redis.delete(lock)
