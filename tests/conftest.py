"""Beacon's tests: one app per session, emptied after every test (tests/fixtures/)."""

pytest_plugins = [
    "tests.fixtures.app",
    "tests.fixtures.clients",
    "tests.fixtures.factories",
    "tests.fixtures.clock",
    "tests.fixtures.mail",
]
