"""Demo client APC: its contacts and the 11 March 2024 incident, as reported."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

from app.demo.builders import component, local_at, page_for, quiet_history
from app.demo.console import seed_apc_record
from app.demo.maintenance import seed_apc_maintenance
from app.extensions import db
from app.incidents.service import declare_incident
from app.models import (
    Component,
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
    Severity,
    Visibility,
)
from app.pages.images import prepare_logo
from app.pages.logos import set_logo

NEW_YORK = ZoneInfo("America/New_York")


def seed_apc(now: datetime) -> None:
    """APC's page: two sites, contacts, the March 2024 incident, maintenance."""
    page = page_for(
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
    site = component(page, "approcess.com", 0, since, url="https://www.approcess.com")
    other = component(
        page, "vletherapeutics.com", 1, since, url="https://www.vletherapeutics.com"
    )
    _contacts(page)
    db.session.flush()
    _apc_dns_incident(page, site)
    quiet_history(page, [site, other], now, NEW_YORK)
    seed_apc_maintenance(page, site, other, now)
    set_logo(page, prepare_logo(_logo_png()), None)


def _logo_png() -> bytes:
    """APC's logo, drawn here so the demo ships no binary files."""
    image = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 95, 95), radius=20, fill=(11, 92, 171, 255))
    font = ImageFont.load_default(size=64)
    draw.text((48, 50), "A", font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _contacts(page: Page) -> None:
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
        started_at=local_at(day, 1, 12, NEW_YORK),
        detected_at=local_at(day, 1, 12, NEW_YORK),
        at=local_at(day, 8, 0, NEW_YORK),
    )
    # The site itself came back after five minutes; history says so.
    site.status_changes[-1].changed_at = local_at(day, 1, 12, NEW_YORK)
    site.set_status(
        ComponentStatus.OPERATIONAL,
        at=local_at(day, 1, 17, NEW_YORK),
        incident_id=incident.id,
    )
    incident.acknowledged_at = local_at(day, 8, 0, NEW_YORK)
    incident.post_update(
        IncidentStatus.INVESTIGATING,
        "Alerted by StatusCake at 1:12 AM: Benny Rostron and Ryan Gibbons by email, "
        "Slack and text. Benny alerted the team at 8:00 AM.",
        visibility=Visibility.INTERNAL,
        at=local_at(day, 8, 1, NEW_YORK),
    )
    incident.post_update(
        IncidentStatus.IDENTIFIED,
        "APC confirmed that no changes were drafted or published in the past 3 days. "
        "We are focusing on the DNS set-up and have found a gateway misfiring due "
        "to a configuration setting.",
        at=local_at(day, 9, 15, NEW_YORK),
    )
    incident.post_update(
        IncidentStatus.RESOLVED,
        "We updated the DNS settings: one of the gateways was misfiring due to a "
        "configuration setting, and this has now been corrected. approcess.com has "
        "been up since the 5-minute downtime at 1:12 AM.",
        at=local_at(day, 9, 30, NEW_YORK),
    )
    seed_apc_record(incident)
    return incident
