"""Render a page's published URLs through the app and write them as files.

Each URL is requested from the app itself, exactly as a visitor would (same
views, same render cache, same headers), so a published file holds the bytes
the app would have answered. A page that is gone or hidden publishes nothing:
its files are removed and nginx answers from the app (a 404).
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.http_cache import Body
from app.models import Page
from app.models.base import utcnow
from app.pages.moments import next_change_at
from app.publishing import files
from app.publishing.targets import Target, components_fingerprint, page_targets

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Published:
    page_id: str
    files: int
    removed: int


def publish_page(page_id: str) -> Published:
    """Publish ``page_id`` now; remove what it published before and no longer shows."""
    with files.page_lock(page_id):
        db.session.rollback()  # read what is committed now, not an older snapshot
        page = db.session.get(Page, page_id)
        public = page is not None and page.is_public
        targets = page_targets(page) if public else []
        state = files.read_state(page_id)
        version = page.content_version if public else None
        badges = components_fingerprint(page) if public else None
        kept, targets = _unchanged_badges(targets, state, badges)
        owned = kept + _publish_each(page_id, version, targets)
        stale = set(state.get("files", [])) - set(owned)
        files.remove(stale)
        if public:
            files.write_state(
                page_id, _state(page, version, owned) | {"badges": badges}
            )
        else:
            files.remove_state(page_id)
        db.session.rollback()  # end the read transaction; nothing was written
        return Published(page_id, len(owned), len(stale))


def _unchanged_badges(
    targets: list[Target], state: dict, fingerprint: str | None
) -> tuple[list[str], list[Target]]:
    """The badge files that stay as they are, and the targets left to render.

    Badges are most of a page's files (one per component) and change only with
    a component's name or status: when neither has changed since the last
    publish, their files are kept, not rendered again.
    """
    if fingerprint is None or state.get("badges") != fingerprint:
        return [], targets
    published = set(state.get("files", []))
    kept: list[str] = []
    rest = []
    for target in targets:
        name = files.file_for(target.host, target.path)
        names = [n for n in (name, *(name + t for t in files.TWINS.values()))
                 if n in published]  # fmt: skip
        if target.badge and name in names:
            kept += names
        else:
            rest.append(target)
    return kept, rest


def publish_current(page_id: str, attempts: int = 5) -> Published:
    """Publish until the files hold the page's latest version (changes made while
    it rendered are published too, whatever became of their own task)."""
    for _ in range(attempts):
        published = publish_page(page_id)
        state = files.read_state(page_id)
        if state.get("version") == _current_version(page_id):
            break
    return published


def _publish_each(
    page_id: str, version: int | None, targets: list[Target]
) -> list[str]:
    """Write every target; when the page changes meanwhile, its urgent ones again.

    A large page takes a second or more to publish, longer under load: news
    posted meanwhile reaches the status page at once rather than after the rest
    (the state keeps the version the publish began with, so another follows).
    """
    owned: list[str] = []
    for target in targets:
        owned += _publish(target)
        if target.urgent or version is None:
            continue
        current = _current_version(page_id)
        if current != version:
            for urgent in (t for t in targets if t.urgent):
                _publish(urgent)
            version = current
    return owned


def _current_version(page_id: str) -> int | None:
    """The committed version, outside the publisher's own read transaction."""
    with db.engine.connect() as connection:
        return connection.scalar(sa.select(Page.content_version).filter_by(id=page_id))


def _publish(target: Target) -> list[str]:
    """Write one URL's current bytes; nothing (so the app answers) unless a 200."""
    base = urlsplit(current_app.config["BASE_URL"])
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # A context of its own: the request's session sees the latest commit, not
    # the snapshot of the publisher's transaction.
    with app.app_context():
        response = app.test_client().get(
            target.path,
            base_url=f"{base.scheme or 'https'}://{target.host}",
            headers={"Accept-Encoding": "identity"},
        )
    if response.status_code != 200:
        log.warning("not published: %s%s answered %s",
                    target.host, target.path, response.status_code)  # fmt: skip
        return []
    body = Body.of(response.get_data(), response.mimetype or "")
    return files.write_body(files.file_for(target.host, target.path), body)


def _state(page: Page, version: int | None, owned: list[str]) -> dict:
    next_at: datetime = next_change_at(page, utcnow())
    return {"files": sorted(owned), "version": version,
            "next_at": next_at.isoformat()}  # fmt: skip


def publish_all() -> list[Published]:
    """Publish every page, and clear what pages that no longer exist left behind."""
    ids = set(db.session.scalars(db.select(Page.id))) | set(files.published_page_ids())
    return [publish_page(page_id) for page_id in sorted(ids)]


def publish_stale(now: datetime) -> list[Published]:
    """Republish pages whose files are behind: changed since, or a shown time passed.

    The net under the queue (a lost task, a worker that was down) and the clock
    for pages nobody edits: midnight and maintenance windows come round anyway.
    """
    public = db.select(Page.id, Page.content_version).where(Page.is_public.is_(True))
    versions = {page_id: version for page_id, version in db.session.execute(public)}
    stale = [
        page_id
        for page_id in set(versions) | set(files.published_page_ids())
        if _is_stale(files.read_state(page_id), versions.get(page_id), now)
    ]
    return [publish_page(page_id) for page_id in sorted(stale)]


def _is_stale(state: dict, version: int | None, now: datetime) -> bool:
    if state.get("version") != version:
        return True  # changed, created or deleted since its last publish
    next_at = state.get("next_at")
    return next_at is None or datetime.fromisoformat(next_at) <= now
