"""Components (the rows on a status page), their groups and status history."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import ComponentStatus
from app.models.base import Base, IdMixin, TimestampMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.page import Page


class ComponentGroup(IdMixin, TimestampMixin, Base):
    __tablename__ = "component_groups"

    page_id: Mapped[str] = mapped_column(sa.ForeignKey("pages.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str | None] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=0)

    page: Mapped["Page"] = relationship(back_populates="groups")
    components: Mapped[list["Component"]] = relationship(
        back_populates="group", order_by="Component.position"
    )


class Component(IdMixin, TimestampMixin, Base):
    __tablename__ = "components"

    page_id: Mapped[str] = mapped_column(
        sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("component_groups.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str | None] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str | None] = mapped_column(sa.String(500))
    status: Mapped[ComponentStatus] = enum_column(
        ComponentStatus, default=ComponentStatus.OPERATIONAL
    )
    showcase: Mapped[bool] = mapped_column(default=True)
    only_show_if_degraded: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date | None]
    # Uptime is rolled up day by day (app/pages/uptime_rollup.py) through this
    # local day; later days are computed from the status history.
    uptime_rolled_through: Mapped[date | None]

    page: Mapped["Page"] = relationship(back_populates="components")
    group: Mapped[ComponentGroup | None] = relationship(back_populates="components")
    status_changes: Mapped[list["ComponentStatusChange"]] = relationship(
        back_populates="component",
        order_by="ComponentStatusChange.changed_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def display_key(self) -> tuple[int, int, int, str]:
        """Where its page shows it: ungrouped components first, then group by group."""
        group = self.group
        return (0 if group is None else 1, group.position if group else 0,
                self.position, self.name)  # fmt: skip

    def set_status(
        self,
        status: ComponentStatus,
        at: datetime | None = None,
        incident_id: str | None = None,
    ) -> "ComponentStatusChange | None":
        """Change status and record it in the history the uptime bars read."""
        if status == self.status:
            return None
        change = ComponentStatusChange(
            old_status=self.status,
            status=status,
            changed_at=at or utcnow(),
            incident_id=incident_id,
        )
        self.status_changes.append(change)
        self.status = status
        return change

    def __repr__(self) -> str:
        return f"<Component {self.name} {self.status}>"


class ComponentStatusChange(Base):
    """One status transition of one component: the raw material of uptime."""

    __tablename__ = "component_status_changes"
    __table_args__ = (
        sa.Index("ix_status_change_component_time", "component_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[str] = mapped_column(
        sa.ForeignKey("components.id", ondelete="CASCADE")
    )
    old_status: Mapped[ComponentStatus] = enum_column(
        ComponentStatus, constraint="old_status"
    )
    status: Mapped[ComponentStatus] = enum_column(ComponentStatus)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    incident_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="SET NULL")
    )

    component: Mapped[Component] = relationship(back_populates="status_changes")
    # Never read: it tells the unit of work to insert the incident first, which a
    # bare foreign key does not (the order was left to chance, and PostgreSQL said so).
    incident: Mapped["Incident | None"] = relationship()


class ComponentUptimeDay(Base):
    """One complete local day of a component that was not simply operational.

    Days up to ``Component.uptime_rolled_through`` that have no row were
    operational from start to end: most days, so most days cost nothing.
    """

    __tablename__ = "component_uptime_days"

    component_id: Mapped[str] = mapped_column(
        sa.ForeignKey("components.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    observed_seconds: Mapped[float]
    downtime_seconds: Mapped[float]
    # The statuses seen that day, comma-separated (a day's bar shows the worst).
    statuses: Mapped[str] = mapped_column(sa.String(200))
