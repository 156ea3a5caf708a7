"""Notification emails: complete each one and send a batch over one connection.

A notification is rendered once per event with placeholder links
(``email_content``) and written once by the standard library
(``mime.Template``); each recipient's copy is completed here, so ten thousand
emails cost ten thousand joins of bytes, not ten thousand renders.
"""

import smtplib
import ssl
from collections.abc import Iterator, Mapping, Sequence
from email.utils import parseaddr

from flask import current_app

from app.core.links import base_host
from app.models import Delivery
from app.notifications import subscriptions, threads
from app.notifications.email_content import MANAGE, UNSUBSCRIBE, Rendered, render_for
from app.notifications.outcomes import SENT, Outcome, fail, retry


def build_message(
    delivery: Delivery,
    rendered: Rendered,
    recipient: str,
    links: subscriptions.Links | None = None,
    earlier: Sequence[str] = (),
) -> bytes:
    """The complete email for one delivery to ``recipient`` (its envelope
    address): the event's template with this subscriber's Message-ID, links
    and the ``earlier`` events of its thread they were sent. ``links`` carries
    a batch's link templates from one email to the next."""
    subscriber = delivery.subscriber
    links = links or subscriptions.Links()
    manage = links.link(subscriber, subscriptions.MANAGE)
    unsubscribe = links.link(subscriber, subscriptions.UNSUBSCRIBE)
    host = base_host()
    return rendered.template.fill(
        recipient,
        message_id(delivery.event, subscriber.id, host),
        [message_id(event, subscriber.id, host) for event in earlier],
        {MANAGE: manage, UNSUBSCRIBE: unsubscribe},
        unsubscribe,
    )


def sender_address() -> str:
    """The envelope sender: MAIL_DEFAULT_SENDER's address part."""
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]


def message_id(event: str, subscriber_id: str, host: str | None = None) -> str:
    """A Message-ID that is the same every time this event goes to this person."""
    kind, _, subject = event.partition(":")
    return f"<{kind.replace('_', '-')}.{subject}.{subscriber_id}@{host or base_host()}>"


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


def send_batch(
    deliveries: list[Delivery], earlier: Mapping[int, Sequence[str]] | None = None
) -> Iterator[tuple[Delivery, Outcome]]:
    """Send every delivery over one SMTP connection, yielding each outcome;
    ``earlier``: each one's thread references (``threads.sent_before``)."""
    try:
        conn = connect()
    except (OSError, smtplib.SMTPException) as error:
        for delivery in deliveries:
            yield delivery, retry(f"SMTP connection failed: {error}")
        return
    cache: dict[str, Rendered] = {}
    links, sender = subscriptions.Links(), sender_address()
    if earlier is None:
        earlier = threads.sent_before(deliveries)
    try:
        for index, delivery in enumerate(deliveries):
            try:
                recipient = envelope_address(delivery.subscriber.email_address or "")
                rendered = render_for(delivery, cache)
                message = build_message(
                    delivery, rendered, recipient, links, earlier.get(delivery.id, ())
                )
            except (LookupError, ValueError) as error:  # this one message only
                yield delivery, fail(f"cannot be sent: {error}")
                continue
            try:
                conn.sendmail(sender, [recipient], message)
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


def envelope_address(address: str) -> str:
    """``address`` as SMTP carries it: its domain in IDNA, all ASCII.

    A ValueError (a permanent failure of this delivery alone) for a local part
    beyond ASCII, which only an address stored before subscribe refused them has.
    """
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise ValueError(f"{address!r} has characters beyond ASCII before the @")
    return f"{local}@{domain.encode('idna').decode('ascii')}"


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
