"""The scheduler's side of maintenance: reminders, automatic starts and completions.

Run it as often as you like: each step claims its window first, so a repeated
tick, a late tick catching up, or two workers ticking at once post nothing twice.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core import signals
from app.extensions import db
from app.maintenance import rules
from app.maintenance.moves import claim, transition
from app.models import Maintenance, MaintenanceStatus, Page
from app.models.base import utcnow

S = MaintenanceStatus


@dataclass
class TickResult:
    """What one tick did, window by window."""

    reminded: list[Maintenance] = field(default_factory=list)
    started: list[Maintenance] = field(default_factory=list)
    completed: list[Maintenance] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.reminded) + len(self.started) + len(self.completed)


def run_due_transitions(now: datetime | None = None) -> TickResult:
    """Send due reminders, then end and start every window whose time has come.

    Flushes only; the caller commits (and so releases the claimed rows).
    """
    now = now or utcnow()
    result = TickResult()
    for maintenance in _due_reminders(now):
        if _remind(maintenance, now):
            result.reminded.append(maintenance)
    # Ends before starts, so back-to-back windows hand components over in order.
    for maintenance in _due(S.IN_PROGRESS, Maintenance.scheduled_until <= now):
        if _auto_complete(maintenance, now):
            result.completed.append(maintenance)
    for maintenance in _due(S.SCHEDULED, Maintenance.scheduled_for <= now):
        if _auto_start(maintenance, now):
            done = maintenance.status is S.COMPLETED
            (result.completed if done else result.started).append(maintenance)
    return result


def _due(status: MaintenanceStatus, *conditions: sa.ColumnElement[bool]):
    query = (
        sa.select(Maintenance)
        .where(Maintenance.status == status, *conditions)
        .order_by(Maintenance.scheduled_for, Maintenance.id)
    )
    return list(db.session.scalars(query))


def _auto_start(maintenance: Maintenance, now: datetime) -> bool:
    """Start the window; one whose end has passed too (missed ticks) completes."""
    if not claim(
        maintenance,
        Maintenance.status == S.SCHEDULED,
        Maintenance.scheduled_for <= now,
        at=now,
    ):
        return False
    db.session.refresh(maintenance)
    if maintenance.scheduled_until <= now:
        transition(
            maintenance, S.COMPLETED, rules.AUTO_COMPLETE_BODY, automatic=True, at=now
        )
    else:
        transition(
            maintenance, S.IN_PROGRESS, rules.AUTO_START_BODY, automatic=True, at=now
        )
    return True


def _auto_complete(maintenance: Maintenance, now: datetime) -> bool:
    if not claim(
        maintenance,
        Maintenance.status == S.IN_PROGRESS,
        Maintenance.staff_intervened.is_(False),
        Maintenance.scheduled_until <= now,
        at=now,
    ):
        return False
    db.session.refresh(maintenance)
    transition(
        maintenance, S.COMPLETED, rules.AUTO_COMPLETE_BODY, automatic=True, at=now
    )
    return True


def _due_reminders(now: datetime) -> list[Maintenance]:
    horizon = now + timedelta(minutes=rules.MAX_REMINDER_MINUTES)
    query = (
        sa.select(Maintenance)
        .join(Page)
        .where(
            Page.maintenance_reminder_minutes.is_not(None),
            Maintenance.status == S.SCHEDULED,
            Maintenance.reminder_sent_at.is_(None),
            Maintenance.scheduled_for > now,
            Maintenance.scheduled_for <= horizon,
        )
        .order_by(Maintenance.scheduled_for, Maintenance.id)
    )
    return [
        m
        for m in db.session.scalars(query)
        if rules.is_reminder_due(
            m.scheduled_for, m.created_at, m.page.maintenance_reminder_minutes, now
        )
    ]


def _remind(maintenance: Maintenance, now: datetime) -> bool:
    claimed = db.session.execute(
        sa.update(Maintenance)
        .where(
            Maintenance.id == maintenance.id,
            Maintenance.status == S.SCHEDULED,
            Maintenance.reminder_sent_at.is_(None),
        )
        .values(reminder_sent_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    db.session.refresh(maintenance)
    signals.maintenance_reminder_due.send(maintenance)
    return True
