"""The agency's own look on its reports: its name, logo and colour (settings).

AGENCY_NAME, AGENCY_LOGO (an image file: PNG, JPEG or SVG) and AGENCY_COLOR
(``#rrggbb``) put the agency's name and logo at the head of every HTML and PDF
report and its colour on the headings and links, darkened if need be until it
reads on white (WCAG AA). Without them the report looks as it always did.
"""

import base64
import functools
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from markupsafe import Markup

from app.core import contrast

DEFAULT_ACCENT = "#0b5cab"
_LOGO_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}


@dataclass(frozen=True)
class AgencyLook:
    name: str | None
    logo: str | None  # a data: URI: the report is a document that stands alone
    accent: str

    @property
    def css(self) -> Markup:
        """The accent as the report stylesheet's variable (no inline style)."""
        return Markup(f".report {{ --accent: {self.accent}; }}\n")  # noqa: S704


def agency_look() -> AgencyLook:
    config = current_app.config
    colour = config.get("AGENCY_COLOR") or DEFAULT_ACCENT
    try:
        accent = contrast.readable(colour, ("#ffffff",))
    except ValueError:  # not #rrggbb: reports keep Beacon's accent, still readable
        accent = DEFAULT_ACCENT
    logo = config.get("AGENCY_LOGO")
    return AgencyLook(
        config.get("AGENCY_NAME"), _data_uri(logo) if logo else None, accent
    )


@functools.lru_cache(maxsize=8)
def _data_uri(path: str) -> str | None:
    """The logo file as a data: URI, read once; None if it is not a usable image."""
    kind = mimetypes.guess_type(path)[0]
    file = Path(path)
    if kind not in _LOGO_TYPES or not file.is_file():
        return None
    return f"data:{kind};base64,{base64.b64encode(file.read_bytes()).decode()}"
