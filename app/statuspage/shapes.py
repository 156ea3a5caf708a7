"""Statuspage public API v2 objects, built from Beacon's models.

Field names, types, enums and the time format follow Atlassian Statuspage's
public API, so its consumers work unchanged. Only public data goes in: internal
incidents and internal updates are never serialized. The public API v2 and the
webhook payloads both build their objects here, so a consumer sees the same
incident whichever way it arrives. No Flask here beyond building URLs.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from app.core.enums import worst_component_status
from app.core.links import trusted_url
from app.models import (
    Component,
    ComponentGroup,
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceUpdate,
    Page,
    PostIncidentReview,
)
from app.pages.status import PageStatus

Json = dict[str, Any]
MaintenanceList = Literal["all", "upcoming", "active"]

# Zones Statuspage (Rails) writes as "Z"; every other zone gets "+hh:mm".
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal"}


def timestamp(value: datetime | None, time_zone: str) -> str | None:
    """``2024-03-11T01:12:00.000-04:00``: milliseconds, in the page's zone."""
    if value is None:
        return None
    text = value.astimezone(ZoneInfo(time_zone)).isoformat(timespec="milliseconds")
    if time_zone in _UTC_NAMES:
        return text.removesuffix("+00:00") + "Z"
    return text


Linker = Callable[..., str]


@dataclass(frozen=True)
class PageContext:
    """What every object of one page needs: the page, its display order, links.

    ``link`` builds absolute URLs: from the request in the API, from BASE_URL
    in the workers that send webhooks (they have no request).
    """

    page: Page
    positions: dict[str, int]
    link: Linker = field(default=trusted_url)

    @classmethod
    def for_page(cls, page: Page, link: Linker = trusted_url) -> "PageContext":
        ids = [item.id for item, _ in _display_order(page)]
        positions = {item_id: n for n, item_id in enumerate(ids, start=1)}
        return cls(page, positions, link)

    def ts(self, value: datetime | None) -> str | None:
        return timestamp(value, self.page.time_zone)


def _display_order(
    page: Page,
) -> Iterator[tuple[Component | ComponentGroup, list[Component]]]:
    """Components as the page shows them: ungrouped first, then each group."""
    for component in page.components:
        if component.group_id is None:
            yield component, []
    for group in page.groups:
        members = [c for c in page.components if c.group_id == group.id]
        yield group, members
        for member in members:
            yield member, []


def page_json(ctx: PageContext, updated_at: datetime) -> Json:
    page = ctx.page
    url = ctx.link("public.page_detail", slug=page.slug)
    return {
        "id": page.id,
        "name": page.name,
        "url": url.rstrip("/"),
        "time_zone": page.time_zone,
        "updated_at": ctx.ts(updated_at),
    }


def status_json(status: PageStatus) -> Json:
    return {"indicator": str(status.indicator), "description": status.description}


def webhook_page_json(page: Page, status: PageStatus) -> Json:
    """The ``page`` member of a webhook payload, as Statuspage's webhooks send it."""
    return {
        "id": page.id,
        "status_indicator": str(status.indicator),
        "status_description": status.description,
    }


def components_json(ctx: PageContext) -> list[Json]:
    """Every component and group; groups carry ``group: true`` and member ids."""
    result = []
    for item, members in _display_order(ctx.page):
        if isinstance(item, ComponentGroup):
            result.append(group_json(ctx, item, members))
        else:
            result.append(component_json(ctx, item))
    return result


def component_json(ctx: PageContext, component: Component) -> Json:
    start = component.start_date
    return {
        "id": component.id,
        "name": component.name,
        "status": str(component.status),
        "created_at": ctx.ts(component.created_at),
        "updated_at": ctx.ts(component.updated_at),
        "position": ctx.positions.get(component.id, 0),
        "description": component.description or None,
        "showcase": component.showcase,
        "start_date": start.isoformat() if start else None,
        "group_id": component.group_id,
        "page_id": component.page_id,
        "group": False,
        "only_show_if_degraded": component.only_show_if_degraded,
    }


def group_json(
    ctx: PageContext, group: ComponentGroup, members: list[Component]
) -> Json:
    status = worst_component_status(c.status for c in members)
    return {
        "id": group.id,
        "name": group.name,
        "status": str(status),
        "created_at": ctx.ts(group.created_at),
        "updated_at": ctx.ts(group.updated_at),
        "position": ctx.positions.get(group.id, 0),
        "description": group.description or None,
        "showcase": False,
        "start_date": None,
        "group_id": None,
        "page_id": group.page_id,
        "group": True,
        "only_show_if_degraded": False,
        "components": [c.id for c in members],
    }


def public_updated_at(incident: Incident) -> datetime:
    """When the public last saw the incident change; internal edits do not count."""
    times = [u.updated_at for u in incident.public_updates]
    postmortem = _public_postmortem(incident)
    if postmortem is not None:
        times += [t for t in (postmortem.published_at, _body_at(postmortem)) if t]
    return max([incident.created_at, *times])


def _public_postmortem(incident: Incident) -> PostIncidentReview | None:
    review = incident.review
    return review if review is not None and review.is_public else None


def _body_at(review: PostIncidentReview) -> datetime | None:
    return review.postmortem_body_updated_at or review.published_at


def postmortem_json(ctx: PageContext, incident: Incident) -> Json:
    """Statuspage's postmortem_* incident fields; null/false until one is published."""
    review = _public_postmortem(incident)
    return {
        "postmortem_body": review.postmortem_body if review else None,
        "postmortem_body_last_updated_at": ctx.ts(_body_at(review)) if review else None,
        "postmortem_ignored": False,
        "postmortem_notified_subscribers": bool(review and review.notified_subscribers),
        "postmortem_notified_twitter": False,
        "postmortem_published_at": ctx.ts(review.published_at) if review else None,
    }


def incident_json(ctx: PageContext, incident: Incident) -> Json:
    postmortem = postmortem_json(ctx, incident)
    # Statuspage moves an incident to "postmortem" once its postmortem is public.
    published = postmortem["postmortem_body"] is not None and incident.is_resolved
    status = "postmortem" if published else str(incident.status)
    return {
        "id": incident.id,
        "name": incident.title,
        "status": status,
        "created_at": ctx.ts(incident.created_at),
        "updated_at": ctx.ts(public_updated_at(incident)),
        "monitoring_at": ctx.ts(incident.monitoring_at),
        "resolved_at": ctx.ts(incident.resolved_at),
        "impact": str(incident.impact),
        "shortlink": ctx.link(
            "public.incident_detail", slug=ctx.page.slug, incident_id=incident.id
        ),
        "started_at": ctx.ts(incident.started_at),
        "page_id": incident.page_id,
        "incident_updates": [update_json(ctx, u) for u in incident.public_updates],
        "components": [
            component_json(ctx, link.component) for link in incident.affected
        ],
        **postmortem,
    }


def update_json(ctx: PageContext, update: IncidentUpdate) -> Json:
    if not update.is_public:  # a guard: callers pass public updates only
        raise ValueError("internal updates are never serialized")
    return {
        "id": update.id,
        "status": str(update.status),
        "body": update.body,
        "incident_id": update.incident_id,
        "created_at": ctx.ts(update.created_at),
        "updated_at": ctx.ts(update.updated_at),
        "display_at": ctx.ts(update.display_at),
        # Statuspage sends null, not [], when an update changed no component.
        "affected_components": list(update.affected_components) or None,
        "deliver_notifications": True,
        "custom_tweet": None,
        "tweet_id": None,
    }


def maintenance_json(ctx: PageContext, window: Maintenance) -> Json:
    """A scheduled maintenance: Statuspage's incident fields plus ``scheduled_*``."""
    updates = sorted(window.updates, key=lambda u: u.display_at, reverse=True)
    reminder = ctx.page.maintenance_reminder_minutes
    return {
        "id": window.id,
        "name": window.title,
        "status": str(window.status),
        "created_at": ctx.ts(window.created_at),
        "updated_at": ctx.ts(window.updated_at),
        "monitoring_at": None,
        "resolved_at": ctx.ts(window.completed_at),
        "impact": "maintenance",
        "shortlink": ctx.link(
            "public.maintenance_detail", slug=ctx.page.slug, maintenance_id=window.id
        ),
        "started_at": ctx.ts(window.started_at or window.scheduled_for),
        "page_id": window.page_id,
        "incident_updates": [maintenance_update_json(ctx, u) for u in updates],
        "components": [component_json(ctx, c) for c in window.components],
        "scheduled_for": ctx.ts(window.scheduled_for),
        "scheduled_until": ctx.ts(window.scheduled_until),
        "scheduled_remind_prior": reminder is not None,
        "scheduled_reminded_at": ctx.ts(window.reminder_sent_at),
        "scheduled_auto_in_progress": window.auto_transition,
        "scheduled_auto_completed": window.auto_transition,
    }


def maintenance_update_json(ctx: PageContext, update: MaintenanceUpdate) -> Json:
    return {
        "id": update.id,
        "status": str(update.status),
        "body": update.body,
        "incident_id": update.maintenance_id,
        "created_at": ctx.ts(update.created_at),
        "updated_at": ctx.ts(update.created_at),
        "display_at": ctx.ts(update.display_at),
        "affected_components": list(update.affected_components) or None,
        "deliver_notifications": True,
        "custom_tweet": None,
        "tweet_id": None,
    }
