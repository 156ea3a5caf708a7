"""The publishing tasks: publish a page now, and the once-a-minute sweep."""

from typing import Any

from flask import Flask
from huey import Huey, crontab

from app.core.tasks import define_tasks
from app.models.base import utcnow
from app.publishing import publisher
from app.publishing.triggers import pending_key


@define_tasks
def publishing_tasks(huey: Huey, app: Flask) -> dict[str, Any]:
    @huey.task(name="beacon.publish")
    def publish(page_id: str) -> int:
        huey.get(pending_key(page_id))  # from now on, a new commit queues anew
        with app.app_context():
            return publisher.publish_current(page_id).files

    @huey.periodic_task(crontab(minute="*"), name="beacon.publish_sweep")
    def publish_sweep() -> int:
        with app.app_context():
            if not app.config["PUBLISH_ON_WRITE"]:
                return 0
            return len(publisher.publish_stale(utcnow()))

    return {"publish": publish, "publish_sweep": publish_sweep}
