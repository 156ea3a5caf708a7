"""The internal record on the console page: every form, its audit entry, bad input."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.incidents.service import declare_incident
from app.models import (
    AlertAnswer,
    AlertChannel,
    AlertLogEntry,
    AuditEntry,
    ClientAction,
    IncidentNote,
    IncidentRecord,
    TimeCategory,
    TimeEntry,
)

# 10:00 in New York (EDT), where the page lives; the incident began at 09:00 there.
NOW = datetime(2024, 5, 6, 14, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("clock")  # every test runs at NOW


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def incident(db, make_page):
    page = make_page(name="Acme", slug="acme")
    incident = declare_incident(
        page, "Checkout failing", "Looking.", at=NOW - timedelta(hours=1)
    )
    db.session.commit()
    return incident


def _post(client, incident, path, **data):
    return client.post(f"/admin/incidents/{incident.id}/{path}", data=data)


def _audited(db, action="create") -> AuditEntry:
    return db.session.scalars(sa.select(AuditEntry).filter_by(action=action)).one()


def test_note(db, incident, staff_client, staff_user):
    response = _post(staff_client, incident, "notes", **{"note-body": "Checked DNS."})
    assert response.location == f"/admin/incidents/{incident.id}#notes"
    note = db.session.scalar(sa.select(IncidentNote))
    assert note.body == "Checked DNS."
    assert note.author_id == staff_user.id
    entry = _audited(db)
    assert entry.object_type == "incident_note"
    assert entry.after == {"body": "Checked DNS."}
    assert "Checkout failing" in entry.summary
    html = staff_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert "Checked DNS." in html


def test_alert_in_the_pages_time_zone(db, incident, admin_client, admin_user):
    _post(
        admin_client,
        incident,
        "alerts",
        **{
            "alert-person_name": "Benny",
            "alert-channel": "phone",
            "alert-alerted_at": "2024-05-06T09:15",
            "alert-answered": "yes",
            "alert-alerted_by": "StatusCake",
            "alert-note": "Picked up at once.",
        },
    )
    alert = db.session.scalar(sa.select(AlertLogEntry))
    assert alert.alerted_at == datetime(2024, 5, 6, 13, 15, tzinfo=UTC)
    assert alert.channel is AlertChannel.PHONE
    assert alert.answered is AlertAnswer.YES
    assert alert.recorded_by_id == admin_user.id
    assert _audited(db).after["person_name"] == "Benny"
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert "Picked up at once." in html
    assert "Answered" in html


def test_client_action(db, incident, admin_client):
    _post(
        admin_client,
        incident,
        "client-actions",
        **{
            "client-occurred_at": "2024-05-06T09:40",
            "client-description": "Confirmed nothing was published in 3 days.",
        },
    )
    action = db.session.scalar(sa.select(ClientAction))
    assert action.occurred_at == datetime(2024, 5, 6, 13, 40, tzinfo=UTC)
    assert _audited(db).object_type == "client_action"


def _hours(client, incident, **fields):
    data = {
        "time-user_id": "",
        "time-person_name": "",
        "time-work_date": "2024-05-06",
        "time-minutes": "30",
        "time-category": "investigation",
        "time-note": "",
    }
    return _post(client, incident, "hours", **(data | fields))


def test_hours_and_their_totals(db, incident, admin_client, staff_user):
    _hours(
        admin_client, incident, **{"time-user_id": staff_user.id, "time-minutes": "90"}
    )
    _hours(admin_client, incident, **{"time-person_name": "Contractor Kim"})
    _hours(
        admin_client,
        incident,
        **{"time-person_name": "Kim", "time-category": "fix", "time-minutes": "20"},
    )
    entries = db.session.scalars(sa.select(TimeEntry)).all()
    assert len(entries) == 3
    assert {e.person_name for e in entries} >= {"Sam Staff", "Contractor Kim"}
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    totals = html.split("<caption>Totals</caption>")[1].split("</table>")[0]
    assert "Investigation</th><td>2.00 h" in totals
    assert "Fix</th><td>0.33 h" in totals
    assert "Total</th><td>2.33 h" in totals
    assert len(db.session.scalars(sa.select(AuditEntry)).all()) == len(entries)


def test_hours_default_to_the_signed_in_user(db, incident, admin_client, admin_user):
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert f'<option selected value="{admin_user.id}">' in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time-minutes": "0"}, "Between 1 and 1440 minutes."),
        ({"time-minutes": ""}, "Enter the time spent in minutes."),
        ({"time-minutes": "lots"}, "Not a valid integer value."),
        ({"time-work_date": "2024-05-07"}, "The work date cannot be in the future."),
        ({"time-work_date": "2024-05-05"}, "cannot be before the incident started"),
        ({"time-work_date": ""}, "Enter the date."),
        ({"time-category": "napping"}, "Not a valid choice."),
        ({}, "Say who did the work."),
    ],
)
def test_hours_bad_input(db, incident, admin_client, fields, message):
    response = _hours(admin_client, incident, **fields)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert '<details class="manage" open><summary>Log hours' in html
    assert _count(db, TimeEntry) == 0
    assert _count(db, AuditEntry) == 0


@pytest.mark.parametrize(
    ("path", "data", "message", "model"),
    [
        ("notes", {"note-body": "  "}, "Write the note.", IncidentNote),
        (
            "alerts",
            {
                "alert-person_name": "Benny",
                "alert-channel": "phone",
                "alert-alerted_at": "2024-05-06T10:30",
                "alert-answered": "yes",
            },
            "The alert time cannot be in the future.",
            AlertLogEntry,
        ),
        (
            "alerts",
            {
                "alert-person_name": "Benny",
                "alert-channel": "phone",
                "alert-alerted_at": "2024-05-06T08:30",
                "alert-answered": "yes",
            },
            "cannot be before the start of the incident",
            AlertLogEntry,
        ),
        (
            "alerts",
            {"alert-person_name": "", "alert-channel": "pigeon"},
            "Not a valid choice.",
            AlertLogEntry,
        ),
        (
            "alerts",
            {"alert-person_name": "Benny", "alert-channel": "phone"},
            "Enter a date and time.",
            AlertLogEntry,
        ),
        (
            "client-actions",
            {"client-occurred_at": "2024-05-06T11:00", "client-description": "x"},
            "The time cannot be in the future.",
            ClientAction,
        ),
        (
            "client-actions",
            {"client-occurred_at": "2024-05-06T09:00", "client-description": ""},
            "This field is required.",
            ClientAction,
        ),
        (
            "debrief",
            {"debrief-what_happened": "x" * 20001},
            "Field cannot be longer than 20000 characters.",
            IncidentRecord,
        ),
        (
            "client-report",
            {"report-hours_logged_as": "x" * 201},
            "Field cannot be longer than 200 characters.",
            IncidentRecord,
        ),
    ],
)
def test_record_forms_refuse_bad_input(
    db, incident, admin_client, path, data, message, model
):
    response = _post(admin_client, incident, path, **data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="field-errors"' in html
    assert _count(db, model) == 0
    assert _count(db, AuditEntry) == 0


def test_debrief_and_client_report(db, incident, admin_client, admin_user):
    _post(
        admin_client,
        incident,
        "debrief",
        **{
            "debrief-what_happened": "A gateway misfired.",
            "debrief-investigation": "DNS checks.",
            "debrief-resolution": "",
            "debrief-prevention": "Alert on gateway errors.",
        },
    )
    _post(
        admin_client,
        incident,
        "client-report",
        **{
            "report-resolution_done": "Fixed the DNS.",
            "report-side_effects": "Slow builds for a day.",
            "report-hours_logged_as": "Emergency Response under Core Coverage",
        },
    )
    record = db.session.get(IncidentRecord, incident.id)
    assert record.what_happened == "A gateway misfired."
    assert record.side_effects == "Slow builds for a day."
    assert record.updated_by_id == admin_user.id
    debrief = _audited(db, "debrief")
    assert debrief.before == {
        "what_happened": "",
        "investigation": "",
        "prevention": "",
    }
    assert _audited(db, "client_report").after["resolution_done"] == "Fixed the DNS."
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert "Alert on gateway errors." in html
    assert "Slow builds for a day." in html
    # saving the same text again changes nothing and records nothing
    _post(
        admin_client,
        incident,
        "client-report",
        **{
            "report-resolution_done": "Fixed the DNS.",
            "report-side_effects": "Slow builds for a day.",
            "report-hours_logged_as": "Emergency Response under Core Coverage",
        },
    )
    assert _count(db, AuditEntry) == 2


def test_remove_entries(db, incident, admin_client, make_page):
    _post(admin_client, incident, "notes", **{"note-body": "Oops."})
    note = db.session.scalar(sa.select(IncidentNote))
    other = declare_incident(make_page(), "Other", "x", at=NOW)
    db.session.commit()
    assert (
        admin_client.post(
            f"/admin/incidents/{other.id}/note/{note.id}/delete"
        ).status_code
        == 404
    )
    assert (
        admin_client.post(
            f"/admin/incidents/{incident.id}/shoe/{note.id}/delete"
        ).status_code
        == 404
    )
    assert (
        admin_client.get(
            f"/admin/incidents/{incident.id}/note/{note.id}/delete"
        ).status_code
        == 405
    )
    response = admin_client.post(
        f"/admin/incidents/{incident.id}/note/{note.id}/delete"
    )
    assert response.location == f"/admin/incidents/{incident.id}#notes"
    assert _count(db, IncidentNote) == 0
    assert _audited(db, "delete").before == {"body": "Oops."}


def test_internal_record_is_never_public(db, incident, admin_client, client):
    _post(admin_client, incident, "notes", **{"note-body": "PRIVATE-NOTE"})
    _post(
        admin_client,
        incident,
        "debrief",
        **{"debrief-what_happened": "PRIVATE-DEBRIEF"},
    )
    for url in (
        f"/acme/incidents/{incident.id}",
        "/acme/",
        "/acme/api/v2/summary.json",
    ):
        body = client.get(url).get_data(as_text=True)
        assert "PRIVATE" not in body, url


def test_time_entries_use_the_category_labels(db, incident, admin_client):
    _hours(
        admin_client,
        incident,
        **{"time-person_name": "Kim", "time-category": "emergency_response"},
    )
    assert (
        db.session.scalar(sa.select(TimeEntry)).category
        is TimeCategory.EMERGENCY_RESPONSE
    )
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert "Emergency Response" in html
    assert date(2024, 5, 6).strftime("%b %-d, %Y") in html
