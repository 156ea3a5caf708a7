"""Demo data: the APC client with its March 2024 incident, and a busier second client.

Idempotent: a page whose slug already exists is left as it is. Each client is
built by its own module (``apc``, ``northwind``) from the shared ``builders``.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.demo.apc import seed_apc
from app.demo.builders import component, page_for
from app.demo.console import seed_console_defaults
from app.demo.northwind import seed_northwind
from app.extensions import db
from app.models import CoverageTier, Page, Role, User
from app.models.base import utcnow


def seed_demo(now: datetime | None = None) -> list[str]:
    """Create the demo pages that do not exist yet; return the slugs created."""
    now = now or utcnow()
    seed_console_defaults()
    created = []
    for slug, builder in (
        ("apc", seed_apc),
        ("northwind", seed_northwind),
        ("internal-tools", _seed_hidden),
    ):
        if db.session.scalar(sa.select(Page.id).where(Page.slug == slug)) is None:
            builder(now)
            created.append(slug)
    _seed_users()
    db.session.flush()
    return created


# Demo only: documented in the README, never to be used on a real install.
DEMO_USERS = (
    ("admin@beacon.test", "Demo Admin", Role.ADMIN),
    ("staff@beacon.test", "Demo Staff", Role.STAFF),
)
DEMO_PASSWORD = "beacon-demo"  # noqa: S105


def _seed_users() -> None:
    for email, name, role in DEMO_USERS:
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
            user = User(email=email, name=name, role=role)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)


def _seed_hidden(now: datetime) -> None:
    page = page_for(
        "internal-tools",
        "Internal tools",
        "UTC",
        CoverageTier.BASIC,
        480,
        is_public=False,
    )
    component(page, "Build server", 0, now - timedelta(days=30))
