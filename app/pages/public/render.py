"""Render public responses from a page and what it shows.

Each function needs only an application context (and a request context for
links), so bodies can be built outside a web request, e.g. to publish files.
"""

from datetime import datetime

from flask import current_app, render_template

from app.maintenance import listing as maintenance_public
from app.models import Incident, Maintenance, Page
from app.pages import status_page
from app.pages.public.component_list import component_list


def render_status_page(page: Page, now: datetime | None = None) -> str:
    view = status_page.build_status_view(page, now)
    return render_template(
        "public/page.html",
        page=page,
        view=view,
        component_list=component_list(page, view.now),
    )


def render_incident(page: Page, incident: Incident) -> str:
    review = incident.review
    postmortem = review if review is not None and review.is_public else None
    return render_template(
        "public/incident.html", page=page, incident=incident, postmortem=postmortem
    )


def render_history(page: Page, page_number: int, now: datetime | None = None) -> str:
    months, has_older = status_page.incident_history(
        page, page_number, current_app.config["HISTORY_MONTHS_PER_PAGE"], now
    )
    maintenance, older_maintenance = maintenance_public.history_by_month(
        page, [month for month, _ in months]
    )
    return render_template(
        "public/history.html",
        page=page,
        months=months,
        maintenance_by_month=maintenance,
        page_number=page_number,
        has_older=has_older or older_maintenance,
    )


def render_maintenance(page: Page, maintenance: Maintenance) -> str:
    return render_template(
        "public/maintenance.html", page=page, maintenance=maintenance
    )


def render_index(pages: list[tuple[Page, status_page.PageStatus]]) -> str:
    return render_template("public/index.html", pages=pages)
