"""Severity policies: the procedure's defaults, idempotent seeding, admin edits."""

import pytest
import sqlalchemy as sa

from app.core.errors import ValidationError
from app.incidents.policies import (
    ensure_default_policies,
    list_policies,
    policy_for,
    policy_terms,
    update_policy,
)
from app.incidents.severity import DEFAULTS_BY_SEVERITY
from app.models import ReviewRequirement, Severity, SeverityPolicy


def test_the_defaults_follow_the_procedure(db):
    ensure_default_policies()
    db.session.commit()
    rows = {
        p.severity: (
            p.label,
            p.update_cadence_minutes,
            p.recovery_target_minutes,
            p.review,
        )
        for p in list_policies()
    }
    assert rows == {
        Severity.P0: ("Critical (All Hands)", 15, 60, ReviewRequirement.MANDATORY),
        Severity.P1: ("Major (Urgent Response)", 30, 240, ReviewRequirement.REQUIRED),
        Severity.P2: (
            "Moderate (Prompt Response)",
            120,
            1440,
            ReviewRequirement.BRIEF_SUMMARY,
        ),
        Severity.P3: (
            "Low (Normal Troubleshooting)",
            None,
            None,
            ReviewRequirement.NONE,
        ),
    }
    assert [p.needs_review for p in list_policies()] == [True, True, False, False]


def test_seeding_twice_changes_nothing_and_keeps_edits(db):
    assert len(ensure_default_policies()) == 4
    p1 = db.session.scalar(
        sa.select(SeverityPolicy).where(SeverityPolicy.severity == Severity.P1)
    )
    p1.update_cadence_minutes = 20
    db.session.commit()
    assert ensure_default_policies() == []
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(SeverityPolicy.id))) == 4
    assert policy_for(Severity.P1).update_cadence_minutes == 20


def test_a_missing_row_is_seeded_alone(db):
    ensure_default_policies()
    db.session.delete(
        db.session.scalar(
            sa.select(SeverityPolicy).where(SeverityPolicy.severity == Severity.P3)
        )
    )
    db.session.commit()
    assert [p.severity for p in ensure_default_policies()] == [Severity.P3]


def test_terms_fall_back_to_the_defaults_before_seeding(db):
    assert policy_for(Severity.P0) == DEFAULTS_BY_SEVERITY[Severity.P0]
    assert set(policy_terms()) == set(Severity)
    assert policy_terms()[Severity.P2].recovery_target_minutes == 1440
    assert policy_for(Severity.P1).display == "P1 – Major (Urgent Response)"


def test_update_policy_validates(db):
    ensure_default_policies()
    policy = list_policies()[3]
    update_policy(
        policy,
        label=" Low ",
        update_cadence_minutes=480,
        recovery_target_minutes=None,
        review=ReviewRequirement.BRIEF_SUMMARY,
    )
    db.session.commit()
    assert (policy.label, policy.update_cadence_minutes) == ("Low", 480)
    assert policy_terms()[Severity.P3].update_cadence_minutes == 480
    for field, value in (
        ("update_cadence_minutes", 0),
        ("recovery_target_minutes", -60),
    ):
        fields = {
            "label": "x",
            "update_cadence_minutes": 15,
            "recovery_target_minutes": 60,
            "review": ReviewRequirement.NONE,
        } | {field: value}
        with pytest.raises(ValidationError) as caught:
            update_policy(policy, **fields)
        assert caught.value.field == field
    with pytest.raises(ValidationError, match="label is required"):
        update_policy(
            policy,
            label=" ",
            update_cadence_minutes=None,
            recovery_target_minutes=None,
            review=ReviewRequirement.NONE,
        )


def test_the_database_refuses_duplicates_and_bad_minutes(db):
    ensure_default_policies()
    db.session.commit()
    db.session.add(SeverityPolicy(severity=Severity.P0, label="again"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    policy = list_policies()[0]
    policy.recovery_target_minutes = 0
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
