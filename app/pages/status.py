"""Roll component and incident states up into a page's overall status.

Follows Statuspage's indicator: none, minor, major, critical, or maintenance
when work is under way and nothing is broken.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.core.enums import ComponentStatus, Impact


class Indicator(StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    MAINTENANCE = "maintenance"


_RANK = [Indicator.NONE, Indicator.MINOR, Indicator.MAJOR, Indicator.CRITICAL]

DESCRIPTIONS = {
    Indicator.NONE: "All Systems Operational",
    Indicator.MINOR: "Minor Service Outage",
    Indicator.MAJOR: "Partial System Outage",
    Indicator.CRITICAL: "Major System Outage",
    Indicator.MAINTENANCE: "Service Under Maintenance",
}

_COMPONENT_LEVEL = {
    ComponentStatus.OPERATIONAL: Indicator.NONE,
    ComponentStatus.UNDER_MAINTENANCE: Indicator.NONE,
    ComponentStatus.DEGRADED_PERFORMANCE: Indicator.MINOR,
    ComponentStatus.PARTIAL_OUTAGE: Indicator.MAJOR,
    ComponentStatus.MAJOR_OUTAGE: Indicator.MAJOR,
}

_IMPACT_LEVEL = {
    Impact.NONE: Indicator.NONE,
    Impact.MINOR: Indicator.MINOR,
    Impact.MAJOR: Indicator.MAJOR,
    Impact.CRITICAL: Indicator.CRITICAL,
}


@dataclass(frozen=True)
class PageStatus:
    indicator: Indicator
    description: str


def _components_indicator(statuses: list[ComponentStatus]) -> Indicator:
    if statuses and all(s is ComponentStatus.MAJOR_OUTAGE for s in statuses):
        return Indicator.CRITICAL  # everything is down
    return max(
        (_COMPONENT_LEVEL[s] for s in statuses), key=_RANK.index, default=Indicator.NONE
    )


def page_status(
    component_statuses: Iterable[ComponentStatus],
    unresolved_impacts: Iterable[Impact] = (),
) -> PageStatus:
    """Overall status from components and the impacts of unresolved incidents."""
    statuses = list(component_statuses)
    levels = [_components_indicator(statuses)]
    levels += [_IMPACT_LEVEL[impact] for impact in unresolved_impacts]
    worst = max(levels, key=_RANK.index)
    if worst is Indicator.NONE and ComponentStatus.UNDER_MAINTENANCE in statuses:
        worst = Indicator.MAINTENANCE
    return PageStatus(worst, DESCRIPTIONS[worst])
