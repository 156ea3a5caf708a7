"""Email subscriptions: double opt-in, the emailed links, and managing a subscription.

Every link carries a token signed for one purpose (confirm, manage,
unsubscribe) and bound to the subscriber's ``token_key``, so a token opens one
thing only, and starting over after unsubscribing revokes every older link.
"""

import hmac
import secrets

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from app.core.links import external_url
from app.extensions import db
from app.models import Channel, Component, Incident, Page, Subscriber
from app.notifications import outbox

CONFIRM = "confirm"
MANAGE = "manage"
UNSUBSCRIBE = "unsubscribe"
_ENDPOINTS = {
    CONFIRM: "public.subscription_confirm",
    MANAGE: "public.subscription_manage",
    UNSUBSCRIBE: "public.subscription_unsubscribe",
}


class InvalidEmail(ValueError):
    """Raised for an address email-validator rejects."""


def normalise_email(raw: str) -> str:
    """The canonical, lower-cased form of ``raw``; InvalidEmail if it is not one."""
    try:
        # No SMTPUTF8: a local part beyond ASCII reaches few mailboxes and many
        # servers refuse it, so it is refused here, where someone can read why.
        result = validate_email(
            raw.strip(), check_deliverability=False, allow_smtputf8=False
        )
    except EmailNotValidError as error:
        raise InvalidEmail(str(error)) from error
    # Stored as sent: an internationalised domain in its ASCII (IDNA) form.
    return (result.ascii_email or result.normalized).lower()


def _serializer(purpose: str) -> URLSafeSerializer:
    # Only the confirmation link expires; manage and unsubscribe links in old
    # emails keep working (and stay the same, so one email's links match).
    kind = URLSafeTimedSerializer if purpose == CONFIRM else URLSafeSerializer
    return kind(current_app.config["SECRET_KEY"], salt=f"beacon.subscription.{purpose}")


def make_token(subscriber: Subscriber, purpose: str) -> str:
    """A signed token that opens ``purpose`` for ``subscriber`` and nothing else."""
    return _serializer(purpose).dumps([subscriber.id, subscriber.token_key])


def load_token(token: str, purpose: str) -> Subscriber | None:
    """Whom ``token`` was made for; None if it is forged, stale or revoked."""
    serializer = _serializer(purpose)
    try:
        if isinstance(serializer, URLSafeTimedSerializer):
            max_age = current_app.config["SUBSCRIBE_CONFIRM_MAX_AGE"]
            subscriber_id, key = serializer.loads(token, max_age=max_age)
        else:
            subscriber_id, key = serializer.loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    subscriber = db.session.get(Subscriber, str(subscriber_id))
    if subscriber is None or not hmac.compare_digest(subscriber.token_key, str(key)):
        return None
    return subscriber


def link(subscriber: Subscriber, purpose: str) -> str:
    """The absolute link for ``purpose`` that goes in an email."""
    return Links().link(subscriber, purpose)


class Links:
    """Links for many emails: the URL and the signer are made once per page and
    purpose, so each email costs one signature (a batch of 100 is 200 links)."""

    _SLOT = "__token__"

    def __init__(self) -> None:
        self._urls: dict[tuple[str, str], str] = {}
        self._serializers: dict[str, URLSafeSerializer] = {}

    def link(self, subscriber: Subscriber, purpose: str) -> str:
        key = (purpose, subscriber.page.slug)
        if key not in self._urls:
            self._urls[key] = external_url(
                _ENDPOINTS[purpose], slug=key[1], token=self._SLOT
            )
        if purpose not in self._serializers:
            self._serializers[purpose] = _serializer(purpose)
        token = self._serializers[purpose].dumps([subscriber.id, subscriber.token_key])
        return self._urls[key].replace(self._SLOT, token)


def find_email_subscriber(page: Page, address: str) -> Subscriber | None:
    return db.session.scalar(
        sa.select(Subscriber).where(
            Subscriber.page_id == page.id,
            Subscriber.channel == Channel.EMAIL,
            Subscriber.address == address,
        )
    )


def request_subscription(
    page: Page,
    email: str,
    components: list[Component] | None = None,
    incident: Incident | None = None,
) -> Subscriber:
    """Start (or restart) a subscription and queue the right email.

    New, pending and past subscribers get a confirmation link; confirmed ones
    get a note with their manage link. Callers answer the same either way.
    """
    address = normalise_email(email)
    subscriber = find_email_subscriber(page, address)
    if subscriber is None:
        subscriber = Subscriber(page=page, channel=Channel.EMAIL, address=address)
        db.session.add(subscriber)
    elif subscriber.unsubscribed_at is not None:
        subscriber.restart()
    elif subscriber.confirmed_at is not None:
        outbox.queue_one(f"already_subscribed:{secrets.token_hex(8)}", subscriber)
        return subscriber
    subscriber.follow(components, incident)
    outbox.queue_one(f"confirmation:{secrets.token_hex(8)}", subscriber)
    return subscriber


def request_webhook(
    page: Page,
    endpoint: str,
    email: str,
    components: list[Component] | None = None,
    incident: Incident | None = None,
) -> Subscriber:
    """Start a webhook subscription that ``email`` confirms (Statuspage's way).

    A confirmed webhook is left alone, so nobody can take one over by naming
    its URL; a pending or past one starts over with the new contact.
    """
    contact = normalise_email(email)
    webhook = db.session.scalar(
        sa.select(Subscriber).filter_by(
            page_id=page.id, channel=Channel.WEBHOOK, address=endpoint
        )
    )
    if webhook is None:
        webhook = Subscriber(page=page, channel=Channel.WEBHOOK, address=endpoint)
        db.session.add(webhook)
    elif webhook.confirmed_at is not None and webhook.unsubscribed_at is None:
        return webhook
    else:
        webhook.restart()
    webhook.contact_email = contact
    webhook.follow(components, incident)
    outbox.queue_one(f"confirmation:{secrets.token_hex(8)}", webhook, Channel.EMAIL)
    return webhook


def confirm(subscriber: Subscriber) -> str | None:
    """Confirm; a webhook confirmed just now gets its signing secret, returned once."""
    if subscriber.confirmed_at is not None:
        return None
    subscriber.confirm()
    if subscriber.is_email:
        return None
    subscriber.secret = secrets.token_hex(32)
    return subscriber.secret


def change_components(
    subscriber: Subscriber, components: list[Component] | None
) -> None:
    """Follow only ``components`` (every component when None or empty)."""
    subscriber.follow([c for c in components or [] if c.page_id == subscriber.page_id])


def unsubscribe(subscriber: Subscriber) -> None:
    subscriber.unsubscribe()


def page_components(page: Page, ids: list[str] | None = None) -> list[Component]:
    """Components of ``page`` in the page's order, optionally only those with
    the given ids."""
    query = sa.select(Component).where(Component.page_id == page.id)
    if ids is not None:
        if not ids:
            return []
        query = query.where(Component.id.in_(ids))
    return sorted(db.session.scalars(query), key=lambda c: c.display_key)
