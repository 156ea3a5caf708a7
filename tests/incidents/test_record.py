"""The internal record: acknowledgement, commander, notes, alerts, client actions."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from app.core.errors import ValidationError
from app.incidents.hours import log_time
from app.incidents.record import (
    add_note,
    log_alert,
    record_client_action,
    record_for,
    remove_entry,
    update_client_report,
    update_debrief,
)
from app.incidents.response import acknowledge, assign_commander
from app.incidents.service import declare_incident, post_incident_update
from app.models import (
    AlertAnswer,
    AlertChannel,
    AlertLogEntry,
    ClientAction,
    IncidentNote,
    IncidentRecord,
    IncidentStatus,
    TimeCategory,
    TimeEntry,
    Visibility,
)
from app.models.base import utcnow

T0 = datetime(2024, 5, 6, 14, 0, tzinfo=UTC)


@pytest.fixture
def incident(db, make_page):
    page = make_page(sla_minutes=60)
    incident = declare_incident(
        page,
        "Checkout failing",
        "Investigating.",
        started_at=T0 - timedelta(minutes=20),
        detected_at=T0 - timedelta(minutes=10),
        at=T0,
    )
    db.session.commit()
    return incident


def test_acknowledge_sets_the_first_time_only(db, incident, make_user):
    first, second = make_user(name="First"), make_user(name="Second")
    assert acknowledge(incident, first, T0, now=T0) is True
    assert acknowledge(incident, second, T0 + timedelta(minutes=5), now=T0) is False
    db.session.commit()
    assert incident.acknowledged_at == T0
    assert incident.acknowledged_by == first


@time_machine.travel(T0 + timedelta(minutes=3), tick=False)
def test_acknowledge_defaults_to_now(db, incident, make_user):
    acknowledge(incident, make_user())
    assert incident.acknowledged_at == T0 + timedelta(minutes=3)


def test_acknowledge_refuses_the_future_and_before_detection(db, incident, make_user):
    user = make_user()
    with pytest.raises(ValidationError, match="future") as caught:
        acknowledge(incident, user, T0 + timedelta(minutes=1), now=T0)
    assert caught.value.field == "acknowledged_at"
    with pytest.raises(ValidationError, match="before the time the incident was"):
        acknowledge(incident, user, T0 - timedelta(minutes=11), now=T0)
    assert incident.acknowledged_at is None


def test_a_staff_update_acknowledges(db, incident, make_user):
    user = make_user()
    post_incident_update(
        incident,
        IncidentStatus.IDENTIFIED,
        "Found it.",
        author=user,
        visibility=Visibility.INTERNAL,
        at=T0 + timedelta(minutes=7),
    )
    post_incident_update(
        incident,
        IncidentStatus.MONITORING,
        "Fixed.",
        author=make_user(),
        at=T0 + timedelta(minutes=9),
    )
    db.session.commit()
    assert incident.acknowledged_at == T0 + timedelta(minutes=7)
    assert incident.acknowledged_by == user


def test_an_update_without_author_does_not_acknowledge(db, incident):
    post_incident_update(incident, IncidentStatus.IDENTIFIED, "Bot.", at=T0)
    assert incident.acknowledged_at is None


def test_declaring_it_yourself_acknowledges(db, make_page, make_user):
    user = make_user()
    incident = declare_incident(
        make_page(), "Down", "Looking.", author=user, commander=user, at=T0
    )
    db.session.commit()
    assert incident.acknowledged_at == T0
    assert incident.acknowledged_by == user
    assert incident.commander == user


@pytest.mark.parametrize(
    ("started", "detected", "field"),
    [
        (T0 + timedelta(minutes=1), T0, "started_at"),
        (T0, T0 + timedelta(minutes=1), "detected_at"),
        (T0 - timedelta(minutes=5), T0 - timedelta(minutes=6), "detected_at"),
    ],
)
def test_declaring_refuses_impossible_times(db, make_page, started, detected, field):
    with pytest.raises(ValidationError) as caught:
        declare_incident(
            make_page(), "x", "y", started_at=started, detected_at=detected, at=T0
        )
    assert caught.value.field == field


def test_commander_can_be_assigned_and_cleared(db, incident, make_user):
    user = make_user(name="Dana")
    assign_commander(incident, user)
    db.session.commit()
    assert incident.commander.name == "Dana"
    assign_commander(incident, None)
    db.session.commit()
    assert incident.commander_id is None


def test_notes_are_internal_and_ordered(db, incident, make_user):
    user = make_user()
    add_note(incident, "second", user, at=T0 + timedelta(minutes=2))
    add_note(incident, "  first  ", user, at=T0 + timedelta(minutes=1))
    db.session.commit()
    db.session.expire_all()
    assert [n.body for n in incident.notes] == ["first", "second"]
    assert incident.public_updates[0].body == "Investigating."
    assert all(u.body not in ("first", "second") for u in incident.updates)
    with pytest.raises(ValidationError, match="note is required"):
        add_note(incident, "  ", user)
    with pytest.raises(ValidationError, match="future"):
        add_note(incident, "later", user, at=utcnow() + timedelta(hours=1))


def test_the_alert_log(db, incident, make_user):
    entry = log_alert(
        incident,
        person_name=" Benny Rostron ",
        alerted_at=T0 - timedelta(minutes=10),
        channel=AlertChannel.TEXT,
        alerted_by="StatusCake",
        now=T0,
    )
    log_alert(
        incident,
        person_name="Ryan Gibbons",
        alerted_at=T0 - timedelta(minutes=12),
        channel="phone",
        answered="yes",
        now=T0,
        recorded_by=make_user(),
    )
    db.session.commit()
    db.session.expire_all()
    assert [(e.person_name, e.channel, e.answered) for e in incident.alert_log] == [
        ("Ryan Gibbons", AlertChannel.PHONE, AlertAnswer.YES),
        ("Benny Rostron", AlertChannel.TEXT, AlertAnswer.UNKNOWN),
    ]
    assert entry.alerted_by == "StatusCake"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"alerted_at": T0 + timedelta(seconds=1)}, "alerted_at", "future"),
        ({"alerted_at": T0 - timedelta(minutes=21)}, "alerted_at", "start of the"),
        ({"person_name": " "}, "person_name", "required"),
    ],
)
def test_bad_alerts_are_refused(db, incident, fields, field, message):
    good = {
        "person_name": "Benny",
        "alerted_at": T0,
        "channel": AlertChannel.EMAIL,
        "now": T0,
    }
    with pytest.raises(ValidationError, match=message) as caught:
        log_alert(incident, **(good | fields))
    assert caught.value.field == field
    assert db.session.scalar(sa.select(sa.func.count(AlertLogEntry.id))) == 0


def test_bad_channel_is_a_value_error(db, incident):
    with pytest.raises(ValueError, match="pigeon"):
        log_alert(incident, person_name="B", alerted_at=T0, channel="pigeon", now=T0)


def test_client_actions(db, incident, make_user):
    user = make_user()
    record_client_action(
        incident, "Confirmed no changes were published.", T0, recorded_by=user, now=T0
    )
    db.session.commit()
    assert incident.client_actions[0].recorded_by == user
    with pytest.raises(ValidationError, match="future"):
        record_client_action(incident, "x", T0 + timedelta(minutes=1), now=T0)
    with pytest.raises(ValidationError, match="description is required"):
        record_client_action(incident, "", T0, now=T0)


def test_the_record_is_created_on_first_write(db, incident, make_user):
    assert incident.record is None
    user = make_user()
    update_debrief(incident, user, what_happened=" A gateway misfired. ")
    update_client_report(
        incident,
        user,
        side_effects="Slow builds.",
        hours_logged_as="Emergency Response",
    )
    db.session.commit()
    db.session.expire_all()
    record = record_for(incident)
    assert record.what_happened == "A gateway misfired."
    assert record.side_effects == "Slow builds."
    assert record.hours_logged_as == "Emergency Response"
    assert record.has_debrief
    assert record.updated_by == user
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(IncidentRecord)) == 1
    )


def test_the_two_texts_cannot_be_mixed_up(db, incident):
    with pytest.raises(ValidationError, match="Unknown field: side_effects"):
        update_debrief(incident, side_effects="x")
    with pytest.raises(ValidationError, match="Unknown field: prevention"):
        update_client_report(incident, prevention="x")


def test_remove_entry(db, incident):
    note = add_note(incident, "oops", None, at=T0)
    action = record_client_action(incident, "x", T0, now=T0)
    db.session.commit()
    remove_entry(note)
    remove_entry(action)
    db.session.commit()
    assert incident.notes == []
    assert db.session.scalar(sa.select(sa.func.count(IncidentNote.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(ClientAction.id))) == 0


def test_deleting_an_incident_deletes_its_record(db, incident):
    add_note(incident, "n", None, at=T0)
    log_alert(incident, person_name="B", alerted_at=T0, channel="email", now=T0)
    record_client_action(incident, "x", T0, now=T0)
    log_time(
        incident,
        minutes=5,
        work_date=T0.date(),
        category=TimeCategory.FIX,
        person_name="B",
        now=T0,
    )
    update_debrief(incident, what_happened="x")
    db.session.commit()
    db.session.delete(incident)
    db.session.commit()
    for model in (IncidentNote, AlertLogEntry, ClientAction, TimeEntry):
        assert db.session.scalar(sa.select(sa.func.count(model.id))) == 0
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(IncidentRecord)) == 0
    )
