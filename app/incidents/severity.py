"""The agency's default severity policy, as its incident procedure states it."""

from dataclasses import dataclass

from app.core.enums import Severity
from app.models.severity_policy import ReviewRequirement


@dataclass(frozen=True)
class PolicyTerms:
    """One severity's rules as plain values, for the clocks and the templates."""

    severity: Severity
    label: str
    update_cadence_minutes: int | None
    recovery_target_minutes: int | None
    review: ReviewRequirement
    description: str = ""

    @property
    def display(self) -> str:
        """'P1 – Major (Urgent Response)'."""
        return f"{self.severity} – {self.label}"


DEFAULT_POLICIES = (
    PolicyTerms(
        Severity.P0,
        "Critical (All Hands)",
        15,
        60,
        ReviewRequirement.MANDATORY,
        "The service is down or severely impaired: nobody can use the site, data is "
        "being lost, or a security breach is active. Everyone drops what they are "
        "doing.",
    ),
    PolicyTerms(
        Severity.P1,
        "Major (Urgent Response)",
        30,
        4 * 60,
        ReviewRequirement.REQUIRED,
        "Core functionality is broken (log-in, payments, forms, email). Senior "
        "engineers engage immediately.",
    ),
    PolicyTerms(
        Severity.P2,
        "Moderate (Prompt Response)",
        2 * 60,
        24 * 60,
        ReviewRequirement.BRIEF_SUMMARY,
        "An important feature is broken but the site works. The relevant team is "
        "notified.",
    ),
    PolicyTerms(
        Severity.P3,
        "Low (Normal Troubleshooting)",
        None,
        None,
        ReviewRequirement.NONE,
        "A small feature or an edge case is broken. File a ticket and fix it when the "
        "team has capacity; no status updates needed.",
    ),
)

DEFAULTS_BY_SEVERITY = {terms.severity: terms for terms in DEFAULT_POLICIES}
