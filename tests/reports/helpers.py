"""Incidents for the report tests: APC from the demo, and one full of marked secrets."""

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa
from pypdf import PdfReader

from app.demo import seed_demo
from app.extensions import db
from app.incidents.hours import log_time
from app.incidents.record import (
    add_note,
    log_alert,
    record_client_action,
    update_client_report,
    update_debrief,
)
from app.incidents.service import declare_incident, post_incident_update
from app.models import (
    AlertAnswer,
    AlertChannel,
    Component,
    ComponentStatus,
    DetectionSource,
    Incident,
    IncidentStatus,
    Page,
    TimeCategory,
    Visibility,
)

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
APC_TITLE = "approcess.com is down"

# Each marker sits in one kind of internal data; none may reach a client report.
SECRETS = {
    "what_happened": "SECRET-DEBRIEF-WHAT-4411",
    "investigation": "SECRET-DEBRIEF-INVESTIGATION-4412",
    "resolution": "SECRET-DEBRIEF-RESOLUTION-4413",
    "prevention": "SECRET-DEBRIEF-PREVENTION-4414",
    "note": "SECRET-NOTE-4415",
    "alert_note": "SECRET-ALERT-NOTE-4416",
    "internal_update": "SECRET-INTERNAL-UPDATE-4417",
}
# Written for the client: must be in both variants.
CLIENT_TEXT = {
    "resolution_done": "CLIENT-FIX-5501 restarted the mail relay.",
    "resolution_next": "CLIENT-NEXT-5502 we are checking the relay logs.",
    "side_effects": "CLIENT-SIDE-5503 some emails may arrive late.",
    "client_next_steps": "CLIENT-STEPS-5504 resend anything urgent.",
}


def seed_apc() -> Incident:
    """The demo data; returns APC's 11 March 2024 downtime."""
    seed_demo(NOW)
    db.session.commit()
    return db.session.scalar(
        sa.select(Incident)
        .join(Page)
        .where(Page.slug == "apc", Incident.title == APC_TITLE)
    )


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 5, 2, hour, minute, tzinfo=UTC)


def seed_secret_incident() -> Incident:
    """A resolved incident whose internal record is full of SECRETS."""
    page = Page(slug="acme", name="Acme", time_zone="Europe/London")
    mail = Component(page=page, name="mail.acme.test", position=0)
    site = Component(page=page, name="www.acme.test", position=1)
    db.session.add_all([page, mail, site])
    db.session.flush()
    incident = declare_incident(
        page,
        "Email is delayed",
        "We are looking into **delayed email**. <script>alert(1)</script>",
        components={mail: ComponentStatus.PARTIAL_OUTAGE},
        detection_source=DetectionSource.CLIENT_REPORTED,
        started_at=at(9),
        detected_at=at(9, 10),
        at=at(9, 15),
    )
    post_incident_update(
        incident,
        IncidentStatus.IDENTIFIED,
        f"Relay queue stuck. {SECRETS['internal_update']}",
        visibility=Visibility.INTERNAL,
        at=at(9, 40),
    )
    post_incident_update(
        incident, IncidentStatus.RESOLVED, "Email flows again.", at=at(10, 5)
    )
    _internal_record(incident)
    db.session.commit()
    return incident


def _internal_record(incident: Incident) -> None:
    log_alert(
        incident,
        person_name="Casey Ops",
        alerted_at=at(9, 12),
        channel=AlertChannel.PHONE,
        answered=AlertAnswer.YES,
        alerted_by="Acme support desk",
        note=SECRETS["alert_note"],
    )
    add_note(incident, SECRETS["note"], None, at=at(9, 50))
    update_debrief(
        incident,
        **{k: SECRETS[k] for k in ("what_happened", "investigation")},
        **{k: SECRETS[k] for k in ("resolution", "prevention")},
    )
    update_client_report(
        incident,
        hours_logged_as="Emergency Response under Core Coverage",
        **CLIENT_TEXT,
    )
    record_client_action(incident, "Acme paused its newsletter.", at(9, 30))
    log_time(
        incident,
        minutes=50,
        work_date=date(2024, 5, 2),
        category=TimeCategory.FIX,
        person_name="Casey Ops",
    )


def pdf_text(body: bytes) -> str:
    """The text of a PDF, whitespace collapsed (lines break anywhere).

    A word broken after a hyphen at a line's end ("SECRET-ALERT-⏎NOTE") is joined
    again, so a check that a marker is absent cannot pass because of a line break.
    """
    from io import BytesIO

    reader = PdfReader(BytesIO(body))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return re.sub(r"(?<=\S-) ", "", text)


def seed_minimal_incident() -> Incident:
    """Resolved, no components, no internal record at all."""
    page = Page(slug="bare", name="Bare", time_zone="UTC")
    db.session.add(page)
    incident = declare_incident(page, "Login trouble", "Looking.", at=at(10))
    post_incident_update(incident, IncidentStatus.RESOLVED, "", at=at(10, 45))
    db.session.commit()
    return incident


def seed_open_incident() -> Incident:
    """Still investigating, one component degraded."""
    page = Page(slug="open", name="Open Co", time_zone="Asia/Tokyo")
    site = Component(page=page, name="open.test")
    db.session.add_all([page, site])
    incident = declare_incident(
        page,
        "Slow pages",
        "Pages are slow.",
        components={site: ComponentStatus.DEGRADED_PERFORMANCE},
        at=at(3),
    )
    db.session.commit()
    return incident
