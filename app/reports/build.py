"""Build an incident's report (client or internal) from its record: one source of truth.

Everything the renderers show comes from ``build_report``. The client variant
reads only what the client may see: public updates, the facts of the timeline
(when it was detected, alerted, acknowledged, identified, resolved), the client
report fields of the record, client actions and hours. Internal updates, notes,
the debrief and the alert log's details go in the internal variant only.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.core.enums import worst_component_status
from app.core.labels import status_label
from app.incidents.alerts import AlertRound, alert_rounds
from app.models import Incident, User
from app.models.base import utcnow
from app.reports import text as say
from app.reports.impact import Level, impact_window, levels
from app.reports.report import Report, ReportVariant, Section, Text
from app.reports.sections import (
    client_actions_section,
    hours_section,
    internal_sections,
    next_steps_section,
    resolution_section,
    timeline_section,
)


@dataclass(frozen=True)
class Facts:
    """What the report says about an incident, worked out once."""

    incident: Incident
    tz: ZoneInfo
    day: date  # the local date the incident started
    noun: str  # "downtime", "slowdown", ...
    affected: list[str]
    unaffected: list[str]
    impact_start: datetime
    impact_end: datetime | None  # None while the impact goes on
    rounds: list[AlertRound]
    levels: dict[str, list[Level]]  # each affected component's, by name

    def at(self, value: datetime) -> str:
        """A time in the page's zone, dated when not on the day it started."""
        return say.moment(value, self.tz, self.day)

    def field(self, name: str) -> str:
        """One field of the incident's record; empty when there is no record."""
        record = self.incident.record
        return (getattr(record, name, "") or "").strip() if record else ""


def page_zone(incident: Incident) -> ZoneInfo:
    # A page saved with a bad zone must not make its reports fail: use UTC then.
    try:
        return ZoneInfo(incident.page.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def gather_facts(incident: Incident, now: datetime | None = None) -> Facts:
    """The dates, names and durations the report's sentences are made of."""
    tz = page_zone(incident)
    links = sorted(
        incident.affected, key=lambda k: (k.component.position, k.component_id)
    )
    affected_ids = {link.component_id for link in links}
    worst = worst_component_status([link.status for link in links]) if links else None
    now = now or utcnow()
    start, end = impact_window(incident, now)
    return Facts(
        incident=incident,
        tz=tz,
        day=say.local_date(incident.started_at, tz),
        noun=say.kind_noun(worst),
        affected=[link.component.name for link in links],
        unaffected=[
            c.name for c in incident.page.components if c.id not in affected_ids
        ],
        impact_start=start,
        impact_end=end,
        rounds=alert_rounds(incident.alert_log),
        levels={link.component.name: levels(link, incident, now) for link in links},
    )


def summary_section(facts: Facts) -> Section:
    """When, how long, what was (not) affected, detection, alerting, resolution."""
    incident = facts.incident
    ongoing = facts.impact_end is None
    length = None if ongoing else facts.impact_end - facts.impact_start
    start = f"{say.clock(facts.impact_start, facts.tz)} on {say.long_date(facts.day)}"
    opening = [
        say.opening_sentence(facts.noun, incident.page.name, start, length),
        say.scope_sentence(facts.affected, facts.unaffected, ongoing),
        *_levels_sentences(facts),
    ]
    return Section(
        "Summary",
        paragraphs=(
            Text(" ".join(s for s in opening if s)),
            Text(" ".join(_response_sentences(facts))),
            _resolution_paragraph(facts),
        ),
    )


def _levels_sentences(facts: Facts) -> list[str]:
    """How long each component spent at each level, when one sentence cannot say."""
    found = facts.levels
    if len(found) < 2 and all(len(levels) < 2 for levels in found.values()):
        return []  # the opening sentence said it all
    return [say.levels_sentence(name, levels) for name, levels in found.items()]


def _response_sentences(facts: Facts) -> list[str]:
    """Detection first, then the acknowledgement and each later alert in time
    order (alerted at 7:18 is told before acknowledged at 7:30)."""
    incident = facts.incident
    first, later = (facts.rounds[0], facts.rounds[1:]) if facts.rounds else (None, [])
    detected = incident.detected_at or incident.started_at
    late = detected - facts.impact_start >= timedelta(minutes=1)
    opening = say.detection_sentence(
        facts.noun,
        incident.detection_source,
        incident.page.name,
        first,
        facts.at(detected) if late else None,
    )
    told: list[tuple[datetime, str]] = []
    if incident.acknowledged_at:
        ack_minute = _minute(incident.acknowledged_at)
        joined = [r for r in later if _minute(r.alerted_at) == ack_minute]
        ack_by = _name(incident.acknowledged_by)
        follow_up = next((r for r in joined if r.alerted_by == ack_by), None)
        told.append((incident.acknowledged_at, say.response_sentence(
            ack_by, facts.at(incident.acknowledged_at), follow_up
        )))  # fmt: skip
        later = [r for r in later if r is not follow_up]
    told += [
        (r.alerted_at, say.alert_sentence(r, facts.at(r.alerted_at))) for r in later
    ]
    return [opening] + [sentence for _, sentence in sorted(told, key=lambda t: t[0])]


def _name(user: User | None) -> str:
    return user.display_name if user else ""


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _resolution_paragraph(facts: Facts) -> Text:
    incident = facts.incident
    if not incident.resolved_at:
        return Text(
            "We are still working on this issue; its current status is "
            f"{status_label(incident.status)}."
        )
    sentence = say.resolved_sentence(facts.at(incident.resolved_at))
    how = facts.field("resolution_done")
    if not how:
        return Text(sentence)
    # One paragraph reads as the agency writes it: "We resolved ... at 9:30 AM. We
    # updated the DNS settings ...". Longer text keeps its own paragraphs.
    joiner = " " if "\n\n" not in how else "\n\n"
    return Text(f"{sentence}{joiner}{how}", markdown=True)


def build_report(
    incident: Incident,
    variant: ReportVariant = ReportVariant.CLIENT,
    now: datetime | None = None,
) -> Report:
    """The report on ``incident``; ``variant`` INTERNAL adds the internal record."""
    facts = gather_facts(incident, now)
    internal = variant is ReportVariant.INTERNAL
    sections = [
        summary_section(facts),
        timeline_section(facts, internal),
        resolution_section(facts),
        client_actions_section(facts),
        hours_section(incident),
        next_steps_section(facts),
    ]
    if internal:
        sections += internal_sections(facts)
    return Report(
        variant=variant,
        title=incident.title,
        page_name=incident.page.name,
        subtitle=_subtitle(facts),
        time_zone_note=(
            f"Times are in the {facts.tz.key} time zone "
            f"({say.clock(incident.started_at, facts.tz).split()[-1]})."
        ),
        sections=tuple(sections),
        file_stem=say.file_stem(
            incident.page.slug,
            facts.day,
            facts.noun if facts.affected else incident.title,
            internal,
        ),
        notices=(
            ("Internal: includes the internal record. Do not send to the client.",)
            if internal
            else ()
        ),
    )


def _subtitle(facts: Facts) -> str:
    state = "Resolved" if facts.incident.is_resolved else "Ongoing"
    return f"{facts.incident.page.name} · {say.long_date(facts.day)} · {state}"
