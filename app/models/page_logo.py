"""A page's uploaded logo, stored in the database beside the page.

In the database rather than on disk because production runs web workers on
several hosts with no shared filesystem; logos are small (see app/pages/images.py).
"""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.pages.images import describe

if TYPE_CHECKING:
    from app.models.page import Page


class PageLogo(Base):
    __tablename__ = "page_logos"

    page_id: Mapped[str] = mapped_column(
        sa.ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    )
    content_type: Mapped[str] = mapped_column(sa.String(32))
    # Deferred: the page header needs the version and size, not the bytes.
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int]
    height: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    page: Mapped["Page"] = relationship(back_populates="logo")

    @property
    def version(self) -> str:
        """In the logo's URL: a new upload is a new URL, so caches never go stale."""
        return self.sha256[:16]

    @property
    def description(self) -> str:
        return describe(self.content_type, self.width, self.height)

    def __repr__(self) -> str:
        return f"<PageLogo {self.page_id} {self.version}>"
