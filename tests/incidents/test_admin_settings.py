"""Admin-only console settings: the severity policy and communication templates."""

import pytest
import sqlalchemy as sa

from app.incidents.communication import ensure_default_templates
from app.incidents.policies import policy_for
from app.models import (
    AuditEntry,
    CommunicationTemplate,
    IncidentStatus,
    ReviewRequirement,
    Severity,
    SeverityPolicy,
)

SETTINGS_URLS = [
    "/admin/settings/severity",
    "/admin/settings/severity/P1",
    "/admin/settings/templates",
    "/admin/settings/templates/new",
]


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _policy(**fields):
    return {
        "label": "Major",
        "update_cadence_minutes": "20",
        "recovery_target_minutes": "120",
        "review": "required",
        "description": "Core features broken.",
    } | fields


@pytest.mark.parametrize("url", SETTINGS_URLS)
def test_settings_are_admin_only(staff_client, admin_client, url):
    assert staff_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_staff_cannot_change_a_policy(db, staff_client):
    response = staff_client.post("/admin/settings/severity/P1", data=_policy())
    assert response.status_code == 403
    assert _count(db, SeverityPolicy) == 0


def test_policy_list_shows_the_defaults(admin_client):
    html = admin_client.get("/admin/settings/severity").get_data(as_text=True)
    assert "P0 – Critical (All Hands)" in html
    assert "15 min" in html
    assert "No cadence" in html


def test_edit_a_policy(db, admin_client):
    response = admin_client.post("/admin/settings/severity/P1", data=_policy())
    assert response.location == "/admin/settings/severity"
    terms = policy_for(Severity.P1)
    assert terms.update_cadence_minutes == 20
    assert terms.recovery_target_minutes == 120
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.before["update_cadence_minutes"] == 30
    assert entry.after["update_cadence_minutes"] == 20
    admin_client.post(
        "/admin/settings/severity/P1",
        data=_policy(update_cadence_minutes="", review="none"),
    )
    db.session.expire_all()
    policy = db.session.scalar(sa.select(SeverityPolicy))
    assert policy.update_cadence_minutes is None
    assert policy.review is ReviewRequirement.NONE


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"update_cadence_minutes": "0"}, "At least one minute."),
        ({"recovery_target_minutes": "-5"}, "At least one minute."),
        ({"update_cadence_minutes": "soon"}, "Not a valid integer value."),
        ({"label": " "}, "This field is required."),
        ({"review": "maybe"}, "Not a valid choice."),
    ],
)
def test_policy_bad_input(db, admin_client, fields, message):
    response = admin_client.post("/admin/settings/severity/P2", data=_policy(**fields))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(db, SeverityPolicy) == 0
    assert _count(db, AuditEntry) == 0


def test_unknown_severity_is_404(admin_client):
    assert admin_client.get("/admin/settings/severity/P9").status_code == 404


def _template(**fields):
    return {
        "name": "Still working",
        "kind": "no_progress_update",
        "suggested_status": "investigating",
        "body": "Still on it: {title} ({components}). Next: {next_update_at}.",
        "position": "",
    } | fields


def test_template_crud(db, admin_client):
    response = admin_client.post("/admin/settings/templates/new", data=_template())
    assert response.location == "/admin/settings/templates"
    template = db.session.scalar(sa.select(CommunicationTemplate))
    assert template.suggested_status is IncidentStatus.INVESTIGATING
    html = admin_client.get("/admin/settings/templates").get_data(as_text=True)
    assert "Still working" in html
    url = f"/admin/settings/templates/{template.id}/edit"
    assert "Still on it" in admin_client.get(url).get_data(as_text=True)
    admin_client.post(url, data=_template(suggested_status="", position="3"))
    db.session.expire_all()
    assert template.suggested_status is None
    assert template.position == 3
    actions = [e.action for e in db.session.scalars(sa.select(AuditEntry))]
    assert sorted(actions) == ["create", "update"]
    delete_url = f"/admin/settings/templates/{template.id}/delete"
    assert admin_client.get(delete_url).status_code == 200
    admin_client.post(delete_url)
    assert _count(db, CommunicationTemplate) == 0
    assert _count(db, AuditEntry) == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": "Hello {client}"}, "Unknown placeholder {client}."),
        ({"body": "Hello {title!r}"}, "Unknown placeholder {title!r}."),
        ({"body": ""}, "This field is required."),
        ({"name": ""}, "This field is required."),
        ({"name": "Initial alert"}, "Another template already has this name."),
        ({"kind": "poem"}, "Not a valid choice."),
        ({"suggested_status": "sleeping"}, "Not a valid choice."),
    ],
)
def test_template_bad_input(db, admin_client, fields, message):
    ensure_default_templates()
    db.session.commit()
    before = _count(db, CommunicationTemplate)
    response = admin_client.post(
        "/admin/settings/templates/new", data=_template(**fields)
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(db, CommunicationTemplate) == before
    assert _count(db, AuditEntry) == 0


def test_literal_braces_are_fine(db, admin_client):
    admin_client.post(
        "/admin/settings/templates/new", data=_template(body="Use {{braces}} on {page}")
    )
    assert _count(db, CommunicationTemplate) == 1


def test_add_missing_defaults(db, admin_client):
    response = admin_client.post("/admin/settings/defaults")
    assert response.status_code == 302
    assert _count(db, CommunicationTemplate) == 5
    assert _count(db, SeverityPolicy) == 4
    assert _count(db, AuditEntry) == 9
    admin_client.post("/admin/settings/defaults")
    assert _count(db, AuditEntry) == 9
