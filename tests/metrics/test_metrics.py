"""Response metrics: exact on hand-built incidents, CSV, SVG charts, the page."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from app.metrics.charts import metrics_charts
from app.metrics.export import metrics_csv
from app.metrics.rules import (
    IncidentTimes,
    compliance,
    duration_stats,
    recovery_met,
    sla_met,
    to_minutes,
)
from app.metrics.service import Period, compute_metrics
from app.metrics.svg import Bar, bar_chart
from app.models import (
    ActionItem,
    ActionItemStatus,
    Incident,
    IncidentStatus,
    Severity,
    TimeCategory,
    TimeEntry,
)
from tests.helpers import sign_in

NOW = datetime(2024, 4, 10, 12, 0, tzinfo=UTC)
T = datetime(2024, 3, 10, 10, 0, tzinfo=UTC)
MARCH = Period(date(2024, 3, 1), date(2024, 3, 31))
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: object) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314  (our own output)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


# --- pure rules --------------------------------------------------------------


def test_median_and_mean_of_known_durations_skip_missing_ones():
    stats = duration_stats([minutes(10), None, minutes(2), minutes(5), minutes(0)])
    assert stats.count == 4
    assert stats.median == minutes(3.5)  # the mean of the middle two
    assert stats.mean == minutes(4.25)
    assert stats.median_minutes == Decimal("3.5")
    assert stats.mean_minutes == Decimal("4.3")  # 4.25 rounds half-up


def test_no_durations_give_no_median():
    stats = duration_stats([None, None])
    assert (stats.count, stats.median, stats.mean, stats.median_minutes) == (
        0,
        None,
        None,
        None,
    )


def test_odd_count_median_is_the_middle_value():
    assert duration_stats([minutes(80), minutes(15), minutes(30)]).median == minutes(30)


def test_minutes_round_half_up_to_a_tenth():
    assert to_minutes(timedelta(seconds=90)) == Decimal("1.5")
    assert to_minutes(timedelta(seconds=63)) == Decimal("1.1")
    assert to_minutes(timedelta(days=1)) == Decimal("1440.0")
    assert to_minutes(None) is None


def test_compliance_counts_met_and_missed_and_ignores_pending():
    found = compliance([True, False, None, True])
    assert (found.met, found.missed, found.percent) == (2, 1, Decimal("66.7"))
    assert compliance([None]).percent is None


def test_sla_met_missed_and_pending():
    times = IncidentTimes(started_at=T, detected_at=T, sla_minutes=60)
    assert sla_met(times, T + minutes(59)) is None  # still within the SLA
    assert sla_met(times, T + minutes(61)) is False  # never acknowledged
    on_time = IncidentTimes(T, T, acknowledged_at=T + minutes(60), sla_minutes=60)
    assert sla_met(on_time, NOW) is True  # at the deadline counts as met
    late = IncidentTimes(T, T, acknowledged_at=T + minutes(61), sla_minutes=60)
    assert sla_met(late, NOW) is False


def test_recovery_met_missed_pending_and_without_target():
    target = {"recovery_target_minutes": 60}
    open_times = IncidentTimes(T, T, **target)
    assert recovery_met(open_times, T + minutes(30)) is None
    assert recovery_met(open_times, T + minutes(61)) is False
    on_time = IncidentTimes(T, T, resolved_at=T + minutes(60), **target)
    assert recovery_met(on_time, NOW) is True
    no_target = IncidentTimes(T, T, resolved_at=T + minutes(600))
    assert recovery_met(no_target, NOW) is None


# --- hand-built incidents ---------------------------------------------------


def _incident(db, page, severity, started, detected, acked, resolved) -> Incident:
    incident = Incident(
        page=page,
        title=f"{severity} at {started:%d %H:%M}",
        severity=severity,
        status=IncidentStatus.RESOLVED if resolved else IncidentStatus.INVESTIGATING,
        started_at=started,
        detected_at=detected,
        acknowledged_at=acked,
        resolved_at=resolved,
    )
    db.session.add(incident)
    return incident


def _entry(incident: Incident, day: date, mins: int) -> None:
    incident.time_entries.append(
        TimeEntry(
            person_name="Dana",
            work_date=day,
            minutes=mins,
            category=TimeCategory.FIX,
        )
    )


def _item(incident: Incident, deadline: date, status=ActionItemStatus.OPEN) -> None:
    done = NOW if status is not ActionItemStatus.OPEN else None
    incident.action_items.append(
        ActionItem(
            description="Follow up",
            deadline=deadline,
            status=status,
            completed_at=done,
        )
    )


@pytest.fixture
def hand_built(db, make_page):
    """Five incidents in March 2024 on two pages, two outside it."""
    alpha = make_page(name="Alpha", time_zone="UTC", sla_minutes=60)
    bravo = make_page(name="Bravo", time_zone="America/Los_Angeles", sla_minutes=240)
    make_page(name="=Evil", time_zone="UTC")  # a name a spreadsheet would run
    day = timedelta(days=1)
    one = _incident(
        db, alpha, Severity.P1, T, T + minutes(5), T + minutes(20), T + minutes(125)
    )
    _incident(
        db,
        alpha,
        Severity.P1,
        T + day,
        T + day + minutes(10),
        T + day + minutes(90),
        T + day + minutes(310),
    )
    p0_start = datetime(2024, 3, 20, 8, 0, tzinfo=UTC)
    # Detection unknown, acknowledged, never resolved.
    _incident(db, alpha, Severity.P0, p0_start, None, p0_start + minutes(30), None)
    b_start = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    # Never acknowledged.
    four = _incident(
        db,
        bravo,
        Severity.P2,
        b_start,
        b_start + minutes(2),
        None,
        b_start + minutes(62),
    )
    last = datetime(2024, 3, 31, 23, 30, tzinfo=UTC)
    _incident(
        db, bravo, Severity.P3, last, last, last + minutes(100), last + minutes(200)
    )
    april = datetime(2024, 4, 1, tzinfo=UTC)
    _incident(db, alpha, Severity.P1, april, april, april, april + minutes(5))
    feb = datetime(2024, 2, 29, 23, 59, tzinfo=UTC)
    early = _incident(db, alpha, Severity.P1, feb, feb, feb, feb + minutes(5))
    _entry(one, date(2024, 3, 10), 90)
    _entry(one, date(2024, 3, 11), 30)
    _entry(early, date(2024, 3, 1), 20)  # work in March on a February incident
    _entry(early, date(2024, 2, 29), 50)
    _entry(four, date(2024, 3, 5), 45)
    _item(one, date(2024, 4, 1))  # overdue
    _item(one, date(2024, 4, 30))
    _item(one, date(2024, 3, 12), ActionItemStatus.DONE)
    _item(four, date(2024, 4, 9))  # overdue in Los Angeles too
    db.session.commit()
    return alpha, bravo


def _row(rows, label):
    return next(r for r in rows if r.metrics.label.startswith(label))


def test_overall_metrics_are_exact(hand_built):
    report = compute_metrics(MARCH, NOW)
    m = report.overall.metrics
    assert m.incidents == 5
    assert (m.detect.count, m.detect.median, m.detect.mean) == (
        4,
        minutes(3.5),
        minutes(4.25),
    )
    assert (m.acknowledge.median, m.acknowledge.mean) == (minutes(55), minutes(56.25))
    assert (m.sla.met, m.sla.missed, m.sla.percent) == (3, 2, Decimal("60.0"))
    assert (m.resolve.count, m.resolve.median, m.resolve.mean) == (
        4,
        minutes(160),
        minutes(170),
    )
    assert (m.recovery.met, m.recovery.missed, m.recovery.percent) == (
        2,
        2,
        Decimal("50.0"),
    )
    assert (report.overall.items.open, report.overall.items.overdue) == (3, 2)


def test_metrics_per_page(hand_built):
    report = compute_metrics(MARCH, NOW)
    assert [r.metrics.label for r in report.by_page] == ["=Evil", "Alpha", "Bravo"]
    alpha = _row(report.by_page, "Alpha")
    m = alpha.metrics
    assert m.incidents == 3
    assert (m.detect.median, m.detect.mean) == (minutes(7.5), minutes(7.5))
    assert m.acknowledge.median == minutes(30)
    assert m.acknowledge.mean_minutes == Decimal("41.7")
    assert (m.sla.met, m.sla.missed, m.sla.percent) == (2, 1, Decimal("66.7"))
    assert m.resolve.median == minutes(210)
    assert (m.recovery.met, m.recovery.missed, m.recovery.percent) == (
        1,
        2,
        Decimal("33.3"),
    )
    assert (alpha.items.open, alpha.items.overdue) == (2, 1)
    bravo = _row(report.by_page, "Bravo")
    assert (bravo.metrics.detect.median, bravo.metrics.resolve.median) == (
        minutes(1),
        minutes(130),
    )
    assert bravo.metrics.sla.percent == Decimal("50.0")
    assert (bravo.metrics.recovery.met, bravo.metrics.recovery.missed) == (1, 0)
    assert (bravo.items.open, bravo.items.overdue) == (1, 1)
    empty = _row(report.by_page, "=Evil").metrics
    assert (empty.incidents, empty.detect.median, empty.sla.percent) == (0, None, None)


def test_metrics_per_severity(hand_built):
    report = compute_metrics(MARCH, NOW)
    assert [r.metrics.key for r in report.by_severity] == ["P0", "P1", "P2", "P3"]
    p0 = _row(report.by_severity, "P0").metrics
    # Acknowledged 30 min after the start (detection unknown): within 60.
    assert (p0.detect.count, p0.acknowledge.median, p0.sla.met) == (0, minutes(30), 1)
    assert (p0.resolve.count, p0.recovery.missed) == (0, 1)
    p1 = _row(report.by_severity, "P1")
    assert (p1.metrics.incidents, p1.metrics.resolve.mean) == (2, minutes(210))
    assert (p1.items.open, p1.items.overdue) == (2, 1)
    p3 = _row(report.by_severity, "P3").metrics
    assert (p3.recovery.met, p3.recovery.missed, p3.recovery.percent) == (0, 0, None)


def test_hours_per_page_and_month(hand_built):
    hours = compute_metrics(MARCH, NOW).hours
    assert [(h.page, h.month, h.minutes, h.hours) for h in hours] == [
        ("Alpha", "2024-03", 140, Decimal("2.33")),
        ("Bravo", "2024-03", 45, Decimal("0.75")),
    ]
    across = compute_metrics(Period(date(2024, 2, 1), date(2024, 3, 31)), NOW).hours
    assert [(h.month, h.minutes) for h in across if h.page == "Alpha"] == [
        ("2024-02", 50),
        ("2024-03", 140),
    ]


def test_csv_has_the_same_numbers(hand_built):
    rows = list(csv.DictReader(io.StringIO(metrics_csv(compute_metrics(MARCH, NOW)))))
    overall = rows[0]
    assert (overall["section"], overall["group"], overall["incidents"]) == (
        "all",
        "All pages",
        "5",
    )
    assert overall["detect_median_min"] == "3.5"
    assert overall["detect_mean_min"] == "4.3"
    assert overall["acknowledge_mean_min"] == "56.3"
    assert (overall["sla_met"], overall["sla_missed"]) == ("3", "2")
    assert overall["sla_compliance_pct"] == "60.0"
    assert overall["resolve_median_min"] == "160.0"
    assert overall["recovery_compliance_pct"] == "50.0"
    assert (overall["open_action_items"], overall["overdue_action_items"]) == (
        "3",
        "2",
    )
    pages = [r["group"] for r in rows if r["section"] == "page"]
    assert pages == ["'=Evil", "Alpha", "Bravo"]  # no formula injection
    evil = rows[1]
    assert (evil["detect_median_min"], evil["sla_compliance_pct"]) == ("", "")
    assert [r["group"] for r in rows if r["section"] == "severity"][0].startswith("P0")
    hours = [
        (r["group"], r["month"], r["hours"]) for r in rows if r["section"] == "hours"
    ]
    assert hours == [("Alpha", "2024-03", "2.33"), ("Bravo", "2024-03", "0.75")]


def test_charts_are_well_formed_svg_with_titles(hand_built):
    charts = metrics_charts(compute_metrics(MARCH, NOW))
    assert len(charts) == 4
    for chart in charts:
        root = parse(chart.svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text == chart.title
        assert "style" not in str(chart.svg)
    incidents = parse(charts[0].svg)
    titles = [g.find(f"{SVG}title").text for g in incidents.iter(f"{SVG}g")]
    assert titles == ["=Evil: 0", "Alpha: 3", "Bravo: 2"]


def test_chart_escapes_labels_and_handles_no_data():
    svg = str(bar_chart("x", "A <b> & c", [Bar("<script>", 2, "2 & more")]))
    root = parse(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}g/{SVG}title").text == "<script>: 2 & more"
    empty = parse(bar_chart("y", "Nothing", []))
    assert "No data" in ET.tostring(empty, encoding="unicode")


# --- the page --------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/metrics", "/admin/metrics.csv"])
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login" in response.location


def test_staff_see_the_metrics_page(hand_built, staff_client):
    response = staff_client.get("/admin/metrics?from=2024-03-01&to=2024-03-31")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "60.0 %" in html
    assert "66.7 %" in html
    assert html.count("<svg") == 4
    assert " style=" not in html
    assert "<script" not in html
    assert 'href="/admin/metrics.csv?from=2024-03-01&amp;to=2024-03-31"' in html


def test_the_period_defaults_to_the_last_90_days(app, hand_built, admin_user):
    with time_machine.travel(NOW, tick=False):
        client = sign_in(app, admin_user)
        html = client.get("/admin/metrics").get_data(as_text=True)
    assert 'value="2024-01-11"' in html
    assert 'value="2024-04-10"' in html


def test_csv_export_downloads(hand_built, staff_client):
    response = staff_client.get("/admin/metrics.csv?from=2024-03-01&to=2024-03-31")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        "beacon-metrics-2024-03-01-2024-03-31.csv"
        in response.headers["Content-Disposition"]
    )
    assert response.get_data(as_text=True).startswith("section,group,month,")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2024-13-01", "Not a valid date value."),
        ("from=yesterday&to=2024-03-01", "Not a valid date value."),
        ("from=2024-03-31&to=2024-03-01", "The end date cannot be before the start"),
        ("from=2019-01-01&to=2024-03-01", "at most three years"),
    ],
)
def test_bad_dates_are_form_errors(staff_client, query, message):
    page = staff_client.get(f"/admin/metrics?{query}")
    assert page.status_code == 400
    assert message in page.get_data(as_text=True)
    export = staff_client.get(f"/admin/metrics.csv?{query}")
    assert export.status_code == 400
    assert message in export.get_data(as_text=True)
