"""Responses kept for ``Idempotency-Key`` retries of admin API POSTs."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class IdempotencyRecord(Base):
    """One key of one token owner: the request it was first used for, and the answer.

    Written in the same transaction as the change it guards, so a rolled-back
    request leaves no record and the unique key serialises concurrent retries.
    """

    __tablename__ = "idempotency_records"
    __table_args__ = (sa.UniqueConstraint("owner_id", "key", name="owner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(255))
    method_path: Mapped[str] = mapped_column(sa.String(300))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int | None]
    body: Mapped[Any | None] = mapped_column(sa.JSON)
    location: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
