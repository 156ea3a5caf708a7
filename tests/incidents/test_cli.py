"""`flask incident create|update|resolve`: thin wrappers with clear errors."""

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, ComponentStatus, Incident, IncidentStatus, Visibility
from tests.fixtures.factories import page_fixture

page = page_fixture("Website", slug="acme", name="Acme")


def _incident(db) -> Incident:
    return db.session.scalars(sa.select(Incident)).one()


def test_create_update_resolve(runner, page, db):
    created = runner.invoke(
        args=[
            "incident", "create", "--page", "acme", "--title", "Site down",
            "-m", "Looking.", "--severity", "P1", "--impact", "major",
            "--component", "Website=major_outage",
        ]
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    incident = _incident(db)
    assert created.output.startswith(incident.id)
    assert incident.severity.value == "P1"
    assert page.components[0].status is ComponentStatus.MAJOR_OUTAGE
    updated = runner.invoke(
        args=[
            "incident",
            "update",
            incident.id,
            "--status",
            "identified",
            "-m",
            "DNS.",
            "--internal",
        ]
    )
    assert updated.exit_code == 0, updated.output
    db.session.expire_all()
    assert incident.status is IncidentStatus.IDENTIFIED
    assert incident.updates[0].visibility is Visibility.INTERNAL
    resolved = runner.invoke(args=["incident", "resolve", incident.id])
    assert resolved.exit_code == 0, resolved.output
    db.session.expire_all()
    assert incident.status is IncidentStatus.RESOLVED
    assert page.components[0].status is ComponentStatus.OPERATIONAL
    summaries = db.session.scalars(sa.select(AuditEntry.summary)).all()
    assert len(summaries) == 3
    assert all(s.endswith("(via the command line)") for s in summaries)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["create", "--page", "nope", "--title", "x", "-m", "y"],
            "No page with slug 'nope'",
        ),
        (
            [
                "create",
                "--page",
                "acme",
                "--title",
                "x",
                "-m",
                "y",
                "--component",
                "Shop=major_outage",
            ],
            "use NAME=STATUS with one of: Website",
        ),
        (
            [
                "create",
                "--page",
                "acme",
                "--title",
                "x",
                "-m",
                "y",
                "--component",
                "Website=on_fire",
            ],
            "'on_fire' is not one of",
        ),
        (
            ["create", "--page", "acme", "--title", "x", "-m", "y", "--severity", "P9"],
            "Invalid value for '--severity'",
        ),
        (
            ["update", "missing", "--status", "identified", "-m", "y"],
            "No incident with id missing",
        ),
    ],
)
def test_clear_errors(runner, page, args, message):
    result = runner.invoke(args=["incident", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_lifecycle_refusal_is_reported(runner, page, make_incident, db):
    incident = make_incident(page)
    runner.invoke(args=["incident", "resolve", incident.id])
    result = runner.invoke(
        args=[
            "incident",
            "update",
            incident.id,
            "--status",
            "identified",
            "-m",
            "again",
        ]
    )
    assert result.exit_code == 1
    assert "reopened explicitly" in result.output
    reopened = runner.invoke(
        args=[
            "incident",
            "update",
            incident.id,
            "--status",
            "identified",
            "-m",
            "again",
            "--reopen",
        ]
    )
    assert reopened.exit_code == 0, reopened.output
