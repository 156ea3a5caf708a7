"""What a monitoring alert means for an incident, independent of its wire format.

Alertmanager payloads and uptime webhooks are parsed into ``Signal``s; the
monitoring service turns a signal into incident changes.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.core.enums import ComponentStatus, Impact
from app.incidents.alerts import human_list

OPENED_BODY = (
    "Our monitoring detected a problem with {components}. We are investigating."
)
REFIRED_BODY = "Monitoring reports the problem with {components} again."
RECOVERED_BODY = (
    "Monitoring shows {components} working again. We are monitoring the results."
)
RESOLVED_BODY = (
    "Monitoring shows {components} working again. This incident is resolved."
)

IMPACT_FOR_STATUS = {
    ComponentStatus.DEGRADED_PERFORMANCE: Impact.MINOR,
    ComponentStatus.PARTIAL_OUTAGE: Impact.MAJOR,
    ComponentStatus.MAJOR_OUTAGE: Impact.CRITICAL,
    ComponentStatus.UNDER_MAINTENANCE: Impact.MINOR,
    ComponentStatus.OPERATIONAL: Impact.NONE,
}


class Outcome(StrEnum):
    """What a signal did."""

    OPENED = "opened"
    UPDATED = "updated"
    CALMED = "calmed"
    RESOLVED = "resolved"
    NOTED = "noted"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Signal:
    """One alert group (or one monitor) firing or recovered.

    ``key`` identifies the group across notifications (Alertmanager's groupKey,
    the monitor's name); ``firing_refs`` and ``recovered_refs`` name components
    (label values, monitor names or URLs) still failing and working again.
    """

    source: str
    key: str
    firing: bool
    title: str
    detail: str
    firing_refs: tuple[str, ...] = ()
    recovered_refs: tuple[str, ...] = ()
    receiver: str = ""
    at: datetime | None = None


def clamp_start(at: datetime | None, now: datetime) -> datetime:
    """When the problem began: the monitor's time, never later than now (clock skew)."""
    return now if at is None or at > now else at


def component_phrase(names: list[str]) -> str:
    """'www and api', or a neutral phrase when no component is known."""
    return human_list(names) if names else "a monitored service"
