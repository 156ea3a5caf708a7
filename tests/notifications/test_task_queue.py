"""The Huey queue: Redis-backed when REDIS_URL is set, SQLite file otherwise."""

import socket
import uuid
from datetime import UTC, datetime

import pytest
from huey import RedisHuey, SqliteHuey

from app.core.tasks import task_queue
from app.incidents.service import declare_incident

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_queue(app):
    if not _redis_up():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    app.config.update(
        REDIS_URL=REDIS_URL,
        HUEY_IMMEDIATE=False,
        HUEY_NAME=f"beacon-test-{uuid.uuid4().hex}",
    )
    with app.app_context():
        huey = task_queue().huey
    yield huey
    huey.storage.flush_all()


def test_redis_queue_carries_the_drain_to_a_worker(
    db, redis_queue, make_page, make_subscriber, smtp
):
    assert isinstance(redis_queue, RedisHuey)
    page = make_page(name="APC")
    addresses = sorted(make_subscriber(page).address for _ in range(3))
    declare_incident(page, "Down", "Investigating.")
    db.session.commit()
    assert smtp.messages == []
    assert redis_queue.pending_count() == 1

    # What `flask worker` does for each message: dequeue from Redis, execute.
    while (task := redis_queue.dequeue()) is not None:
        redis_queue.execute(task)
    assert sorted(m["To"] for m in smtp.messages) == addresses


def test_default_queue_is_sqlite_in_instance(app, tmp_path):
    app.config.update(HUEY_IMMEDIATE=False, HUEY_SQLITE_PATH=str(tmp_path / "q.db"))
    with app.app_context():
        assert isinstance(task_queue().huey, SqliteHuey)


def test_worker_command_refuses_immediate_mode(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code != 0
    assert "HUEY_IMMEDIATE" in result.output


def test_the_minute_sweep_sweeps_again_half_a_minute_later(app, db, tmp_path):
    """Cron counts in minutes; a killed worker's rows should not wait for two."""
    app.config.update(HUEY_IMMEDIATE=False, HUEY_SQLITE_PATH=str(tmp_path / "q.db"))
    with app.app_context():
        queue = task_queue()
        queue.sweep.call_local()
        (scheduled,) = queue.huey.pending()
    assert scheduled.name == "beacon.sweep_half"
    assert 25 < (scheduled.eta - datetime.now(UTC).replace(tzinfo=None)).seconds <= 30
