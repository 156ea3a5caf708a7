"""Monitoring integrations: create (token shown once), rotate, authenticate, map."""

from collections.abc import Mapping
from datetime import timedelta

import sqlalchemy as sa

from app.core import audit
from app.core.errors import ValidationError
from app.core.secrets import digest, new_secret, shown_part
from app.extensions import db
from app.models import Component, Integration, IntegrationKind, Page, User
from app.models.base import utcnow

TOKEN_PREFIX = "bci_"  # noqa: S105  (a public marker, not a secret)
LAST_USED_GRANULARITY = timedelta(minutes=1)
SETTINGS = (
    "name",
    "label_name",
    "component_map",
    "component_status",
    "resolved_moves_to_monitoring",
    "auto_resolve_public",
    "publish_automatically",
    "active",
)


def create_integration(
    page: Page, kind: IntegrationKind, name: str, actor: User | None, **settings
) -> tuple[Integration, str]:
    """Add an integration to ``page``; return it with its token (never stored)."""
    secret = new_secret(TOKEN_PREFIX)
    integration = Integration(
        page=page,
        kind=IntegrationKind(kind),
        name=name.strip() or str(kind),
        token_hash=digest(secret),
        prefix=shown_part(secret),
        **settings,
    )
    db.session.add(integration)
    audit.record(
        actor,
        "create",
        integration,
        after=audit.snapshot(integration, "kind", *SETTINGS),
    )
    return integration, secret


def rotate_token(integration: Integration, actor: User | None) -> str:
    """Replace the token; the old one stops working at once."""
    secret = new_secret(TOKEN_PREFIX)
    integration.token_hash = digest(secret)
    integration.prefix = shown_part(secret)
    audit.record(actor, "rotate_token", integration)
    return secret


def authenticate(secret: str) -> Integration | None:
    """The active integration with token ``secret``, its last use noted."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    integration = db.session.scalar(
        sa.select(Integration).where(Integration.token_hash == digest(secret))
    )
    if integration is None or not integration.active:
        return None
    now = utcnow()
    last = integration.last_used_at
    if last is None or now - last >= LAST_USED_GRANULARITY:
        integration.last_used_at = now
    return integration


def parse_component_map(text: str, page: Page) -> dict[str, str]:
    """``value = component name`` lines -> {value: component id}; names must exist."""
    by_name = {c.name.casefold(): c for c in page.components}
    mapping = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, sep, name = line.partition("=")
        component = by_name.get(name.strip().casefold())
        if not sep or not value.strip():
            raise ValidationError(f"Line {number}: write value = component name.")
        if component is None:
            raise ValidationError(
                f"Line {number}: no component named “{name.strip()}”."
            )
        mapping[value.strip()] = component.id
    return mapping


def format_component_map(mapping: Mapping[str, str], page: Page) -> str:
    """The mapping as the lines ``parse_component_map`` reads."""
    names = {c.id: c.name for c in page.components}
    return "\n".join(f"{v} = {names[c]}" for v, c in mapping.items() if c in names)


def find_component(integration: Integration, ref: str) -> Component | None:
    """The page's component a label value, monitor name or URL refers to."""
    components = integration.page.components
    wanted = integration.component_map.get(ref, ref)
    for match in (
        lambda c: c.id == wanted,
        lambda c: c.name.casefold() == wanted.casefold(),
        lambda c: bool(c.url) and c.url.rstrip("/") == wanted.rstrip("/"),
    ):
        found = [c for c in components if match(c)]
        if found:
            return found[0]
    return None
