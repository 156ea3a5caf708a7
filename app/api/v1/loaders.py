"""Load what a URL names, enforcing the token's page scope in one place."""

from typing import TypeVar

import sqlalchemy as sa
from flask import g

from app.api.v1.problems import ApiProblem, forbidden
from app.extensions import db
from app.models import (
    ApiToken,
    Component,
    Incident,
    Maintenance,
    Page,
)

Owned = TypeVar("Owned", Component, Incident, Maintenance)


def not_found(what: str) -> ApiProblem:
    return ApiProblem(404, "Not Found", f"No such {what}.")


def token() -> ApiToken:
    return g.api_token


def check_page(page_id: str) -> None:
    """403 unless the token may act on the page ``page_id``."""
    if not token().allows_page(page_id):
        raise forbidden("This token is not allowed to use this page.")


def load_page(ref: str) -> Page:
    """A page by id or slug, within the token's pages."""
    page = db.session.scalar(
        sa.select(Page).where(sa.or_(Page.id == ref, Page.slug == ref))
    )
    if page is None:
        raise not_found("page")
    check_page(page.id)
    return page


def load(model: type[Owned], item_id: str, what: str) -> Owned:
    """A component, incident or maintenance window on one of the token's pages."""
    item = db.session.get(model, item_id)
    if item is None:
        raise not_found(what)
    check_page(item.page_id)
    return item


def page_filter(column: sa.ColumnElement) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping rows of the token's pages (``column`` is a page id)."""
    scoped = token()
    if scoped.all_pages:
        return sa.true()
    return column.in_([page.id for page in scoped.pages])
