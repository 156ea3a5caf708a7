"""Demo data: the APC client with its March 2024 incident, and a busier second client.

Idempotent: a page whose slug already exists is left as it is.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Component,
    ComponentGroup,
    ComponentStatus,
    ContactChannel,
    CoverageTier,
    DetectionSource,
    EmergencyContact,
    EscalationContact,
    Impact,
    Incident,
    IncidentStatus,
    Page,
    PageDomain,
    Role,
    Severity,
    User,
    Visibility,
)
from app.models.base import utcnow
from app.services.demo_console import (
    seed_apc_record,
    seed_console_defaults,
    seed_northwind_response,
)
from app.services.demo_maintenance import seed_apc_maintenance
from app.services.demo_reviews import seed_northwind_review
from app.services.incidents import declare_incident

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def seed_demo(now: datetime | None = None) -> list[str]:
    """Create the demo pages that do not exist yet; return the slugs created."""
    now = now or utcnow()
    seed_console_defaults()
    created = []
    for slug, builder in (
        ("apc", _seed_apc),
        ("northwind", _seed_northwind),
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


def _seed_apc_contacts(page: Page) -> None:
    """The procedure's order: our chain first, then the client by phone, text, ..."""
    chain = [
        ("Strategist", "Benny Rostron", "Phone +1 555 010 0101, then Slack @benny"),
        ("PM", "Ryan Gibbons", "Phone +1 555 010 0102, then Slack @ryan"),
        ("Lead developer", "Dana Whitfield", "Phone +1 555 010 0103"),
    ]
    for position, (role, person, how) in enumerate(chain):
        db.session.add(
            EscalationContact(
                page=page,
                role_label=role,
                person_name=person,
                how_to_reach=how,
                position=position,
            )
        )
    client = [
        (ContactChannel.PHONE, "+1 555 010 0150"),
        (ContactChannel.TEXT, "+1 555 010 0150"),
        (ContactChannel.SLACK, "#apc-emergency"),
        (ContactChannel.EMAIL, "it@approcess.com"),
    ]
    for position, (channel, value) in enumerate(client):
        db.session.add(
            EmergencyContact(
                page=page,
                name="Alex Parker (APC)",
                channel=channel,
                value=value,
                position=position,
            )
        )


def _page(slug: str, name: str, tz: str, tier: CoverageTier, sla: int, **extra) -> Page:
    page = Page(
        slug=slug,
        name=name,
        time_zone=tz,
        coverage_tier=tier,
        sla_minutes=sla,
        created_at=utcnow() - timedelta(days=400),
        **extra,
    )
    db.session.add(page)
    return page


def _component(
    page: Page, name: str, position: int, created: datetime, **extra
) -> Component:
    component = Component(
        page=page,
        name=name,
        position=position,
        created_at=created,
        start_date=created.date(),
        **extra,
    )
    db.session.add(component)
    return component


def _seed_apc(now: datetime) -> None:
    page = _page(
        "apc",
        "APC",
        "America/New_York",
        CoverageTier.STANDARD,
        240,
        support_url="https://www.approcess.com/contact",
        support_contact="Email support@approcess.com or call your Strategist.",
        brand_color="#0b5cab",
        maintenance_reminder_minutes=24 * 60,
    )
    # *.localhost resolves to this machine, so the custom-domain path can be tried.
    db.session.add(PageDomain(page=page, hostname="apc.localhost"))
    since = datetime(2024, 1, 1, tzinfo=NEW_YORK)
    site = _component(page, "approcess.com", 0, since, url="https://www.approcess.com")
    other = _component(
        page, "vletherapeutics.com", 1, since, url="https://www.vletherapeutics.com"
    )
    _seed_apc_contacts(page)
    db.session.flush()
    _apc_dns_incident(page, site)
    _quiet_history(page, [site, other], now, NEW_YORK)
    seed_apc_maintenance(page, site, other, now)


def _at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _apc_dns_incident(page: Page, site: Component) -> Incident:
    """The 11 March 2024 downtime, as the agency's own report tells it."""
    day = date(2024, 3, 11)
    incident = declare_incident(
        page,
        "approcess.com is down",
        "Our uptime monitor reported a short downtime of approcess.com (a gateway "
        "timeout) at about 1:12 AM. vletherapeutics.com is not impacted. We are "
        "investigating and monitoring for further downtime.",
        severity=Severity.P2,
        impact=Impact.MAJOR,
        components={site: ComponentStatus.MAJOR_OUTAGE},
        detection_source=DetectionSource.MONITORING,
        started_at=_at(day, 1, 12, NEW_YORK),
        detected_at=_at(day, 1, 12, NEW_YORK),
        at=_at(day, 8, 0, NEW_YORK),
    )
    # The site itself came back after five minutes; history says so.
    site.status_changes[-1].changed_at = _at(day, 1, 12, NEW_YORK)
    site.set_status(
        ComponentStatus.OPERATIONAL,
        at=_at(day, 1, 17, NEW_YORK),
        incident_id=incident.id,
    )
    incident.acknowledged_at = _at(day, 8, 0, NEW_YORK)
    incident.post_update(
        IncidentStatus.INVESTIGATING,
        "Alerted by StatusCake at 1:12 AM: Benny Rostron and Ryan Gibbons by email, "
        "Slack and text. Benny alerted the team at 8:00 AM.",
        visibility=Visibility.INTERNAL,
        at=_at(day, 8, 1, NEW_YORK),
    )
    incident.post_update(
        IncidentStatus.IDENTIFIED,
        "APC confirmed that no changes were drafted or published in the past 3 days. "
        "We are focusing on the DNS set-up and have found a gateway misfiring due "
        "to a configuration setting.",
        at=_at(day, 9, 15, NEW_YORK),
    )
    incident.post_update(
        IncidentStatus.RESOLVED,
        "We updated the DNS settings: one of the gateways was misfiring due to a "
        "configuration setting, and this has now been corrected. approcess.com has "
        "been up since the 5-minute downtime at 1:12 AM.",
        at=_at(day, 9, 30, NEW_YORK),
    )
    seed_apc_record(incident)
    return incident


def _quiet_history(
    page: Page, components: list[Component], now: datetime, tz: ZoneInfo
) -> None:
    """A few short, resolved incidents in the last 90 days, so the bars show colour."""
    plan = [
        (
            70,
            components[0],
            ComponentStatus.DEGRADED_PERFORMANCE,
            45,
            Impact.MINOR,
            "Slow page loads on approcess.com",
        ),
        (
            33,
            components[1],
            ComponentStatus.PARTIAL_OUTAGE,
            30,
            Impact.MAJOR,
            "Contact form not sending on vletherapeutics.com",
        ),
        (
            9,
            components[0],
            ComponentStatus.MAJOR_OUTAGE,
            12,
            Impact.MAJOR,
            "approcess.com returned errors after a plugin update",
        ),
    ]
    for days_ago, component, status, minutes, impact, title in plan:
        start = (
            (now - timedelta(days=days_ago))
            .astimezone(tz)
            .replace(hour=10, minute=5, second=0, microsecond=0)
        )
        _resolved_incident(page, component, status, minutes, impact, title, start)


def _resolved_incident(
    page: Page,
    component: Component,
    status: ComponentStatus,
    minutes: int,
    impact: Impact,
    title: str,
    start: datetime,
) -> Incident:
    incident = declare_incident(
        page,
        title,
        f"We are investigating reports of problems with {component.name}.",
        impact=impact,
        severity=Severity.P2,
        components={component: status},
        started_at=start,
        at=start,
    )
    incident.acknowledged_at = start + timedelta(minutes=4)
    incident.post_update(
        IncidentStatus.IDENTIFIED,
        "We have found the cause and are applying a fix.",
        at=start + timedelta(minutes=minutes // 2),
    )
    incident.post_update(
        IncidentStatus.RESOLVED,
        "This incident has been resolved.",
        at=start + timedelta(minutes=minutes),
    )
    return incident


def _seed_northwind(now: datetime) -> None:
    page = _page(
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
    site = _component(
        page, "northwind.example", 0, since, url="https://northwind.example"
    )
    checkout = _component(page, "Checkout & payments", 1, since, group=shop)
    search = _component(page, "Product search", 2, since, group=shop)
    api = _component(page, "Partner API", 3, since)
    db.session.flush()
    _quiet_history(page, [site, search, api], now, LONDON)
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


def _seed_hidden(now: datetime) -> None:
    page = _page(
        "internal-tools",
        "Internal tools",
        "UTC",
        CoverageTier.BASIC,
        480,
        is_public=False,
    )
    _component(page, "Build server", 0, now - timedelta(days=30))
