"""The pages' periodic task: roll each component's uptime up through yesterday."""

import logging
from typing import Any

from flask import Flask
from huey import Huey, crontab

from app.core.tasks import define_tasks
from app.extensions import db
from app.models.base import utcnow
from app.pages.uptime_rollup import roll_up_due

logger = logging.getLogger(__name__)


def run_uptime_rollup() -> int:
    """Sum the days that became complete (at each page's midnight); commit once."""
    try:
        written = roll_up_due(utcnow())
        db.session.commit()
    except Exception:
        db.session.rollback()
        logger.exception("uptime roll-up failed; the next minute retries")
        raise
    return written


@define_tasks
def page_tasks(huey: Huey, app: Flask) -> dict[str, Any]:
    @huey.periodic_task(crontab(minute="*"), name="beacon.uptime_rollup")
    def uptime_rollup() -> int:
        with app.app_context():
            return run_uptime_rollup()

    return {"uptime_rollup": uptime_rollup}
