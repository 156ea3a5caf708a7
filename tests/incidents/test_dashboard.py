"""The console dashboard: every unresolved incident, P0 first then oldest."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.incidents.clocks import SlaStatus
from app.incidents.dashboard import clocks_for, unresolved_for_dashboard
from app.incidents.policies import ensure_default_policies
from app.incidents.response import acknowledge
from app.incidents.service import declare_incident, post_incident_update
from app.models import IncidentStatus, Severity, SeverityPolicy, Visibility

NOW = datetime(2024, 5, 6, 14, 0, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 5, 6, hour, minute, tzinfo=UTC)


@pytest.fixture
def board(db, make_page, make_user):
    """Four unresolved incidents on three pages (one hidden) and a resolved one."""
    fast = make_page(name="Fast", sla_minutes=60)
    slow = make_page(name="Slow", sla_minutes=240, is_public=False)
    p1 = declare_incident(
        fast,
        "P1 recent",
        "Looking.",
        severity=Severity.P1,
        started_at=at(13),
        detected_at=at(13, 5),
        at=at(13, 10),
    )
    post_incident_update(p1, IncidentStatus.IDENTIFIED, "Found it.", at=at(13, 20))
    post_incident_update(
        p1,
        IncidentStatus.IDENTIFIED,
        "Internal only.",
        visibility=Visibility.INTERNAL,
        at=at(13, 50),
    )
    acknowledge(p1, make_user(), at(13, 15), now=NOW)
    p0 = declare_incident(
        slow,
        "P0 internal",
        "Confirming.",
        severity=Severity.P0,
        public=False,
        at=at(13, 30),
    )
    old_p1 = declare_incident(fast, "P1 old", "x", severity=Severity.P1, at=at(12))
    p3 = declare_incident(fast, "P3", "x", severity=Severity.P3, at=at(9))
    done = declare_incident(fast, "Done", "x", severity=Severity.P0, at=at(8))
    post_incident_update(done, IncidentStatus.RESOLVED, "Fixed.", at=at(8, 30))
    db.session.commit()
    return {"p1": p1, "p0": p0, "old_p1": old_p1, "p3": p3}


def test_order_is_severity_then_age(db, board):
    rows = unresolved_for_dashboard(NOW)
    assert [row.incident.title for row in rows] == [
        "P0 internal",
        "P1 old",
        "P1 recent",
        "P3",
    ]
    assert {row.page.name for row in rows} == {"Fast", "Slow"}
    assert [row.age for row in rows] == [
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=1),
        timedelta(hours=5),
    ]


def test_the_p1_figures(db, board):
    row = next(
        r for r in unresolved_for_dashboard(NOW) if r.incident.title == "P1 recent"
    )
    updates, recovery, sla = row.clocks.updates, row.clocks.recovery, row.clocks.sla
    # the internal update at 13:50 does not count: last public 13:20, due 13:50
    assert updates.last_public_update_at == at(13, 20)
    assert updates.since_last_update == timedelta(minutes=40)
    assert updates.next_update_due_at == at(13, 50)
    assert updates.overdue_by == timedelta(minutes=10)
    # detected 13:05 + 4 h
    assert recovery.deadline == at(17, 5)
    assert recovery.time_left == timedelta(hours=3, minutes=5)
    # detected 13:05 + 60 min SLA; acknowledged 13:15
    assert sla.deadline == at(14, 5)
    assert sla.status is SlaStatus.MET
    assert sla.response_time == timedelta(minutes=10)
    assert row.policy.update_cadence_minutes == 30


def test_the_internal_only_p0_figures(db, board):
    row = unresolved_for_dashboard(NOW)[0]
    # no public update yet: the first is due 15 minutes after detection at 13:30
    assert row.clocks.updates.last_public_update_at is None
    assert row.clocks.updates.next_update_due_at == at(13, 45)
    assert row.clocks.updates.overdue_by == timedelta(minutes=15)
    assert row.clocks.recovery.deadline == at(14, 30)
    assert row.clocks.recovery.time_left == timedelta(minutes=30)
    assert row.clocks.sla.status is SlaStatus.PENDING
    assert row.clocks.sla.time_left == timedelta(hours=3, minutes=30)


def test_p3_owes_nothing_but_an_old_p1_misses_its_sla(db, board):
    rows = {r.incident.title: r for r in unresolved_for_dashboard(NOW)}
    p3 = rows["P3"].clocks
    assert p3.updates.next_update_due_at is None
    assert not p3.updates.overdue
    assert p3.recovery.deadline is None
    old = rows["P1 old"].clocks
    assert old.sla.status is SlaStatus.MISSED  # 12:00 + 60 min, never acknowledged
    assert old.updates.overdue_by == timedelta(minutes=90)  # due 12:30


def test_edited_policies_drive_the_clocks(db, board):
    ensure_default_policies()
    policy = db.session.scalar(
        sa.select(SeverityPolicy).where(SeverityPolicy.severity == Severity.P1)
    )
    policy.update_cadence_minutes = 20
    db.session.commit()
    row = next(
        r for r in unresolved_for_dashboard(NOW) if r.incident.title == "P1 recent"
    )
    assert row.clocks.updates.next_update_due_at == at(13, 40)
    assert row.clocks.updates.overdue_by == timedelta(minutes=20)


def test_clocks_for_one_incident_match_the_dashboard(db, board):
    row = next(
        r for r in unresolved_for_dashboard(NOW) if r.incident.title == "P1 recent"
    )
    assert clocks_for(board["p1"], NOW) == row.clocks


def test_an_empty_dashboard(db):
    assert unresolved_for_dashboard(NOW) == []
