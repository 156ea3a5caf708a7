"""A page's brand: its colour as a stylesheet and its uploaded logo."""

from flask import Response, abort, request

from app.core import contrast
from app.public import bp
from app.public.resolve import current_page

# Where the brand colours text in static/css/site.css: on the light scheme's
# backgrounds and, as a button's background, under white; the dark scheme's
# links on its backgrounds (tests/core/test_contrast.py keeps these in step).
LIGHT_BACKGROUNDS = ("#f6f7f9", "#ffffff")
DARK_BACKGROUNDS = ("#0f131a", "#171c25")

ONE_YEAR = 365 * 24 * 3600
# How long an outdated logo URL (from a cached page) may show the current logo.
STALE_LOGO_MAX_AGE = 300


def brand_rules(colour: str) -> dict[str, str]:
    """The page's colour, as close to ``colour`` as WCAG AA allows: ``brand``
    for the light scheme (links, buttons), ``link`` for the dark one."""
    return {
        "brand": contrast.readable(colour, LIGHT_BACKGROUNDS),
        "link": contrast.readable(colour, DARK_BACKGROUNDS),
    }


@bp.get("/<slug>/brand.css")
def brand_css():
    # The brand colour arrives as a stylesheet: the CSP forbids inline styles.
    colour = current_page().brand_color or ""
    try:
        rules = brand_rules(colour)
    except ValueError:  # none chosen (or a stored value from before validation)
        body = ""
    else:
        body = (
            f":root {{ --brand: {rules['brand']}; }}\n"
            "@media (prefers-color-scheme: dark) {\n"
            f"  :root {{ --link: {rules['link']}; }}\n}}\n"
        )
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
