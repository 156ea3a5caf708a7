"""An incident that went Major Outage → Partial Outage → Operational is told as
the major outage it was: in the report, its file name, the permalink and the
API, with how long each level lasted; and the report tells its summary in the
order things happened, with channels as people write them."""

from datetime import UTC, datetime, timedelta

import pytest

from app.incidents.record import log_alert
from app.incidents.service import declare_incident, post_incident_update
from app.models import AlertChannel, ComponentStatus, IncidentStatus
from app.reports.build import build_report
from app.reports.render import export_report, to_markdown
from app.reports.report import ReportFormat
from tests.api_client import ApiClient

NOW = datetime(2024, 3, 12, 6, 12, tzinfo=UTC)
MAJOR, PARTIAL = ComponentStatus.MAJOR_OUTAGE, ComponentStatus.PARTIAL_OUTAGE


@pytest.fixture
def incident(db, make_page, make_component):
    page = make_page(name="APC", slug="apc", time_zone="America/New_York")
    site = make_component(page, name="approcess.com")
    make_component(page, name="shop.approcess.com")
    incident = declare_incident(
        page, "approcess.com is down", "Investigating.",
        components={site: MAJOR}, at=NOW,
    )  # fmt: skip
    post_incident_update(
        incident, IncidentStatus.IDENTIFIED, "Serving again, slowly.",
        component_statuses={site: PARTIAL}, at=NOW + timedelta(minutes=5),
    )  # fmt: skip
    post_incident_update(
        incident, IncidentStatus.RESOLVED, "Fixed.",
        component_statuses={site: ComponentStatus.OPERATIONAL},
        at=NOW + timedelta(minutes=27),
    )  # fmt: skip
    db.session.commit()
    return incident


def test_the_report_tells_the_worst_and_each_level(incident):
    text = to_markdown(build_report(incident, now=NOW + timedelta(hours=1)))
    assert "we experienced a 27-minute downtime for APC" in text
    assert "partial outage for APC" not in text
    assert (
        "approcess.com: major outage for 5 minutes, then partial outage for 22 minutes."
        in text
    )


def test_the_file_name_names_the_worst(incident):
    export = export_report(incident, ReportFormat.MARKDOWN)
    assert export.filename.endswith("-downtime.md")


def test_the_permalink_and_the_api_show_the_worst(client, make_token, incident):
    permalink = client.get(f"/apc/incidents/{incident.id}").get_data(as_text=True)
    affected = permalink.split('class="component-list')[1].split("</ul>")[0]
    assert "Major Outage" in affected
    assert "Partial Outage" not in affected
    _, secret = make_token(name="ops")
    shown = ApiClient(client, secret).get(f"/incidents/{incident.id}").get_json()
    assert [(c["name"], c["status"]) for c in shown["components"]] == [
        ("approcess.com", "major_outage")
    ]


def test_the_summary_tells_alerts_and_the_acknowledgement_in_time_order(
    db, incident, make_user
):
    """Alerted at 2:20, acknowledged at 2:30: told in that order."""
    lead = make_user(name="Benny Rostron")
    for minute, person in ((0, "Benny Rostron"), (8, "Ryan Gibbons")):
        log_alert(
            incident, person_name=person, channel=AlertChannel.PHONE,
            alerted_at=NOW + timedelta(minutes=minute),
            alerted_by="" if minute == 0 else "StatusCake",
        )  # fmt: skip
    incident.acknowledged_at, incident.acknowledged_by = (
        NOW + timedelta(minutes=18),
        lead,
    )
    db.session.commit()
    summary = to_markdown(build_report(incident)).split("## 2.")[0]
    alerted, acknowledged = summary.index("Ryan Gibbons"), summary.index("acknowledged")
    assert alerted < acknowledged
    assert "by phone" in summary
