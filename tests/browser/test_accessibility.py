"""axe-core in Chromium: no serious or critical WCAG 2.2 AA violation on the pages
clients, subscribers and staff use, at a desktop and a phone width, in the light
and the dark scheme, with and without a brand colour.

axe-core comes from the npm registry into the virtualenv (``make test`` installs
it) and is injected from disk: no CDN, and the page's CSP is untouched.
"""

import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from selenium.webdriver.common.keys import Keys

from app.maintenance.service import post_maintenance_update
from app.models import Channel, Maintenance, MaintenanceStatus, Page, Subscriber
from app.models.base import utcnow
from app.notifications import subscriptions
from tests.browser.test_in_chromium import _paths, assert_clean

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(
    os.environ.get("BEACON_AXE", ROOT / ".venv/npm/node_modules/axe-core/axe.min.js")
)
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = ("light", "dark")
SERIOUS = {"serious", "critical"}
RUN_AXE = """
const done = arguments[arguments.length - 1];
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
axe.run(document, {runOnly: {type: 'tag', values: tags}})
   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
   .catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));
"""


def _axe_source() -> str:
    if not AXE.exists():
        reason = f"needs axe-core at {AXE} (make test installs it from npm)"
        if os.environ.get("BEACON_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text()


def _violations(browser, path: str) -> dict[str, list[dict]]:
    """The serious and critical violations of ``path`` at each (width, scheme)."""
    driver, source, found = browser.driver, _axe_source(), {}
    for width_name, size in WIDTHS.items():
        driver.set_window_size(*size)
        for scheme in SCHEMES:
            feature = {"name": "prefers-color-scheme", "value": scheme}
            driver.execute_cdp_cmd(
                "Emulation.setEmulatedMedia", {"features": [feature]}
            )
            browser.open(path)
            driver.execute_script(source)
            found[f"{width_name} {scheme}"] = driver.execute_async_script(RUN_AXE)
    driver.set_window_size(*WIDTHS["desktop"])
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    _record(path, found)
    serious = {k: [v for v in vs if v["impact"] in SERIOUS] for k, vs in found.items()}
    return {k: vs for k, vs in serious.items() if vs}


def _record(path: str, found: dict) -> None:
    """Keep the results for the issue note when asked (BEACON_AXE_REPORT=file)."""
    report = os.environ.get("BEACON_AXE_REPORT")
    if report:
        with open(report, "a") as out:
            out.write(json.dumps({"path": path, "violations": found}) + "\n")


def _in_maintenance(db) -> str:
    """A scheduled APC window of the demo, started now: under maintenance."""
    window = db.session.scalar(
        sa.select(Maintenance).join(Page)
        .where(Page.slug == "apc", Maintenance.status == MaintenanceStatus.SCHEDULED)
        .limit(1)
    )  # fmt: skip
    post_maintenance_update(window, MaintenanceStatus.IN_PROGRESS, "Started.")
    db.session.commit()
    return f"/apc/maintenance/{window.id}"


def _manage_path(db) -> str:
    """A reader's own page of preferences, reached from their emails."""
    page = db.session.scalar(sa.select(Page).where(Page.slug == "apc"))
    subscriber = Subscriber(page=page, address="reader@example.org",
                            channel=Channel.EMAIL, confirmed_at=utcnow())  # fmt: skip
    db.session.add(subscriber)
    db.session.flush()
    link = subscriptions.link(subscriber, subscriptions.MANAGE)
    db.session.commit()
    return "/" + link.split("/", 3)[3]


PUBLIC = ["/", "/apc/", "/northwind/", "/apc/history", "/apc/subscribe",
          "/admin/login"]  # fmt: skip


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_no_serious_violation(browser, path):
    """/apc/ has a brand colour, /northwind/ none and an open incident."""
    assert _violations(browser, path) == {}
    assert_clean(browser)


def test_permalinks_maintenance_and_manage_pages_have_none(browser, db):
    paths = _paths(db)
    for path in (paths["apc incident"], _in_maintenance(db), "/apc/", _manage_path(db)):
        assert _violations(browser, path) == {}, path


def test_the_staff_pages_have_none(browser, db):
    live = _paths(db)["live"]
    browser.sign_in("admin@beacon.test")
    for path in ("/admin/", f"/admin/incidents/{live}",
                 f"/admin/incidents/{live}/updates/new"):  # fmt: skip
        assert _violations(browser, path) == {}, path


FOCUS_RING = """
const el = document.activeElement, style = getComputedStyle(el);
return {tag: el.tagName, outline: style.outlineStyle,
        width: parseFloat(style.outlineWidth)};
"""


@pytest.mark.parametrize("path", ["/northwind/", "/admin/login"])
def test_the_keyboard_reaches_links_and_controls_with_a_visible_focus(browser, path):
    browser.open(path)
    body = browser.driver.find_element("tag name", "body")
    seen = []
    for _ in range(12):
        body.send_keys(Keys.TAB)
        focus = browser.driver.execute_script(FOCUS_RING)
        if focus["tag"] == "BODY":  # past the last one: focus left the page
            break
        seen.append(focus["tag"])
        assert focus["outline"] != "none", focus
        assert focus["width"] >= 2, focus
    assert {"A", "INPUT", "BUTTON"} & set(seen), seen


SHOTS = {  # file: (path, width, scheme); README and docs/index.md show them
    "northwind.png": ("/northwind/", WIDTHS["desktop"], "light"),
    "northwind-dark.png": ("/northwind/", WIDTHS["desktop"], "dark"),
    "northwind-360.png": ("/northwind/", (360, 800), "light"),
    "apc.png": ("/apc/", WIDTHS["desktop"], "light"),
}


def test_the_screenshots_are_taken_from_the_running_demo(browser, db, tmp_path):
    """BEACON_SCREENSHOTS=docs/screenshots writes README's pictures afresh."""
    target = Path(os.environ.get("BEACON_SCREENSHOTS") or tmp_path)
    shots = SHOTS | {"apc-incident.png": (_paths(db)["apc incident"],
                                          WIDTHS["desktop"], "light")}  # fmt: skip
    driver = browser.driver
    try:
        for name, (path, size, scheme) in shots.items():
            driver.set_window_size(*size)
            feature = {"name": "prefers-color-scheme", "value": scheme}
            driver.execute_cdp_cmd(
                "Emulation.setEmulatedMedia", {"features": [feature]}
            )
            browser.open(path)
            png = driver.get_screenshot_as_png()
            (target / name).write_bytes(png)
            assert png.startswith(b"\x89PNG")
    finally:
        driver.set_window_size(*WIDTHS["desktop"])
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
