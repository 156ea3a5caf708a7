"""Beacon in a real browser: nothing blocked by the CSP, forms work, no JS needed."""

import pytest
import sqlalchemy as sa

from app.models import Incident, Maintenance, Page, Visibility


def _paths(db) -> dict[str, str]:
    """Where the demo's incidents and maintenance live."""
    apc, northwind = (
        db.session.scalar(sa.select(Page).where(Page.slug == slug))
        for slug in ("apc", "northwind")
    )
    march = db.session.scalar(
        sa.select(Incident).where(
            Incident.page_id == apc.id, Incident.title == "approcess.com is down"
        )
    )
    live = db.session.scalar(
        sa.select(Incident).where(
            Incident.page_id == northwind.id, Incident.resolved_at.is_(None)
        )
    )
    window = db.session.scalar(
        sa.select(Maintenance).where(Maintenance.page_id == apc.id).limit(1)
    )
    db.session.commit()  # end the read: the server thread writes next
    return {
        "march": march.id,
        "live": live.id,
        "apc incident": f"/apc/incidents/{march.id}",
        "maintenance": f"/apc/maintenance/{window.id}",
    }


def assert_clean(browser) -> None:
    """Nothing blocked or broken: no console error (CSP violations are errors)."""
    assert browser.console_problems() == []
    assert browser.broken_resources() == {"images": [], "stylesheets": []}


PUBLIC_PAGES = ["/", "/apc/", "/apc/history", "/northwind/", "/apc/subscribe"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_load_with_nothing_blocked(browser, path):
    browser.open(path)
    assert_clean(browser)


def test_permalinks_load_with_nothing_blocked(browser, db):
    paths = _paths(db)
    for path in (paths["apc incident"], paths["maintenance"]):
        browser.open(path)
        assert_clean(browser)


def test_the_apc_logo_shows(browser):
    browser.open("/apc/")
    width = browser.driver.execute_script(
        "return document.querySelector('img.brand-logo').naturalWidth"
    )
    assert width == 96


def test_admin_pages_load_with_nothing_blocked(browser, db):
    paths = _paths(db)
    browser.sign_in("admin@beacon.test")
    assert browser.path == "/admin/"
    for path in (
        "/admin/",
        f"/admin/incidents/{paths['live']}",
        f"/admin/incidents/{paths['live']}/updates/new",
        f"/admin/incidents/{paths['march']}/report",
        "/admin/metrics",
        "/admin/pages/",
        "/admin/maintenance",
        "/admin/audit",
    ):
        browser.open(path)
        assert browser.path == path, f"{path} sent us to {browser.path}"
        assert_clean(browser)


def test_staff_post_a_public_update_through_the_form(browser, db):
    live = _paths(db)["live"]
    browser.sign_in("staff@beacon.test")
    browser.open(f"/admin/incidents/{live}/updates/new")
    assert browser.path == f"/admin/incidents/{live}/updates/new"
    browser.choose("status", "monitoring")
    browser.choose("visibility", Visibility.PUBLIC.value)
    browser.fill("body", "A fix is live; we are watching card payments.")
    browser.press("Post update")
    assert browser.path == f"/admin/incidents/{live}"
    assert "Update posted." in browser.text
    browser.open("/northwind/")
    assert "A fix is live; we are watching card payments." in browser.text
    assert_clean(browser)


def test_subscribing_works_without_javascript(browser_without_js):
    browser = browser_without_js
    browser.open("/apc/")
    browser.fill("email", "reader@example.org")
    browser.press("Subscribe")  # the footer's GET form opens the subscribe page
    assert browser.path.startswith("/apc/subscribe")
    browser.press("Subscribe")  # the CSRF-protected form
    assert browser.path == "/apc/subscribe/sent"
    assert "Check your inbox" in browser.text


def test_the_browser_writes_relative_times_beside_the_absolute_ones(browser):
    browser.open("/northwind/")  # its live incident's timeline
    slots = browser.driver.find_elements(
        "css selector", ".incident-live [data-relative-to]"
    )
    assert slots
    assert all(slot.is_displayed() and slot.text.endswith("ago") for slot in slots)
    assert_clean(browser)


def test_without_javascript_only_the_absolute_time_shows(browser_without_js):
    browser_without_js.open("/northwind/")
    live = browser_without_js.driver.find_element("css selector", ".incident-live")
    assert "ago" not in live.text
    assert live.find_elements("css selector", "time[datetime]")
