"""A status page's component list, rendered once per components version.

Names, statuses and the 90-day uptime bars are two thirds of a status page's
render on a page of 50 components, and change far less often than the page:
posting an update bumps the page's content version, not its components version
(app/pages/versions.py). So a new update renders the incident and reuses the
list, kept (app/public/fragments.py) under the page, that version, the page's
local date (the bars roll over at midnight) and the locale; like a whole
render it lives PUBLIC_CACHE_SECONDS at most, as today's uptime figure moves
with the clock while a component is down.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from app.models import Page
from app.models.base import utcnow
from app.pages import status_page
from app.pages.public import uptime_cells  # noqa: F401  (the bars' template global)
from app.public.fragments import remembered


def component_list(page: Page, now: datetime | None = None) -> Markup:
    """The component list of ``page`` as it shows at ``now``, as HTML."""
    now = now or utcnow()
    today = now.astimezone(ZoneInfo(page.time_zone)).date()
    key = ("components", page.id, page.components_version, today, str(get_locale()))
    return remembered(key, lambda: _render(page, now), len)


def _render(page: Page, now: datetime) -> Markup:
    groups = status_page.component_groups(page, now)
    return Markup(  # noqa: S704 - rendered by an autoescaping template
        render_template("public/_component_list.html", page=page, groups=groups)
    )
