"""The incident report as plain data: one structure, rendered to Markdown, HTML, PDF.

Sections hold paragraphs, items and at most one table. Every piece of text says
whether it is staff-written Markdown (rendered and sanitised in HTML) or text
Beacon wrote itself (escaped as it is). Renderers never decide what goes in a
report: the builder in app/reports/build.py leaves internal data out of the
client variant, so a renderer cannot leak it.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class ReportVariant(StrEnum):
    CLIENT = "client"
    INTERNAL = "internal"


class ReportFormat(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"


@dataclass(frozen=True)
class Text:
    """A piece of text; ``markdown`` when staff wrote it in Markdown."""

    body: str
    markdown: bool = False


@dataclass(frozen=True)
class Item:
    """A list entry: a bold lead (a time, a name), an optional label, the text."""

    lead: str
    text: Text
    label: str = ""
    internal: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[Text, ...] = ()
    items: tuple[Item, ...] = ()
    table: Table | None = None
    internal: bool = False


@dataclass(frozen=True)
class Report:
    """A finished report: the title block, then numbered sections in order."""

    variant: ReportVariant
    title: str
    page_name: str
    subtitle: str
    time_zone_note: str
    sections: tuple[Section, ...]
    file_stem: str = ""
    notices: tuple[str, ...] = field(default=())

    @property
    def is_internal(self) -> bool:
        return self.variant is ReportVariant.INTERNAL
