"""A client's status page."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import CoverageTier
from app.core.labels import TIER_LABELS
from app.models.base import Base, IdMixin, TimestampMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.component import Component, ComponentGroup
    from app.models.contact import EmergencyContact, EscalationContact
    from app.models.page_domain import PageDomain
    from app.models.page_logo import PageLogo

# Emergency-response SLA per Core Coverage tier, in minutes; editable per page.
DEFAULT_SLA_MINUTES = {
    CoverageTier.MICRO: 24 * 60,
    CoverageTier.BASIC: 8 * 60,
    CoverageTier.STANDARD: 4 * 60,
    CoverageTier.ENHANCED: 60,
}


class Page(IdMixin, TimestampMixin, Base):
    __tablename__ = "pages"
    __table_args__ = (sa.CheckConstraint("sla_minutes > 0", name="sla_positive"),)

    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    is_public: Mapped[bool] = mapped_column(default=True)
    brand_color: Mapped[str | None] = mapped_column(sa.String(7))
    coverage_tier: Mapped[CoverageTier] = enum_column(
        CoverageTier, default=CoverageTier.STANDARD
    )
    sla_minutes: Mapped[int] = mapped_column(default=4 * 60)
    support_url: Mapped[str | None] = mapped_column(sa.String(500))
    support_contact: Mapped[str | None] = mapped_column(sa.String(200))
    # Opt-in: remind subscribers this many minutes before maintenance starts.
    maintenance_reminder_minutes: Mapped[int | None]
    # Bumped in the same transaction as every change the public can see
    # (app/pages/versions.py): cached renders are keyed by it, so they are exact.
    content_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # ... and stamped then: the API's page.updated_at, with no scan of history.
    content_updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped only by the changes that alter the component list (components,
    # their statuses and uptime bars): its render outlives the page's updates.
    components_version: Mapped[int] = mapped_column(default=1, server_default="1")

    components: Mapped[list["Component"]] = relationship(
        back_populates="page",
        order_by="Component.position",
        cascade="all, delete-orphan",
    )
    groups: Mapped[list["ComponentGroup"]] = relationship(
        back_populates="page",
        order_by="ComponentGroup.position",
        cascade="all, delete-orphan",
    )
    emergency_contacts: Mapped[list["EmergencyContact"]] = relationship(
        back_populates="page",
        order_by="EmergencyContact.position",
        cascade="all, delete-orphan",
    )
    escalation_chain: Mapped[list["EscalationContact"]] = relationship(
        back_populates="page",
        order_by="EscalationContact.position",
        cascade="all, delete-orphan",
    )
    logo: Mapped["PageLogo | None"] = relationship(
        back_populates="page", cascade="all, delete-orphan"
    )
    domains: Mapped[list["PageDomain"]] = relationship(
        back_populates="page",
        order_by="PageDomain.hostname",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.coverage_tier]

    def __repr__(self) -> str:
        return f"<Page {self.slug}>"
