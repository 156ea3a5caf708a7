"""Wall-clock times entered in a page's timezone, checked and turned into UTC."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.core.errors import ValidationError
from app.core.validation import time_in_window


def to_zone(value: datetime, time_zone: str) -> datetime:
    """``value`` in ``time_zone``."""
    return value.astimezone(ZoneInfo(time_zone))


def format_local(
    value: datetime, time_zone: str, fmt: str = "%b %-d, %Y %-I:%M %p %Z"
) -> str:
    """``value`` as wall-clock time in ``time_zone``, naming the zone."""
    return to_zone(value, time_zone).strftime(fmt)


def zone(time_zone: str) -> ZoneInfo:
    """The IANA zone called ``time_zone``; ValidationError when there is none."""
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"Unknown time zone “{time_zone}”.") from exc


def _round_trips(local: datetime, tz: ZoneInfo) -> bool:
    naive = local.replace(tzinfo=None)
    return local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def is_ambiguous(naive: datetime, time_zone: str) -> bool:
    """True when ``naive`` happens twice in the zone (the hour repeated in autumn)."""
    tz = zone(time_zone)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    return first.utcoffset() != second.utcoffset() and _round_trips(second, tz)


def local_to_utc(
    naive: datetime, time_zone: str, *, later: bool = False, field: str | None = None
) -> datetime:
    """Read ``naive`` as wall-clock time in ``time_zone`` and return it in UTC.

    A time skipped when clocks go forward is refused; a time that happens twice
    when clocks go back means the first one unless ``later`` asks for the second.
    """
    time_in_window(naive, "time", field)
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    tz = zone(time_zone)
    local = naive.replace(tzinfo=tz, fold=1 if later else 0)
    if not _round_trips(local, tz):
        shown = naive.strftime("%-I:%M %p on %b %-d, %Y")
        raise ValidationError(
            f"{shown} does not exist in {time_zone}: the clocks went forward then. "
            "Enter a time after the change.",
            field,
        )
    return local.astimezone(UTC)


def local_today(now: datetime, time_zone: str) -> date:
    """The calendar date in ``time_zone`` at the instant ``now``."""
    return now.astimezone(zone(time_zone)).date()


def next_local_midnight(now: datetime, time_zone: str) -> datetime:
    """The first instant of tomorrow in ``time_zone``, in UTC (days start at 00:00)."""
    tz = zone(time_zone)
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=tz)
    return start.astimezone(UTC)
