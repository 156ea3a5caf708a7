"""Monitoring integrations: a webhook token per source, and the alerts it opened."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import ComponentStatus, IntegrationKind
from app.core.labels import INTEGRATION_KIND_LABELS
from app.models.base import Base, IdMixin, TimestampMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.incident import Incident
    from app.models.page import Page

DEFAULT_LABEL = "beacon_component"


class Integration(IdMixin, TimestampMixin, Base):
    """A monitoring source allowed to open incidents on one page."""

    __tablename__ = "integrations"

    kind: Mapped[IntegrationKind] = enum_column(IntegrationKind)
    name: Mapped[str] = mapped_column(sa.String(120))
    page_id: Mapped[str] = mapped_column(
        sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))
    # Alertmanager: the alert label whose value names the component.
    label_name: Mapped[str] = mapped_column(sa.String(100), default=DEFAULT_LABEL)
    # Label value (or monitor name) -> component id; unmapped values match by name.
    component_map: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    component_status: Mapped[ComponentStatus] = enum_column(
        ComponentStatus, default=ComponentStatus.MAJOR_OUTAGE
    )
    resolved_moves_to_monitoring: Mapped[bool] = mapped_column(default=True)
    # Opt-ins: by default a human confirms and resolves what monitoring opened.
    auto_resolve_public: Mapped[bool] = mapped_column(default=False)
    publish_automatically: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    last_used_at: Mapped[datetime | None]

    page: Mapped["Page"] = relationship()

    @property
    def kind_label(self) -> str:
        return INTEGRATION_KIND_LABELS[self.kind]

    def __repr__(self) -> str:
        return f"<Integration {self.kind} {self.name!r}>"


class IntegrationAlert(Base):
    """The incident an alert group (or monitor) opened; one row per source key."""

    __tablename__ = "integration_alerts"
    __table_args__ = (
        sa.UniqueConstraint("integration_id", "key_hash", name="integration_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    integration_id: Mapped[str] = mapped_column(
        sa.ForeignKey("integrations.id", ondelete="CASCADE")
    )
    # Alertmanager's groupKey can be long: match on its digest, keep it for people.
    key_hash: Mapped[str] = mapped_column(sa.String(64))
    key: Mapped[str] = mapped_column(sa.Text)
    incident_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="SET NULL")
    )
    firing: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    incident: Mapped["Incident | None"] = relationship()
