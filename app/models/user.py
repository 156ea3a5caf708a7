"""Staff accounts."""

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.enums import Role
from app.models.base import Base, IdMixin, enum_column, utcnow


class User(UserMixin, IdMixin, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(256), default="")
    role: Mapped[Role] = enum_column(Role, default=Role.STAFF)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Moved on by signing out: every copy of an older session cookie is refused.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(
            self.password_hash, password
        )

    def get_id(self) -> str:
        """The identity kept in the session: a new password, or signing out,
        ends older sessions."""
        return f"{self.id}.{self.password_fingerprint}.{self.session_generation}"

    def end_sessions(self) -> None:
        """Sign out everywhere: no session cookie issued before stays valid."""
        self.session_generation += 1

    @property
    def password_fingerprint(self) -> str:
        # A digest of the salted hash: changes with the password, reveals nothing.
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
