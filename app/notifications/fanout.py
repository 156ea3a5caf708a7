"""Notification fan-out: who hears about an event, written to the outbox.

Listeners run inside the caller's transaction and write one announcement per
event and channel, so the event and its announcement commit together, at a
cost that does not grow with the subscribers. The worker, woken after the
commit (app/notifications/outbox.py), expands each announcement into one
delivery per recipient (``expand_pending``) before sending.
"""

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from app.core import signals
from app.extensions import db
from app.models import (
    Announcement,
    Channel,
    Component,
    ComponentStatusChange,
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceUpdate,
    Subscriber,
    subscriber_components,
)
from app.models.base import utcnow
from app.notifications import outbox, threads


def connect_signals() -> None:
    """Listen to the domain events that notify subscribers (idempotent)."""
    signals.incident_update_posted.connect(_on_update_posted)
    signals.component_status_changed.connect(_on_component_changed)
    signals.postmortem_published.connect(_on_postmortem_published)
    signals.maintenance_scheduled.connect(_on_maintenance_update)
    signals.maintenance_update_posted.connect(_on_maintenance_update)
    signals.maintenance_reminder_due.connect(_on_maintenance_reminder)


def _on_update_posted(incident: Incident, update: IncidentUpdate) -> None:
    notify_incident_update(incident, update, fresh=True)


def _on_component_changed(component: Component, change: ComponentStatusChange) -> None:
    queue_component_webhooks(component.page_id, [change], fresh=True)


def _on_postmortem_published(
    incident: Incident, review: object = None, notify_subscribers: bool = True
) -> None:
    if notify_subscribers:
        notify_postmortem(incident)


def notify_postmortem(incident: Incident) -> int:
    """Queue the published postmortem for everyone who follows the incident."""
    if not (incident.is_public and incident.page.is_public):
        return 0
    component_ids = {link.component_id for link in incident.affected}
    event = postmortem_event(incident)
    return queue_subscribers(
        event, incident.page_id, component_ids, incident.id,
        thread=threads.incident_thread(incident.id),
    )  # fmt: skip


def postmortem_event(incident: Incident) -> str:
    """One postmortem event per incident: republishing never mails twice."""
    return f"postmortem:{incident.id}"


def _on_maintenance_update(
    maintenance: Maintenance, update: MaintenanceUpdate, **_: object
) -> None:
    notify_maintenance(maintenance, maintenance_update_event(update))


def _on_maintenance_reminder(maintenance: Maintenance) -> None:
    notify_maintenance(maintenance, f"maintenance_reminder:{maintenance.id}")


def notify_maintenance(maintenance: Maintenance, event: str) -> int:
    """Queue a maintenance event for the subscribers who follow its components."""
    if not maintenance.page.is_public:
        return 0
    component_ids = {link.component_id for link in maintenance.affected}
    return queue_subscribers(
        event, maintenance.page_id, component_ids,
        thread=threads.maintenance_thread(maintenance.id),
    )  # fmt: skip


def maintenance_update_event(update: MaintenanceUpdate) -> str:
    return f"maintenance_update:{update.id}"


def notify_incident_update(
    incident: Incident, update: IncidentUpdate, *, fresh: bool = False
) -> int:
    """Announce ``update`` to every subscriber who follows it.

    ``fresh``: the update was posted in this transaction, so no delivery of it
    exists yet (see ``outbox.insert_deliveries``). Returns the announcements made.
    """
    if not (update.is_public and incident.is_public and incident.page.is_public):
        return 0
    component_ids = {link.component_id for link in incident.affected} | {
        change["code"] for change in update.affected_components or []
    }
    event = update_event(update)
    count = queue_subscribers(
        event, incident.page_id, component_ids, incident.id,
        fresh=fresh, thread=threads.incident_thread(incident.id),
    )  # fmt: skip
    changes = db.session.scalars(
        sa.select(ComponentStatusChange).where(
            ComponentStatusChange.incident_id == incident.id,
            ComponentStatusChange.changed_at == update.created_at,
        )
    )
    return count + queue_component_webhooks(
        incident.page_id, list(changes), fresh=fresh
    )


def recipients(
    page_id: str,
    channel: Channel,
    component_ids: Iterable[str],
    incident_id: str | None = None,
    subscribed_by: datetime | None = None,
) -> sa.Select:
    """Active ``channel`` subscribers of ``page_id`` following any of the components.

    With ``incident_id``, those who follow only that incident are included too;
    with ``subscribed_by``, only those who had subscribed by then.
    """
    ids = list(component_ids)
    follows = Subscriber.all_components.is_(True)
    if ids:
        follows = sa.or_(
            follows,
            sa.exists().where(
                subscriber_components.c.subscriber_id == Subscriber.id,
                subscriber_components.c.component_id.in_(ids),
            ),
        )
    if incident_id is not None:
        follows = sa.or_(follows, Subscriber.incident_id == incident_id)
    query = sa.select(Subscriber.id).where(
        Subscriber.page_id == page_id,
        Subscriber.channel == channel,
        Subscriber.active_clause(),
        follows,
    )
    if subscribed_by is not None:
        query = query.where(Subscriber.created_at <= subscribed_by)
    return query


def update_event(update: IncidentUpdate) -> str:
    """The outbox event of an incident update (what delivery progress looks up)."""
    return f"incident_update:{update.id}"


def queue_subscribers(
    event: str,
    page_id: str,
    component_ids: Iterable[str],
    incident_id: str | None = None,
    *,
    fresh: bool = False,
    thread: str | None = None,
) -> int:
    """Announce ``event`` to following, confirmed addresses and enabled webhooks."""
    for channel in (Channel.EMAIL, Channel.WEBHOOK):
        outbox.announce(
            event, page_id, channel, set(component_ids), incident_id,
            fresh=fresh, thread=thread,
        )  # fmt: skip
    return 2


def queue_component_webhooks(
    page_id: str, changes: list[ComponentStatusChange], *, fresh: bool = False
) -> int:
    """Statuspage's ``component_update`` webhooks, one per status change."""
    for change in changes:
        outbox.announce(
            f"component_update:{change.id}",
            page_id,
            Channel.WEBHOOK,
            {change.component_id},
            fresh=fresh,
        )
    return len(changes)


def expand_pending() -> int:
    """Expand every announcement not yet expanded into its deliveries, each in a
    transaction of its own; return how many deliveries that queued."""
    queued = 0
    while (announcement := _claim_next()) is not None:
        recipients_of = recipients(
            announcement.page_id,
            announcement.channel,
            announcement.component_ids,
            announcement.incident_id,
            # Those who followed when it happened, however late the worker is.
            subscribed_by=announcement.created_at,
        )
        announcement.recipients = outbox.insert_deliveries(
            announcement.event,
            recipients_of,
            channel=announcement.channel,
            fresh=announcement.fresh,
            thread=announcement.thread,
            happened_at=announcement.created_at,
        )
        queued += announcement.recipients
        db.session.commit()  # the deliveries and "expanded" together
    return queued


def _claim_next() -> Announcement | None:
    """The oldest announcement not yet expanded, marked expanded in the current
    transaction; None when there is none left.

    The conditional UPDATE is the claim: a second worker's waits for the first
    one's commit (a row lock on PostgreSQL, the write lock on SQLite) and then
    matches nothing, so each announcement is expanded once.
    """
    table = Announcement.__table__
    while True:
        pending = db.session.scalar(
            sa.select(Announcement.id)
            .where(Announcement.expanded_at.is_(None))
            .order_by(Announcement.id)
            .limit(1)
        )
        if pending is None:
            return None
        claimed = db.session.execute(
            sa.update(table)
            .where(table.c.id == pending, table.c.expanded_at.is_(None))
            .values(expanded_at=utcnow())
            .execution_options(preserve_rowcount=True)
        )
        if claimed.rowcount == 1:
            return db.session.get(Announcement, pending, populate_existing=True)
        db.session.rollback()
