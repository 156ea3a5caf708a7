"""Scheduled maintenance rules: lifecycle, window checks, reminders, auto moves.

Scheduled -> In progress -> Verifying -> Completed; a scheduled window may also
be cancelled, or started or completed by hand. Verifying may go back to In
progress when the checks fail. Completed and cancelled are final; any state
takes a plain update (a note) without moving.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.core.enums import ComponentStatus, MaintenanceStatus
from app.core.errors import ValidationError
from app.core.validation import time_in_window

if TYPE_CHECKING:
    from app.models import Component

S = MaintenanceStatus

_MOVES = {
    S.SCHEDULED: {S.IN_PROGRESS, S.COMPLETED, S.CANCELLED},
    S.IN_PROGRESS: {S.VERIFYING, S.COMPLETED},
    S.VERIFYING: {S.IN_PROGRESS, S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}

ORDER = [S.SCHEDULED, S.IN_PROGRESS, S.VERIFYING, S.COMPLETED, S.CANCELLED]
OPEN = frozenset({S.SCHEDULED, S.IN_PROGRESS, S.VERIFYING})
ACTIVE = frozenset({S.IN_PROGRESS, S.VERIFYING})
FINAL = frozenset({S.COMPLETED, S.CANCELLED})

# Reminders go at most a week ahead; the tick only looks that far.
MAX_REMINDER_MINUTES = 7 * 24 * 60
# A form round-trip takes a moment: "starts now" must not count as the past.
PAST_TOLERANCE = timedelta(minutes=2)

AUTO_START_BODY = (
    "Scheduled maintenance is currently in progress. "
    "We will provide updates as necessary."
)
AUTO_COMPLETE_BODY = "The scheduled maintenance has been completed."


class MaintenanceError(ValueError):
    """Base of every refusal by the maintenance rules and services."""


class InvalidMaintenanceTransition(MaintenanceError):
    """Raised when a window is asked to move to a state it may not reach."""


class MaintenanceValidationError(MaintenanceError):
    """Bad input when scheduling or editing a window."""


class InvalidWindow(MaintenanceValidationError):
    """Impossible times: end before start, in the past, or no such local time."""


class OverlapNeedsConfirmation(MaintenanceValidationError):
    """The window overlaps open windows on the same components; confirm to go ahead."""

    def __init__(self, overlapping: list) -> None:
        titles = ", ".join(f"“{m.title}”" for m in overlapping)
        super().__init__(f"This window overlaps {titles} on the same components.")
        self.overlapping = overlapping


class StaleMaintenance(MaintenanceError):
    """The window changed (e.g. moved automatically) while staff were editing it."""


def allowed_targets(current: MaintenanceStatus) -> list[MaintenanceStatus]:
    """Every state an update may put the window in (its own state = a note)."""
    return [s for s in ORDER if s is current or s in _MOVES[current]]


def check_transition(current: MaintenanceStatus, target: MaintenanceStatus) -> None:
    """Raise InvalidMaintenanceTransition unless ``current -> target`` is allowed."""
    if target is current or target in _MOVES[current]:
        return
    raise InvalidMaintenanceTransition(
        f"A maintenance window cannot go from {current} to {target}."
    )


@dataclass
class Stamps:
    """The lifecycle timestamps of one window."""

    started_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None


def stamp(stamps: Stamps, target: MaintenanceStatus, at: datetime) -> Stamps:
    """Return the timestamps after moving to ``target`` at ``at``."""
    started = stamps.started_at
    if target in ACTIVE:
        started = started or at
    completed = at if target is S.COMPLETED else stamps.completed_at
    cancelled = at if target is S.CANCELLED else stamps.cancelled_at
    return Stamps(started, completed, cancelled)


def check_window(
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    *,
    check_start: bool = True,
) -> None:
    """Raise InvalidWindow unless the window ends after it starts, in the future.

    ``check_start`` is off when the start is already history (an edit of a
    window in progress may only move its end).
    """
    if ends_at <= starts_at:
        raise InvalidWindow("The end of the window must be after its start.")
    if check_start and starts_at < now - PAST_TOLERANCE:
        raise InvalidWindow("The window cannot start in the past.")
    if ends_at <= now:
        raise InvalidWindow("The window cannot end in the past.")


def to_utc(value: datetime, time_zone: str) -> datetime:
    """``value`` in UTC; naive values are wall-clock time in ``time_zone``.

    Raises InvalidWindow for local times skipped when clocks go forward, and for
    times outside the years Beacon works with.
    """
    try:
        time_in_window(value, "time")
    except ValidationError as error:
        raise InvalidWindow(error.message) from None
    if value.tzinfo is not None:
        return value.astimezone(ZoneInfo("UTC"))
    tz = ZoneInfo(time_zone)
    local = value.replace(tzinfo=tz)
    utc = local.astimezone(ZoneInfo("UTC"))
    if utc.astimezone(tz).replace(tzinfo=None) != value:
        raise InvalidWindow(
            f"{value:%Y-%m-%d %H:%M} does not exist in {time_zone} (clocks change)."
        )
    return utc


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    """Whether two half-open windows share any time (touching ends do not)."""
    return a[0] < b[1] and b[0] < a[1]


def should_enter_maintenance(status: ComponentStatus) -> bool:
    """Only healthy components go under maintenance: an outage stays visible."""
    return status is ComponentStatus.OPERATIONAL


def reminder_time(starts_at: datetime, minutes: int) -> datetime:
    return starts_at - timedelta(minutes=min(minutes, MAX_REMINDER_MINUTES))


def is_reminder_due(
    starts_at: datetime, created_at: datetime, minutes: int | None, now: datetime
) -> bool:
    """Due from ``minutes`` before the start until the start.

    A window announced later than its reminder time needs no reminder: the
    announcement itself was recent enough.
    """
    if not minutes or minutes <= 0:
        return False
    remind_at = reminder_time(starts_at, minutes)
    return remind_at <= now < starts_at and created_at <= remind_at


def is_intervention(current: MaintenanceStatus, automatic: bool) -> bool:
    """Staff updates once work has begun mean staff now finish the window by hand.

    Starting a window early by hand is not one: it still completes on time.
    """
    return not automatic and current in ACTIVE


@dataclass(frozen=True)
class MaintenancePatch:
    """An edit of a window: the admin API and the CLI build one; None keeps a field."""

    title: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    components: "Sequence[Component] | None" = None
    auto_transition: bool | None = None
