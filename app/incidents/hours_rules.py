"""Hours spent on an incident: minutes are summed exactly, then shown as hours."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

HOUR = Decimal(60)
# One entry is one day's work at most; longer work is logged day by day.
MAX_ENTRY_MINUTES = 24 * 60
CENT = Decimal("0.01")

K = TypeVar("K")


def minutes_to_hours(minutes: int) -> Decimal:
    """Minutes as hours, rounded half-up to the hundredth (90 -> 1.50, 20 -> 0.33)."""
    return (Decimal(minutes) / HOUR).quantize(CENT, rounding=ROUND_HALF_UP)


def format_hours(hours: Decimal) -> str:
    """Hours without trailing zeros: 1.50 -> '1.5', 2.00 -> '2', 0.33 -> '0.33'."""
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def hours_phrase(minutes: int) -> str:
    """'1.5 hours', '1 hour', '0.25 hours' for a number of minutes."""
    shown = format_hours(minutes_to_hours(minutes))
    return f"{shown} hour" if shown == "1" else f"{shown} hours"


@dataclass(frozen=True)
class HoursTotals(Generic[K]):
    """Minutes in total and per key (category or person), keys in first-seen order."""

    total_minutes: int = 0
    by_key: dict[K, int] = field(default_factory=dict)

    @property
    def total_hours(self) -> Decimal:
        return minutes_to_hours(self.total_minutes)

    def hours(self, key: K) -> Decimal:
        return minutes_to_hours(self.by_key.get(key, 0))


def total_by(rows: Iterable[tuple[K, int]]) -> HoursTotals[K]:
    """Sum ``(key, minutes)`` rows into a total and per-key minutes."""
    by_key: dict[K, int] = {}
    for key, minutes in rows:
        by_key[key] = by_key.get(key, 0) + minutes
    return HoursTotals(sum(by_key.values()), by_key)
