"""The demo's internal records: APC's March 2024 incident and Northwind's live one."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.demo import seed_demo
from app.incidents.clocks import SlaStatus
from app.incidents.dashboard import unresolved_for_dashboard
from app.incidents.hours import incident_hours
from app.models import (
    AlertChannel,
    AlertLogEntry,
    CommunicationTemplate,
    Incident,
    Page,
    SeverityPolicy,
    TimeEntry,
    User,
)

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def _incident(db, slug: str, title: str) -> Incident:
    return db.session.scalar(
        sa.select(Incident).join(Page).where(Page.slug == slug, Incident.title == title)
    )


def test_apc_has_its_whole_internal_record(db):
    seed_demo(NOW)
    db.session.commit()
    incident = _incident(db, "apc", "approcess.com is down")
    assert incident.commander.name == "Benny Rostron"
    assert incident.acknowledged_by.name == "Benny Rostron"
    monitor = [e for e in incident.alert_log if e.alerted_by == "StatusCake"]
    assert {(e.person_name, e.channel) for e in monitor} == {
        (name, channel)
        for name in ("Benny Rostron", "Ryan Gibbons")
        for channel in (AlertChannel.EMAIL, AlertChannel.SLACK, AlertChannel.TEXT)
    }
    assert {e.alerted_at for e in monitor} == {datetime(2024, 3, 11, 5, 12, tzinfo=UTC)}
    team = incident.alert_log[-1]
    assert (team.alerted_by, team.alerted_at) == (
        "Benny Rostron",
        datetime(2024, 3, 11, 12, 0, tzinfo=UTC),  # 8:00 AM EDT
    )
    [action] = incident.client_actions
    assert action.occurred_at == datetime(2024, 3, 11, 13, 15, tzinfo=UTC)
    assert "past 3 days" in action.description
    hours = incident_hours(incident)
    assert hours.total_hours == Decimal("1.50")
    assert hours.phrase == "1.5 hours"
    record = incident.record
    assert record.hours_logged_as == "Emergency Response under Core Coverage"
    assert "nameservers" in record.resolution_next
    assert (
        record.resolution_next.index("DNS")
        < record.resolution_next.index("reproduce")
        < record.resolution_next.index("traffic spikes")
    )
    assert record.side_effects
    assert record.client_next_steps
    assert record.has_debrief
    assert incident.notes


def test_northwind_is_on_the_dashboard_with_a_commander_and_hours(db):
    seed_demo(NOW)
    db.session.commit()
    [row] = unresolved_for_dashboard(NOW)
    assert row.page.slug == "northwind"
    assert row.incident.commander.name == "Dana Whitfield"
    assert len(row.incident.alert_log) == 3
    assert incident_hours(row.incident).total_minutes == 45
    # P1: last public update 10 minutes ago, next due in 20; acknowledged in 4 min
    assert row.clocks.updates.next_update_due_at == NOW + timedelta(minutes=20)
    assert not row.clocks.updates.overdue
    assert row.clocks.sla.status is SlaStatus.MET
    assert row.clocks.sla.response_time == timedelta(minutes=4)


def test_seeding_twice_adds_nothing(db):
    seed_demo(NOW)
    db.session.commit()
    counts = _counts(db)
    assert seed_demo(NOW + timedelta(hours=1)) == []
    db.session.commit()
    assert _counts(db) == counts
    assert counts[SeverityPolicy] == 4
    assert counts[CommunicationTemplate] == 5


def _counts(db) -> dict:
    models = (AlertLogEntry, TimeEntry, User, SeverityPolicy, CommunicationTemplate)
    return {m: db.session.scalar(sa.select(sa.func.count(m.id))) for m in models}


def test_the_apc_alert_log_reads_like_the_report(db):
    from app.incidents.alerts import alert_rounds

    seed_demo(NOW)
    db.session.commit()
    incident = _incident(db, "apc", "approcess.com is down")
    monitor, team = alert_rounds(incident.alert_log)
    assert monitor.alerted_by == "StatusCake"
    assert monitor.people_text == "Benny Rostron and Ryan Gibbons"
    assert monitor.channel_text == "by email, through Slack and by text message"
    assert monitor.answered_by == ()
    assert (team.alerted_by, team.people, team.answered_by) == (
        "Benny Rostron",
        ("the development team",),
        ("the development team",),
    )
