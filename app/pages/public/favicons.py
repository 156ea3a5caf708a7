"""``/favicon.ico``: Beacon's mark, or a page's logo on the page's own host.

Browsers and feed readers ask for ``/favicon.ico`` whatever the page links to;
without an answer every visit logged a redirect and a 404. The icon is drawn
once (the two circles of static/img/beacon.svg) and a logo is converted once
per version, both as 16 and 32 px ICO images.
"""

import functools
import io

from flask import Response, request
from PIL import Image, ImageDraw

from app.public import bp
from app.public.resolve import current_page

ICON_SIZES = [(16, 16), (32, 32)]
ONE_DAY = 24 * 3600


@functools.cache
def beacon_icon() -> bytes:
    """Beacon's mark: a white dot in a green disc (as static/img/beacon.svg)."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 59, 59), fill="#1f7a4d")
    draw.ellipse((20, 20, 43, 43), fill="#ffffff")
    return _ico(image)


@functools.lru_cache(maxsize=64)
def logo_icon(sha256: str, data: bytes) -> bytes:
    """A page's logo, centred on a transparent square (keyed by its digest)."""
    with Image.open(io.BytesIO(data)) as logo:
        logo = logo.convert("RGBA")
        side = max(logo.size)
        square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        square.paste(logo, ((side - logo.width) // 2, (side - logo.height) // 2))
    return _ico(square)


def _ico(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "ICO", sizes=ICON_SIZES)
    return buffer.getvalue()


def _icon_response(data: bytes, etag: str) -> Response:
    response = Response(data, mimetype="image/x-icon")
    response.cache_control.public = True
    response.cache_control.max_age = ONE_DAY
    response.set_etag(etag)
    return response.make_conditional(request)


@bp.get("/favicon.ico")
def favicon():
    return _icon_response(beacon_icon(), "beacon")


@bp.get("/<slug>/favicon.ico")
def page_favicon():
    """Asked for at a page's own domain's root (see hosts.py): its logo, if any."""
    logo = current_page().logo
    if logo is None:
        return favicon()
    return _icon_response(logo_icon(logo.sha256, logo.data), logo.sha256)
