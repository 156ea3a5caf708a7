"""Demo client Northwind: a busier shop with a live P1 and a reviewed incident."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.demo.builders import component, page_for, quiet_history
from app.demo.console import seed_northwind_response
from app.demo.reviews import seed_northwind_review
from app.extensions import db
from app.incidents.service import declare_incident
from app.models import (
    ComponentGroup,
    ComponentStatus,
    CoverageTier,
    DetectionSource,
    Impact,
    IncidentStatus,
    Severity,
)

LONDON = ZoneInfo("Europe/London")


# Its quiet history is about its own site and search (components 0, 1, 0).
NORTHWIND_HISTORY = (
    "Slow page loads on northwind.example",
    "Product search returning no results for some queries",
    "northwind.example showed errors after a theme update",
)


def seed_northwind(now: datetime) -> None:
    """Northwind's page: a grouped shop, 90 days of history and a live P1."""
    page = page_for(
        "northwind",
        "Northwind Outfitters",
        "Europe/London",
        CoverageTier.ENHANCED,
        60,
        support_url="https://northwind.example/help",
        support_contact="support@northwind.example",
    )
    since = now - timedelta(days=200)
    shop = ComponentGroup(page=page, name="Online shop", position=0)
    site = component(
        page, "northwind.example", 0, since, url="https://northwind.example"
    )
    checkout = component(page, "Checkout & payments", 1, since, group=shop)
    search = component(page, "Product search", 2, since, group=shop)
    api = component(page, "Partner API", 3, since)
    db.session.flush()
    quiet_history(page, [site, search, api], now, LONDON, NORTHWIND_HISTORY)
    declare_incident(
        page,
        "Checkout payments failing for some customers",
        "Some customers see an error when paying at checkout. We are investigating.",
        severity=Severity.P1,
        impact=Impact.MAJOR,
        components={checkout: ComponentStatus.PARTIAL_OUTAGE},
        detection_source=DetectionSource.CLIENT_REPORTED,
        started_at=now - timedelta(minutes=52),
        detected_at=now - timedelta(minutes=45),
        at=now - timedelta(minutes=40),
    ).post_update(
        IncidentStatus.IDENTIFIED,
        "The payment provider is rejecting a share of card payments after a "
        "certificate change. We are rolling out a fix; next update in 30 minutes.",
        at=now - timedelta(minutes=10),
    )
    seed_northwind_response(page, now)
    seed_northwind_review(page, now)
