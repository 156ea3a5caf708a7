"""Summaries of the alert log, for the console and the incident report."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.core.labels import ALERT_CHANNEL_PHRASES
from app.models.alert_log import AlertAnswer, AlertChannel


class AlertLike(Protocol):
    person_name: str
    alerted_by: str
    alerted_at: datetime
    channel: AlertChannel
    answered: AlertAnswer


@dataclass(frozen=True)
class AlertRound:
    """One round of alerting: who raised it, when, whom it reached and how."""

    alerted_by: str
    alerted_at: datetime
    people: tuple[str, ...]
    channels: tuple[AlertChannel, ...]
    answered_by: tuple[str, ...]

    @property
    def channel_text(self) -> str:
        """'by email, through Slack and by text message'."""
        return human_list([ALERT_CHANNEL_PHRASES[c] for c in self.channels])

    @property
    def people_text(self) -> str:
        return human_list(list(self.people))


def human_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _unique(values: Iterable) -> tuple:
    return tuple(dict.fromkeys(values))


def alert_rounds(entries: Iterable[AlertLike]) -> list[AlertRound]:
    """Group entries by who raised the alert and when (to the minute), in time order."""
    groups: dict[tuple[str, datetime], list[AlertLike]] = {}
    for entry in sorted(entries, key=lambda e: e.alerted_at):
        minute = entry.alerted_at.replace(second=0, microsecond=0)
        groups.setdefault((entry.alerted_by, minute), []).append(entry)
    return [
        AlertRound(
            alerted_by=alerted_by,
            alerted_at=group[0].alerted_at,
            people=_unique(e.person_name for e in group),
            channels=_unique(e.channel for e in group),
            answered_by=_unique(
                e.person_name for e in group if e.answered is AlertAnswer.YES
            ),
        )
        for (alerted_by, _minute), group in groups.items()
    ]
