"""Wake the delivery workers: enough of them for what a commit queued, or later."""

import math

from flask import current_app

from app.core.tasks import task_queue


def wake_workers(rows: int = 1, delay: float | None = None) -> None:
    """Wake enough workers for ``rows`` queued deliveries (at most one each)."""
    queue = task_queue()
    if delay:
        queue.drain.schedule(delay=delay)
        return
    batch = current_app.config["DELIVERY_BATCH_SIZE"]
    copies = 1 if queue.huey.immediate else current_app.config["WORKER_THREADS"]
    for _ in range(max(1, min(copies, math.ceil(rows / batch)))):
        queue.drain()
