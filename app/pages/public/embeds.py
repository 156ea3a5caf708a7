"""Status for other sites: SVG badges and the framable, script-free embed snippet."""

from flask import Response, render_template
from flask_babel import gettext as _

from app.core.labels import status_label
from app.pages import status_page
from app.pages.badges import COMPONENT_COLOURS, INDICATOR_COLOURS, LABEL_COLOUR, Badge
from app.public import bp
from app.public.cache import cached_render
from app.public.resolve import current_page, load_page_component
from app.security import FRAMABLE_CONTENT_SECURITY_POLICY


def _svg(badge: Badge) -> Response:
    body = render_template("public/badge.svg", badge=badge, label_colour=LABEL_COLOUR)
    return Response(body, mimetype="image/svg+xml")


@bp.get("/<slug>/badge.svg")
@cached_render
def status_badge():
    page = current_page()
    status = status_page.current_status(page)
    colour = INDICATOR_COLOURS[status.indicator]
    return _svg(Badge(page.name, _(status.description), colour))


@bp.get("/<slug>/components/<component_id>/badge.svg")
@cached_render
def component_badge(component_id: str):
    component = load_page_component(current_page(), component_id)
    colour = COMPONENT_COLOURS[component.status]
    return _svg(Badge(component.name, status_label(component.status), colour))


@bp.get("/<slug>/embed")
@cached_render
def embed():
    page = current_page()
    unresolved = status_page.unresolved_incidents(page)
    body = render_template(
        "public/embed.html",
        page=page,
        status=status_page.current_status(page, unresolved),
        unresolved=unresolved,
    )
    response = Response(body, mimetype="text/html")
    # The only route other sites may frame; security.py then omits X-Frame-Options.
    response.headers["Content-Security-Policy"] = FRAMABLE_CONTENT_SECURITY_POLICY
    return response
