"""A page's brand: its colour as a stylesheet and its uploaded logo."""

import re

from flask import Response, abort, request

from app.public import bp
from app.public.resolve import current_page

ONE_YEAR = 365 * 24 * 3600
# How long an outdated logo URL (from a cached page) may show the current logo.
STALE_LOGO_MAX_AGE = 300


@bp.get("/<slug>/brand.css")
def brand_css():
    # The brand colour arrives as a stylesheet: the CSP forbids inline styles.
    colour = current_page().brand_color or ""
    valid = re.fullmatch(r"#[0-9a-fA-F]{6}", colour)
    body = f":root {{ --brand: {colour}; }}\n" if valid else ""
    return Response(body, mimetype="text/css", headers={"Cache-Control": "max-age=300"})


@bp.get("/<slug>/logo/<version>")
def page_logo(version: str):
    """The page's logo; its URL names its version, so it may be cached for good."""
    logo = current_page().logo
    if logo is None:
        abort(404)
    response = Response(logo.data, mimetype=logo.content_type)
    response.cache_control.public = True
    if version == logo.version:
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:  # a page cached before the last upload: show the new logo, briefly
        response.cache_control.max_age = STALE_LOGO_MAX_AGE
    response.set_etag(logo.sha256)
    return response.make_conditional(request)
