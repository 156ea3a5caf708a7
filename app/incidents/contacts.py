"""Who to contact for a page, and in what order: the plan the incident console shows.

The agency's procedure: whoever spots an emergency alerts the escalation chain in
order (Strategist, then PM, then lead developer) until someone answers; the
Strategist then alerts the client, trying each emergency contact in order.
"""

from dataclasses import dataclass
from typing import TypeVar

from email_validator import EmailNotValidError, validate_email

from app.core.labels import CONTACT_CHANNEL_LABELS
from app.models import ContactChannel, EmergencyContact, EscalationContact, Page

Contact = TypeVar("Contact", EmergencyContact, EscalationContact)


_CHANNEL_LINKS = {
    ContactChannel.PHONE: "tel:",
    ContactChannel.TEXT: "sms:",
    ContactChannel.EMAIL: "mailto:",
}


@dataclass(frozen=True)
class ContactStep:
    """One attempt in a contact plan: try ``name`` through ``how``."""

    order: int
    name: str
    label: str  # the channel (Phone, Text, ...) or the role (Strategist, PM, ...)
    how: str
    href: str | None = None


@dataclass(frozen=True)
class ContactPlan:
    """Our escalation chain first, then the client's contacts, each in order."""

    escalation: list[ContactStep]
    client: list[ContactStep]

    @property
    def is_empty(self) -> bool:
        return not self.escalation and not self.client


def contact_plan(page: Page) -> ContactPlan:
    """Who to contact about ``page``, in the order to try them."""
    return ContactPlan(
        escalation=[
            _escalation_step(i, c)
            for i, c in enumerate(_ordered(page.escalation_chain))
        ],
        client=[
            _client_step(i, c) for i, c in enumerate(_ordered(page.emergency_contacts))
        ],
    )


def _ordered(items: list[Contact]) -> list[Contact]:
    return sorted(items, key=lambda item: (item.position, item.id))


def _client_step(index: int, contact: EmergencyContact) -> ContactStep:
    return ContactStep(
        order=index + 1,
        name=contact.name,
        label=CONTACT_CHANNEL_LABELS[contact.channel],
        how=contact.value,
        href=contact_href(contact.channel, contact.value),
    )


def _escalation_step(index: int, contact: EscalationContact) -> ContactStep:
    return ContactStep(
        order=index + 1,
        name=contact.person_name,
        label=contact.role_label,
        how=contact.how_to_reach,
    )


def contact_href(channel: ContactChannel, value: str) -> str | None:
    """A tel:, sms: or mailto: link for a contact; Slack handles have none."""
    prefix = _CHANNEL_LINKS.get(channel)
    if prefix is None:
        return value if value.startswith("https://") else None
    if prefix == "mailto:":
        return prefix + value.strip()
    return prefix + "".join(ch for ch in value if ch.isdigit() or ch == "+")


def contact_value_problem(channel: ContactChannel, value: str) -> str | None:
    """Why ``value`` cannot reach someone by ``channel``, or None."""
    if channel in (ContactChannel.PHONE, ContactChannel.TEXT):
        digits = sum(ch.isdigit() for ch in value)
        if digits < 7 or not _PHONE_CHARS.issuperset(value):
            return "Enter a phone number, e.g. +1 555 010 0199."
    if channel is ContactChannel.EMAIL:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            return "Enter a valid email address."
    return None


_PHONE_CHARS = frozenset("0123456789+-(). ")
