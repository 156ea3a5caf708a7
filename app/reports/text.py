"""Plain-language phrasing for incident reports: pure functions, no database.

The wording follows the agency's own report ("At approximately 1:12 AM EDT on
11 March 2024, we experienced a 5-minute downtime for APC."): short sentences,
times in the page's zone with the zone named, no jargon.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.core.enums import ComponentStatus, DetectionSource
from app.core.labels import status_label
from app.incidents.alerts import AlertRound, human_list

# What to call the incident, by the worst status of an affected component.
KIND_NOUNS = {
    ComponentStatus.MAJOR_OUTAGE: "downtime",
    ComponentStatus.PARTIAL_OUTAGE: "partial outage",
    ComponentStatus.DEGRADED_PERFORMANCE: "slowdown",
    ComponentStatus.UNDER_MAINTENANCE: "maintenance problem",
}
DEFAULT_NOUN = "incident"


def clock(value: datetime, tz: ZoneInfo) -> str:
    """'1:12 AM EDT': wall-clock time in ``tz`` with the zone's abbreviation."""
    return value.astimezone(tz).strftime("%-I:%M %p %Z")


def long_date(day: date) -> str:
    """'11 March 2024'."""
    return f"{day.day} {day:%B %Y}"


def local_date(value: datetime, tz: ZoneInfo) -> date:
    return value.astimezone(tz).date()


def moment(value: datetime, tz: ZoneInfo, day: date) -> str:
    """'8:00 AM EDT', dated ('... on 12 March 2024') when not on ``day``."""
    text = clock(value, tz)
    other_day = local_date(value, tz)
    return text if other_day == day else f"{text} on {long_date(other_day)}"


def duration_parts(length: timedelta) -> list[tuple[int, str]]:
    """Days and hours, or hours and minutes: (amount, unit) pairs, zeros dropped."""
    minutes = round(length.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour")]
    if not days:
        parts.append((minutes, "minute"))
    return [(amount, unit) for amount, unit in parts if amount]


def duration_text(length: timedelta) -> str:
    """'5 minutes', '1 hour 20 minutes', '2 days 3 hours', 'less than a minute'."""
    parts = duration_parts(length)
    if not parts:
        return "less than a minute"
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts)


def with_article(phrase: str) -> str:
    """'a downtime', 'an incident', 'an 8-minute downtime', 'a 1-hour slowdown'."""
    number = re.match(r"\d+", phrase)
    if number:
        n = int(number.group())
        vowel = str(n).startswith("8") or n in (11, 18)
    else:
        vowel = phrase[:1].lower() in "aeiou"
    return f"{'an' if vowel else 'a'} {phrase}"


def sized(noun: str, length: timedelta) -> str:
    """'a 5-minute downtime', or 'a downtime of 1 hour 20 minutes'."""
    parts = duration_parts(length)
    if len(parts) == 1:
        amount, unit = parts[0]
        return with_article(f"{amount}-{unit} {noun}")
    return f"{with_article(noun)} of {duration_text(length)}"


def kind_noun(worst: ComponentStatus | None) -> str:
    return KIND_NOUNS.get(worst, DEFAULT_NOUN) if worst else DEFAULT_NOUN


def opening_sentence(noun: str, page: str, start: str, length: timedelta | None) -> str:
    """When it happened and for how long; ``length`` is None while it goes on."""
    if length is None:
        return f"Since approximately {start}, {page} has been affected by a {noun}."
    return f"At approximately {start}, we experienced {sized(noun, length)} for {page}."


def scope_sentence(affected: list[str], unaffected: list[str], ongoing: bool) -> str:
    """What was affected and what was not, naming the page's components."""
    if not affected:
        return ""
    hit, spared = human_list(affected), human_list(unaffected)
    if ongoing:
        if not unaffected:
            return f"This is affecting {hit}."
        verb = "is" if len(unaffected) == 1 else "are"
        return f"This only affects {hit}; {spared} {verb} unaffected."
    if not unaffected:
        return f"This impacted {hit}."
    verb = "was" if len(unaffected) == 1 else "were"
    return f"This only impacted {hit}; {spared} {verb} unimpacted."


def detection_sentence(
    noun: str,
    source: DetectionSource,
    page: str,
    first_round: AlertRound | None,
    detected_at: str | None,
) -> str:
    """How it was detected and who was alerted how ('... by email, through Slack')."""
    at = f" at {detected_at}" if detected_at else ""
    if source is DetectionSource.CLIENT_REPORTED:
        sentence = f"{page} reported this {noun} to us{at}"
    elif source is DetectionSource.MONITORING:
        monitor = first_round.alerted_by if first_round else ""
        sentence = f"This {noun} was detected by {monitor or 'our monitoring'}{at}"
    else:
        sentence = f"Our team spotted this {noun}{at}"
    if first_round:
        people, channels = first_round.people_text, first_round.channel_text
        if source is DetectionSource.MONITORING and first_round.alerted_by:
            sentence += f" and reported to {people} {channels}"
        else:
            verb = "was" if len(first_round.people) == 1 else "were"
            sentence += f"; {people} {verb} alerted {channels}"
    return sentence + "."


def detection_fact(noun: str, source: DetectionSource, page: str, monitor: str) -> str:
    """The timeline's 'Detected' entry: 'StatusCake detected the downtime.'"""
    if source is DetectionSource.CLIENT_REPORTED:
        return f"{page} reported the {noun}."
    if source is DetectionSource.MONITORING:
        return f"{monitor or 'Our monitoring'} detected the {noun}."
    return f"Our team spotted the {noun}."


def response_sentence(
    acknowledged_by: str, acknowledged_at: str, follow_up: AlertRound | None
) -> str:
    """'Benny acknowledged the alert at 8:00 AM EDT and alerted the team through …'."""
    sentence = f"{acknowledged_by or 'We'} acknowledged the alert at {acknowledged_at}"
    if follow_up:
        sentence += f" and alerted {follow_up.people_text} {follow_up.channel_text}"
    return sentence + "."


def alert_sentence(round_: AlertRound, at: str = "") -> str:
    """A round of alerting: 'Benny alerted the team at 8:00 AM EDT through Slack.'"""
    when = f" at {at}" if at else ""
    people, channels = round_.people_text, round_.channel_text
    if not round_.alerted_by:
        verb = "was" if len(round_.people) == 1 else "were"
        return f"{people} {verb} alerted{when} {channels}."
    return f"{round_.alerted_by} alerted {people}{when} {channels}."


def resolved_sentence(at: str) -> str:
    return f"We resolved this issue at {at}."


def hours_sentences(phrase: str, logged_as: str, categories: int = 1) -> str:
    """'We spent 1.5 hours ... As this falls under the Core Coverage agreement, ...'.

    With the time split into ``categories`` (more than one), the sentence says
    so and the list that follows gives the split, rather than calling all of it
    by the one category of ``logged_as``.
    """
    text = f"We spent {phrase} on this issue in total"
    category, under, agreement = logged_as.strip().rstrip(".").partition(" under ")
    agreement = re.sub(r"^the\s+", "", agreement, flags=re.IGNORECASE)
    if agreement and not agreement.lower().endswith("agreement"):
        agreement += " agreement"
    if categories > 1:
        covered = f", under the {agreement}," if agreement else ","
        return f"{text}{covered} logged as follows:"
    if not category:
        return text + "."
    if not under:
        return f"{text}. We have logged this time as {category}."
    return (
        f"{text}. As this falls under the {agreement}, "
        f"we have logged this time as {category}."
    )


def slugify(text: str, limit: int = 40) -> str:
    """'approcess.com is down' -> 'approcess-com-is-down' (ASCII, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.decode().lower()).strip("-")
    return slug[:limit].rstrip("-") or "incident"


def file_stem(page_slug: str, day: date, kind: str, internal: bool) -> str:
    """'apc-2024-03-11-downtime', '...-internal' for the internal variant."""
    stem = f"{page_slug}-{day.isoformat()}-{slugify(kind)}"
    return f"{stem}-internal" if internal else stem


def levels_sentence(component: str, levels: list[Any]) -> str:
    """'approcess.com: major outage for 5 minutes, then partial outage for 22
    minutes.' (``levels``: reports.impact.Level, in the order reached)."""
    if not levels:
        return ""
    spans = [
        f"{status_label(level.status).lower()} for {duration_text(level.lasted)}"
        for level in levels
    ]
    return f"{component}: {', then '.join(spans)}."
