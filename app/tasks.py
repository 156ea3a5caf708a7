"""Every capability's background tasks, imported once so they register."""

from app.maintenance import tasks as maintenance_tasks  # noqa: F401
from app.notifications import tasks as notification_tasks  # noqa: F401
from app.pages import tasks as page_tasks  # noqa: F401
from app.publishing import tasks as publishing_tasks  # noqa: F401
