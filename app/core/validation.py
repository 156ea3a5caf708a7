"""Checks every console service applies to the times and numbers it is given."""

from datetime import UTC, date, datetime

from app.core.errors import ValidationError

# Every date Beacon accepts, from any form, API, webhook or command: wide enough
# for any real record or plan, narrow enough that every time-zone conversion and
# day count stays in range (year 1 in a zone west of UTC overflowed; a component
# tracked from 9999-12-31 took its page down).
EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2099, 12, 31)
WINDOW = f"between {EARLIEST_DAY.isoformat()} and {LATEST_DAY.isoformat()}"


def day_in_window(day: date, what: str, field: str | None = None) -> date:
    """Refuse a calendar date outside the years Beacon works with."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError(f"The {what} must be {WINDOW}.", field)
    return day


def time_in_window(at: datetime, what: str, field: str | None = None) -> datetime:
    """Refuse an instant outside the years Beacon works with."""
    try:
        day = at.astimezone(UTC).date() if at.tzinfo is not None else at.date()
    except OverflowError:  # year 1 or 9999 shifted past the calendar's edge
        day = date.max
    day_in_window(day, what, field)
    return at


def require_aware(at: datetime, what: str, field: str | None = None) -> datetime:
    """Refuse a datetime without a timezone (Beacon stores UTC instants only),
    or outside the years Beacon works with."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValidationError(f"The {what} has no time zone.", field)
    return time_in_window(at, what, field)


def not_in_future(
    at: datetime, now: datetime, what: str, field: str | None = None
) -> datetime:
    """Refuse ``at`` when it is later than ``now``."""
    require_aware(at, what, field)
    if at > now:
        raise ValidationError(f"The {what} cannot be in the future.", field)
    return at


def not_before(
    later: datetime,
    earlier: datetime | None,
    what: str,
    earlier_what: str,
    field: str | None = None,
) -> datetime:
    """Refuse ``later`` when it comes before ``earlier`` (an end before its start)."""
    if earlier is not None and later < earlier:
        raise ValidationError(f"The {what} cannot be before {earlier_what}.", field)
    return later


def date_not_in_future(
    day: date, today: date, what: str, field: str | None = None
) -> date:
    """Refuse a calendar date after ``today`` (today in the page's timezone)."""
    day_in_window(day, what, field)
    if day > today:
        raise ValidationError(f"The {what} cannot be in the future.", field)
    return day


def positive_minutes(minutes: int, what: str, field: str | None = None) -> int:
    """Refuse a duration that is not a whole number of minutes above zero."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise ValidationError(f"The {what} must be at least one minute.", field)
    return minutes


def required_text(value: str | None, what: str, field: str | None = None) -> str:
    """Refuse empty or blank text; return it stripped."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"The {what} is required.", field)
    return text
