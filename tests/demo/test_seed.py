"""`flask seed-demo`: idempotent, and APC's March 2024 incident as it happened."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.demo import seed_demo
from app.extensions import db as _db
from app.models import (
    Base,
    Component,
    ComponentStatus,
    CoverageTier,
    DetectionSource,
    Incident,
    IncidentStatus,
    Page,
    Visibility,
)

NY = ZoneInfo("America/New_York")


def _row_counts() -> dict[str, int]:
    return {
        table.name: _db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def test_seed_demo_is_idempotent(db, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Created demo pages: apc, northwind, internal-tools" in first.output
    counts = _row_counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "nothing to do" in second.output
    assert _row_counts() == counts
    assert counts["pages"] == 3
    assert counts["incidents"] > 3
    assert counts["component_status_changes"] > 0


@pytest.fixture
def apc(db, runner) -> Page:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    return db.session.scalar(sa.select(Page).where(Page.slug == "apc"))


@pytest.fixture
def dns_incident(db, apc) -> Incident:
    return db.session.scalar(
        sa.select(Incident).where(
            Incident.page_id == apc.id, Incident.title == "approcess.com is down"
        )
    )


def _component(db, page: Page, name: str) -> Component:
    return db.session.scalar(
        sa.select(Component).where(Component.page_id == page.id, Component.name == name)
    )


def test_apc_page(apc):
    assert apc.name == "APC"
    assert apc.time_zone == "America/New_York"
    assert apc.coverage_tier is CoverageTier.STANDARD
    assert apc.tier_label == "Standard"
    assert apc.is_public
    assert sorted(c.name for c in apc.components) == [
        "approcess.com",
        "vletherapeutics.com",
    ]


def test_apc_incident_facts(db, apc, dns_incident):
    incident = dns_incident
    local = {
        name: getattr(incident, name).astimezone(NY).replace(tzinfo=None)
        for name in ("started_at", "detected_at", "acknowledged_at", "resolved_at")
    }
    assert local == {
        "started_at": datetime(2024, 3, 11, 1, 12),
        "detected_at": datetime(2024, 3, 11, 1, 12),
        "acknowledged_at": datetime(2024, 3, 11, 8, 0),
        "resolved_at": datetime(2024, 3, 11, 9, 30),
    }
    assert incident.status is IncidentStatus.RESOLVED
    assert incident.detection_source is DetectionSource.MONITORING
    assert incident.is_public
    assert [a.component.name for a in incident.affected] == ["approcess.com"]
    public = [u.status for u in incident.public_updates]
    assert public == [
        IncidentStatus.RESOLVED,
        IncidentStatus.IDENTIFIED,
        IncidentStatus.INVESTIGATING,
    ]
    internal = [u for u in incident.updates if u.visibility is Visibility.INTERNAL]
    assert len(internal) == 1
    assert "8:00 AM" in internal[0].body
    bodies = " ".join(u.body for u in incident.public_updates)
    assert "no changes were drafted or published in the past 3 days" in bodies
    assert "DNS settings" in bodies


def test_vletherapeutics_not_affected(db, apc, dns_incident):
    other = _component(db, apc, "vletherapeutics.com")
    assert other.id not in {a.component_id for a in dns_incident.affected}
    march = [c for c in other.status_changes if c.changed_at.year == 2024]
    assert march == []
    for update in dns_incident.updates:
        assert other.id not in {c["code"] for c in update.affected_components}


def test_five_minute_outage_in_component_history(db, apc, dns_incident):
    site = _component(db, apc, "approcess.com")
    march = [c for c in site.status_changes if c.changed_at.year == 2024]
    assert [(c.old_status, c.status) for c in march] == [
        (ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE),
        (ComponentStatus.MAJOR_OUTAGE, ComponentStatus.OPERATIONAL),
    ]
    down, up = march
    assert down.changed_at.astimezone(NY).replace(tzinfo=None) == datetime(
        2024, 3, 11, 1, 12
    )
    assert up.changed_at - down.changed_at == timedelta(minutes=5)
    assert {down.incident_id, up.incident_id} == {dns_incident.id}


def test_second_client_has_a_live_incident_and_history(db, client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    northwind = db.session.scalar(sa.select(Page).where(Page.slug == "northwind"))
    live = db.session.scalars(
        sa.select(Incident).where(
            Incident.page_id == northwind.id,
            Incident.status != IncidentStatus.RESOLVED,
        )
    ).all()
    assert len(live) == 1
    resolved = db.session.scalars(
        sa.select(Incident).where(
            Incident.page_id == northwind.id,
            Incident.status == IncidentStatus.RESOLVED,
        )
    ).all()
    assert len(resolved) >= 3
    body = client.get("/northwind/").get_data(as_text=True)
    assert "Checkout payments failing for some customers" in body
    assert "Partial System Outage" in body
    assert "day-major_outage" in body


def test_hidden_demo_page_is_not_public(db, client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert client.get("/internal-tools/").status_code == 404
    assert "Internal tools" not in client.get("/").get_data(as_text=True)


def test_each_demo_client_s_history_is_about_its_own_components(db):
    seed_demo()
    _db.session.commit()
    for page in _db.session.scalars(sa.select(Page)):
        names = {c.name for c in page.components}
        for incident in _db.session.scalars(
            sa.select(Incident).where(Incident.page_id == page.id)
        ):
            assert {link.component.name for link in incident.affected} <= names
            others = {
                c.name for p in _db.session.scalars(sa.select(Page)) if p is not page
                for c in p.components
            }  # fmt: skip
            assert not any(name in incident.title for name in others), incident.title
