"""The incident lifecycle: which state may follow which, and what each move stamps.

Investigating -> Identified -> Monitoring -> Resolved, forward (skipping allowed).
From Monitoring a fix that did not hold steps back to Identified or Investigating.
A resolved incident reopens only when asked to explicitly.
"""

from dataclasses import dataclass
from datetime import datetime

from app.core.enums import IncidentStatus

ORDER = [
    IncidentStatus.INVESTIGATING,
    IncidentStatus.IDENTIFIED,
    IncidentStatus.MONITORING,
    IncidentStatus.RESOLVED,
]

_STEP_BACK = {
    IncidentStatus.MONITORING: {
        IncidentStatus.IDENTIFIED,
        IncidentStatus.INVESTIGATING,
    },
}


class InvalidTransition(ValueError):
    """Raised when an incident is asked to move to a state it may not reach."""


def is_reopen(current: IncidentStatus, target: IncidentStatus) -> bool:
    return current is IncidentStatus.RESOLVED and target is not IncidentStatus.RESOLVED


def allowed_targets(
    current: IncidentStatus, *, reopen: bool = False
) -> list[IncidentStatus]:
    """Every state an update may put the incident in, in lifecycle order."""
    return [s for s in ORDER if _is_allowed(current, s, reopen=reopen)]


def _is_allowed(
    current: IncidentStatus, target: IncidentStatus, *, reopen: bool
) -> bool:
    if is_reopen(current, target):
        return reopen
    if ORDER.index(target) >= ORDER.index(current):
        return True
    return target in _STEP_BACK.get(current, set())


def check_transition(
    current: IncidentStatus, target: IncidentStatus, *, reopen: bool = False
) -> None:
    """Raise InvalidTransition unless ``current -> target`` is allowed."""
    if _is_allowed(current, target, reopen=reopen):
        return
    if is_reopen(current, target):
        raise InvalidTransition("A resolved incident must be reopened explicitly.")
    raise InvalidTransition(f"An incident cannot go from {current} back to {target}.")


@dataclass
class Stamps:
    """The lifecycle timestamps of one incident."""

    identified_at: datetime | None = None
    monitoring_at: datetime | None = None
    resolved_at: datetime | None = None


def stamp(stamps: Stamps, target: IncidentStatus, at: datetime) -> Stamps:
    """Return the timestamps after moving to ``target`` at ``at``."""
    identified = stamps.identified_at
    if identified is None and target in (
        IncidentStatus.IDENTIFIED,
        IncidentStatus.MONITORING,
    ):
        identified = at
    if target is IncidentStatus.INVESTIGATING:
        identified = None  # the cause we had identified turned out wrong
    monitoring = stamps.monitoring_at
    if target is IncidentStatus.MONITORING:
        monitoring = monitoring or at
    elif ORDER.index(target) < ORDER.index(IncidentStatus.MONITORING):
        monitoring = None
    resolved = (stamps.resolved_at or at) if target is IncidentStatus.RESOLVED else None
    return Stamps(identified, monitoring, resolved)
