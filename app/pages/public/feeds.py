"""Feed routes: resolve the page, build the feed, answer conditional GETs."""

import hashlib

from flask import Response, request

from app.feeds import bp
from app.pages import feeds
from app.public.resolve import load_public_page

MIMETYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def _feed_response(slug: str, kind: str) -> Response:
    page = load_public_page(slug)
    entries = feeds.feed_entries(page)
    body = feeds.build_feed(page, entries, kind)
    response = Response(body, mimetype=MIMETYPES[kind])
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.last_modified = feeds.feed_updated(page, entries)
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response.make_conditional(request)


@bp.get("/<slug>/history.rss")
def history_rss(slug: str):
    return _feed_response(slug, "rss")


@bp.get("/<slug>/history.atom")
def history_atom(slug: str):
    return _feed_response(slug, "atom")
