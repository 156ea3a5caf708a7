"""The iCalendar (RFC 5545) feed of a page's maintenance windows."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event, vDuration

from app.core.links import trusted_url
from app.models import Maintenance, MaintenanceStatus, Page

PRODID = "-//Beacon//Scheduled maintenance//EN"
REFRESH = timedelta(hours=1)


def render_maintenance_calendar(page: Page, windows: list[Maintenance]) -> bytes:
    """A VCALENDAR with one VEVENT per window; needs a request context for links."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{page.name} maintenance")
    # How often subscribed calendar apps should fetch the feed again.
    calendar.add(
        "refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for window in windows:
        calendar.add_component(_event(page, window))
    return calendar.to_ical()


def _event(page: Page, window: Maintenance) -> Event:
    link = trusted_url(
        "public.maintenance_detail", slug=page.slug, maintenance_id=window.id
    )
    event = Event()
    event.add("uid", f"{window.id}@{uid_host()}")
    # No METHOD on the calendar, so DTSTAMP is the last revision (RFC 5545 3.8.7.2),
    # which also keeps the body, and so its ETag, stable between changes.
    event.add("dtstamp", window.updated_at)
    event.add("created", window.created_at)
    event.add("last-modified", window.updated_at)
    event.add("dtstart", window.scheduled_for)
    event.add("dtend", window.scheduled_until)
    event.add("sequence", window.sequence)
    event.add("summary", f"{page.name}: {window.title}")
    event.add("description", _description(window, link))
    event.add("url", link)
    cancelled = window.status is MaintenanceStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Maintenance is someone else's work: it should not block the reader's day.
    event.add("transp", "TRANSPARENT")
    return event


def _description(window: Maintenance, link: str) -> str:
    affected = ", ".join(c.name for c in window.components)
    parts = [window.description.strip()]
    if affected:
        parts.append(f"Affected: {affected}")
    parts.append(link)
    return "\n\n".join(p for p in parts if p)


def uid_host() -> str:
    """The host in every UID: BASE_URL's, so UIDs never depend on the request."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "beacon"


def last_modified(windows: list[Maintenance]) -> datetime | None:
    return max((w.updated_at for w in windows), default=None)
