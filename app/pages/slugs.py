"""Which page slugs are allowed: the public URL is ``/<slug>/``."""

import re

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")

# Top-level paths Beacon (or a later feature) serves itself, and the page-relative
# paths a custom host serves at its root, so no slug is ever ambiguous.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "assets",
        "auth",
        "components",
        "embed",
        "feed",
        "feeds",
        "health",
        "healthz",
        "history",
        "incidents",
        "login",
        "logout",
        "maintenance",
        "metrics",
        "static",
        "status",
        "subscribe",
        "unsubscribe",
        "webhooks",
        "www",
    }
)


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a page, or None when it can."""
    if not SLUG_PATTERN.fullmatch(slug):
        return (
            "Use 2 to 63 lower-case letters, digits and hyphens, "
            "starting with a letter or digit."
        )
    if slug in RESERVED_SLUGS:
        return f"“{slug}” is reserved for Beacon itself."
    return None
