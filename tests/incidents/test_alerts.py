"""Alert-log summaries: rounds of alerting grouped by who raised them and when."""

from dataclasses import dataclass
from datetime import UTC, datetime

from app.incidents.alerts import alert_rounds, human_list
from app.models import AlertAnswer, AlertChannel


@dataclass
class Entry:
    person_name: str
    alerted_by: str
    alerted_at: datetime
    channel: AlertChannel
    answered: AlertAnswer = AlertAnswer.UNKNOWN


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2024, 3, 11, hour, minute, second, tzinfo=UTC)


def test_human_list():
    assert human_list([]) == ""
    assert human_list(["a"]) == "a"
    assert human_list(["a", "b"]) == "a and b"
    assert human_list(["a", "b", "c"]) == "a, b and c"


def test_rounds_group_by_source_and_minute():
    rounds = alert_rounds(
        [
            Entry("Ryan", "Benny", at(12, 0), AlertChannel.PHONE, AlertAnswer.NO),
            Entry("Benny", "Monitor", at(5, 12, 40), AlertChannel.TEXT),
            Entry("Benny", "Monitor", at(5, 12, 1), AlertChannel.EMAIL),
            Entry("Ryan", "Monitor", at(5, 12, 2), AlertChannel.EMAIL),
            Entry("Dana", "Benny", at(12, 0, 30), AlertChannel.PHONE, AlertAnswer.YES),
        ]
    )
    assert [(r.alerted_by, r.alerted_at) for r in rounds] == [
        ("Monitor", at(5, 12, 1)),
        ("Benny", at(12, 0)),
    ]
    assert rounds[0].people == ("Benny", "Ryan")
    assert rounds[0].channel_text == "by email and by text message"
    assert rounds[1].people_text == "Ryan and Dana"
    assert rounds[1].answered_by == ("Dana",)
    assert alert_rounds([]) == []
