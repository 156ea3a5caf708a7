"""Notification emails: build multipart messages and send a batch over one connection.

A notification's body is rendered once per event with placeholder links and
completed per recipient, so ten thousand emails cost ten thousand string
replacements, not ten thousand template renders.
"""

import smtplib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime, parseaddr

from flask import current_app, render_template

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
from app.services import mime, subscriptions
from app.services.links import base_host, external_url
from app.services.outcomes import SENT, Outcome, fail, retry
from app.template_helpers import status_label

MANAGE = "__BEACON_MANAGE_URL__"
UNSUBSCRIBE = "__BEACON_UNSUBSCRIBE_URL__"


@dataclass
class Rendered:
    """One event's email, links still to be filled in per recipient."""

    subject: str
    text: str
    html: str
    update_id: str | None = None
    thread_root_id: str | None = None
    thread_event: str = "incident_update"  # the event kind of the thread's root
    list_id: str | None = None

    # Encoded once per event, not once per recipient.
    subject_header: str = field(init=False)
    from_header: str = field(init=False)

    def __post_init__(self) -> None:
        self.subject_header = mime.encode_header("Subject", self.subject)
        self.from_header = mime.encode_address(
            current_app.config["MAIL_DEFAULT_SENDER"]
        )


def _render_update(update_id: str) -> Rendered:
    update = db.session.get(IncidentUpdate, update_id)
    if update is None:
        raise LookupError(f"incident update {update_id} no longer exists")
    incident, page = update.incident, update.incident.page
    first = min(incident.public_updates, key=lambda u: (u.created_at, u.id))
    context = {
        "page": page,
        "incident": incident,
        "update": update,
        "incident_url": external_url(
            "public.incident_detail", slug=page.slug, incident_id=incident.id
        ),
        "manage_url": MANAGE,
        "unsubscribe_url": UNSUBSCRIBE,
    }
    return Rendered(
        subject=f"[{page.name}] {status_label(update.status)} – {incident.title}",
        text=render_template("email/incident_update.txt", **context),
        html=render_template("email/incident_update.html", **context),
        update_id=update.id,
        thread_root_id=None if first.id == update.id else first.id,
        list_id=f"{page.slug}.{base_host()}",
    )


def _render_postmortem(incident_id: str) -> Rendered:
    incident = db.session.get(Incident, incident_id)
    if incident is None or incident.review is None or not incident.review.is_public:
        raise LookupError(f"incident {incident_id} has no published postmortem")
    page = incident.page
    first = min(
        incident.public_updates, key=lambda u: (u.created_at, u.id), default=None
    )
    context = {
        "page": page,
        "incident": incident,
        "review": incident.review,
        "incident_url": external_url(
            "public.incident_detail", slug=page.slug, incident_id=incident.id
        ),
        "manage_url": MANAGE,
        "unsubscribe_url": UNSUBSCRIBE,
    }
    return Rendered(
        subject=f"[{page.name}] Postmortem – {incident.title}",
        text=render_template("email/postmortem.txt", **context),
        html=render_template("email/postmortem.html", **context),
        thread_root_id=first.id if first else None,
        list_id=f"{page.slug}.{base_host()}",
    )


def _render_maintenance_update(update_id: str) -> Rendered:
    update = db.session.get(MaintenanceUpdate, update_id)
    if update is None:
        raise LookupError(f"maintenance update {update_id} no longer exists")
    window = update.maintenance
    first = min(window.updates, key=lambda u: (u.created_at, u.id))
    subject = f"[{window.page.name}] {status_label(update.status)} – {window.title}"
    return _render_maintenance(window, update, subject, first, "maintenance_update")


def _render_maintenance_reminder(maintenance_id: str) -> Rendered:
    window = db.session.get(Maintenance, maintenance_id)
    if window is None:
        raise LookupError(f"maintenance {maintenance_id} no longer exists")
    first = min(window.updates, key=lambda u: (u.created_at, u.id))
    subject = f"[{window.page.name}] Reminder – {window.title}"
    return _render_maintenance(window, None, subject, first, "maintenance_update")


def _render_maintenance(
    window: Maintenance,
    update: MaintenanceUpdate | None,
    subject: str,
    first: MaintenanceUpdate,
    template: str,
) -> Rendered:
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
    is_first = update is not None and update.id == first.id
    return Rendered(
        subject=subject,
        text=render_template(f"email/{template}.txt", **context),
        html=render_template(f"email/{template}.html", **context),
        thread_root_id=None if is_first else first.id,
        thread_event="maintenance_update",
        list_id=f"{page.slug}.{base_host()}",
    )


# Emails that are the same for every recipient of an event: rendered once per batch.
EVENT_EMAILS = {
    "incident_update": _render_update,
    "postmortem": _render_postmortem,
    "maintenance_update": _render_maintenance_update,
    "maintenance_reminder": _render_maintenance_reminder,
}


def _render_for(delivery: Delivery, cache: dict[str, Rendered]) -> Rendered:
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


def build_message(delivery: Delivery, rendered: Rendered) -> bytes:
    """The complete email for one delivery: multipart, threaded, unsubscribable."""
    subscriber = delivery.subscriber
    manage = subscriptions.link(subscriber, subscriptions.MANAGE)
    unsubscribe = subscriptions.link(subscriber, subscriptions.UNSUBSCRIBE)
    headers = [
        ("Subject", rendered.subject_header),
        ("From", rendered.from_header),
        ("To", subscriber.email_address or ""),
        ("Date", format_datetime(utcnow())),
        ("Message-ID", message_id(delivery.event, subscriber.id)),
        ("Auto-Submitted", "auto-generated"),
    ]
    if rendered.thread_root_id:
        root_event = f"{rendered.thread_event}:{rendered.thread_root_id}"
        root = message_id(root_event, subscriber.id)
        headers += [("In-Reply-To", root), ("References", root)]
    if rendered.list_id:  # list mail, as opposed to a personal confirmation
        headers += [
            ("List-Id", f"<{rendered.list_id}>"),
            ("List-Unsubscribe", f"<{unsubscribe}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]
    text, html = (
        body.replace(MANAGE, manage).replace(UNSUBSCRIBE, unsubscribe)
        for body in (rendered.text, rendered.html)
    )
    return mime.multipart_alternative(headers, text, html)


def sender_address() -> str:
    """The envelope sender: MAIL_DEFAULT_SENDER's address part."""
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]


def message_id(event: str, subscriber_id: str) -> str:
    """A Message-ID that is the same every time this event goes to this person."""
    kind, _, subject = event.partition(":")
    return f"<{kind.replace('_', '-')}.{subject}.{subscriber_id}@{base_host()}>"


def connect() -> smtplib.SMTP:
    """Open an SMTP connection as the MAIL_* settings say."""
    config = current_app.config
    timeout = config["SMTP_TIMEOUT_SECONDS"]
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        context = ssl.create_default_context()
        conn: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=context
        )
    else:
        conn = smtplib.SMTP(host, port, timeout=timeout)
    if config["MAIL_USE_TLS"]:
        conn.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        conn.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return conn


def send_batch(deliveries: list[Delivery]) -> Iterator[tuple[Delivery, Outcome]]:
    """Send every delivery over one SMTP connection, yielding each outcome."""
    try:
        conn = connect()
    except (OSError, smtplib.SMTPException) as error:
        for delivery in deliveries:
            yield delivery, retry(f"SMTP connection failed: {error}")
        return
    cache: dict[str, Rendered] = {}
    try:
        for index, delivery in enumerate(deliveries):
            try:
                message = build_message(delivery, _render_for(delivery, cache))
            except LookupError as error:
                yield delivery, fail(str(error))
                continue
            try:
                recipient = delivery.subscriber.email_address or ""
                conn.sendmail(sender_address(), [recipient], message)
            except smtplib.SMTPServerDisconnected as error:
                yield from _retry_rest(deliveries[index:], error)
                return
            except smtplib.SMTPException as error:  # an answer about this message
                yield delivery, _smtp_outcome(error)
                continue
            except OSError as error:  # SMTPException is one too, hence the order
                yield from _retry_rest(deliveries[index:], error)
                return
            yield delivery, SENT
    finally:
        _quit(conn)


def _retry_rest(
    deliveries: list[Delivery], error: Exception
) -> Iterator[tuple[Delivery, Outcome]]:
    for delivery in deliveries:
        yield delivery, retry(f"SMTP connection lost: {error}")


def _smtp_outcome(error: smtplib.SMTPException) -> Outcome:
    """4xx answers are temporary and retried; 5xx answers are final."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
    else:
        code = getattr(error, "smtp_code", 0)
        text = getattr(error, "smtp_error", str(error))
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    reason = f"SMTP {code} {text}".strip()
    return fail(reason) if 500 <= code < 600 else retry(reason)


def _quit(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (OSError, smtplib.SMTPException):
        conn.close()
