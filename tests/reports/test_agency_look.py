"""The agency's name, logo and colour on its HTML and PDF reports, and PDF pages
that never hold a lone line."""

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from app.core import contrast
from app.reports.render import export_report
from app.reports.report import ReportFormat, ReportVariant
from tests.reports.helpers import seed_apc, seed_secret_incident


@pytest.fixture
def agency(app, tmp_path):
    logo = tmp_path / "acme.png"
    Image.new("RGB", (40, 20), "#123456").save(logo)
    settings = {"AGENCY_NAME": "Acme Web Agency", "AGENCY_LOGO": str(logo),
                "AGENCY_COLOR": "#ffcc00"}  # fmt: skip
    before = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    yield
    app.config.update(before)


def test_the_report_carries_the_agencys_look(db, agency):
    html = export_report(seed_apc(), ReportFormat.HTML).body.decode()
    assert "<span>Acme Web Agency</span>" in html
    assert '<img src="data:image/png;base64,' in html
    [accent] = re.findall(r"--accent: (#[0-9a-f]{6})", html)
    assert accent != "#ffcc00"  # yellow on white is unreadable: darkened
    assert contrast.ratio(accent, "#ffffff") >= contrast.TEXT
    pdf = export_report(seed_apc(), ReportFormat.PDF).body
    assert "Acme Web Agency" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_without_settings_the_report_is_beacons(db):
    html = export_report(seed_apc(), ReportFormat.HTML).body.decode()
    assert "report-agency" not in html.split("</style>")[1]


@pytest.mark.parametrize(
    ("seed", "variant"),
    [(seed_apc, ReportVariant.CLIENT), (seed_secret_incident, ReportVariant.INTERNAL)],
)
def test_no_pdf_page_holds_a_lone_line(db, seed, variant):
    pdf = export_report(seed(), ReportFormat.PDF, variant).body
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        lines = [
            line for line in page.extract_text().splitlines()
            if line.strip() and not re.fullmatch(r"\s*\d+ / \d+\s*", line)
        ]  # fmt: skip
        assert len(lines) >= 3, (number, lines)
