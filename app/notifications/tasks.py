"""The delivery worker's tasks: drain the outbox now, sweep it every minute, purge.

Tasks only wake the worker; what to send lives in the outbox table, so a lost
task merely waits for the next periodic sweep.
"""

from typing import Any

from flask import Flask
from huey import Huey, crontab

from app.core.tasks import define_tasks
from app.notifications import delivery


@define_tasks
def delivery_tasks(huey: Huey, app: Flask) -> dict[str, Any]:
    @huey.task(name="beacon.drain")
    def drain() -> int:
        with app.app_context():
            return delivery.drain()

    @huey.periodic_task(crontab(minute="*"), name="beacon.sweep")
    def sweep() -> int:
        with app.app_context():
            delivery.sweep()
            return delivery.drain()

    @huey.periodic_task(crontab(hour="3", minute="17"), name="beacon.purge")
    def purge() -> int:
        with app.app_context():
            return delivery.purge()

    return {"drain": drain, "sweep": sweep, "purge": purge}
