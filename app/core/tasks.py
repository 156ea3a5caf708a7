"""The task queue (Huey): SQLite in instance/ by default, Redis when REDIS_URL is set.

Tasks only wake the delivery worker; what to send lives in the outbox table,
so a lost task merely waits for the next periodic sweep.
"""

import logging
import math
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

EXTENSION_KEY = "beacon_tasks"
logger = logging.getLogger(__name__)


class TaskQueue:
    """The application's Huey instance and its tasks, built on first use."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._huey: Huey | None = None
        self.drain: Any = None
        self.sweep: Any = None
        self.purge: Any = None
        self.maintenance_tick: Any = None

    @property
    def huey(self) -> Huey:
        if self._huey is None:
            self._huey = _make_huey(self.app)
            self._register(self._huey)
        return self._huey

    def _register(self, huey: Huey) -> None:
        app = self.app

        @huey.task(name="beacon.drain")
        def drain() -> int:
            from app.services import delivery

            with app.app_context():
                return delivery.drain()

        @huey.periodic_task(crontab(minute="*"), name="beacon.sweep")
        def sweep() -> int:
            from app.services import delivery

            with app.app_context():
                delivery.sweep()
                return delivery.drain()

        @huey.periodic_task(crontab(hour="3", minute="17"), name="beacon.purge")
        def purge() -> int:
            from app.services import delivery

            with app.app_context():
                return delivery.purge()

        @huey.periodic_task(crontab(minute="*"), name="beacon.maintenance_tick")
        def maintenance_tick() -> int:
            with app.app_context():
                return run_maintenance_tick()

        self.drain, self.sweep, self.purge = drain, sweep, purge
        self.maintenance_tick = maintenance_tick

    def enqueue_drain(self, rows: int = 1, delay: float | None = None) -> None:
        """Wake enough workers for ``rows`` queued deliveries (at most one each)."""
        huey = self.huey
        if delay:
            self.drain.schedule(delay=delay)
            return
        batch = self.app.config["DELIVERY_BATCH_SIZE"]
        copies = 1 if huey.immediate else self.app.config["WORKER_THREADS"]
        for _ in range(max(1, min(copies, math.ceil(rows / batch)))):
            self.drain()


def run_maintenance_tick() -> int:
    """Start, finish and remind maintenance windows that are due; commit once.

    Safe to run on every worker at once: each move claims its window's row first.
    """
    from app.extensions import db
    from app.services.maintenance_tick import run_due_transitions

    try:
        result = run_due_transitions()
        db.session.commit()
    except Exception:
        db.session.rollback()
        logger.exception("maintenance tick failed; the next tick retries")
        raise
    return result.count


def _make_huey(app: Flask) -> Huey:
    config = app.config
    name = config["HUEY_NAME"]
    immediate = config["HUEY_IMMEDIATE"]
    if immediate is None:
        immediate = bool(config.get("TESTING"))
    if immediate:
        return MemoryHuey(name, immediate=True, results=False)
    if config.get("REDIS_URL"):
        return RedisHuey(name, url=config["REDIS_URL"], results=False)
    path = config["HUEY_SQLITE_PATH"] or str(Path(app.instance_path) / "huey.db")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=path, results=False)


def init_tasks(app: Flask) -> None:
    """Attach the task queue and the after-commit hook that wakes the workers."""
    app.extensions[EXTENSION_KEY] = TaskQueue(app)
    from app.services import notifications, outbox

    outbox.listen_for_commits()
    notifications.connect_signals()


def task_queue() -> TaskQueue:
    return current_app.extensions[EXTENSION_KEY]
