"""What the team still owes after incidents: missing reviews and open action items.

Read-only queries for the dashboard, the action-item list and the metrics.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core.localtime import local_today
from app.extensions import db
from app.incidents.policies import policy_terms
from app.incidents.severity import PolicyTerms
from app.models import (
    ActionItem,
    ActionItemStatus,
    Incident,
    IncidentStatus,
    PostIncidentReview,
    ReviewStatus,
    User,
)
from app.reviews.rules import ReviewDue, action_item_overdue, review_due, review_needed


@dataclass(frozen=True)
class MissingReview:
    """A resolved incident whose policy needs a review that is not complete yet."""

    incident: Incident
    policy: PolicyTerms
    due: ReviewDue

    @property
    def draft(self) -> PostIncidentReview | None:
        return self.incident.review

    @property
    def overdue(self) -> bool:
        return self.due.overdue


@dataclass(frozen=True)
class TrackedItem:
    """An action item with its overdue flag at the time of asking."""

    item: ActionItem
    overdue: bool


def reviews_missing(now: datetime) -> list[MissingReview]:
    """Resolved incidents needing a review without a complete one, soonest due first."""
    terms = policy_terms()
    severities = [s for s, t in terms.items() if review_needed(t.review)]
    if not severities:
        return []
    query = (
        sa.select(Incident)
        .outerjoin(PostIncidentReview)
        .where(
            Incident.status == IncidentStatus.RESOLVED,
            Incident.resolved_at.is_not(None),
            Incident.severity.in_(severities),
            sa.or_(
                PostIncidentReview.id.is_(None),
                PostIncidentReview.status != ReviewStatus.COMPLETE,
            ),
        )
        .options(selectinload(Incident.page), selectinload(Incident.review))
        .order_by(Incident.resolved_at, Incident.id)
    )
    return [
        MissingReview(i, terms[i.severity], review_due(i.resolved_at, now))
        for i in db.session.scalars(query)
        if i.resolved_at is not None
    ]


def _items(query: sa.Select) -> list[ActionItem]:
    return list(
        db.session.scalars(
            query.options(
                selectinload(ActionItem.incident).selectinload(Incident.page),
                selectinload(ActionItem.owner),
            ).order_by(ActionItem.deadline, ActionItem.created_at, ActionItem.id)
        )
    )


def track(items: list[ActionItem], now: datetime) -> list[TrackedItem]:
    """Flag each item overdue or not, by the date in its incident page's timezone."""
    return [
        TrackedItem(
            item,
            action_item_overdue(
                item.is_open,
                item.deadline,
                local_today(now, item.incident.page.time_zone),
            ),
        )
        for item in items
    ]


def open_action_items(now: datetime) -> list[TrackedItem]:
    """Every open action item, earliest deadline first."""
    query = sa.select(ActionItem).where(ActionItem.status == ActionItemStatus.OPEN)
    return track(_items(query), now)


def overdue_action_items(now: datetime) -> list[TrackedItem]:
    """Open action items whose deadline has passed, earliest deadline first."""
    # Overdue means deadline < the local date, which is at most the UTC date + 1.
    latest = now.astimezone(UTC).date()
    query = sa.select(ActionItem).where(
        ActionItem.status == ActionItemStatus.OPEN, ActionItem.deadline <= latest
    )
    return [t for t in track(_items(query), now) if t.overdue]


def action_items_for(user: User, now: datetime) -> list[TrackedItem]:
    """The items ``user`` owns: open ones first (earliest deadline), then closed."""
    items = _items(sa.select(ActionItem).where(ActionItem.owner_id == user.id))
    ordered = [i for i in items if i.is_open] + [i for i in items if not i.is_open]
    return track(ordered, now)


def possible_owners() -> list[User]:
    """Active staff accounts (admins included) who can own an action item."""
    query = sa.select(User).where(User.active.is_(True)).order_by(User.name, User.email)
    return list(db.session.scalars(query))
