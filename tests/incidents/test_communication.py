"""Communication templates: seeded wording, and filling it in for a real incident."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core.errors import ValidationError
from app.incidents.communication import (
    DEFAULT_TEMPLATES,
    ensure_default_templates,
    list_templates,
    render_for_incident,
    save_template,
    template_values,
)
from app.incidents.policies import ensure_default_policies
from app.incidents.service import declare_incident
from app.models import (
    CommunicationTemplate,
    ComponentStatus,
    IncidentStatus,
    Severity,
    TemplateKind,
)

# 5:12 UTC on 11 March 2024 is 1:12 AM in New York, daylight time since 10 March.
STARTED = datetime(2024, 3, 11, 5, 12, tzinfo=UTC)
NOW = datetime(2024, 3, 11, 12, 0, tzinfo=UTC)


def test_the_five_templates_are_seeded_once(db):
    made = ensure_default_templates()
    assert [t.kind for t in made] == [
        TemplateKind.INITIAL_ALERT,
        TemplateKind.NO_PROGRESS_UPDATE,
        TemplateKind.FIX_FOUND,
        TemplateKind.RESOLUTION,
        TemplateKind.POST_INCIDENT_SUMMARY,
    ]
    db.session.commit()
    assert ensure_default_templates() == []
    assert [t.name for t in list_templates()] == [d.name for d in DEFAULT_TEMPLATES]
    assert list_templates()[3].suggested_status is IncidentStatus.RESOLVED


def test_seeded_templates_use_only_known_placeholders(db):
    from app.incidents.placeholders import unknown_placeholders

    for template in ensure_default_templates():
        assert unknown_placeholders(template.body) == ()


def test_an_edited_template_is_kept(db):
    ensure_default_templates()
    first = list_templates()[0]
    save_template(first, name="Hello", kind=first.kind, body="Hi {page}")
    db.session.commit()
    assert ensure_default_templates() == []
    assert list_templates()[0].body == "Hi {page}"


def test_save_template_validates(db):
    template = CommunicationTemplate()
    with pytest.raises(ValidationError) as caught:
        save_template(template, name="x", kind=TemplateKind.OTHER, body="  ")
    assert caught.value.field == "body"
    save_template(template, name="Custom", kind="other", body="{title}")
    db.session.commit()
    assert db.session.scalar(sa.select(CommunicationTemplate.name)) == "Custom"


@pytest.fixture
def incident(db, make_page, make_component):
    page = make_page(name="APC", time_zone="America/New_York")
    site = make_component(page, name="approcess.com")
    other = make_component(page, name="vletherapeutics.com")
    incident = declare_incident(
        page,
        "approcess.com is down",
        "Looking.",
        severity=Severity.P1,
        components={
            site: ComponentStatus.MAJOR_OUTAGE,
            other: ComponentStatus.DEGRADED_PERFORMANCE,
        },
        started_at=STARTED,
        at=STARTED + timedelta(minutes=5),
    )
    db.session.commit()
    return incident


def test_values_in_the_pages_zone(db, incident):
    ensure_default_policies()
    values = template_values(incident, NOW)
    assert values == {
        "page": "APC",
        "title": "approcess.com is down",
        "components": "approcess.com and vletherapeutics.com",
        "severity": "P1 – Major (Urgent Response)",
        "status": "Investigating",
        "started_at": "Mar 11, 2024 1:12 AM EDT",
        "detected_at": "Mar 11, 2024 1:17 AM EDT",  # declared at, by default
        # now (8:00 AM EDT) + the P1 cadence of 30 minutes
        "next_update_at": "Mar 11, 2024 8:30 AM EDT",
    }


def test_rendering_a_seeded_template(db, incident):
    initial = next(t for t in DEFAULT_TEMPLATES if t.kind is TemplateKind.INITIAL_ALERT)
    rendered = render_for_incident(initial.body, incident, NOW)
    assert rendered.complete
    assert rendered.text == (
        "We are investigating a problem affecting approcess.com and "
        "vletherapeutics.com: approcess.com is down. It started at about "
        "Mar 11, 2024 1:12 AM EDT. Our team is working on it now.\n\n"
        "Next update: Mar 11, 2024 8:30 AM EDT."
    )


def test_no_cadence_and_no_components(db, make_page):
    page = make_page(name="Acme", time_zone="Europe/London")
    incident = declare_incident(page, "Typo", "x", severity=Severity.P3, at=STARTED)
    values = template_values(incident, NOW)
    assert values["components"] == "Acme"
    assert values["next_update_at"] == "when we have more to share"
    assert values["started_at"] == "Mar 11, 2024 5:12 AM GMT"


def test_hostile_template_text_never_raises(db, incident):
    body = "{page.__class__.__init__.__globals__} {title!r} {0} { {title:>99999999}"
    rendered = render_for_incident(body, incident, NOW)
    assert rendered.text == body
    assert len(rendered.unknown) == 4


def test_a_bad_page_zone_falls_back_to_utc(db, incident):
    incident.page.time_zone = "Not/AZone"
    assert template_values(incident, NOW)["started_at"] == "Mar 11, 2024 5:12 AM UTC"
