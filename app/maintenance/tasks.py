"""The scheduler's maintenance step, run by every worker once a minute."""

import logging
from typing import Any

from flask import Flask
from huey import Huey, crontab

from app.core.tasks import define_tasks
from app.extensions import db
from app.maintenance.tick import run_due_transitions

logger = logging.getLogger(__name__)


def run_maintenance_tick() -> int:
    """Start, finish and remind maintenance windows that are due; commit once.

    Safe to run on every worker at once: each move claims its window's row first.
    """
    try:
        result = run_due_transitions()
        db.session.commit()
    except Exception:
        db.session.rollback()
        logger.exception("maintenance tick failed; the next tick retries")
        raise
    return result.count


@define_tasks
def maintenance_tasks(huey: Huey, app: Flask) -> dict[str, Any]:
    @huey.periodic_task(crontab(minute="*"), name="beacon.maintenance_tick")
    def maintenance_tick() -> int:
        with app.app_context():
            return run_maintenance_tick()

    return {"maintenance_tick": maintenance_tick}
