"""The status page's component list is rendered once per components version:
kept across the updates posted to an incident, rendered again by every change
it shows, and never different from a fresh render."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.incidents.service import declare_incident, post_incident_update
from app.models import ComponentStatus, IncidentStatus, Page
from app.pages import components as component_service
from app.public.fragments import fragment_cache

NOW = datetime(2026, 3, 29, 13, 7, tzinfo=UTC)


def _versions(db, page: Page) -> tuple[int, int]:
    db.session.expire_all()
    page = db.session.get(Page, page.id)
    return page.content_version, page.components_version


def _incident_on(db, page, make_component):
    """Two components on ``page`` and an incident on one of them."""
    web, api = make_component(page, name="Web"), make_component(page, name="API")
    incident = declare_incident(
        page, "Checkout is failing", "Looking.",
        components={web: ComponentStatus.PARTIAL_OUTAGE},
    )  # fmt: skip
    db.session.commit()
    return incident, web, api


@pytest.fixture
def live(db, page, make_component):
    return _incident_on(db, page, make_component)


def test_an_update_posted_keeps_the_component_list(db, page, live):
    incident, _, _ = live
    content, components = _versions(db, page)
    post_incident_update(incident, IncidentStatus.IDENTIFIED, "A bad deploy.")
    db.session.commit()
    after = _versions(db, page)
    assert after[0] > content
    assert after[1] == components


def _set_status(incident, web, api):
    component_service.set_component_status(api, ComponentStatus.MAJOR_OUTAGE, None)


def _update_with_statuses(incident, web, api):
    post_incident_update(
        incident, IncidentStatus.MONITORING, "Fixed.",
        component_statuses={web: ComponentStatus.OPERATIONAL},
    )  # fmt: skip


def _rename_component(incident, web, api):
    web.name = "Website"


def _retitle(incident, web, api):
    incident.title = "Checkout and sign-in are failing"


def _backdate(incident, web, api):
    incident.started_at = incident.started_at - timedelta(days=2)


def _hide(incident, web, api):
    incident.is_public = False


@pytest.mark.parametrize(
    "change",
    [_set_status, _update_with_statuses, _rename_component, _retitle, _backdate,
     _hide],
)  # fmt: skip
def test_what_the_list_shows_bumps_its_version(db, page, live, change):
    content, components = _versions(db, page)
    change(*live)
    db.session.commit()
    after = _versions(db, page)
    assert after[0] > content
    assert after[1] > components


def test_the_list_is_rendered_once_across_updates(db, app, client, page, live):
    incident, _, _ = live
    client.get(f"/{page.slug}/")
    fragments = fragment_cache().cache
    kept = {key: html for key, (html, _) in fragments.items() if key[1] == page.id}
    post_incident_update(incident, IncidentStatus.IDENTIFIED, "A bad deploy.")
    db.session.commit()
    after = client.get(f"/{page.slug}/")
    assert b"A bad deploy." in after.data
    assert {k: html for k, (html, _) in fragments.items() if k[1] == page.id} == kept
    assert all(fragment in after.get_data(as_text=True) for fragment in kept.values())


def _update(incident, web, api):
    post_incident_update(incident, IncidentStatus.IDENTIFIED, "Still on it.",
                         reopen=incident.is_resolved)  # fmt: skip


def _resolve(incident, web, api):
    if not incident.is_resolved:
        post_incident_update(incident, IncidentStatus.RESOLVED, "Fixed.")


def _toggle_status(incident, web, api):
    status = ComponentStatus.DEGRADED_PERFORMANCE
    if api.status == status:
        status = ComponentStatus.OPERATIONAL
    component_service.set_component_status(api, status, None)


# Whatever happens to a page, the page with its cached list reads exactly as one
# rendered from nothing.
_CHANGES = st.sampled_from(
    [_update, _resolve, _toggle_status, _rename_component, _retitle, _backdate, _hide]
)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(changes=st.lists(_CHANGES, min_size=1, max_size=6))
def test_the_cached_list_reads_as_a_fresh_render(
    db, app, client, make_page, make_component, time_machine, changes
):
    time_machine.move_to(NOW, tick=False)
    page = make_page()
    incident, web, api = _incident_on(db, page, make_component)
    client.set_cookie("session", "x", domain="status.test")  # always rendered anew
    url = f"/{page.slug}/"
    for change in changes:
        client.get(url)  # the list cached as it was
        change(incident, web, api)
        db.session.commit()
        cached = client.get(url).data
        fragment_cache().clear()
        assert cached == client.get(url).data, change.__name__
