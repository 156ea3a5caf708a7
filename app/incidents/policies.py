"""Severity policies: seed the procedure's defaults, read and edit them."""

import sqlalchemy as sa

from app.core.errors import ValidationError
from app.core.validation import required_text
from app.extensions import db
from app.incidents.severity import DEFAULT_POLICIES, DEFAULTS_BY_SEVERITY, PolicyTerms
from app.models import ReviewRequirement, Severity, SeverityPolicy


def ensure_default_policies() -> list[SeverityPolicy]:
    """Create the default policy of every severity that has none; return those made.

    Idempotent: an existing policy, edited or not, is never touched.
    """
    existing = set(db.session.scalars(sa.select(SeverityPolicy.severity)))
    created = [
        SeverityPolicy(
            severity=terms.severity,
            label=terms.label,
            update_cadence_minutes=terms.update_cadence_minutes,
            recovery_target_minutes=terms.recovery_target_minutes,
            review=terms.review,
            description=terms.description,
        )
        for terms in DEFAULT_POLICIES
        if terms.severity not in existing
    ]
    db.session.add_all(created)
    db.session.flush()
    return created


def list_policies() -> list[SeverityPolicy]:
    """Every stored policy, P0 first."""
    return list(
        db.session.scalars(sa.select(SeverityPolicy).order_by(SeverityPolicy.severity))
    )


def _terms(policy: SeverityPolicy) -> PolicyTerms:
    return PolicyTerms(
        policy.severity,
        policy.label,
        policy.update_cadence_minutes,
        policy.recovery_target_minutes,
        policy.review,
        policy.description,
    )


def policy_terms() -> dict[Severity, PolicyTerms]:
    """The rules of every severity: stored policies, else the procedure's defaults."""
    stored = {policy.severity: _terms(policy) for policy in list_policies()}
    return {
        severity: stored.get(severity, DEFAULTS_BY_SEVERITY[severity])
        for severity in Severity
    }


def policy_for(severity: Severity) -> PolicyTerms:
    """The rules of one severity."""
    policy = db.session.scalar(
        sa.select(SeverityPolicy).where(SeverityPolicy.severity == severity)
    )
    return _terms(policy) if policy else DEFAULTS_BY_SEVERITY[severity]


def _optional_minutes(value: int | None, what: str, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(
            f"The {what} must be empty or at least one minute.", field
        )
    return value


def update_policy(
    policy: SeverityPolicy,
    *,
    label: str,
    update_cadence_minutes: int | None,
    recovery_target_minutes: int | None,
    review: ReviewRequirement,
    description: str = "",
) -> SeverityPolicy:
    """Change one policy's rules (admins only; the view checks the role)."""
    policy.label = required_text(label, "label", "label")
    policy.update_cadence_minutes = _optional_minutes(
        update_cadence_minutes, "update cadence", "update_cadence_minutes"
    )
    policy.recovery_target_minutes = _optional_minutes(
        recovery_target_minutes, "recovery target", "recovery_target_minutes"
    )
    policy.review = ReviewRequirement(review)
    policy.description = (description or "").strip()
    db.session.flush()
    return policy
