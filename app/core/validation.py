"""Checks every console service applies to the times and numbers it is given."""

from datetime import date, datetime

from app.core.errors import ValidationError


def require_aware(at: datetime, what: str, field: str | None = None) -> datetime:
    """Refuse a datetime without a timezone: Beacon stores UTC instants only."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValidationError(f"The {what} has no time zone.", field)
    return at


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
