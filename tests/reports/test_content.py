"""The report's content: APC reads like the agency's own, and edge cases hold up."""

from datetime import UTC, datetime, timedelta

from app.incidents.record import update_client_report
from app.incidents.service import post_incident_update
from app.models import ComponentStatus, IncidentStatus, Visibility
from app.reports.build import build_report
from app.reports.render import to_markdown
from app.reports.report import ReportVariant
from tests.reports.helpers import NOW, seed_apc, seed_secret_incident

INTERNAL = ReportVariant.INTERNAL


def _section(report, title):
    return next(s for s in report.sections if s.title == title)


def test_the_apc_report_reads_like_the_agencys(db):
    text = to_markdown(build_report(seed_apc()))
    for sentence in (
        "# Incident report: approcess.com is down",
        "Times are in the America/New_York time zone (EDT).",
        "At approximately 1:12 AM EDT on 11 March 2024, we experienced a 5-minute "
        "downtime for APC. This only impacted approcess.com; vletherapeutics.com was "
        "unimpacted.",
        "This downtime was detected by StatusCake and reported to Benny Rostron and "
        "Ryan Gibbons by email, through Slack and by text message. Benny Rostron "
        "acknowledged the alert at 8:00 AM EDT and alerted the development team "
        "through Slack.",
        "We resolved this issue at 9:30 AM EDT. We updated the DNS settings: it "
        "transpired that one of the gateways was misfiring because of a "
        "configuration setting, and this has now been corrected.",
        "- **9:15 AM EDT** — APC confirmed that they had not drafted or published any "
        "changes in the past 3 days",
        # Split three ways below, so not all called Emergency Response.
        "We spent 1.5 hours on this issue in total, under the Core Coverage "
        "agreement, logged as follows:",
        "- **1:17 AM EDT** — Recovered: approcess.com was working normally again.",
    ):
        assert sentence in text
    assert "EST" not in text  # 11 March 2024 is after the switch to daylight time
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. Summary",
        "## 2. Timeline",
        "## 3. Resolution steps",
        "## 4. Client actions",
        "## 5. Hours spent",
        "## 6. Expected side-effects and next steps",
    ]
    steps = text.split("## 3. Resolution steps")[1].split("## 4.")[0]
    assert steps.index("DNS") < steps.index("reproduce") < steps.index("traffic")


def test_the_apc_timeline_has_milestones_and_public_updates_in_order(db):
    timeline = _section(build_report(seed_apc()), "Timeline")
    assert [(i.lead, i.label) for i in timeline.items] == [
        ("1:12 AM EDT", "Detected"),
        ("1:12 AM EDT", "Alerted"),
        ("1:17 AM EDT", "Recovered"),
        ("8:00 AM EDT", "Acknowledged"),
        ("8:00 AM EDT", "Alerted"),
        ("8:00 AM EDT", "Investigating"),
        ("9:15 AM EDT", "Identified"),
        ("9:30 AM EDT", "Resolved"),
    ]


def test_the_internal_apc_report_adds_the_internal_record(db):
    report = build_report(seed_apc(), INTERNAL)
    assert [s.title for s in report.sections][6:] == [
        "Internal debrief",
        "Internal notes",
        "Alert log",
    ]
    assert all(s.internal for s in report.sections[6:])
    log = _section(report, "Alert log").table
    assert log.headers[4] == "Answered"
    assert {row[4] for row in log.rows} == {"yes", "no"}
    labels = [i.label for i in _section(report, "Timeline").items]
    assert "Investigating (internal update)" in labels
    assert report.file_stem == "apc-2024-03-11-downtime-internal"
    assert report.notices


def test_an_incident_with_no_internal_record(db, make_page):
    page = make_page(slug="bare", name="Bare", time_zone="UTC")
    from app.incidents.service import declare_incident

    incident = declare_incident(
        page, "Login trouble", "Looking.", at=datetime(2024, 1, 5, 10, tzinfo=UTC)
    )
    post_incident_update(
        incident,
        IncidentStatus.RESOLVED,
        "",
        at=datetime(2024, 1, 5, 10, 45, tzinfo=UTC),
    )
    db.session.commit()
    report = build_report(incident, INTERNAL)
    text = to_markdown(report)
    assert "we experienced a 45-minute incident for Bare." in text
    assert "Our team spotted this incident." in text
    assert "We resolved this issue at 10:45 AM UTC." in text
    assert "Nothing was needed from Bare." in text
    assert "We have not logged any time on this issue yet." in text
    assert "We do not expect any side-effects." in text
    assert "No debrief has been written yet." in text
    assert "Nobody has been logged as alerted." in text
    assert report.file_stem == "bare-2024-01-05-login-trouble-internal"


def test_an_unresolved_incident(db, make_page, make_component, make_incident):
    page = make_page(slug="open", name="Open Co", time_zone="Europe/London")
    site = make_component(page, name="open.test")
    start = datetime.now(UTC) - timedelta(hours=2)
    incident = make_incident(
        page,
        "Slow pages",
        components={site: ComponentStatus.DEGRADED_PERFORMANCE},
        started_at=start,
        at=start,
    )
    update_client_report(incident, resolution_done="We added a cache server.")
    report = build_report(incident)
    text = to_markdown(report)
    assert "Since approximately" in text
    assert "Open Co has been affected by a slowdown." in text
    assert "This is affecting open.test." in text
    assert "We are still working on this issue; its current status is " in text
    # Not in the summary yet, so the resolution steps carry what was done so far.
    assert (
        "We added a cache server."
        in _section(report, "Resolution steps").paragraphs[0].body
    )
    assert report.subtitle.endswith("· Ongoing")


def test_a_resolve_on_a_later_day_is_dated(
    db, make_page, make_component, make_incident
):
    page = make_page(slug="late", name="Late", time_zone="America/New_York")
    site = make_component(page, name="late.test")
    start = datetime(2024, 11, 2, 3, 0, tzinfo=UTC)  # 11:00 PM EDT on 1 November
    incident = make_incident(
        page,
        "Down",
        components={site: ComponentStatus.MAJOR_OUTAGE},
        started_at=start,
        at=start,
    )
    post_incident_update(
        incident, IncidentStatus.RESOLVED, "Fixed.", at=start + timedelta(hours=30)
    )
    db.session.commit()
    text = to_markdown(build_report(incident))
    assert "At approximately 11:00 PM EDT on 1 November 2024" in text
    assert "a downtime of 1 day 6 hours" in text
    # The clocks went back on 3 November: the resolve time is in EST.
    assert "We resolved this issue at 4:00 AM EST on 3 November 2024." in text


def test_client_reports_show_facts_of_internal_moves_never_their_text(db):
    incident = seed_secret_incident()
    client, internal = build_report(incident), build_report(incident, INTERNAL)
    client_items = _section(client, "Timeline").items
    assert ("Identified", "We found the cause.") in [
        (i.label, i.text.body) for i in client_items
    ]
    assert not any(i.internal for i in client_items)
    assert [u.visibility for u in incident.updates].count(Visibility.INTERNAL) == 1
    internal_items = _section(internal, "Timeline").items
    assert any(i.internal and "Relay queue" in i.text.body for i in internal_items)
    summary = to_markdown(client).split("## 2.")[0]
    assert "Acme reported this partial outage to us at 10:10 AM BST" in summary
    assert "This only impacted mail.acme.test; www.acme.test was unimpacted." in summary


def test_now_defaults_keep_the_demo_report_stable(db):
    incident = seed_apc()
    assert to_markdown(build_report(incident)) == to_markdown(
        build_report(incident, now=NOW + timedelta(days=30))
    )
