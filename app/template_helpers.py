"""Jinja filters and globals: times in a page's timezone, status labels, Markdown."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.core.enums import ComponentStatus, Impact, IncidentStatus, MaintenanceStatus
from app.markdown import render_markdown
from app.models.base import utcnow

STATUS_LABELS = {
    ComponentStatus.OPERATIONAL: _l("Operational"),
    ComponentStatus.DEGRADED_PERFORMANCE: _l("Degraded Performance"),
    ComponentStatus.PARTIAL_OUTAGE: _l("Partial Outage"),
    ComponentStatus.MAJOR_OUTAGE: _l("Major Outage"),
    ComponentStatus.UNDER_MAINTENANCE: _l("Under Maintenance"),
    IncidentStatus.INVESTIGATING: _l("Investigating"),
    IncidentStatus.IDENTIFIED: _l("Identified"),
    IncidentStatus.MONITORING: _l("Monitoring"),
    IncidentStatus.RESOLVED: _l("Resolved"),
    MaintenanceStatus.SCHEDULED: _l("Scheduled"),
    MaintenanceStatus.IN_PROGRESS: _l("In progress"),
    MaintenanceStatus.VERIFYING: _l("Verifying"),
    MaintenanceStatus.COMPLETED: _l("Completed"),
    MaintenanceStatus.CANCELLED: _l("Cancelled"),
}

# A glyph beside every status so it never relies on colour alone.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.DEGRADED_PERFORMANCE: "▲",
    ComponentStatus.PARTIAL_OUTAGE: "◆",
    ComponentStatus.MAJOR_OUTAGE: "✕",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
}

IMPACT_LABELS = {
    Impact.NONE: _l("No impact"),
    Impact.MINOR: _l("Minor"),
    Impact.MAJOR: _l("Major"),
    Impact.CRITICAL: _l("Critical"),
}


def to_zone(value: datetime, time_zone: str) -> datetime:
    return value.astimezone(ZoneInfo(time_zone))


def format_local(
    value: datetime, time_zone: str, fmt: str = "%b %-d, %Y %-I:%M %p %Z"
) -> str:
    """``value`` as wall-clock time in ``time_zone``, naming the zone."""
    return to_zone(value, time_zone).strftime(fmt)


def time_tag(value: datetime | None, time_zone: str, fmt: str | None = None) -> Markup:
    """A <time> element: local time shown, exact UTC in datetime= and the tooltip."""
    if value is None:
        return Markup("")
    utc_iso = value.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = (
        format_local(value, time_zone, fmt) if fmt else format_local(value, time_zone)
    )
    title = value.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M UTC")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        utc_iso, title, escape(shown)
    )


def relative_time(value: datetime, now: datetime | None = None) -> str:
    """'3 hours ago' style text."""
    delta = value - (now or utcnow())
    return format_timedelta(delta, add_direction=True, threshold=0.9)


def status_label(status: ComponentStatus | IncidentStatus | MaintenanceStatus) -> str:
    return str(STATUS_LABELS.get(status, str(status).replace("_", " ").title()))


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(time_tag, "time_tag")
    app.add_template_filter(format_local, "local")
    app.add_template_filter(relative_time, "relative")
    app.add_template_filter(status_label, "status_label")
    app.add_template_global(STATUS_ICONS, "status_icons")
    app.add_template_global(IMPACT_LABELS, "impact_labels")
