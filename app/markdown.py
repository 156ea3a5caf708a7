"""Markdown to sanitised HTML: the one place where Markdown becomes HTML."""

import functools

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> str:
    """Strip everything but the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


def render_markdown(text: str | None) -> Markup:
    """Render staff-written Markdown to safe HTML."""
    return _rendered(text or "")


# Pure in its text, and each update is shown on several pages and feeds: a cache
# miss renders it once, not once per place (Python-Markdown is ~0.3 ms a body).
@functools.lru_cache(maxsize=4096)
def _rendered(text: str) -> Markup:
    html = md.markdown(
        text,
        extensions=["tables", "sane_lists", "fenced_code"],
        output_format="html",
    )
    return Markup(sanitise_html(html))  # noqa: S704 - sanitised just above
