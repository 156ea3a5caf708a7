"""Feed routes: resolve the page and build the feed (cached like the pages)."""

from flask import Response

from app.feeds import bp
from app.pages import feeds
from app.public.cache import cached_render
from app.public.resolve import load_public_page

MIMETYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def _feed_response(slug: str, kind: str) -> Response:
    page = load_public_page(slug)
    entries = feeds.feed_entries(page)
    body = feeds.build_feed(page, entries, kind)
    response = Response(body, mimetype=MIMETYPES[kind])
    response.last_modified = feeds.feed_updated(page, entries)
    return response


@bp.get("/<slug>/history.rss")
@cached_render
def history_rss(slug: str):
    return _feed_response(slug, "rss")


@bp.get("/<slug>/history.atom")
@cached_render
def history_atom(slug: str):
    return _feed_response(slug, "atom")
