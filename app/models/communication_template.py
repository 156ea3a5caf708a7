"""Reusable wording for incident updates, with {placeholders} filled per incident."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.enums import IncidentStatus, TemplateKind
from app.models.base import Base, IdMixin, TimestampMixin, enum_column


class CommunicationTemplate(IdMixin, TimestampMixin, Base):
    __tablename__ = "communication_templates"

    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[TemplateKind] = enum_column(TemplateKind, default=TemplateKind.OTHER)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # The lifecycle state the update form pre-selects with this wording, if any.
    suggested_status: Mapped[IncidentStatus | None] = enum_column(
        IncidentStatus, constraint="suggested_status"
    )
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<CommunicationTemplate {self.name!r}>"
