"""Every route of the app, built with ids of the demo's real rows."""

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import Rule

from app import models
from app.extensions import db

# The model whose first row fills each URL argument; others get a literal.
_MODELS = {
    "page_id": models.Page,
    "incident_id": models.Incident,
    "component_id": models.Component,
    "group_id": models.ComponentGroup,
    "maintenance_id": models.Maintenance,
    "subscriber_id": models.Subscriber,
    "update_id": models.IncidentUpdate,
    "user_id": models.User,
    "template_id": models.CommunicationTemplate,
    "contact_id": models.EmergencyContact,
    "item_id": models.ActionItem,
    "integration_id": models.Integration,
    "token_id": models.ApiToken,
}
_LITERALS = {"slug": "apc", "page_ref": "apc", "fmt": "md", "severity": "P1"}


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: str


def url_values() -> dict[str, str]:
    """A value for every URL argument: the demo's rows, or a plausible literal."""
    values = dict(_LITERALS)
    for argument, model in _MODELS.items():
        row = db.session.scalar(sa.select(model.id).order_by(model.id).limit(1))
        values[argument] = str(row) if row is not None else "x"
    return values


def routes(app: Flask, values: dict[str, str], *, methods: set[str]) -> Iterator[Route]:
    """Each (endpoint, method, URL) of the URL map, static files left out."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.build_only:
            continue
        for method in sorted((rule.methods or set()) & methods):
            yield Route(rule.endpoint, method, _build(rule, values))


def _build(rule: Rule, values: dict[str, str]) -> str:
    built = rule.build({name: values.get(name, "x") for name in rule.arguments})
    assert built is not None, rule
    return built[1]


def row_counts() -> dict[str, int]:
    """Rows in every table: what a refused request must leave as it was."""
    tables = db.metadata.sorted_tables
    counts = [
        sa.select(sa.func.count()).select_from(table).scalar_subquery()
        for table in tables
    ]
    with db.engine.connect() as connection:  # one statement: cheap enough per POST
        row = connection.execute(sa.select(*counts)).one()
    return {table.name: count for table, count in zip(tables, row, strict=True)}
