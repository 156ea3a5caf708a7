"""The delivery worker as production runs it (``flask worker``), killed with
SIGKILL in the middle of a batch: the worker started after it delivers every
message within a minute, and at most one twice (the one whose acceptance the
killed worker had not recorded yet), under the same Message-ID."""

import asyncio
import os
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.incidents.service import declare_incident, post_incident_update
from app.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Incident,
    IncidentStatus,
    Page,
    Subscriber,
)
from app.models.base import utcnow
from tests.fixtures.app import built_app
from tests.fixtures.mail import SmtpSink
from tests.notifications.helpers import assert_one_thread
from tests.publishing import servers

READERS = 30


class SlowSink(SmtpSink):
    """An SMTP server taking 0.15 s a message, so a batch lasts seconds."""

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        await asyncio.sleep(0.15)
        return await super().handle_DATA(server, session, envelope)


def _queue_notifications(app) -> list[str]:  # noqa: ANN001
    with app.app_context():
        page = Page(slug="acme", name="Acme Hosting")
        addresses = [f"reader{n}@example.org" for n in range(READERS)]
        for address in addresses:
            subscriber = Subscriber(page=page, address=address, channel=Channel.EMAIL)
            subscriber.confirmed_at = utcnow()
            db.session.add(subscriber)
        db.session.flush()
        declare_incident(page, "Checkout is failing", "We are investigating.")
        db.session.commit()  # the emails wait in the outbox for a worker
    return addresses


def _leased(app) -> int:  # noqa: ANN001
    with app.app_context():
        sending = sa.select(sa.func.count()).where(
            Delivery.status == DeliveryStatus.SENDING
        )
        return db.session.scalar(sending)


def _wait_for(condition, seconds: float) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.02)


def _host_mailing(stack: ExitStack, sink: SmtpSink, database_url, tmp_path, **extra):  # noqa: ANN001, ANN201
    """A Beacon host's settings, and an app in this process beside it, mailing
    ``sink`` (started here, stopped with ``stack``)."""
    sink.start()
    stack.callback(sink.stop)
    url = stack.enter_context(servers.scratch_database(database_url, tmp_path))
    env = servers.host_settings(
        url, "http://status.test", tmp_path, PUBLISH_ON_WRITE="0",
        MAIL_SERVER="127.0.0.1", MAIL_PORT=str(sink.port), **extra,
    )  # fmt: skip
    return env, stack.enter_context(built_app(servers.in_process_config(env)))


def test_a_worker_killed_mid_batch_loses_nothing(database_url: str, tmp_path: Path):
    sink = SlowSink()
    with ExitStack() as stack:
        env, app = _host_mailing(
            stack, sink, database_url, tmp_path, BEACON_DELIVERY_LEASE_SECONDS="3"
        )
        addresses = _queue_notifications(app)
        with servers.beacon_worker(env, tmp_path / "first.log") as first:
            _wait_for(lambda: len(sink.messages) >= 5, 30)
            first.kill()  # SIGKILL: no cleanup, its leases simply stop
            first.wait()
        killed_at, sent_before = time.monotonic(), len(sink.messages)
        assert sent_before < READERS  # killed mid-batch,
        assert _leased(app) > 0  # holding rows only a lease's end gives back
        with servers.beacon_worker(env, tmp_path / "second.log"):
            _wait_for(lambda: {m["To"] for m in sink.messages} >= set(addresses), 60)
        assert time.monotonic() - killed_at < 60
    ids = Counter(m["Message-ID"] for m in sink.messages)
    assert len(ids) == READERS  # one Message-ID per reader
    assert sum(ids.values()) - READERS <= 1  # at most one sent twice


def test_each_readers_messages_arrive_in_the_order_posted(
    database_url: str, tmp_path: Path
):
    """Three updates queued at once, sent by two processes of four threads in
    batches of five: each reader gets them in order, threaded (the order under
    contention itself: test_email_threads.py, worker by worker)."""
    sink = SmtpSink()
    with ExitStack() as stack:
        env, app = _host_mailing(
            stack, sink, database_url, tmp_path, BEACON_DELIVERY_BATCH_SIZE="5"
        )
        addresses = _queue_three_updates(app)
        with servers.beacon_worker(env, tmp_path / "worker.log", processes=2):
            _wait_for(lambda: len(sink.messages) >= 3 * READERS, 60)
    assert sink.defects == []
    for address in addresses:
        mails = sink.to(address)
        assert [m["Subject"].split(" – ")[0] for m in mails] == [
            "[Acme Hosting] Investigating", "[Acme Hosting] Monitoring",
            "[Acme Hosting] Resolved",
        ]  # fmt: skip
        assert_one_thread(mails)


def _queue_three_updates(app) -> list[str]:  # noqa: ANN001
    addresses = _queue_notifications(app)
    with app.app_context():
        incident = db.session.scalar(sa.select(Incident))
        for status in (IncidentStatus.MONITORING, IncidentStatus.RESOLVED):
            post_incident_update(incident, status, f"Now {status}.")
            db.session.commit()
    return addresses


def test_a_worker_runs_helper_processes_that_die_with_it(
    database_url: str, tmp_path: Path
):
    """``--processes 2``: a second consumer beside the first, gone when the
    first is killed, so no orphan keeps sending after its parent."""
    with ExitStack() as stack:
        url = stack.enter_context(servers.scratch_database(database_url, tmp_path))
        env = servers.host_settings(url, "http://status.test", tmp_path)
        stack.enter_context(built_app(servers.in_process_config(env)))
        log = tmp_path / "worker.log"
        with servers.beacon_worker(env, log, processes=2) as main:
            [helper] = _children(main.pid)
            main.kill()
            main.wait()
            _wait_for(lambda: not Path(f"/proc/{helper}").exists(), 10)


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [
        int(child)
        for task in tasks.iterdir()
        for child in (task / "children").read_text().split()
    ]


def test_the_worker_can_yield_the_cpu_to_the_web_server(database_url: str, tmp_path):
    with ExitStack() as stack:
        url = stack.enter_context(servers.scratch_database(database_url, tmp_path))
        env = servers.host_settings(
            url, "http://status.test", tmp_path, BEACON_WORKER_NICE="5"
        )
        stack.enter_context(built_app(servers.in_process_config(env)))
        with servers.beacon_worker(env, tmp_path / "worker.log") as worker:
            assert os.getpriority(os.PRIO_PROCESS, worker.pid) == os.nice(0) + 5
