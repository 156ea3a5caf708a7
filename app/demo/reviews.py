"""Demo data for post-incident reviews: Northwind's latest resolved incident.

Called while the Northwind page is built (northwind.py). APC's March 2024
incident is a P2 (a brief summary), so nothing is owed for it.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core.localtime import local_today
from app.demo.console import person
from app.extensions import db
from app.models import ActionItemStatus, Incident, IncidentStatus, Page
from app.reviews import service as reviews

POSTMORTEM = """\
On the morning of the incident, the Northwind website returned errors for about
twelve minutes after a routine plugin update.

**What happened.** An update to one of the site's plugins was applied during
business hours. The new version needed a newer PHP extension than the server had,
so pages that used the plugin failed to load.

**What we did.** We rolled the plugin back to its previous version, which brought
the site back within minutes, and confirmed that no orders or messages were lost.

**What we are changing.**

- Plugin updates are now tried on the staging copy of the site first.
- Our uptime checks now include the pages that use the shop's plugins.
"""


def seed_northwind_review(page: Page, now: datetime) -> None:
    """A completed review, a published postmortem and three action items."""
    incident = db.session.scalar(
        sa.select(Incident)
        .where(Incident.page_id == page.id, Incident.status == IncidentStatus.RESOLVED)
        .order_by(Incident.resolved_at.desc())
    )
    if incident is None or incident.resolved_at is None:
        return
    resolved = incident.resolved_at
    review = reviews.save_review(
        incident,
        None,
        what_happened="10:05 a plugin update went live; 10:06 the first errors; "
        "10:11 we rolled the plugin back; 10:17 the site was confirmed healthy.",
        root_cause="The plugin's new version needed a PHP extension the server lacks.",
        five_whys=[
            ("Why did pages fail?", "The plugin raised a fatal error."),
            ("Why the fatal error?", "It called a missing PHP extension."),
            ("Why was that not found before?", "Updates went straight to live."),
        ],
        monitoring_gaps="The uptime check only loads the home page, which does not "
        "use the plugin; a customer noticed first.",
        prevention="Try updates on staging; check the shop pages too.",
    )
    reviews.complete_review(review, None, now=resolved + timedelta(hours=20))
    reviews.publish_postmortem(
        review, None, POSTMORTEM, now=resolved + timedelta(hours=22)
    )
    _action_items(incident, resolved, now)


def _action_items(incident: Incident, resolved: datetime, now: datetime) -> None:
    day = local_today(resolved, incident.page.time_zone)
    plan = [
        ("Set up a staging copy for plugin updates", "dana", 3, ActionItemStatus.DONE),
        ("Add an uptime check for the checkout page", "ryan", 5, None),
        ("Write the plugin-update runbook", "dana", 30, None),
    ]
    for description, who, days, status in plan:
        item = reviews.add_action_item(
            incident,
            None,
            description=description,
            owner=person(who),
            deadline=day + timedelta(days=days),
            now=resolved,
        )
        if status is not None:
            reviews.set_action_item_status(
                item, None, status, now=resolved + timedelta(days=2)
            )
