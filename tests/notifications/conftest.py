"""The notification tests send mail to a real SMTP server (tests/fixtures/mail.py)."""

from typing import Any

import pytest

from tests.fixtures.mail import SmtpSink, mail_settings


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SmtpSink) -> dict[str, Any]:
    return app_config | mail_settings(smtp)


@pytest.fixture
def manual_worker(app, tmp_path) -> None:
    """Queue tasks to a file nobody consumes: the test drives the worker itself."""
    from app.core.tasks import task_queue

    app.config.update(HUEY_IMMEDIATE=False, HUEY_SQLITE_PATH=str(tmp_path / "q.db"))
    with app.app_context():
        assert not task_queue().huey.immediate
