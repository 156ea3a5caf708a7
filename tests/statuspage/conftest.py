"""Webhooks are compared with the API here: mail goes to a real SMTP server too."""

from typing import Any

import pytest

from tests.fixtures.mail import SmtpSink, mail_settings


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SmtpSink) -> dict[str, Any]:
    return app_config | mail_settings(smtp)
