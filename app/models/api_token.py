"""Personal API tokens: a staff member's key to the admin REST API (/api/v1)."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.enums import TokenScope
from app.models.base import Base, IdMixin, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.page import Page
    from app.models.user import User


api_token_pages = sa.Table(
    "api_token_pages",
    Base.metadata,
    sa.Column(
        "token_id",
        sa.ForeignKey("api_tokens.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "page_id", sa.ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    ),
)


class ApiToken(IdMixin, Base):
    """Only a SHA-256 of the secret is kept; the secret is shown once at creation."""

    __tablename__ = "api_tokens"

    owner_id: Mapped[str] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters of the secret, so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    scope: Mapped[TokenScope] = enum_column(TokenScope, default=TokenScope.READ)
    all_pages: Mapped[bool] = mapped_column(default=True)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped["User"] = relationship()
    pages: Mapped[list["Page"]] = relationship(
        secondary=api_token_pages, order_by="Page.name"
    )

    def is_usable(self, now: datetime | None = None) -> bool:
        """Neither revoked nor expired, and its owner may still sign in."""
        now = now or utcnow()
        expired = self.expires_at is not None and self.expires_at <= now
        return self.revoked_at is None and not expired and self.owner.is_active

    @property
    def can_write(self) -> bool:
        return self.scope is TokenScope.WRITE

    def allows_page(self, page_id: str) -> bool:
        return self.all_pages or any(page.id == page_id for page in self.pages)

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix} {self.name!r} {self.scope}>"
