"""Helpers shared by the maintenance tests."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from app.core import signals

SIGNALS = {
    "scheduled": signals.maintenance_scheduled,
    "update": signals.maintenance_update_posted,
    "reminder": signals.maintenance_reminder_due,
}


@contextmanager
def capture() -> Iterator[list[tuple[str, Any, dict[str, Any]]]]:
    """Record every maintenance signal sent: (name, sender, kwargs)."""
    events: list[tuple[str, Any, dict[str, Any]]] = []

    def listener(name: str):
        return lambda sender, **kwargs: events.append((name, sender, kwargs))

    with ExitStack() as stack:
        for name, signal in SIGNALS.items():
            stack.enter_context(signal.connected_to(listener(name)))
        yield events
