"""How an incident hit each affected component: the worst it reached, and how
long it spent at each level, from the components' status history.

The incident remembers each component's worst status (``Incident.affect``);
the history says when: APC's site was down from 1:12 to 1:17 AM, then partly
down until 1:39, although the incident stayed open until 9:30, so the report
says "a 27-minute downtime" and "approcess.com: major outage for 5 minutes,
then partial outage for 22 minutes".
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core.enums import ComponentStatus
from app.models import Incident, IncidentComponent
from app.pages.uptime import Interval, status_intervals

IMPAIRED = {
    ComponentStatus.MAJOR_OUTAGE,
    ComponentStatus.PARTIAL_OUTAGE,
    ComponentStatus.DEGRADED_PERFORMANCE,
}


@dataclass(frozen=True)
class Level:
    status: ComponentStatus
    lasted: timedelta


def _impaired_spans(
    link: IncidentComponent, since: datetime, until: datetime
) -> Iterator[Interval]:
    changes = link.component.status_changes
    initial = changes[0].old_status if changes else link.component.status
    for span in status_intervals(
        initial, [(c.changed_at, c.status) for c in changes], since, until
    ):
        if span.status in IMPAIRED:
            yield span


def impact_window(
    incident: Incident, now: datetime
) -> tuple[datetime, datetime | None]:
    """From the start until the affected components recovered (None: not yet).

    Without status history the resolve time stands in.
    """
    until = incident.resolved_at or now
    spans = [
        span
        for link in incident.affected
        for span in _impaired_spans(link, incident.started_at, until)
    ]
    if not spans:
        return incident.started_at, incident.resolved_at
    end = max(span.end for span in spans)
    ongoing = not incident.is_resolved and end >= until
    return incident.started_at, None if ongoing else end


def levels(link: IncidentComponent, incident: Incident, now: datetime) -> list[Level]:
    """Each impaired status ``link``'s component had during the incident, in the
    order it first reached it, with the time it spent at it in all."""
    lasted: dict[ComponentStatus, timedelta] = {}
    until = incident.resolved_at or now
    for span in _impaired_spans(link, incident.started_at, until):
        lasted[span.status] = lasted.get(span.status, timedelta()) + (
            span.end - span.start
        )
    return [Level(status, time) for status, time in lasted.items()]
