"""Emergency contacts and the escalation chain: forms, order, the contact plan."""

import pytest
import sqlalchemy as sa

from app.incidents.contacts import contact_href, contact_plan
from app.models import (
    AuditEntry,
    ContactChannel,
    EmergencyContact,
    EscalationContact,
)
from tests.fixtures.factories import page_fixture


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


page = page_fixture(name="Acme", slug="acme")


def _add_contact(client, page, name, channel, value):
    return client.post(
        f"/admin/pages/{page.id}/contacts/new",
        data={"name": name, "channel": channel, "value": value},
    )


def _add_step(client, page, role, person, how="phone +1 555 010 0100"):
    return client.post(
        f"/admin/pages/{page.id}/escalation/new",
        data={"role_label": role, "person_name": person, "how_to_reach": how},
    )


def test_contacts_are_listed_in_the_order_added(admin_client, page, db):
    _add_contact(admin_client, page, "Alex", "phone", "+1 (555) 010-0150")
    _add_contact(admin_client, page, "Alex", "text", "+1 555 010 0150")
    _add_contact(admin_client, page, "Alex", "slack", "#acme-emergency")
    _add_contact(admin_client, page, "IT desk", "email", "it@acme.example")
    db.session.expire_all()
    plan = contact_plan(page)
    assert [(s.order, s.label, s.how) for s in plan.client] == [
        (1, "Phone", "+1 (555) 010-0150"),
        (2, "Text", "+1 555 010 0150"),
        (3, "Slack", "#acme-emergency"),
        (4, "Email", "it@acme.example"),
    ]
    assert plan.client[0].href == "tel:+15550100150"
    assert plan.client[1].href == "sms:+15550100150"
    assert plan.client[2].href is None
    assert plan.client[3].href == "mailto:it@acme.example"
    assert _count(db, AuditEntry) == 4


def test_escalation_chain_in_order_and_reorder(admin_client, page, db):
    for role, person in [("Strategist", "Benny"), ("PM", "Ryan"), ("Lead dev", "Dana")]:
        assert _add_step(admin_client, page, role, person).status_code == 302
    dana = db.session.scalar(
        sa.select(EscalationContact).where(EscalationContact.person_name == "Dana")
    )
    response = admin_client.post(
        f"/admin/escalation/{dana.id}/move", data={"direction": "up"}
    )
    assert response.location == f"/admin/pages/{page.id}#contacts"
    db.session.expire_all()
    assert [s.name for s in contact_plan(page).escalation] == ["Benny", "Dana", "Ryan"]
    move = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "move"))
    assert (move.before, move.after) == ({"position": 2}, {"position": 1})


def test_moving_past_the_end_changes_nothing(admin_client, page, db):
    _add_contact(admin_client, page, "Alex", "phone", "+1 555 010 0150")
    _add_contact(admin_client, page, "Alex", "email", "a@acme.example")
    first = db.session.scalar(
        sa.select(EmergencyContact).where(EmergencyContact.channel == "phone")
    )
    admin_client.post(f"/admin/contacts/{first.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [s.label for s in contact_plan(page).client] == ["Phone", "Email"]
    assert _count(db, AuditEntry) == 2  # the two creations only


def test_contact_move_down(admin_client, page, db):
    _add_contact(admin_client, page, "Alex", "phone", "+1 555 010 0150")
    _add_contact(admin_client, page, "Alex", "email", "a@acme.example")
    first = db.session.scalar(
        sa.select(EmergencyContact).where(EmergencyContact.channel == "phone")
    )
    admin_client.post(f"/admin/contacts/{first.id}/move", data={"direction": "down"})
    db.session.expire_all()
    assert [s.label for s in contact_plan(page).client] == ["Email", "Phone"]


def test_bad_move_direction_is_400(admin_client, page, db):
    _add_contact(admin_client, page, "Alex", "phone", "+1 555 010 0150")
    contact = db.session.scalar(sa.select(EmergencyContact))
    response = admin_client.post(
        f"/admin/contacts/{contact.id}/move", data={"direction": "sideways"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "channel": "phone", "value": "+1 555 010 0150"}, "required"),
        ({"name": "Alex", "channel": "phone", "value": "call me"}, "phone number"),
        ({"name": "Alex", "channel": "text", "value": "555"}, "phone number"),
        ({"name": "Alex", "channel": "email", "value": "not-an-email"}, "valid email"),
        ({"name": "Alex", "channel": "pager", "value": "x"}, "Invalid Choice"),
        ({"name": "Alex", "channel": "slack", "value": ""}, "required"),
    ],
)
def test_bad_contact_input(admin_client, page, db, data, message):
    response = admin_client.post(f"/admin/pages/{page.id}/contacts/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(db, EmergencyContact) == 0
    assert _count(db, AuditEntry) == 0


@pytest.mark.parametrize("missing", ["role_label", "person_name", "how_to_reach"])
def test_bad_escalation_input(admin_client, page, db, missing):
    data = {"role_label": "PM", "person_name": "Ryan", "how_to_reach": "phone"}
    data[missing] = "  "
    response = admin_client.post(f"/admin/pages/{page.id}/escalation/new", data=data)
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert _count(db, EscalationContact) == 0


def test_edit_and_delete_a_contact(admin_client, page, db):
    _add_contact(admin_client, page, "Alex", "phone", "+1 555 010 0150")
    contact = db.session.scalar(sa.select(EmergencyContact))
    assert admin_client.get(f"/admin/contacts/{contact.id}/edit").status_code == 200
    bad = admin_client.post(
        f"/admin/contacts/{contact.id}/edit",
        data={"name": "Alex P", "channel": "email", "value": "nope"},
    )
    assert bad.status_code == 200
    db.session.expire_all()
    assert db.session.get(EmergencyContact, contact.id).name == "Alex"
    admin_client.post(
        f"/admin/contacts/{contact.id}/edit",
        data={"name": "Alex P", "channel": "email", "value": "alex@acme.example"},
    )
    db.session.expire_all()
    assert db.session.get(EmergencyContact, contact.id).channel is ContactChannel.EMAIL
    confirm = admin_client.get(f"/admin/contacts/{contact.id}/delete")
    assert b"cannot be undone" in confirm.data
    assert _count(db, EmergencyContact) == 1
    admin_client.post(f"/admin/contacts/{contact.id}/delete")
    assert _count(db, EmergencyContact) == 0
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id))
    assert list(actions) == ["create", "update", "delete"]


def test_edit_and_delete_an_escalation_step(admin_client, page, db):
    _add_step(admin_client, page, "PM", "Ryan")
    step = db.session.scalar(sa.select(EscalationContact))
    admin_client.post(
        f"/admin/escalation/{step.id}/edit",
        data={"role_label": "PM", "person_name": "Ryan G", "how_to_reach": "Slack"},
    )
    db.session.expire_all()
    assert db.session.get(EscalationContact, step.id).person_name == "Ryan G"
    admin_client.post(f"/admin/escalation/{step.id}/delete")
    assert _count(db, EscalationContact) == 0


def test_detail_page_shows_the_plan_in_order(staff_client, admin_client, page, db):
    _add_step(admin_client, page, "Strategist", "Benny")
    _add_contact(admin_client, page, "Alex", "phone", "+1 555 010 0150")
    body = staff_client.get(f"/admin/pages/{page.id}").get_data(as_text=True)
    assert body.index("Strategist") < body.index("Alex")
    assert 'href="tel:+15550100150"' in body
    assert "Manage the escalation chain" not in body  # admins only


def test_empty_plan(page):
    plan = contact_plan(page)
    assert plan.is_empty


def test_slack_links_only_for_https():
    assert contact_href(ContactChannel.SLACK, "https://acme.slack.com/x") == (
        "https://acme.slack.com/x"
    )
    assert contact_href(ContactChannel.SLACK, "javascript:alert(1)") is None
