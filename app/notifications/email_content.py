"""What each notification email says: subject, text and HTML, rendered once.

An event's email (an incident update, a postmortem, a maintenance step) is the
same for every recipient: it is rendered once per batch with placeholder links
that ``emails.build_message`` fills in per recipient. Personal emails (the
confirmation, "already subscribed") are rendered per subscriber.
"""

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, render_template

from app.core.labels import status_label
from app.core.links import base_host, external_url
from app.extensions import db
from app.models import (
    Delivery,
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceUpdate,
    Subscriber,
)
from app.models.base import utcnow
from app.notifications import mime, subscriptions

MANAGE = "__BEACON_MANAGE_URL__"
UNSUBSCRIBE = "__BEACON_UNSUBSCRIBE_URL__"
LINKS = (MANAGE, UNSUBSCRIBE)


@dataclass
class Rendered:
    """One event's email, links still to be filled in per recipient."""

    subject: str
    text: str
    html: str
    date: datetime | None = None  # the event's time; None: when it is sent
    threaded: bool = False  # one of an incident's or a window's messages
    list_id: str | None = None

    @functools.cached_property
    def template(self) -> mime.Template:
        """Written by the standard library once per event (see mime.py)."""
        email = mime.Email(
            subject=self.subject,
            sender=current_app.config["MAIL_DEFAULT_SENDER"],
            date=self.date or utcnow(),
            text=self.text,
            html=self.html,
            list_id=self.list_id,
            threaded=self.threaded,
        )
        return mime.Template(email, LINKS)


def _render_update(update_id: str) -> Rendered:
    update = db.session.get(IncidentUpdate, update_id)
    if update is None:
        raise LookupError(f"incident update {update_id} no longer exists")
    incident, page = update.incident, update.incident.page
    return Rendered(
        subject=f"[{page.name}] {status_label(update.status)} – {incident.title}",
        **_incident_bodies("incident_update", incident, update=update),
        date=update.created_at,
        threaded=True,
        list_id=f"{page.slug}.{base_host()}",
    )


def _render_postmortem(incident_id: str) -> Rendered:
    incident = db.session.get(Incident, incident_id)
    if incident is None or incident.review is None or not incident.review.is_public:
        raise LookupError(f"incident {incident_id} has no published postmortem")
    page = incident.page
    return Rendered(
        subject=f"[{page.name}] Postmortem – {incident.title}",
        **_incident_bodies("postmortem", incident, review=incident.review),
        date=incident.review.published_at,
        threaded=True,
        list_id=f"{page.slug}.{base_host()}",
    )


def _incident_bodies(template: str, incident: Incident, **extra: Any) -> dict[str, str]:
    """The text and HTML of one of an incident's emails, links left as placeholders."""
    page = incident.page
    context = {
        "page": page,
        "incident": incident,
        "incident_url": external_url(
            "public.incident_detail", slug=page.slug, incident_id=incident.id
        ),
        "manage_url": MANAGE,
        "unsubscribe_url": UNSUBSCRIBE,
        **extra,
    }
    return {
        "text": render_template(f"email/{template}.txt", **context),
        "html": render_template(f"email/{template}.html", **context),
    }


def _render_maintenance_update(update_id: str) -> Rendered:
    update = db.session.get(MaintenanceUpdate, update_id)
    if update is None:
        raise LookupError(f"maintenance update {update_id} no longer exists")
    window = update.maintenance
    subject = f"[{window.page.name}] {status_label(update.status)} – {window.title}"
    return _render_maintenance(window, update, subject)


def _render_maintenance_reminder(maintenance_id: str) -> Rendered:
    window = db.session.get(Maintenance, maintenance_id)
    if window is None:
        raise LookupError(f"maintenance {maintenance_id} no longer exists")
    subject = f"[{window.page.name}] Reminder – {window.title}"
    return _render_maintenance(window, None, subject)


def _render_maintenance(
    window: Maintenance, update: MaintenanceUpdate | None, subject: str
) -> Rendered:
    """A window's update (or its reminder, with no update): one template for both."""
    page = window.page
    context = {
        "page": page,
        "window": window,
        "update": update,
        "window_url": external_url(
            "public.maintenance_detail", slug=page.slug, maintenance_id=window.id
        ),
        "manage_url": MANAGE,
        "unsubscribe_url": UNSUBSCRIBE,
    }
    return Rendered(
        subject=subject,
        text=render_template("email/maintenance_update.txt", **context),
        html=render_template("email/maintenance_update.html", **context),
        date=update.created_at if update is not None else None,
        threaded=True,
        list_id=f"{page.slug}.{base_host()}",
    )


# Emails that are the same for every recipient of an event: rendered once per batch.
EVENT_EMAILS = {
    "incident_update": _render_update,
    "postmortem": _render_postmortem,
    "maintenance_update": _render_maintenance_update,
    "maintenance_reminder": _render_maintenance_reminder,
}


def render_for(delivery: Delivery, cache: dict[str, Rendered]) -> Rendered:
    event_renderer = EVENT_EMAILS.get(delivery.kind)
    if event_renderer is not None:
        if delivery.event not in cache:
            cache[delivery.event] = event_renderer(delivery.subject_id)
        return cache[delivery.event]
    renderer = PERSONAL_EMAILS.get(delivery.kind)
    if renderer is None:
        raise LookupError(f"no email for event {delivery.event}")
    return renderer(delivery.subscriber)


def _render_confirmation(subscriber: Subscriber) -> Rendered:
    return _render_personal(
        subscriber,
        "confirm",
        current_app.config["SUBSCRIBE_CONFIRM_MAX_AGE"] // 3600,
    )


def _render_already_subscribed(subscriber: Subscriber) -> Rendered:
    return _render_personal(subscriber, "already_subscribed", None)


def _render_personal(subscriber: Subscriber, name: str, hours: int | None) -> Rendered:
    page = subscriber.page
    context = {
        "page": page,
        "subscriber": subscriber,
        "hours": hours,
        "confirm_url": subscriptions.link(subscriber, subscriptions.CONFIRM),
        "manage_url": MANAGE,
    }
    subject = (
        f"[{page.name}] Confirm your subscription"
        if name == "confirm"
        else f"[{page.name}] You are already subscribed"
    )
    return Rendered(
        subject=subject,
        text=render_template(f"email/{name}.txt", **context),
        html=render_template(f"email/{name}.html", **context),
    )


PERSONAL_EMAILS = {
    "confirmation": _render_confirmation,
    "already_subscribed": _render_already_subscribed,
}
