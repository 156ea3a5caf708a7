"""The incident console: dashboard, declaring, updating, editing, confirming."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.incidents.communication import ensure_default_templates
from app.incidents.response import acknowledge
from app.incidents.service import declare_incident, post_incident_update
from app.models import (
    AuditEntry,
    CommunicationTemplate,
    ComponentStatus,
    ComponentStatusChange,
    Incident,
    IncidentStatus,
    IncidentUpdate,
    Severity,
    Visibility,
)
from tests.fixtures.factories import page_fixture

# 10:00 in New York (EDT, UTC-4), where the test page lives.
NOW = datetime(2024, 5, 6, 14, 0, tzinfo=UTC)


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _audit(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).filter_by(action=action)))


page = page_fixture(
    {"name": "Website", "position": 0},
    {"name": "Checkout", "position": 1},
    name="Acme",
    slug="acme",
    sla_minutes=60,
)


def _components(page):
    return {c.name: c for c in page.components}


@pytest.fixture
def incident(db, page, clock):
    incident = declare_incident(
        page,
        "Checkout failing",
        "Looking into it.",
        severity=Severity.P1,
        components={_components(page)["Checkout"]: ComponentStatus.PARTIAL_OUTAGE},
        at=NOW - timedelta(minutes=30),
    )
    db.session.commit()
    return incident


def _declare(client, page, **fields):
    data = {
        "title": "Site down",
        "severity": "P1",
        "impact": "major",
        "detection_source": "monitoring",
        "commander_id": "",
        "template": "",
        "body": "We are **investigating**.",
    } | fields
    return client.post(f"/admin/incidents/new?page={page.id}", data=data)


def _update(client, incident, **fields):
    data = {"status": "investigating", "visibility": "public", "body": "News."}
    return client.post(
        f"/admin/incidents/{incident.id}/updates/new", data=data | fields
    )


# --- dashboard -------------------------------------------------------------


def test_dashboard_clocks_with_a_frozen_clock(db, page, incident, clock, admin_client):
    post_incident_update(
        incident, IncidentStatus.IDENTIFIED, "Found it.", at=NOW - timedelta(minutes=20)
    )
    db.session.commit()
    clock(NOW + timedelta(minutes=10, seconds=20))  # P1: every 30 min, due 20 s ago
    assert "Due now" in admin_client.get("/admin/").get_data(as_text=True)
    clock(NOW + timedelta(minutes=15))  # last public at 13:40
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert "Checkout failing" in html
    assert "Overdue by 5 min" in html
    assert "35 min ago" in html
    # detected 13:30, SLA 60 min: still pending, 15 minutes left; target 4 h
    assert "SLA pending" in html
    assert "15 min left" in html
    assert "3 h 15 min left" in html
    clock(NOW + timedelta(minutes=45))
    assert "SLA missed" in admin_client.get("/admin/").get_data(as_text=True)


def test_dashboard_sla_met_order_and_resolved_left_out(
    db, page, incident, clock, admin_client, admin_user
):
    acknowledge(incident, admin_user, NOW - timedelta(minutes=25), now=NOW)
    p0 = declare_incident(page, "Everything down", "x", severity=Severity.P0, at=NOW)
    done = declare_incident(page, "Old and done", "x", at=NOW - timedelta(hours=3))
    post_incident_update(done, IncidentStatus.RESOLVED, "Fixed.", at=NOW)
    p0.commander = admin_user
    db.session.commit()
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert html.index("Everything down") < html.index("Checkout failing")
    assert "Old and done" not in html
    assert "SLA met" in html
    assert "responded in 5 min" in html
    assert "Ada Admin" in html
    assert 'id="unresolved"' in html
    assert 'id="pages"' in html


def test_dashboard_without_incidents(admin_client, page):
    assert "No unresolved incidents" in admin_client.get("/admin/").get_data(
        as_text=True
    )


def test_p3_has_no_cadence(db, page, clock, admin_client):
    declare_incident(page, "Small bug", "x", severity=Severity.P3, at=NOW)
    db.session.commit()
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert "No cadence" in html
    assert "No target" in html


# --- declaring -------------------------------------------------------------


def test_declare_chooses_the_page_first(admin_client, page):
    html = admin_client.get("/admin/incidents/new").get_data(as_text=True)
    assert f'value="{page.id}"' in html
    assert "Website" not in html
    html = admin_client.get(f"/admin/incidents/new?page={page.id}").get_data(
        as_text=True
    )
    assert "Website" in html
    assert "Checkout" in html
    assert "In America/New_York" in html


def test_declare_with_components_times_and_commander(
    db, page, clock, admin_client, staff_user
):
    parts = _components(page)
    response = _declare(
        admin_client,
        page,
        started_at="2024-05-06T09:00",  # New York, EDT: 13:00 UTC
        detected_at="2024-05-06T09:10",
        commander_id=staff_user.id,
        **{f"component_{parts['Website'].id}": "major_outage"},
    )
    incident = db.session.scalar(sa.select(Incident))
    assert response.location == f"/admin/incidents/{incident.id}"
    assert incident.severity is Severity.P1
    assert incident.started_at == datetime(2024, 5, 6, 13, 0, tzinfo=UTC)
    assert incident.detected_at == datetime(2024, 5, 6, 13, 10, tzinfo=UTC)
    assert incident.commander_id == staff_user.id
    assert incident.is_public
    assert incident.acknowledged_at == NOW
    assert parts["Website"].status is ComponentStatus.MAJOR_OUTAGE
    assert parts["Checkout"].status is ComponentStatus.OPERATIONAL
    [update] = incident.updates
    assert update.visibility is Visibility.PUBLIC
    [entry] = _audit(db, "create")
    assert entry.object_id == incident.id
    assert entry.after["started_at"].startswith("2024-05-06T13:00")


def test_blank_times_mean_now(db, page, clock, admin_client):
    _declare(admin_client, page)
    incident = db.session.scalar(sa.select(Incident))
    assert incident.started_at == incident.detected_at == NOW


@pytest.mark.parametrize(
    ("fields", "field_error"),
    [
        ({"title": ""}, "This field is required."),
        ({"body": ""}, "Write the message."),
        ({"started_at": "2024-05-06T10:30"}, "The start time cannot be in the future."),
        (
            {"started_at": "2024-05-06T09:00", "detected_at": "2024-05-06T08:00"},
            "The detection time cannot be before the start time.",
        ),
        ({"started_at": "2024-03-10T02:30"}, "the clocks went forward then"),
        ({"started_at": "yesterday"}, "Not a valid datetime value."),
        ({"severity": "P9"}, "Not a valid choice."),
        ({"commander_id": "nobody"}, "Not a valid choice."),
    ],
)
def test_declare_bad_input_saves_nothing(
    db, page, clock, admin_client, fields, field_error
):
    response = _declare(admin_client, page, **fields)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error in html
    assert 'class="field-errors"' in html
    assert _count(db, Incident) == 0
    assert _count(db, AuditEntry) == 0
    assert _count(db, ComponentStatusChange) == 0


def test_declare_unknown_page_shows_the_chooser(admin_client, page):
    response = admin_client.get("/admin/incidents/new?page=nope")
    assert "Which client" in response.get_data(as_text=True)


def test_declare_preview_and_template_fill_save_nothing(db, page, clock, admin_client):
    [initial, *_] = ensure_default_templates()
    db.session.commit()
    parts = _components(page)
    html = _declare(
        admin_client,
        page,
        body="**Bold** <script>alert(1)</script>",
        preview="Preview",
    ).get_data(as_text=True)
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    html = _declare(
        admin_client,
        page,
        title="Checkout broken",
        started_at="2024-05-06T09:45",
        template=initial.id,
        prefill="Fill",
        **{f"component_{parts['Checkout'].id}": "partial_outage"},
    ).get_data(as_text=True)
    assert "problem affecting Checkout: Checkout broken" in html
    assert "May 6, 2024 9:45 AM EDT" in html
    html = _declare(admin_client, page, prefill="Fill").get_data(as_text=True)
    assert "Choose a template first." in html
    assert _count(db, Incident) == 0
    assert _count(db, AuditEntry) == 0


def test_declare_internal_only_then_confirm_publicly(db, page, clock, admin_client):
    _declare(admin_client, page, internal_only="y", body="Unconfirmed alert.")
    incident = db.session.scalar(sa.select(Incident))
    assert incident.is_public is False
    assert incident.updates[0].visibility is Visibility.INTERNAL
    public_url = f"/acme/incidents/{incident.id}"
    assert admin_client.get(public_url).status_code == 404
    assert "Site down" not in admin_client.get("/acme/").get_data(as_text=True)
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert "Internal only until confirmed" in html
    clock(NOW + timedelta(minutes=2))  # updates are ordered by time: let one pass
    response = admin_client.post(
        f"/admin/incidents/{incident.id}/confirm",
        data={"confirm-body": "We are looking into a problem."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert incident.is_public is True
    assert [u.visibility for u in incident.updates] == [
        Visibility.PUBLIC,
        Visibility.INTERNAL,
    ]
    public = admin_client.get(public_url).get_data(as_text=True)
    assert "We are looking into a problem." in public
    assert "Unconfirmed alert." not in public
    assert _audit(db, "confirm")[0].after == {"is_public": True}


def test_confirm_needs_a_message_and_an_internal_incident(
    db, page, incident, admin_client
):
    url = f"/admin/incidents/{incident.id}/confirm"
    html = admin_client.post(url, data={"confirm-body": "x"}).get_data(as_text=True)
    assert "already public" in html
    incident.is_public = False
    db.session.commit()
    html = admin_client.post(url, data={"confirm-body": ""}).get_data(as_text=True)
    assert "Write the message." in html
    db.session.expire_all()
    assert incident.is_public is False
    assert len(incident.updates) == 1


# --- updating --------------------------------------------------------------


def test_the_lifecycle_through_the_form(db, page, incident, clock, admin_client):
    steps = ["identified", "monitoring", "identified", "resolved"]
    for step in steps:
        assert _update(admin_client, incident, status=step).status_code == 302
        db.session.expire_all()
        assert incident.status == step
    assert incident.resolved_at is not None
    # a resolved incident offers every state, but only reopens when asked to
    html = admin_client.get(f"/admin/incidents/{incident.id}/updates/new").get_data(
        as_text=True
    )
    assert "Reopen this resolved incident" in html
    response = _update(admin_client, incident, status="investigating")
    assert "must be reopened explicitly" in response.get_data(as_text=True)
    db.session.expire_all()
    assert incident.status is IncidentStatus.RESOLVED
    _update(admin_client, incident, status="investigating", reopen="y")
    db.session.expire_all()
    assert incident.status is IncidentStatus.INVESTIGATING
    assert incident.resolved_at is None
    assert len(incident.updates) == 1 + len(steps) + 1
    assert len(_audit(db, "post_update")) == len(steps) + 1


def test_the_form_offers_only_allowed_states(db, page, incident, admin_client):
    _update(admin_client, incident, status="identified")
    html = admin_client.get(f"/admin/incidents/{incident.id}/updates/new").get_data(
        as_text=True
    )
    assert (
        'value="investigating"'
        not in html.split('name="status"')[1].split("</select>")[0]
    )
    response = _update(admin_client, incident, status="investigating")
    assert "Not a valid choice." in response.get_data(as_text=True)
    db.session.expire_all()
    assert incident.status is IncidentStatus.IDENTIFIED
    assert len(incident.updates) == 2


def test_component_statuses_change_with_the_update(db, page, incident, admin_client):
    parts = _components(page)
    _update(
        admin_client,
        incident,
        status="identified",
        **{
            f"component_{parts['Website'].id}": "degraded_performance",
            f"component_{parts['Checkout'].id}": "",
        },
    )
    db.session.expire_all()
    assert parts["Website"].status is ComponentStatus.DEGRADED_PERFORMANCE
    assert parts["Checkout"].status is ComponentStatus.PARTIAL_OUTAGE  # unchanged
    change = db.session.scalars(
        sa.select(ComponentStatusChange).filter_by(component_id=parts["Website"].id)
    ).one()
    assert change.incident_id == incident.id
    assert change.old_status is ComponentStatus.OPERATIONAL
    latest = incident.updates[0]
    assert [c["name"] for c in latest.affected_components] == ["Website"]
    assert {a.component.name for a in incident.affected} == {"Website", "Checkout"}
    [entry] = _audit(db, "post_update")
    assert entry.before == {
        "status": "investigating",
        "component Website": "operational",
    }
    assert entry.after["component Website"] == "degraded_performance"


def test_resolve_returns_components_to_operational_unless_set(
    db, page, incident, admin_client
):
    parts = _components(page)
    _update(
        admin_client,
        incident,
        status="identified",
        **{f"component_{parts['Website'].id}": "major_outage"},
    )
    _update(
        admin_client,
        incident,
        status="resolved",
        **{f"component_{parts['Website'].id}": "degraded_performance"},
    )
    db.session.expire_all()
    assert parts["Checkout"].status is ComponentStatus.OPERATIONAL
    assert parts["Website"].status is ComponentStatus.DEGRADED_PERFORMANCE


def test_internal_updates_never_reach_the_public_page(
    db, page, incident, admin_client, client, clock
):
    clock(NOW + timedelta(minutes=1))  # updates are ordered by time: let it pass
    _update(admin_client, incident, visibility="internal", body="SECRET-DETAIL")
    clock(NOW + timedelta(minutes=2))
    _update(admin_client, incident, status="identified", body="Public words.")
    db.session.expire_all()
    assert [u.visibility for u in incident.updates][:2] == [
        Visibility.PUBLIC,
        Visibility.INTERNAL,
    ]
    for url in (
        f"/acme/incidents/{incident.id}",
        "/acme/",
        "/acme/api/v2/incidents.json",
    ):
        body = client.get(url).get_data(as_text=True)
        assert "SECRET-DETAIL" not in body
    assert "Public words." in client.get(f"/acme/incidents/{incident.id}").get_data(
        as_text=True
    )
    console = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert "SECRET-DETAIL" in console
    assert "tag-internal" in console


def test_an_internal_only_incident_posts_internal_updates_only(
    db, page, clock, admin_client
):
    incident = declare_incident(page, "Hidden", "x", public=False, at=NOW)
    db.session.commit()
    html = admin_client.get(f"/admin/incidents/{incident.id}/updates/new").get_data(
        as_text=True
    )
    assert 'value="public"' not in html
    response = _update(admin_client, incident, visibility="public")
    assert "Not a valid choice." in response.get_data(as_text=True)


def test_the_forms_say_component_statuses_are_public_at_once(
    db, page, clock, make_component, admin_client
):
    """The choice made: a component's status is the page's, so an internal-only
    incident that sets one changes the public page, and both forms say so."""
    site = make_component(page, name="site")
    declare = admin_client.get(f"/admin/incidents/new?page={page.id}").text
    assert "Component statuses set here are public at once" in declare
    incident = declare_incident(page, "Hidden", "x", public=False, at=NOW)
    db.session.commit()
    update = admin_client.get(f"/admin/incidents/{incident.id}/updates/new").text
    assert "Component statuses set here are public at once" in update
    posted = _update(
        admin_client,
        incident,
        visibility="internal",
        **{f"component_{site.id}": "major_outage"},
    )
    assert posted.status_code == 302
    summary = admin_client.get(f"/{page.slug}/api/v2/summary.json").get_json()
    statuses = {c["name"]: c["status"] for c in summary["components"]}
    assert statuses["site"] == "major_outage"  # as the form said
    assert summary["incidents"] == []


def test_preview_renders_sanitised_html_and_saves_nothing(
    db, page, incident, admin_client
):
    response = _update(
        admin_client,
        incident,
        status="resolved",
        body="All **fixed** <img src=x onerror=alert(1)>",
        preview="Preview",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>fixed</strong>" in html
    assert "onerror" not in html.split("<textarea")[0]
    db.session.expire_all()
    assert incident.status is IncidentStatus.INVESTIGATING
    assert len(incident.updates) == 1
    assert _count(db, AuditEntry) == 0


def test_update_bad_input_saves_nothing(db, page, incident, admin_client):
    parts = _components(page)
    response = _update(
        admin_client,
        incident,
        body="  ",
        status="resolved",
        **{f"component_{parts['Website'].id}": "exploded"},
    )
    html = response.get_data(as_text=True)
    assert "Write the message." in html
    assert "Not a valid choice." in html
    db.session.expire_all()
    assert incident.status is IncidentStatus.INVESTIGATING
    assert parts["Checkout"].status is ComponentStatus.PARTIAL_OUTAGE
    assert len(incident.updates) == 1
    assert _count(db, AuditEntry) == 0


def test_template_prefills_the_message_and_state(db, page, incident, admin_client):
    templates = {t.kind: t for t in ensure_default_templates()}
    db.session.commit()
    fix = templates["fix_found"]
    url = f"/admin/incidents/{incident.id}/updates/new?template={fix.id}"
    html = admin_client.get(url).get_data(as_text=True)
    assert "cause of the problem affecting Checkout" in html
    assert '<option selected value="identified">' in html
    assert "filled in from the template" in html
    odd = CommunicationTemplate(name="Odd", body="Hello {client} on {page}")
    db.session.add(odd)
    db.session.commit()
    url = f"/admin/incidents/{incident.id}/updates/new?template={odd.id}"
    html = admin_client.get(url).get_data(as_text=True)
    assert "Hello {client} on Acme" in html
    assert "Unknown placeholders were left as written: {client}" in html
    assert len(incident.updates) == 1


# --- the console page, editing, acknowledging, the list ----------------------


def test_console_page_shows_everything(db, page, incident, admin_client):
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    for text in (
        "Checkout failing",
        "P1 – Major (Urgent Response)",
        "Who to contact, in what order",
        "Timeline",
        "Internal notes",
        "Alert log",
        "Client actions",
        "Hours",
        "Internal debrief",
        "Resolution, side-effects and next steps",
        "Report &amp; review",
        "Response SLA",
    ):
        assert text in html, text
    assert admin_client.get("/admin/incidents/nope").status_code == 404


def test_console_links_to_report_and_review(app, db, page, incident, make_user):
    from tests.helpers import sign_in

    client = sign_in(app, make_user())
    html = client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert f'href="/admin/incidents/{incident.id}/review"' in html
    assert f'href="/admin/incidents/{incident.id}/report"' in html


def test_edit_title_severity_impact_commander_audited(
    db, page, incident, admin_client, staff_user
):
    url = f"/admin/incidents/{incident.id}/edit"
    assert "Save incident" in admin_client.get(url).get_data(as_text=True)
    data = {
        "title": "Checkout down",
        "severity": "P0",
        "impact": "critical",
        "commander_id": staff_user.id,
    }
    assert admin_client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert incident.title == "Checkout down"
    assert incident.severity is Severity.P0
    assert incident.commander_id == staff_user.id
    [entry] = _audit(db, "update")
    assert entry.before == {
        "title": "Checkout failing",
        "severity": "P1",
        "impact": "minor",
        "commander_id": None,
    }
    assert entry.after["commander_id"] == staff_user.id
    response = admin_client.post(url, data=data | {"title": "", "severity": "P7"})
    assert response.get_data(as_text=True).count('class="field-errors"') == 2
    assert len(_audit(db, "update")) == 1


def test_acknowledge_once(db, page, incident, clock, staff_client, staff_user):
    url = f"/admin/incidents/{incident.id}/acknowledge"
    assert staff_client.post(url).status_code == 302
    db.session.expire_all()
    assert incident.acknowledged_at == NOW
    assert incident.acknowledged_by_id == staff_user.id
    staff_client.post(url)
    assert len(_audit(db, "acknowledge")) == 1


def test_incident_list_filters_and_pages(db, page, make_page, clock, admin_client):
    other = make_page(name="Other", slug="other")
    for n in range(30):
        declare_incident(page, f"Acme {n:02}", "x", at=NOW - timedelta(hours=n))
    done = declare_incident(other, "Other done", "x", at=NOW)
    post_incident_update(done, IncidentStatus.RESOLVED, "ok", at=NOW)
    db.session.commit()
    html = admin_client.get("/admin/incidents").get_data(as_text=True)
    assert "Other done" in html
    assert "Acme 00" in html
    assert "Acme 29" not in html
    assert "Page 1 of 2" in html
    html = admin_client.get("/admin/incidents?page_number=2").get_data(as_text=True)
    assert "Acme 29" in html
    html = admin_client.get(f"/admin/incidents?page={other.id}").get_data(as_text=True)
    assert "Other done" in html
    assert "Acme 00" not in html
    html = admin_client.get("/admin/incidents?status=resolved").get_data(as_text=True)
    assert "Other done" in html
    assert "Acme 00" not in html
    html = admin_client.get("/admin/incidents?status=open").get_data(as_text=True)
    assert "Other done" not in html
    assert "Acme 00" in html


def test_staff_use_every_console_view(db, page, incident, staff_client):
    base = f"/admin/incidents/{incident.id}"
    for url in (
        "/admin/",
        "/admin/incidents",
        "/admin/incidents/new",
        f"/admin/incidents/new?page={page.id}",
        base,
        f"{base}/edit",
        f"{base}/updates/new",
    ):
        assert staff_client.get(url).status_code == 200, url
    assert _update(staff_client, incident, status="identified").status_code == 302
    assert _declare(staff_client, page).status_code == 302
    assert (
        staff_client.post(f"{base}/notes", data={"note-body": "x"}).status_code == 302
    )
    assert _count(db, IncidentUpdate) == 3


def test_confirming_announces_a_public_update(db, page, clock, admin_client):
    from app.core import signals

    incident = declare_incident(page, "Quiet", "x", public=False, at=NOW)
    db.session.commit()
    seen = []

    def listener(sender, update):
        seen.append((sender.is_public, update.visibility, update.body))

    with signals.incident_update_posted.connected_to(listener):
        admin_client.post(
            f"/admin/incidents/{incident.id}/confirm",
            data={"confirm-body": "Confirmed."},
        )
    assert seen == [(True, Visibility.PUBLIC, "Confirmed.")]


def test_the_console_shows_each_new_status_in_its_own_colour(
    db, page, incident, admin_client
):
    [link] = incident.affected
    post_incident_update(
        incident, IncidentStatus.IDENTIFIED, "Worse.",
        component_statuses={link.component: ComponentStatus.MAJOR_OUTAGE},
    )  # fmt: skip
    db.session.commit()
    html = admin_client.get(f"/admin/incidents/{incident.id}").get_data(as_text=True)
    assert '<ins class="status-major_outage">Major Outage</ins>' in html


def test_an_admin_404_keeps_the_admin_navigation(admin_client, client):
    missing = admin_client.get("/admin/incidents/nothing-here")
    assert missing.status_code == 404
    assert 'aria-label="Admin"' in missing.get_data(as_text=True)
    assert 'aria-label="Admin"' not in client.get("/nothing-here/").get_data(
        as_text=True
    )
