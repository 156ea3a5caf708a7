"""The history feeds (RSS 2.0 and Atom 1.0): entries from incidents, built with feedgen.

Entries come from ``ENTRY_SOURCES``: incidents and maintenance windows; another
kind of event adds a function there that returns ``FeedEntry`` values for a page.
"""

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator
from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup

from app.core.labels import status_label
from app.core.links import base_host, external_url
from app.core.localtime import format_local
from app.extensions import db
from app.maintenance.listing import page_maintenance
from app.markdown import render_markdown
from app.models import Incident, Maintenance, Page
from app.pages.status_page import public_incidents
from app.reviews.service import postmortem_feed_html


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a page's history feed, whatever it is about."""

    id: str  # a tag URI: stable across renames, hosts' paths and re-imports
    title: str
    link: str
    published: datetime
    updated: datetime
    content_html: str


def tag_uri(created: datetime, specific: str) -> str:
    """An RFC 4151 tag URI under BASE_URL's host, dated by ``created``."""
    return f"tag:{base_host()},{created.date().isoformat()}:{specific}"


def incident_entry(page: Page, incident: Incident) -> FeedEntry | None:
    """The entry of a public incident: its public updates, newest first."""
    updates = incident.public_updates
    if not updates:
        return None
    parts = _updates_html(page, updates)
    postmortem = postmortem_feed_html(incident)
    updated = max(u.display_at for u in updates)
    if postmortem is not None:
        heading = Markup("<h3>{}</h3>").format(_("Postmortem"))
        parts.insert(0, heading + Markup(postmortem))  # noqa: S704 - sanitised
        updated = max(updated, incident.review.postmortem_body_updated_at or updated)
    return FeedEntry(
        id=tag_uri(incident.created_at, f"incident/{incident.id}"),
        title=incident.title,
        link=external_url(
            "public.incident_detail", slug=page.slug, incident_id=incident.id
        ),
        published=min(u.display_at for u in updates),
        # The newest public update's (or postmortem's) time, as Statuspage's feeds do.
        updated=updated,
        content_html=str(Markup("").join(parts)),
    )


def _updates_html(page: Page, updates: Iterable[Any]) -> list[Markup]:
    """Each update as its state, local time and sanitised body, newest first."""
    return [
        Markup("<p><strong>{}</strong> – <small>{}</small></p>{}").format(
            status_label(u.status),
            format_local(u.display_at, page.time_zone),
            render_markdown(u.body),
        )
        for u in updates
    ]


def incident_entries(page: Page) -> list[FeedEntry]:
    limit = current_app.config["FEED_MAX_ENTRIES"]
    query = public_incidents(page).order_by(Incident.started_at.desc()).limit(limit)
    entries = (incident_entry(page, i) for i in db.session.scalars(query))
    return [e for e in entries if e is not None]


def maintenance_entry(page: Page, window: Maintenance) -> FeedEntry | None:
    """The entry of a maintenance window: when it is planned, then its updates."""
    updates = sorted(window.updates, key=lambda u: u.display_at, reverse=True)
    if not updates:
        return None
    planned = Markup("<p>{} {} – {}</p>").format(
        _("Scheduled for"),
        format_local(window.scheduled_for, page.time_zone),
        format_local(window.scheduled_until, page.time_zone),
    )
    return FeedEntry(
        id=tag_uri(window.created_at, f"maintenance/{window.id}"),
        title=window.title,
        link=external_url(
            "public.maintenance_detail", slug=page.slug, maintenance_id=window.id
        ),
        published=min(u.display_at for u in updates),
        updated=max(u.display_at for u in updates),
        content_html=str(planned + Markup("").join(_updates_html(page, updates))),
    )


def maintenance_entries(page: Page) -> list[FeedEntry]:
    limit = current_app.config["FEED_MAX_ENTRIES"]
    query = page_maintenance(page).order_by(Maintenance.created_at.desc()).limit(limit)
    entries = (maintenance_entry(page, m) for m in db.session.scalars(query))
    return [e for e in entries if e is not None]


ENTRY_SOURCES: list[Callable[[Page], list[FeedEntry]]] = [
    incident_entries,
    maintenance_entries,
]


def feed_entries(page: Page) -> list[FeedEntry]:
    """Every source's entries for ``page``, newest first, at most FEED_MAX_ENTRIES."""
    entries = [entry for source in ENTRY_SOURCES for entry in source(page)]
    entries.sort(key=lambda e: (e.published, e.id), reverse=True)
    return entries[: current_app.config["FEED_MAX_ENTRIES"]]


def feed_updated(page: Page, entries: list[FeedEntry]) -> datetime:
    """The feed-level updated date: its newest entry's, or the page's."""
    return max((e.updated for e in entries), default=page.updated_at)


def build_feed(page: Page, entries: list[FeedEntry], kind: str) -> bytes:
    """Serialise ``entries`` as ``kind`` ("rss" or "atom")."""
    updated = feed_updated(page, entries)
    fg = FeedGenerator()
    fg.id(tag_uri(page.created_at, f"page/{page.id}/history"))
    fg.title(f"{page.name} status – incident history")
    subtitle = f"Incidents and updates from the {page.name} status page"
    # RSS readers render a channel description as HTML (Atom's subtitle is text):
    # escaped, a page name with markup in it reads as the words it is.
    fg.subtitle(html.escape(subtitle) if kind == "rss" else subtitle)
    fg.author({"name": page.name})
    # Self first: feedgen's RSS <link> takes the last link given.
    fg.link(href=external_url(f"feeds.history_{kind}", slug=page.slug), rel="self")
    fg.link(href=external_url("public.page_detail", slug=page.slug), rel="alternate")
    fg.language("en")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.guid(entry.id, permalink=False)
        fe.title(entry.title)
        fe.link(href=entry.link, rel="alternate")
        fe.published(entry.published)
        fe.updated(entry.updated)
        if kind == "atom":
            fe.content(entry.content_html, type="html")
        else:
            fe.description(entry.content_html)
    return fg.atom_str(pretty=True) if kind == "atom" else fg.rss_str(pretty=True)
