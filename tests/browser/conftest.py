"""Real Chromium (Debian's, driven by Selenium) against Beacon served on loopback.

The browser finds what the test client cannot: a stylesheet or logo the CSP
blocks, an inline style or script, a form that only works with JavaScript.
Without Chromium these tests skip, unless BEACON_REQUIRE_BROWSER is set (CI
sets it, so there they fail instead of skipping).
"""

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from app.demo import seed_demo
from app.extensions import db
from tests.browser.pages import Browser
from tests.fixtures.app import base_config, built_app, fresh

CHROMIUM = os.environ.get("BEACON_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BEACON_CHROMEDRIVER", "/usr/bin/chromedriver")
# Quiet and offline: without these Chromium keeps calling Google's hosts.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


def _require_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if not missing:
        return
    reason = f"needs Chromium and ChromeDriver ({', '.join(missing)} missing)"
    if os.environ.get("BEACON_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


def _start_chromium(javascript: bool) -> webdriver.Chrome:
    _require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="session")
def chromium() -> Iterator[webdriver.Chrome]:
    driver = _start_chromium(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def chromium_without_js() -> Iterator[webdriver.Chrome]:
    driver = _start_chromium(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def live_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser_config(database_url: str, live_port: int, tmp_path_factory) -> dict:
    url = database_url
    if url == "sqlite://":  # the server thread needs a database it can open too
        url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.db'}"
    return {
        **base_config(database_url),
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": True,  # the real thing, as a browser meets it
        "SERVER_NAME": None,
        "BASE_URL": f"http://127.0.0.1:{live_port}",
    }


@pytest.fixture(scope="session")
def browser_app(browser_config: dict[str, Any]) -> Iterator[Flask]:
    """An app of the browser tests' own: its database is a file on SQLite."""
    with built_app(browser_config) as app:
        yield app


@pytest.fixture
def app_config(browser_config: dict[str, Any]) -> dict[str, Any]:
    return dict(browser_config)


@pytest.fixture
def app(browser_app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    with fresh(browser_app, app_config):
        yield browser_app


@pytest.fixture
def live_server(app: Flask, live_port: int) -> Iterator[str]:
    """The demo data served on 127.0.0.1 from a thread; yields the base URL."""
    with app.app_context():
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", live_port, app, threaded=True)
    # A short poll: shutdown() waits for it (0.5 s by default).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{live_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser(chromium: webdriver.Chrome, live_server: str) -> Browser:
    chromium.delete_all_cookies()
    chromium.get_log("browser")  # start with an empty console
    return Browser(chromium, live_server)


@pytest.fixture
def browser_without_js(
    chromium_without_js: webdriver.Chrome, live_server: str
) -> Browser:
    chromium_without_js.delete_all_cookies()
    return Browser(chromium_without_js, live_server)
