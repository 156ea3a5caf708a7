"""Jinja filters and globals: times in a page's timezone, status labels, Markdown."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup, escape

from app.core.labels import IMPACT_LABELS, STATUS_ICONS, status_label
from app.core.localtime import format_local
from app.markdown import render_markdown


def time_tag(value: datetime | None, time_zone: str, fmt: str | None = None) -> Markup:
    """A <time> element: local time shown, exact UTC in datetime= and the tooltip."""
    if value is None:
        return Markup("")
    utc_iso = _utc_iso(value)
    shown = (
        format_local(value, time_zone, fmt) if fmt else format_local(value, time_zone)
    )
    title = value.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M UTC")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        utc_iso, title, escape(shown)
    )


def relative_tag(value: datetime | None) -> Markup:
    """A slot for "11 minutes ago", which static/js/relative-time.js fills in.

    Never the words themselves: a cached or published page would keep them
    long after they stopped being true.
    """
    if value is None:
        return Markup("")
    slot = Markup('<span class="relative-time" data-relative-to="{}" hidden></span>')
    return slot.format(_utc_iso(value))


def _utc_iso(value: datetime) -> str:
    return value.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(time_tag, "time_tag")
    app.add_template_filter(format_local, "local")
    app.add_template_filter(relative_tag, "relative_tag")
    app.add_template_filter(status_label, "status_label")
    app.add_template_global(STATUS_ICONS, "status_icons")
    app.add_template_global(IMPACT_LABELS, "impact_labels")
