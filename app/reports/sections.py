"""The incident report's sections after the summary, each from a part of the record."""

from datetime import datetime
from typing import TYPE_CHECKING

from app.core.labels import (
    ALERT_CHANNEL_NAMES,
    ANSWER_PHRASES,
    DEBRIEF_HEADINGS,
    status_label,
)
from app.incidents.alerts import human_list
from app.incidents.hours import incident_hours
from app.incidents.hours_rules import hours_phrase
from app.models import IncidentStatus
from app.reports import text as say
from app.reports.report import Item, Section, Table, Text

if TYPE_CHECKING:
    from app.models import Incident, IncidentUpdate
    from app.reports.build import Facts


# Same-minute entries keep a sensible order: facts first, then the update.
_STARTED, _DETECTED, _RECOVERED, _ACKNOWLEDGED, _ALERTED, _UPDATE, _MILESTONE = range(7)


def timeline_section(facts: "Facts", internal: bool) -> Section:
    """Key milestones (facts only) and the updates, oldest first."""
    incident = facts.incident
    updates = incident.updates if internal else incident.public_updates
    entries = _milestones(facts, updates) + _updates(facts, updates)
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return Section("Timeline", items=tuple(item for _at, _rank, item in entries))


def _entry(
    facts: "Facts", at: datetime, rank: int, label: str, text: str
) -> tuple[datetime, int, Item]:
    return at, rank, Item(lead=facts.at(at), label=label, text=Text(text))


def _milestones(
    facts: "Facts", updates: list["IncidentUpdate"]
) -> list[tuple[datetime, int, Item]]:
    incident = facts.incident
    detected = incident.detected_at or incident.started_at
    monitor = facts.rounds[0].alerted_by if facts.rounds else ""
    entries = [
        _entry(
            facts,
            detected,
            _DETECTED,
            "Detected",
            say.detection_fact(
                facts.noun, incident.detection_source, incident.page.name, monitor
            ),
        )
    ]
    if (detected - facts.impact_start).total_seconds() >= 60:
        began = f"The {facts.noun} began."
        entries.append(_entry(facts, facts.impact_start, _STARTED, "Started", began))
    entries += [
        _entry(facts, r.alerted_at, _ALERTED, "Alerted", say.alert_sentence(r))
        for r in facts.rounds
    ]
    entries += _recovered(facts) + _acknowledged(facts) + _lifecycle(facts, updates)
    return entries


def _recovered(facts: "Facts") -> list[tuple[datetime, int, Item]]:
    end = facts.impact_end
    if end is None or not facts.affected or end == facts.incident.resolved_at:
        return []
    verb = "was" if len(facts.affected) == 1 else "were"
    text = f"{human_list(facts.affected)} {verb} working normally again."
    return [_entry(facts, end, _RECOVERED, "Recovered", text)]


def _acknowledged(facts: "Facts") -> list[tuple[datetime, int, Item]]:
    incident = facts.incident
    if not incident.acknowledged_at:
        return []
    who = incident.acknowledged_by.display_name if incident.acknowledged_by else "We"
    text = f"{who} acknowledged the alert."
    return [
        _entry(facts, incident.acknowledged_at, _ACKNOWLEDGED, "Acknowledged", text)
    ]


def _lifecycle(
    facts: "Facts", updates: list["IncidentUpdate"]
) -> list[tuple[datetime, int, Item]]:
    # Only when no update in the report shows the move then: the update says more.
    incident = facts.incident
    shown = {(u.status, u.created_at) for u in updates}
    entries = []
    for status, at, text in (
        (IncidentStatus.IDENTIFIED, incident.identified_at, "We found the cause."),
        (IncidentStatus.RESOLVED, incident.resolved_at, "We resolved the issue."),
    ):
        if at and (status, at) not in shown:
            entries.append(_entry(facts, at, _MILESTONE, status_label(status), text))
    return entries


def _updates(
    facts: "Facts", updates: list["IncidentUpdate"]
) -> list[tuple[datetime, int, Item]]:
    return [
        (
            update.created_at,
            _UPDATE,
            Item(
                lead=facts.at(update.display_at),
                label=status_label(update.status)
                + ("" if update.is_public else " (internal update)"),
                text=Text(update.body, markdown=True),
                internal=not update.is_public,
            ),
        )
        for update in reversed(updates)
    ]


def resolution_section(facts: "Facts") -> Section:
    """What is being investigated next (and, while open, what was done so far)."""
    paragraphs = []
    done, next_steps = facts.field("resolution_done"), facts.field("resolution_next")
    if done and not facts.incident.is_resolved:  # resolved: the summary says it
        paragraphs.append(Text(done, markdown=True))
    if next_steps:
        paragraphs.append(Text(next_steps, markdown=True))
    if not paragraphs:
        paragraphs.append(
            Text(
                "We are not investigating anything further."
                if facts.incident.is_resolved
                else "We will describe the steps we are taking in our next update."
            )
        )
    return Section("Resolution steps", paragraphs=tuple(paragraphs))


def client_actions_section(facts: "Facts") -> Section:
    """What the client did or confirmed, and when."""
    actions = facts.incident.client_actions
    if not actions:
        return Section(
            "Client actions",
            paragraphs=(Text(f"Nothing was needed from {facts.incident.page.name}."),),
        )
    return Section(
        "Client actions",
        items=tuple(
            Item(lead=facts.at(a.occurred_at), text=Text(a.description, markdown=True))
            for a in actions
        ),
    )


def hours_section(incident: "Incident") -> Section:
    """The total, how it was logged, and the hours per category."""
    hours = incident_hours(incident)
    if not hours.total_minutes:
        text = "We have not logged any time on this issue yet."
        return Section("Hours spent", paragraphs=(Text(text),))
    logged_as = (incident.record.hours_logged_as if incident.record else "") or ""
    return Section(
        "Hours spent",
        paragraphs=(
            Text(say.hours_sentences(hours.phrase, logged_as, len(hours.categories))),
        ),
        items=tuple(
            Item(lead=c.label, text=Text(hours_phrase(c.minutes)))
            for c in hours.categories
        ),
    )


def next_steps_section(facts: "Facts") -> Section:
    """What the client may notice from now on, and what (if anything) to do."""
    resolved = facts.incident.is_resolved
    side_effects = facts.field("side_effects") or (
        "We do not expect any side-effects."
        if resolved
        else "We will tell you about any expected side-effects once this is resolved."
    )
    next_steps = facts.field("client_next_steps") or "There is nothing you need to do."
    return Section(
        "Expected side-effects and next steps",
        paragraphs=(
            Text(side_effects, markdown=side_effects == facts.field("side_effects")),
            Text(next_steps, markdown=next_steps == facts.field("client_next_steps")),
        ),
    )


def internal_sections(facts: "Facts") -> list[Section]:
    """The debrief, the internal notes and the alert log: never for the client."""
    return [_debrief(facts), _notes(facts), _alert_log(facts)]


def _debrief(facts: "Facts") -> Section:
    items = tuple(
        Item(lead=label, text=Text(facts.field(name), markdown=True), internal=True)
        for name, label in DEBRIEF_HEADINGS
        if facts.field(name)
    )
    empty = () if items else (Text("No debrief has been written yet."),)
    return Section("Internal debrief", paragraphs=empty, items=items, internal=True)


def _notes(facts: "Facts") -> Section:
    items = tuple(
        Item(
            lead=facts.at(note.created_at),
            label=note.author.display_name if note.author else "",
            text=Text(note.body, markdown=True),
            internal=True,
        )
        for note in facts.incident.notes
    )
    empty = () if items else (Text("There are no internal notes."),)
    return Section("Internal notes", paragraphs=empty, items=items, internal=True)


def _alert_log(facts: "Facts") -> Section:
    rows = tuple(
        (
            facts.at(entry.alerted_at),
            entry.person_name,
            ALERT_CHANNEL_NAMES[entry.channel],
            entry.alerted_by or "",
            ANSWER_PHRASES[entry.answered],
            entry.note,
        )
        for entry in facts.incident.alert_log
    )
    if not rows:
        text = Text("Nobody has been logged as alerted.")
        return Section("Alert log", paragraphs=(text,), internal=True)
    headers = ("Time", "Person", "Channel", "Alerted by", "Answered", "Note")
    return Section("Alert log", table=Table(headers, rows), internal=True)
