"""Scheduled maintenance windows, their affected components and their updates."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import MaintenanceStatus
from app.maintenance import rules
from app.models.base import Base, IdMixin, TimestampMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.component import Component
    from app.models.page import Page
    from app.models.user import User


class Maintenance(IdMixin, TimestampMixin, Base):
    """A planned window of work on some of a page's components."""

    __tablename__ = "maintenances"
    __table_args__ = (
        sa.CheckConstraint("scheduled_until > scheduled_for", name="window_order"),
        sa.Index("ix_maintenances_page_scheduled", "page_id", "scheduled_for"),
        sa.Index("ix_maintenances_status_scheduled", "status", "scheduled_for"),
    )

    page_id: Mapped[str] = mapped_column(sa.ForeignKey("pages.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    scheduled_for: Mapped[datetime]
    scheduled_until: Mapped[datetime]
    # Move affected components to under_maintenance at the start and back at the end.
    auto_transition: Mapped[bool] = mapped_column(default=True)
    status: Mapped[MaintenanceStatus] = enum_column(
        MaintenanceStatus, default=MaintenanceStatus.SCHEDULED
    )
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # iCalendar SEQUENCE: bumped whenever a calendar would show something new.
    sequence: Mapped[int] = mapped_column(default=0)
    # Staff took the running window over, so it no longer completes by itself.
    staff_intervened: Mapped[bool] = mapped_column(default=False)
    reminder_sent_at: Mapped[datetime | None]

    page: Mapped["Page"] = relationship()
    updates: Mapped[list["MaintenanceUpdate"]] = relationship(
        back_populates="maintenance",
        order_by="MaintenanceUpdate.created_at.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    affected: Mapped[list["MaintenanceComponent"]] = relationship(
        back_populates="maintenance",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def components(self) -> list["Component"]:
        return [link.component for link in self.affected]

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN

    @property
    def is_active(self) -> bool:
        return self.status in rules.ACTIVE

    @property
    def window(self) -> tuple[datetime, datetime]:
        return self.scheduled_for, self.scheduled_until

    def set_components(self, components: list["Component"]) -> None:
        """Make exactly ``components`` the affected ones."""
        wanted = {c.id: c for c in components}
        self.affected = [a for a in self.affected if a.component_id in wanted]
        present = {a.component_id for a in self.affected}
        for component_id, component in wanted.items():
            if component_id not in present:
                self.affected.append(MaintenanceComponent(component=component))

    def bump_sequence(self) -> None:
        """Tell calendars the event changed."""
        self.sequence = (self.sequence or 0) + 1

    def post_update(
        self,
        status: MaintenanceStatus,
        body: str,
        *,
        author: "User | None" = None,
        automatic: bool = False,
        affected_components: list[dict[str, Any]] | None = None,
        at: datetime | None = None,
    ) -> "MaintenanceUpdate":
        """Move the window through its lifecycle (or not) and add an update."""
        rules.check_transition(self.status, status)
        at = at or utcnow()
        if rules.is_intervention(self.status, automatic):
            self.staff_intervened = True
        if status is not self.status:
            self._move_to(status, at)
        update = MaintenanceUpdate(
            status=status,
            body=body,
            author=author,
            automatic=automatic,
            created_at=at,
            display_at=at,
            affected_components=affected_components or [],
        )
        self.updates.insert(0, update)
        return update

    def _move_to(self, status: MaintenanceStatus, at: datetime) -> None:
        stamps = rules.stamp(
            rules.Stamps(self.started_at, self.completed_at, self.cancelled_at),
            status,
            at,
        )
        self.started_at = stamps.started_at
        self.completed_at = stamps.completed_at
        self.cancelled_at = stamps.cancelled_at
        self.status = status
        self.bump_sequence()

    def __repr__(self) -> str:
        return f"<Maintenance {self.id} {self.status} {self.title!r}>"


class MaintenanceComponent(Base):
    """A component a maintenance window works on."""

    __tablename__ = "maintenance_components"

    maintenance_id: Mapped[str] = mapped_column(
        sa.ForeignKey("maintenances.id", ondelete="CASCADE"), primary_key=True
    )
    component_id: Mapped[str] = mapped_column(
        sa.ForeignKey("components.id", ondelete="CASCADE"), primary_key=True
    )

    maintenance: Mapped[Maintenance] = relationship(back_populates="affected")
    component: Mapped["Component"] = relationship()


class MaintenanceUpdate(IdMixin, Base):
    """One public entry in a window's timeline, by staff or automatic."""

    __tablename__ = "maintenance_updates"
    __table_args__ = (
        sa.Index("ix_maintenance_updates_maintenance", "maintenance_id", "created_at"),
    )

    maintenance_id: Mapped[str] = mapped_column(
        sa.ForeignKey("maintenances.id", ondelete="CASCADE")
    )
    status: Mapped[MaintenanceStatus] = enum_column(MaintenanceStatus)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    automatic: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    display_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Statuspage's affected_components: [{code, name, old_status, new_status}]
    affected_components: Mapped[list[dict[str, Any]]] = mapped_column(
        sa.JSON, default=list
    )

    maintenance: Mapped[Maintenance] = relationship(back_populates="updates")
    author: Mapped["User | None"] = relationship()
