"""When what a page shows changes with no write: the next such moment.

A cached or published page is right until the page changes or until one of
these passes: midnight in the page's time zone (the day bars move on and the
"past incidents" days shift), a maintenance window coming within the week the
page announces ahead, or the start or end of a window (the scheduler's own
writes normally come first; this is the net). Relative times ("11 minutes
ago") are the browser's to keep: pages carry absolute times only.
"""

from datetime import datetime

import sqlalchemy as sa

from app.core.localtime import next_local_midnight
from app.extensions import db
from app.maintenance import rules
from app.maintenance.listing import UPCOMING
from app.models import Maintenance, Page


def next_change_at(page: Page, now: datetime) -> datetime:
    """The first moment after ``now`` at which ``page`` would render differently."""
    moments = [
        next_local_midnight(now, page.time_zone),
        _first_after(page, Maintenance.scheduled_for, now),
        _first_after(page, Maintenance.scheduled_until, now),
    ]
    # The status page lists a window from a week (UPCOMING) before it starts.
    announced = _first_after(page, Maintenance.scheduled_for, now + UPCOMING)
    if announced is not None:
        moments.append(announced - UPCOMING)
    return min(m for m in moments if m is not None)


def _first_after(page: Page, column: sa.Column, after: datetime) -> datetime | None:
    """The earliest ``column`` of the page's open windows later than ``after``."""
    return db.session.scalar(
        sa.select(sa.func.min(column)).where(
            Maintenance.page_id == page.id,
            Maintenance.status.in_(rules.OPEN),
            column > after,
        )
    )
