"""Move an item up or down among its siblings, by their ``position`` column."""

from collections.abc import Sequence
from typing import Any, Literal

Direction = Literal["up", "down"]


def move(item: Any, siblings: Sequence[Any], direction: Direction) -> bool:
    """Swap ``item`` with its neighbour; return False when it is already at the end.

    Positions are renumbered 0..n-1 first, so gaps and ties from older data heal.
    """
    ordered = sorted(siblings, key=lambda s: (s.position, s.id))
    for index, sibling in enumerate(ordered):
        sibling.position = index
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index].position, ordered[other].position = other, index
    return True


def next_position(siblings: Sequence[Any]) -> int:
    """The position that puts a new item after ``siblings``."""
    return max((s.position for s in siblings), default=-1) + 1
