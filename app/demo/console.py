"""Demo data for the incident console: policies, templates and internal records.

Called by each demo client's builder while it builds its page, so once per page.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.incidents.communication import ensure_default_templates
from app.incidents.hours import log_time
from app.incidents.policies import ensure_default_policies
from app.incidents.record import (
    add_note,
    log_alert,
    record_client_action,
    update_client_report,
    update_debrief,
)
from app.models import (
    AlertAnswer,
    AlertChannel,
    Incident,
    IncidentStatus,
    Page,
    TimeCategory,
    User,
)

NEW_YORK = ZoneInfo("America/New_York")

# The people in the agency's escalation chains; staff records without a password.
PEOPLE = {
    "benny": ("Benny Rostron", "benny@beacon.test"),
    "ryan": ("Ryan Gibbons", "ryan@beacon.test"),
    "dana": ("Dana Whitfield", "dana@beacon.test"),
}


def seed_console_defaults() -> None:
    """The procedure's severity policies and communication templates (idempotent)."""
    ensure_default_policies()
    ensure_default_templates()


def person(key: str) -> User:
    """The demo staff member ``key``, created on first use."""
    name, email = PEOPLE[key]
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name)
        db.session.add(user)
    return user


def _apc(hour: int, minute: int) -> datetime:
    return datetime(2024, 3, 11, hour, minute, tzinfo=NEW_YORK)


def seed_apc_record(incident: Incident) -> None:
    """The internal record of APC's 11 March 2024 downtime, as the agency wrote it."""
    benny, ryan = person("benny"), person("ryan")
    incident.commander = benny
    incident.acknowledged_by = benny
    _apc_alerts(incident, benny, ryan)
    record_client_action(
        incident,
        "APC confirmed that they had not drafted or published any changes in the "
        "past 3 days that could have caused the downtime, so we focused on the DNS "
        "investigation.",
        _apc(9, 15),
        recorded_by=benny,
    )
    _apc_hours(incident, benny, ryan)
    _apc_client_report(incident, benny)
    _apc_debrief(incident, benny)
    add_note(
        incident,
        "Debrief held on Slack after the fix; notes are in the debrief below.",
        benny,
        at=_apc(9, 45),
    )


def _apc_alerts(incident: Incident, benny: User, ryan: User) -> None:
    for who in (benny, ryan):
        for channel in (AlertChannel.EMAIL, AlertChannel.SLACK, AlertChannel.TEXT):
            log_alert(
                incident,
                person_name=who.name,
                alerted_at=_apc(1, 12),
                channel=channel,
                answered=AlertAnswer.NO,
                alerted_by="StatusCake",
                note="Overnight monitor alert; not seen until 8:00 AM.",
            )
    log_alert(
        incident,
        person_name="the development team",
        alerted_at=_apc(8, 0),
        channel=AlertChannel.SLACK,
        answered=AlertAnswer.YES,
        alerted_by=benny.name,
        note="Team asked to investigate the earlier error while Benny monitors.",
        recorded_by=benny,
    )


def _apc_hours(incident: Incident, benny: User, ryan: User) -> None:
    day = date(2024, 3, 11)
    for who, minutes, category, note in (
        (benny, 30, TimeCategory.EMERGENCY_RESPONSE, "Triage, alerting, monitoring"),
        (ryan, 45, TimeCategory.INVESTIGATION, "DNS set-up and gateway logs"),
        (ryan, 15, TimeCategory.FIX, "Corrected the gateway setting in DNS"),
    ):
        log_time(
            incident,
            minutes=minutes,
            work_date=day,
            category=category,
            user=who,
            note=note,
            recorded_by=benny,
        )


def _apc_client_report(incident: Incident, benny: User) -> None:
    update_client_report(
        incident,
        benny,
        resolution_done=(
            "We updated the DNS settings: it transpired that one of the gateways was "
            "misfiring because of a configuration setting, and this has now been "
            "corrected."
        ),
        resolution_next=(
            "The team has been asked to investigate this as part of the Core "
            "Coverage agreement we have with APC. We are starting with the current "
            "DNS set-up, as we recently had to resolve a DNS failure caused by the "
            "nameservers being reset to default at the registrar: this may be the "
            "simplest explanation.\n\n"
            "If the DNS set-up is not the issue, we will try to reproduce the "
            "problem from our end. If that is not possible, we will look for any "
            "unusual traffic spikes just before the downtime: this could explain "
            "it, and would help inform a fix."
        ),
        side_effects=(
            "We do not expect lasting effects: approcess.com has been up since the "
            "5-minute downtime. While the DNS change settles, a few visitors may "
            "briefly see a slow first page load."
        ),
        client_next_steps=(
            "Nothing is needed from APC. If approcess.com shows a timeout or gateway "
            "error again, tell your Strategist straight away with the time it "
            "happened, so we can match it against our logs."
        ),
        hours_logged_as="Emergency Response under Core Coverage",
    )


def _apc_debrief(incident: Incident, benny: User) -> None:
    update_debrief(
        incident,
        benny,
        what_happened=(
            "StatusCake saw approcess.com return a gateway timeout for 5 minutes "
            "from 1:12 AM. The overnight alerts (email, Slack, text) to Benny and "
            "Ryan were not seen until 8:00 AM."
        ),
        investigation=(
            "APC confirmed no changes in 3 days, so we started with DNS, since the "
            "nameservers had once been reset to default at the registrar. One "
            "gateway was misfiring because of a configuration setting."
        ),
        resolution="Updated the DNS settings at 9:30 AM; stable since.",
        prevention=(
            "Phone escalation for overnight monitor alerts on Core Coverage clients; "
            "record the gateway setting in the APC runbook; check the registrar's "
            "nameserver settings monthly."
        ),
    )


def seed_northwind_response(page: Page, now: datetime) -> None:
    """A commander, an alert log and some hours for Northwind's live incident."""
    incident = db.session.scalar(
        sa.select(Incident).where(
            Incident.page_id == page.id, Incident.status != IncidentStatus.RESOLVED
        )
    )
    if incident is None:
        return
    dana, ryan = person("dana"), person("ryan")
    incident.commander = dana
    incident.acknowledged_at = now - timedelta(minutes=41)
    incident.acknowledged_by = dana
    for who, channel, answered, minutes_ago in (
        (dana, AlertChannel.PHONE, AlertAnswer.YES, 44),
        (ryan, AlertChannel.PHONE, AlertAnswer.NO, 43),
        (ryan, AlertChannel.SLACK, AlertAnswer.YES, 42),
    ):
        log_alert(
            incident,
            person_name=who.name,
            alerted_at=now - timedelta(minutes=minutes_ago),
            channel=channel,
            answered=answered,
            alerted_by="Northwind support desk",
            now=now,
        )
    today = now.astimezone(ZoneInfo(page.time_zone)).date()
    for who, minutes, category in (
        (dana, 35, TimeCategory.INVESTIGATION),
        (ryan, 10, TimeCategory.COMMUNICATION),
    ):
        log_time(
            incident,
            minutes=minutes,
            work_date=today,
            category=category,
            user=who,
            now=now,
        )
