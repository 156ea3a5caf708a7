"""Hostnames on which a page is served at the root (custom domains)."""

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.core.hostnames import normalise_host
from app.models.base import Base, IdMixin, TimestampMixin

if TYPE_CHECKING:
    from app.models.page import Page


class PageDomain(IdMixin, TimestampMixin, Base):
    __tablename__ = "page_domains"

    page_id: Mapped[str] = mapped_column(
        sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    # Stored normalised, so a lookup by Host header is one indexed equality.
    hostname: Mapped[str] = mapped_column(sa.String(253), unique=True)

    page: Mapped["Page"] = relationship(back_populates="domains")

    @validates("hostname")
    def _normalise(self, key: str, value: str) -> str:
        return normalise_host(value)

    def __repr__(self) -> str:
        return f"<PageDomain {self.hostname}>"
