"""The task queue (Huey): SQLite in instance/ by default, Redis when REDIS_URL is set.

The queue knows no capability: each one declares its tasks with
``@define_tasks`` in its own ``tasks.py`` (listed in ``app/tasks.py``), and the
definitions run against the Huey instance when it is first built.
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

EXTENSION_KEY = "beacon_tasks"

TaskDefinitions = Callable[[Huey, Flask], Mapping[str, Any]]
_definitions: list[TaskDefinitions] = []


def define_tasks(definitions: TaskDefinitions) -> TaskDefinitions:
    """Register the tasks ``definitions(huey, app)`` returns by name."""
    _definitions.append(definitions)
    return definitions


class TaskQueue:
    """The application's Huey instance and its tasks, built on first use."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._huey: Huey | None = None
        self.tasks: dict[str, Any] = {}

    @property
    def huey(self) -> Huey:
        if self._huey is None:
            self._huey = _make_huey(self.app)
            for definitions in _definitions:
                self.tasks.update(definitions(self._huey, self.app))
        return self._huey

    def __getattr__(self, name: str) -> Any:
        """A registered task by name (``queue.drain``), building the queue if needed."""
        if name.startswith("_"):
            raise AttributeError(name)
        self.huey  # noqa: B018  (building the queue registers the tasks)
        try:
            return self.tasks[name]
        except KeyError:
            raise AttributeError(name) from None


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
    """Attach a task queue to ``app``; it is built on first use."""
    app.extensions[EXTENSION_KEY] = TaskQueue(app)


def task_queue() -> TaskQueue:
    return current_app.extensions[EXTENSION_KEY]
