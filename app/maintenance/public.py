"""Public maintenance routes: a window's permalink and the page's calendar feed."""

from flask import Response

from app.maintenance import calendar
from app.maintenance import listing as maintenance_public
from app.models.base import utcnow
from app.pages.public import render
from app.public import bp
from app.public.cache import cached_render
from app.public.resolve import current_page, load_public_maintenance


@bp.get("/<slug>/maintenance/<maintenance_id>")
@cached_render
def maintenance_detail(maintenance_id: str):
    page = current_page()
    return render.render_maintenance(
        page, load_public_maintenance(page, maintenance_id)
    )


@bp.get("/<slug>/maintenance.ics")
@cached_render
def maintenance_calendar():
    page = current_page()
    windows = maintenance_public.calendar_windows(page, utcnow())
    response = Response(
        calendar.render_maintenance_calendar(page, windows), mimetype="text/calendar"
    )
    response.headers["Content-Disposition"] = (
        f'inline; filename="{page.slug}-maintenance.ics"'
    )
    response.last_modified = calendar.last_modified(windows)
    return response
