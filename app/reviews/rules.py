"""Post-incident review rules: who needs one, when it is due, what is overdue.

Pure functions of plain values and ``now``: no database, no wall clock.

- A review is needed when the severity's policy says "mandatory" or "required"
  (P0 and P1 by default); it is due 24 hours after the incident was resolved,
  as the procedure schedules the review meeting "within 24 hours of resolution".
- An action item is overdue while it is open and its deadline day has ended in
  the page's timezone (the deadline day itself is still on time).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.models.severity_policy import ReviewRequirement

REVIEW_DUE_AFTER = timedelta(hours=24)
NEEDS_REVIEW = frozenset({ReviewRequirement.MANDATORY, ReviewRequirement.REQUIRED})


def review_needed(requirement: ReviewRequirement) -> bool:
    """Whether a severity with this requirement needs a written review."""
    return requirement in NEEDS_REVIEW


@dataclass(frozen=True)
class ReviewDue:
    due_at: datetime
    overdue_by: timedelta  # zero unless overdue
    due_in: timedelta | None  # time left while not overdue

    @property
    def overdue(self) -> bool:
        return self.overdue_by > timedelta(0)


def review_due(resolved_at: datetime, now: datetime) -> ReviewDue:
    """When a review of an incident resolved at ``resolved_at`` is due, at ``now``."""
    due_at = resolved_at + REVIEW_DUE_AFTER
    if now > due_at:
        return ReviewDue(due_at, now - due_at, None)
    return ReviewDue(due_at, timedelta(0), due_at - now)


def action_item_overdue(is_open: bool, deadline: date, today: date) -> bool:
    """An open item is overdue once ``today`` (page timezone) is past its deadline."""
    return is_open and today > deadline


def clean_five_whys(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Keep the filled-in why/answer pairs, stripped, in their order."""
    kept = []
    for why, answer in pairs:
        why, answer = (why or "").strip(), (answer or "").strip()
        if why or answer:
            kept.append({"why": why, "answer": answer})
    return kept
