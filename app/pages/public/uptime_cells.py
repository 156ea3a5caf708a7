"""The 90 day cells of each uptime bar, built in Python rather than in Jinja.

A page of 50 components has 4,500 cells; as a Jinja loop they were most of a
render (about 150 ms of 160). Almost all of them say the same few things on the
same 90 dates, so a cell is built once per (date, state, text) and reused: a
render now costs a dictionary lookup per cell. Same markup as before: a
focusable ``<li>`` whose CSS tooltip names the day and what happened.
"""

import functools
from datetime import date

from flask_babel import gettext as _
from markupsafe import Markup

from app.core.enums import worst_component_status
from app.core.labels import status_label
from app.public import bp

_CELL = Markup(
    '<li class="uptime-day day-{state}{maintenance}" tabindex="0">'
    '<span class="uptime-tip"><strong>{day}</strong> {tip}</span></li>'
)


@bp.app_template_global("uptime_cells")
def uptime_cells(row) -> Markup:
    """Every day of ``row`` (a status_page.ComponentRow) as the bar's cells."""
    words = (
        _("No data"),
        _("Maintenance"),
        _("No downtime recorded"),
        _("Maintenance:"),
    )
    cells = []
    for day in row.days:
        incidents = row.incidents_by_day.get(day.day, ())
        windows = row.maintenance_by_day.get(day.day, ())
        if day.has_data and (incidents or windows):
            state = str(day.worst)
            tip = _events(incidents, windows, words[3])  # titles: never cached
            cells.append(_cell(day.day, state, bool(windows), tip))
        else:
            cells.append(_quiet_cell(day, words))
    return Markup("").join(cells)


def _quiet_cell(day, words: tuple[str, ...]) -> Markup:
    """A day with nothing to name: the same cell for every component that had it."""
    statuses = day.statuses
    if not isinstance(statuses, frozenset):
        statuses = frozenset(statuses)
    return _quiet(day.day, day.has_data, statuses, words)


@functools.lru_cache(maxsize=8192)
def _quiet(day: date, has_data: bool, statuses: frozenset, words: tuple) -> Markup:
    state = str(worst_component_status(statuses)) if has_data else "nodata"
    return _cell(day, state, False, _plain_tip(state, words))


def _plain_tip(state: str, words: tuple[str, ...]) -> str:
    no_data, maintenance, no_downtime, _label = words
    if state == "nodata":
        return no_data
    if state == "under_maintenance":
        return maintenance
    return no_downtime if state == "operational" else status_label(state)


def _events(incidents, windows, maintenance_label: str) -> str:
    spans = [Markup("<span>{}</span>").format(i.title) for i in incidents]
    spans += [
        Markup('<span class="tip-maintenance">{} {}</span>').format(
            maintenance_label, m.title
        )
        for m in windows
    ]
    return Markup("").join(spans)


@functools.lru_cache(maxsize=8192)
def _cell(day: date, state: str, maintenance: bool, tip: str) -> Markup:
    return _CELL.format(
        state=state,
        maintenance=" has-maintenance" if maintenance else "",
        day=day.strftime("%b %-d, %Y"),
        tip=tip,
    )
