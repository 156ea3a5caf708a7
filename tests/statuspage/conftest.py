"""The webhook receiver and subscriber factory of the notification tests."""

from tests.subscribers.conftest import (  # noqa: F401
    app_config,
    make_subscriber,
    smtp,
    webhook_server,
)
