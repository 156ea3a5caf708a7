"""Declarative base, the UTC datetime column type and id helpers."""

import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Statuspage-style ids: short, lower-case, unguessable, URL-safe.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 12


def new_id() -> str:
    """Return a fresh opaque id such as ``p31zjtct2jer``."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_LENGTH))


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Store aware datetimes as UTC; SQLite forgets tzinfo, so restore it on load."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(
    enum: type[StrEnum], constraint: str | None = None, **kwargs: Any
) -> Any:
    """A portable enum column: VARCHAR plus a CHECK constraint on both databases.

    ``constraint`` names the CHECK when one table has two columns of one enum.
    """
    return mapped_column(
        sa.Enum(
            enum,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda members: [m.value for m in members],
            name=constraint or enum.__name__.lower(),
        ),
        **kwargs,
    )


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class IdMixin:
    id: Mapped[str] = mapped_column(sa.String(16), primary_key=True, default=new_id)

    def __init__(self, **kwargs: Any) -> None:
        # Ids and scalar defaults (statuses, flags) exist before the first flush,
        # so domain methods and links can rely on them on a brand-new object.
        kwargs.setdefault("id", new_id())
        for column in self.__table__.columns:  # type: ignore[attr-defined]
            default = column.default
            if default is not None and default.is_scalar and column.key not in kwargs:
                kwargs[column.key] = default.arg
        super().__init__(**kwargs)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
