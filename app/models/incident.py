"""Incidents, their affected components and their timeline of updates."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import (
    ComponentStatus,
    DetectionSource,
    Impact,
    IncidentStatus,
    Severity,
    Visibility,
    worst_component_status,
)
from app.incidents import lifecycle
from app.models.base import Base, IdMixin, TimestampMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.action_item import ActionItem
    from app.models.alert_log import AlertLogEntry
    from app.models.client_action import ClientAction
    from app.models.component import Component
    from app.models.incident_note import IncidentNote
    from app.models.incident_record import IncidentRecord
    from app.models.page import Page
    from app.models.review import PostIncidentReview
    from app.models.time_entry import TimeEntry
    from app.models.user import User

# The internal record goes with its incident. Not passive: SQLite enforces no
# foreign keys here, so the ORM loads and deletes the children itself.
_OWNED = {"cascade": "all, delete-orphan"}


class Incident(IdMixin, TimestampMixin, Base):
    __tablename__ = "incidents"
    __table_args__ = (
        sa.Index("ix_incidents_page_started", "page_id", "started_at"),
        sa.Index("ix_incidents_page_status", "page_id", "status"),
    )

    page_id: Mapped[str] = mapped_column(sa.ForeignKey("pages.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[IncidentStatus] = enum_column(
        IncidentStatus, default=IncidentStatus.INVESTIGATING
    )
    severity: Mapped[Severity] = enum_column(Severity, default=Severity.P2)
    impact: Mapped[Impact] = enum_column(Impact, default=Impact.MINOR)
    detection_source: Mapped[DetectionSource] = enum_column(
        DetectionSource, default=DetectionSource.STAFF_IDENTIFIED
    )
    # An incident starts internal-only until a human confirms it publicly.
    is_public: Mapped[bool] = mapped_column(default=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    detected_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    identified_at: Mapped[datetime | None]
    monitoring_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    commander_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    page: Mapped["Page"] = relationship()
    commander: Mapped["User | None"] = relationship(foreign_keys=[commander_id])
    acknowledged_by: Mapped["User | None"] = relationship(
        foreign_keys=[acknowledged_by_id]
    )
    updates: Mapped[list["IncidentUpdate"]] = relationship(
        back_populates="incident",
        order_by="IncidentUpdate.created_at.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    affected: Mapped[list["IncidentComponent"]] = relationship(
        back_populates="incident",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    record: Mapped["IncidentRecord | None"] = relationship(
        back_populates="incident", **_OWNED
    )
    notes: Mapped[list["IncidentNote"]] = relationship(
        back_populates="incident", order_by="IncidentNote.created_at", **_OWNED
    )
    alert_log: Mapped[list["AlertLogEntry"]] = relationship(
        back_populates="incident", order_by="AlertLogEntry.alerted_at", **_OWNED
    )
    client_actions: Mapped[list["ClientAction"]] = relationship(
        back_populates="incident", order_by="ClientAction.occurred_at", **_OWNED
    )
    time_entries: Mapped[list["TimeEntry"]] = relationship(
        back_populates="incident",
        order_by="(TimeEntry.work_date, TimeEntry.created_at)",
        **_OWNED,
    )
    review: Mapped["PostIncidentReview | None"] = relationship(
        back_populates="incident", **_OWNED
    )
    action_items: Mapped[list["ActionItem"]] = relationship(
        back_populates="incident",
        order_by="(ActionItem.deadline, ActionItem.created_at)",
        **_OWNED,
    )

    @property
    def is_resolved(self) -> bool:
        return self.status is IncidentStatus.RESOLVED

    @property
    def public_updates(self) -> list["IncidentUpdate"]:
        """Updates the public may see, newest first."""
        return [u for u in self.updates if u.visibility is Visibility.PUBLIC]

    @property
    def duration_end(self) -> datetime:
        return self.resolved_at or utcnow()

    def affect(self, component: "Component", status: ComponentStatus) -> None:
        """Mark ``component`` affected, keeping the worst status it had during
        the incident (Major Outage, then Partial Outage: a major outage)."""
        for link in self.affected:
            if link.component_id == component.id:
                link.status = worst_component_status([link.status, status])
                return
        self.affected.append(IncidentComponent(component=component, status=status))

    def post_update(
        self,
        status: IncidentStatus,
        body: str,
        *,
        author: "User | None" = None,
        visibility: Visibility = Visibility.PUBLIC,
        component_statuses: dict["Component", ComponentStatus] | None = None,
        reopen: bool = False,
        at: datetime | None = None,
    ) -> "IncidentUpdate":
        """Move the incident through its lifecycle and add an update to its timeline.

        Affected components take their new statuses; on resolve, any affected
        component not given a status explicitly returns to operational.
        """
        lifecycle.check_transition(self.status, status, reopen=reopen)
        at = at or utcnow()
        statuses = dict(component_statuses or {})
        if status is IncidentStatus.RESOLVED:
            for link in self.affected:
                statuses.setdefault(link.component, ComponentStatus.OPERATIONAL)
        changes = self._apply_component_statuses(statuses, at)
        self._move_to(status, at)
        update = IncidentUpdate(
            status=status,
            body=body,
            author=author,
            visibility=visibility,
            created_at=at,
            display_at=at,
            updated_at=at,
            affected_components=changes,
        )
        self.updates.insert(0, update)
        return update

    def _move_to(self, status: IncidentStatus, at: datetime) -> None:
        stamps = lifecycle.stamp(
            lifecycle.Stamps(self.identified_at, self.monitoring_at, self.resolved_at),
            status,
            at,
        )
        self.identified_at = stamps.identified_at
        self.monitoring_at = stamps.monitoring_at
        self.resolved_at = stamps.resolved_at
        self.status = status

    def _apply_component_statuses(
        self, statuses: dict["Component", ComponentStatus], at: datetime
    ) -> list[dict[str, Any]]:
        changes = []
        for component, new_status in statuses.items():
            old_status = component.status
            if new_status is not ComponentStatus.OPERATIONAL:
                self.affect(component, new_status)
            if component.set_status(new_status, at=at, incident_id=self.id):
                changes.append(
                    {
                        "code": component.id,
                        "name": component.name,
                        "old_status": str(old_status),
                        "new_status": str(new_status),
                    }
                )
        return changes

    def __repr__(self) -> str:
        return f"<Incident {self.id} {self.status} {self.title!r}>"


class IncidentComponent(Base):
    """A component affected by an incident, with its worst status during it."""

    __tablename__ = "incident_components"

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    component_id: Mapped[str] = mapped_column(
        sa.ForeignKey("components.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[ComponentStatus] = enum_column(ComponentStatus)

    incident: Mapped[Incident] = relationship(back_populates="affected")
    component: Mapped["Component"] = relationship()


class IncidentUpdate(IdMixin, Base):
    __tablename__ = "incident_updates"
    __table_args__ = (
        sa.Index("ix_incident_updates_incident", "incident_id", "created_at"),
    )

    incident_id: Mapped[str] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE")
    )
    status: Mapped[IncidentStatus] = enum_column(IncidentStatus)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[Visibility] = enum_column(Visibility, default=Visibility.PUBLIC)
    author_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    display_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Statuspage's affected_components: [{code, name, old_status, new_status}]
    affected_components: Mapped[list[dict[str, Any]]] = mapped_column(
        sa.JSON, default=list
    )

    incident: Mapped[Incident] = relationship(back_populates="updates")
    author: Mapped["User | None"] = relationship()

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.PUBLIC
