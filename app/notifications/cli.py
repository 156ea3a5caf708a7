"""`flask worker`: the delivery workers (a Huey consumer) for this app's queue."""

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.tasks import task_queue

PR_SET_PDEATHSIG = 1  # linux/prctl.h


@click.command("worker")
@click.option(
    "--threads",
    "-w",
    type=int,
    default=None,
    help="Worker threads per process (default: WORKER_THREADS, 4).",
)
@click.option(
    "--processes",
    "-p",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: WORKER_PROCESSES, one per core).",
)
@click.option(
    "--periodic/--no-periodic",
    default=True,
    help="Run the sweeper every minute (re-queues stalled and due deliveries).",
)
@with_appcontext
def worker_command(threads: int | None, processes: int | None, periodic: bool) -> None:
    """Send queued notifications until stopped (Ctrl-C or SIGTERM)."""
    huey = task_queue().huey
    if huey.immediate:
        raise click.UsageError(
            "HUEY_IMMEDIATE is on: tasks run inline, no worker needed."
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    yield_to_readers(current_app.config["WORKER_NICE"])
    consumer = huey.create_consumer(
        workers=threads or current_app.config["WORKER_THREADS"],
        worker_type="thread",
        periodic=periodic,
        # An idle thread polls a SQLite queue at most this far apart (Redis
        # wakes it at once): queued publishes go out within about a second.
        max_delay=current_app.config["WORKER_POLL_SECONDS"],
    )
    # A worker started after one was killed takes over its rows as soon as
    # their lease runs out, not at the next periodic sweep.
    lease = current_app.config["DELIVERY_LEASE_SECONDS"]
    task_queue().sweep_half.schedule(delay=lease + 1)
    with helpers((processes or current_app.config["WORKER_PROCESSES"]) - 1):
        consumer.run()


def yield_to_readers(niceness: int) -> None:
    """Lower this process's CPU priority (its helpers inherit it) by WORKER_NICE.

    On a host that is also the web server, readers' requests then come first
    and publishing and mail take the CPU left over; Linux still gives a process
    at nice 5 about a quarter of a busy core, so the worker is slowed, never
    starved. The cost: an update takes longer to be published.
    """
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)


@contextlib.contextmanager
def helpers(count: int) -> Iterator[list[subprocess.Popen]]:
    """``count`` more worker processes beside this one, stopped with it.

    Sending is Python work, and one process runs Python on one core at a time:
    a fan-out to 100,000 addresses went a third faster with a process per core.
    Each helper is this same command with one process and no periodic tasks
    (this process schedules those), and it dies with this one, even killed.
    """
    args = [sys.executable, "-m", "flask", *sys.argv[1:]]
    helper = [*args, "--processes", "1", "--no-periodic"]
    children = [
        subprocess.Popen(helper, preexec_fn=_die_with_parent)  # noqa: S603 - ourselves
        for _ in range(count)
    ]
    try:
        yield children
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            child.wait()


def _die_with_parent() -> None:
    """In the child, before it runs: SIGTERM it when its parent dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
