"""The publish directory: files by host and path, written atomically, with twins.

    PUBLISH_DIR/hosts/<host>/<path>           what nginx serves (its root)
    PUBLISH_DIR/hosts/<host>/<path>.gz|.br    the same bytes, precompressed
    PUBLISH_DIR/state/<page id>.json          what a page last published

A URL path without a file extension is stored as ``<path>/index.html`` (and
``/`` as ``index.html``), so ``try_files $uri $uri/index.html`` finds it. Every
file is written beside its final name and renamed over it: nginx, rclone or a
reader never sees half a file. The state records which files a page owns, so
a later publish removes what the page no longer shows (a resolved incident, a
renamed slug, a removed domain) and nginx falls back to the app for it.
"""

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from flask import current_app

from app.http_cache import Body

TWINS = {"br": ".br", "gzip": ".gz"}


def publish_dir() -> Path:
    configured = current_app.config.get("PUBLISH_DIR")
    return Path(configured or Path(current_app.instance_path) / "public")


def file_for(host: str, url_path: str) -> str:
    """The file (relative to ``hosts/``) that serves ``url_path`` on ``host``."""
    parts = [p for p in PurePosixPath(url_path).parts if p not in ("/", "", ".", "..")]
    if url_path.endswith("/") or not parts or "." not in parts[-1]:
        parts.append("index.html")
    return str(PurePosixPath(host, *parts))


def write_body(relative: str, body: Body) -> list[str]:
    """Write ``body`` and its compressed twins; the names written, twins first."""
    target = publish_dir() / "hosts" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for coding, data in body.encoded.items():
        _write_atomically(target.with_name(target.name + TWINS[coding]), data)
        written.append(relative + TWINS[coding])
    _write_atomically(target, body.identity)
    return [*written, relative]


def _write_atomically(target: Path, data: bytes) -> None:
    if target.exists() and target.read_bytes() == data:
        return  # unchanged: keep its mtime, so nginx's ETag stays the same
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from nginx
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def remove(relatives: set[str]) -> None:
    """Delete published files (and the folders they leave empty)."""
    root = publish_dir() / "hosts"
    for relative in relatives:
        path = root / relative
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        for parent in path.parents:
            if parent == root or any(parent.iterdir()):
                break
            parent.rmdir()


def read_state(page_id: str) -> dict[str, Any]:
    try:
        return json.loads(_state_path(page_id).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def write_state(page_id: str, state: dict[str, Any]) -> None:
    path = _state_path(page_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, json.dumps(state, sort_keys=True).encode())


def remove_state(page_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        _state_path(page_id).unlink()


def published_page_ids() -> list[str]:
    return [path.stem for path in (publish_dir() / "state").glob("*.json")]


@contextlib.contextmanager
def page_lock(page_id: str) -> Iterator[None]:
    """One publish of a page at a time on this host, across threads and processes."""
    path = _state_path(page_id).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _state_path(page_id: str) -> Path:
    return publish_dir() / "state" / f"{PurePosixPath(page_id).name}.json"
