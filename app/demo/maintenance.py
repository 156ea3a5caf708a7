"""Demo maintenance for the APC page: one window coming up, one completed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.maintenance.service import post_maintenance_update, schedule_maintenance
from app.models import Component, MaintenanceStatus, Page

NEW_YORK = ZoneInfo("America/New_York")


def seed_apc_maintenance(
    page: Page, site: Component, other: Component, now: datetime
) -> None:
    """A hosting upgrade later this week, and last month's completed PHP upgrade."""
    start = _evening(now + timedelta(days=3), 22)
    schedule_maintenance(
        page,
        "Hosting platform upgrade",
        "We are moving approcess.com to our upgraded hosting platform. The site may "
        "be unavailable for up to 15 minutes during this window.",
        start,
        start + timedelta(hours=2),
        components=[site],
        now=now,
    )
    start = _evening(now - timedelta(days=28), 21)
    done = schedule_maintenance(
        page,
        "PHP upgrade for vletherapeutics.com",
        "We are upgrading vletherapeutics.com to PHP 8.3. Forms may be briefly "
        "unavailable.",
        start,
        start + timedelta(minutes=90),
        components=[other],
        now=start - timedelta(days=7),
    )
    for status, body, minutes in (
        (MaintenanceStatus.IN_PROGRESS, "The upgrade has started.", 0),
        (
            MaintenanceStatus.VERIFYING,
            "The upgrade is done; we are checking every form and page.",
            55,
        ),
        (
            MaintenanceStatus.COMPLETED,
            "All checks passed. The upgrade is complete.",
            70,
        ),
    ):
        post_maintenance_update(
            done, status, body, at=start + timedelta(minutes=minutes)
        )


def _evening(when: datetime, hour: int) -> datetime:
    return when.astimezone(NEW_YORK).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
