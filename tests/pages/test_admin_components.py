"""Components and groups in the admin area: CRUD, order, status by hand."""

import pytest
import sqlalchemy as sa

from app.models import (
    AuditEntry,
    Component,
    ComponentGroup,
    ComponentStatus,
    ComponentStatusChange,
    IncidentComponent,
)
from tests.fixtures.factories import page_fixture


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


page = page_fixture(name="Acme", slug="acme")


def _names(db, page):
    db.session.expire_all()
    return [c.name for c in page.components]


def test_create_component_with_every_field(admin_client, page, db):
    admin_client.post(f"/admin/pages/{page.id}/groups/new", data={"name": "Shop"})
    group = db.session.scalar(sa.select(ComponentGroup))
    response = admin_client.post(
        f"/admin/pages/{page.id}/components/new",
        data={
            "name": "Checkout",
            "description": "Payments",
            "url": "https://acme.example/checkout",
            "group_id": group.id,
            "showcase": "y",
            "only_show_if_degraded": "y",
            "start_date": "2024-01-31",
        },
    )
    assert response.location == f"/admin/pages/{page.id}"
    component = db.session.scalar(sa.select(Component))
    assert component.group_id == group.id
    assert component.only_show_if_degraded is True
    assert str(component.start_date) == "2024-01-31"
    assert component.status is ComponentStatus.OPERATIONAL


def test_ungrouped_component_and_blank_optionals(admin_client, page, db):
    admin_client.post(
        f"/admin/pages/{page.id}/components/new",
        data={"name": "Website", "group_id": "", "url": "", "description": ""},
    )
    component = db.session.scalar(sa.select(Component))
    assert component.group_id is None
    assert component.url is None
    assert component.description is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 121}, "Field cannot be longer than 120"),
        ({"name": "Site", "url": "ftp://acme.example"}, "http:// or https://"),
        ({"name": "Site", "group_id": "no-such-group"}, "Not a valid choice"),
        ({"name": "Site", "start_date": "31/01/2024"}, "Not a valid date"),
    ],
)
def test_bad_component_input(admin_client, page, db, data, message):
    response = admin_client.post(f"/admin/pages/{page.id}/components/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(db, Component) == 0
    assert _count(db, AuditEntry) == 0


def test_bad_group_input(admin_client, page, db):
    response = admin_client.post(f"/admin/pages/{page.id}/groups/new", data={})
    assert b"This field is required." in response.data
    assert _count(db, ComponentGroup) == 0


def test_edit_component(admin_client, page, make_component, db):
    component = make_component(page, name="Old")
    admin_client.post(f"/admin/components/{component.id}/edit", data={"name": "New"})
    db.session.expire_all()
    assert db.session.get(Component, component.id).name == "New"
    bad = admin_client.post(f"/admin/components/{component.id}/edit", data={"name": ""})
    assert bad.status_code == 200
    db.session.expire_all()
    assert db.session.get(Component, component.id).name == "New"


def test_reorder_components_within_their_group(admin_client, page, db):
    for name in ("A", "B", "C"):
        admin_client.post(f"/admin/pages/{page.id}/components/new", data={"name": name})
    c = db.session.scalar(sa.select(Component).where(Component.name == "C"))
    admin_client.post(f"/admin/components/{c.id}/move", data={"direction": "up"})
    assert _names(db, page) == ["A", "C", "B"]
    a = db.session.scalar(sa.select(Component).where(Component.name == "A"))
    admin_client.post(f"/admin/components/{a.id}/move", data={"direction": "down"})
    assert _names(db, page) == ["C", "A", "B"]


def test_reorder_groups(admin_client, page, db):
    for name in ("Shop", "API"):
        admin_client.post(f"/admin/pages/{page.id}/groups/new", data={"name": name})
    api = db.session.scalar(
        sa.select(ComponentGroup).where(ComponentGroup.name == "API")
    )
    admin_client.post(f"/admin/groups/{api.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [g.name for g in page.groups] == ["API", "Shop"]


def test_set_status_by_hand_keeps_history_and_audits(
    staff_client, staff_user, page, make_component, db
):
    component = make_component(page)
    response = staff_client.post(
        f"/admin/components/{component.id}/status", data={"status": "partial_outage"}
    )
    assert response.location == f"/admin/pages/{page.id}#components"
    db.session.expire_all()
    assert (
        db.session.get(Component, component.id).status is ComponentStatus.PARTIAL_OUTAGE
    )
    change = db.session.scalar(sa.select(ComponentStatusChange))
    assert (change.old_status, change.status) == ("operational", "partial_outage")
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.action == "status"
    assert entry.actor_id == staff_user.id
    assert (entry.before, entry.after) == (
        {"status": "operational"},
        {"status": "partial_outage"},
    )


def test_setting_the_same_status_records_nothing(
    staff_client, page, make_component, db
):
    component = make_component(page)
    staff_client.post(
        f"/admin/components/{component.id}/status", data={"status": "operational"}
    )
    assert _count(db, ComponentStatusChange) == 0
    assert _count(db, AuditEntry) == 0


def test_bad_status_is_400(staff_client, page, make_component, db):
    component = make_component(page)
    response = staff_client.post(
        f"/admin/components/{component.id}/status", data={"status": "on_fire"}
    )
    assert response.status_code == 400
    assert _count(db, ComponentStatusChange) == 0


def test_delete_component_with_history_and_incident(
    admin_client, page, make_component, make_incident, db, client
):
    component = make_component(page)
    make_incident(page, components={component: ComponentStatus.MAJOR_OUTAGE})
    assert (
        admin_client.get(f"/admin/components/{component.id}/delete").status_code == 200
    )
    admin_client.post(f"/admin/components/{component.id}/delete")
    assert _count(db, Component) == 0
    assert _count(db, IncidentComponent) == 0
    assert _count(db, ComponentStatusChange) == 0
    assert client.get("/acme/").status_code == 200  # the public page still renders


def test_delete_group_keeps_its_components(admin_client, page, db):
    admin_client.post(f"/admin/pages/{page.id}/groups/new", data={"name": "Shop"})
    group = db.session.scalar(sa.select(ComponentGroup))
    admin_client.post(
        f"/admin/pages/{page.id}/components/new",
        data={"name": "Checkout", "group_id": group.id},
    )
    admin_client.post(f"/admin/groups/{group.id}/edit", data={"name": "Store"})
    admin_client.post(f"/admin/groups/{group.id}/delete")
    db.session.expire_all()
    component = db.session.scalar(sa.select(Component))
    assert component.group_id is None
    actions = list(
        db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.object_type == "component_group")
            .order_by(AuditEntry.id)
        )
    )
    assert actions == ["create", "update", "delete"]


def test_detail_page_shows_components_by_group(admin_client, page, db):
    admin_client.post(f"/admin/pages/{page.id}/groups/new", data={"name": "Shop"})
    group = db.session.scalar(sa.select(ComponentGroup))
    admin_client.post(
        f"/admin/pages/{page.id}/components/new",
        data={"name": "Checkout", "group_id": group.id},
    )
    body = admin_client.get(f"/admin/pages/{page.id}").get_data(as_text=True)
    assert body.index("Shop") < body.index("Checkout")
    assert "Edit group" in body


def test_a_second_component_of_the_same_name_is_refused(admin_client, page, db):
    url = f"/admin/pages/{page.id}/components/new"
    admin_client.post(url, data={"name": "Website"})
    again = admin_client.post(url, data={"name": "  website "})
    assert again.status_code == 200
    assert "already has a component called" in again.get_data(as_text=True)
    assert _names(db, page) == ["Website"]
    component = db.session.scalar(sa.select(Component))
    kept = admin_client.post(f"/admin/components/{component.id}/edit",
                             data={"name": "Website"})  # fmt: skip
    assert kept.status_code == 302  # its own name is not a clash
