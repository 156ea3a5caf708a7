"""Feed routes: resolve the page and build the feed (cached like the pages)."""

from flask import Response, request
from flask_babel import get_locale

from app.feeds import bp
from app.pages import feeds
from app.public.cache import cached_render
from app.public.fragments import remembered
from app.public.resolve import load_public_page

MIMETYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def _feed_response(slug: str, kind: str) -> Response:
    page = load_public_page(slug)
    # Both feeds show the same entries: built once per version for the two.
    key = ("feed", page.id, page.content_version, request.host, str(get_locale()))
    entries = remembered(key, lambda: feeds.feed_entries(page), _size)
    body = feeds.build_feed(page, entries, kind)
    response = Response(body, mimetype=MIMETYPES[kind])
    response.last_modified = feeds.feed_updated(page, entries)
    return response


def _size(entries: list[feeds.FeedEntry]) -> int:
    return sum(len(e.content_html) + len(e.title) + len(e.link) for e in entries)


@bp.get("/<slug>/history.rss")
@cached_render
def history_rss(slug: str):
    return _feed_response(slug, "rss")


@bp.get("/<slug>/history.atom")
@cached_render
def history_atom(slug: str):
    return _feed_response(slug, "atom")
