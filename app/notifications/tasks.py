"""The delivery worker's tasks: drain the outbox now, sweep it twice a minute, purge.

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

    def sweep_and_drain() -> int:
        with app.app_context():
            delivery.sweep()
            return delivery.drain()

    @huey.task(name="beacon.sweep_half")
    def sweep_half() -> int:
        return sweep_and_drain()

    @huey.periodic_task(crontab(minute="*"), name="beacon.sweep")
    def sweep() -> int:
        # And again half a minute later (cron counts in minutes): with a 20 s
        # lease, a killed worker's rows are sent again within 50 s.
        sweep_half.schedule(delay=30)
        return sweep_and_drain()

    @huey.periodic_task(crontab(hour="3", minute="17"), name="beacon.purge")
    def purge() -> int:
        with app.app_context():
            return delivery.purge()

    return {"drain": drain, "sweep": sweep, "sweep_half": sweep_half, "purge": purge}
