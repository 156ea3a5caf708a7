"""`flask worker`: the delivery workers (a Huey consumer) for this app's queue."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.tasks import task_queue


@click.command("worker")
@click.option(
    "--threads",
    "-w",
    type=int,
    default=None,
    help="Worker threads (default: WORKER_THREADS, 4).",
)
@click.option(
    "--periodic/--no-periodic",
    default=True,
    help="Run the sweeper every minute (re-queues stalled and due deliveries).",
)
@with_appcontext
def worker_command(threads: int | None, periodic: bool) -> None:
    """Send queued notifications until stopped (Ctrl-C or SIGTERM)."""
    huey = task_queue().huey
    if huey.immediate:
        raise click.UsageError(
            "HUEY_IMMEDIATE is on: tasks run inline, no worker needed."
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
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
    consumer.run()
