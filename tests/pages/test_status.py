"""The page banner, rolled up Statuspage-style from components and incidents."""

import pytest

from app.core.enums import worst_component_status
from app.models import ComponentStatus, Impact, IncidentStatus
from app.pages.status import DESCRIPTIONS, Indicator, page_status
from app.pages.status_page import current_status

OP = ComponentStatus.OPERATIONAL
DEGRADED = ComponentStatus.DEGRADED_PERFORMANCE
PARTIAL = ComponentStatus.PARTIAL_OUTAGE
MAJOR = ComponentStatus.MAJOR_OUTAGE
MAINT = ComponentStatus.UNDER_MAINTENANCE


@pytest.mark.parametrize(
    ("components", "impacts", "indicator"),
    [
        ([], [], Indicator.NONE),
        ([OP], [], Indicator.NONE),
        ([OP, OP, OP], [], Indicator.NONE),
        ([OP, DEGRADED], [], Indicator.MINOR),
        ([DEGRADED, DEGRADED], [], Indicator.MINOR),
        ([OP, PARTIAL], [], Indicator.MAJOR),
        ([PARTIAL, PARTIAL], [], Indicator.MAJOR),
        ([OP, MAJOR], [], Indicator.MAJOR),
        ([DEGRADED, MAJOR], [], Indicator.MAJOR),
        ([PARTIAL, MAJOR], [], Indicator.MAJOR),
        ([MAJOR], [], Indicator.CRITICAL),
        ([MAJOR, MAJOR, MAJOR], [], Indicator.CRITICAL),
        ([MAJOR, MAINT], [], Indicator.MAJOR),
        ([MAINT], [], Indicator.MAINTENANCE),
        ([OP, MAINT], [], Indicator.MAINTENANCE),
        ([MAINT, DEGRADED], [], Indicator.MINOR),
        ([MAINT, PARTIAL], [], Indicator.MAJOR),
        # Unresolved incidents count by their impact.
        ([OP], [Impact.NONE], Indicator.NONE),
        ([OP], [Impact.MINOR], Indicator.MINOR),
        ([OP], [Impact.MAJOR], Indicator.MAJOR),
        ([OP], [Impact.CRITICAL], Indicator.CRITICAL),
        ([], [Impact.MAJOR], Indicator.MAJOR),
        ([OP], [Impact.MINOR, Impact.CRITICAL, Impact.NONE], Indicator.CRITICAL),
        # The worse of components and incidents wins.
        ([PARTIAL], [Impact.MINOR], Indicator.MAJOR),
        ([DEGRADED], [Impact.CRITICAL], Indicator.CRITICAL),
        ([MAJOR], [Impact.MINOR], Indicator.CRITICAL),
        # Maintenance shows only while nothing is broken.
        ([MAINT], [Impact.NONE], Indicator.MAINTENANCE),
        ([MAINT], [Impact.MINOR], Indicator.MINOR),
        ([MAINT, OP], [Impact.MAJOR], Indicator.MAJOR),
    ],
)
def test_page_status(components, impacts, indicator):
    result = page_status(components, impacts)
    assert result.indicator is indicator
    assert result.description == DESCRIPTIONS[indicator]


def test_descriptions_match_statuspage():
    assert DESCRIPTIONS == {
        Indicator.NONE: "All Systems Operational",
        Indicator.MINOR: "Minor Service Outage",
        Indicator.MAJOR: "Partial System Outage",
        Indicator.CRITICAL: "Major System Outage",
        Indicator.MAINTENANCE: "Service Under Maintenance",
    }


def test_page_status_accepts_generators():
    result = page_status((s for s in [MAINT, OP]), (i for i in []))
    assert result.indicator is Indicator.MAINTENANCE


@pytest.mark.parametrize(
    ("statuses", "worst"),
    [
        ([], OP),
        ([OP], OP),
        ([OP, MAINT], MAINT),
        ([MAINT, DEGRADED], DEGRADED),
        ([DEGRADED, PARTIAL, OP], PARTIAL),
        ([PARTIAL, MAJOR, MAINT], MAJOR),
    ],
)
def test_worst_component_status(statuses, worst):
    assert worst_component_status(statuses) is worst


def test_current_status_of_a_page(db, make_page, make_component, make_incident):
    page = make_page()
    site = make_component(page)
    make_component(page)
    assert current_status(page).indicator is Indicator.NONE
    incident = make_incident(page, components={site: PARTIAL}, impact=Impact.MINOR)
    assert current_status(page).indicator is Indicator.MAJOR
    incident.post_update(IncidentStatus.RESOLVED, "Fixed.")
    db.session.commit()
    assert current_status(page).indicator is Indicator.NONE


def test_internal_incidents_do_not_move_the_banner(db, make_page, make_incident):
    page = make_page()
    make_incident(page, impact=Impact.CRITICAL, public=False)
    assert current_status(page).indicator is Indicator.NONE


def test_resolved_incidents_do_not_count(db, make_page, make_incident):
    page = make_page()
    make_incident(page, impact=Impact.CRITICAL, status=IncidentStatus.RESOLVED)
    assert current_status(page).indicator is Indicator.NONE
