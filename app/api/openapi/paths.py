"""The admin API's operations as a table, one line per route."""
# ruff: noqa: E501  (the route table reads best one operation per line)

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from app.api.v1 import objects as o
from app.api.v1.responses import DEFAULT_PER_PAGE, MAX_PER_PAGE
from app.core.paging import MAX_PAGE_NUMBER
from app.incidents.api import bodies as incidents
from app.incidents.api import incidents as incidents_api
from app.integrations import api as integrations
from app.maintenance.api import schemas as maintenance
from app.maintenance.api import views as maintenance_api
from app.pages import api as pages

Model = type[BaseModel]
Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


JSON = "application/json"
PROBLEM = "application/problem+json"
ERRORS = {
    "400": "Bad request (pagination parameters, malformed JSON).",
    "401": "No token, or an unknown, expired or revoked one.",
    "403": "The token's scope or pages do not allow this.",
    "404": "No such page, incident, component or window.",
    "409": "Conflicts with the current state (overlap, a concurrent change).",
    "415": "The body is not JSON.",
    "422": "Invalid fields (see `errors`), an impossible lifecycle move, or an "
    "Idempotency-Key reused for a different request.",
}
READ_ERRORS = ("401", "403", "404")
WRITE_ERRORS = ("400", "401", "403", "404", "409", "415", "422")


@dataclass(frozen=True)
class Op:
    """One operation: ``GET /pages`` returning a ``PageList``, and so on."""

    method: str
    path: str
    summary: str
    tag: str
    returns: Model
    status: int = 200
    body: Model | None = None
    listing: bool = False
    integration: bool = False
    # A query filter: its name, what it does, and the values it takes.
    params: tuple[tuple[str, str, tuple[str, ...]], ...] = field(default=())


STATE = (("state", "open, resolved or all (default)", incidents_api.STATES),)
OPERATIONS = [
    Op("get", "/pages", "List the pages your token may use", "Pages", o.PageList, listing=True),
    Op("get", "/pages/{page_ref}", "Read a page (by id or slug)", "Pages", o.Page),
    Op("get", "/pages/{page_ref}/components", "List a page's components", "Components", o.ComponentList, listing=True),
    Op("get", "/components/{component_id}", "Read a component", "Components", o.Component),
    Op("patch", "/components/{component_id}", "Set a component's status", "Components", o.Component, body=pages.ComponentStatusSet),
    Op("get", "/incidents", "List incidents on your pages", "Incidents", o.IncidentList, listing=True, params=STATE),
    Op("get", "/pages/{page_ref}/incidents", "List a page's incidents", "Incidents", o.IncidentList, listing=True, params=STATE),
    Op("post", "/pages/{page_ref}/incidents", "Declare an incident with its first update", "Incidents", o.Incident, 201, incidents.IncidentCreate),
    Op("get", "/incidents/{incident_id}", "Read an incident with its timeline", "Incidents", o.Incident),
    Op("post", "/incidents/{incident_id}/updates", "Post an update (lifecycle state, component statuses)", "Incidents", o.Incident, 201, incidents.IncidentUpdateCreate),
    Op("post", "/incidents/{incident_id}/resolve", "Resolve an incident", "Incidents", o.Incident, 200, incidents.IncidentResolve),
    Op("get", "/incidents/{incident_id}/notes", "List internal notes", "Internal record", o.NoteList, listing=True),
    Op("post", "/incidents/{incident_id}/notes", "Add an internal note", "Internal record", o.Note, 201, incidents.NoteCreate),
    Op("get", "/incidents/{incident_id}/client-actions", "List client actions", "Internal record", o.ClientActionList, listing=True),
    Op("post", "/incidents/{incident_id}/client-actions", "Record a client action", "Internal record", o.ClientAction, 201, incidents.ClientActionCreate),
    Op("get", "/incidents/{incident_id}/time-entries", "List hours worked", "Internal record", o.TimeEntryList, listing=True),
    Op("post", "/incidents/{incident_id}/time-entries", "Log hours worked", "Internal record", o.TimeEntry, 201, incidents.TimeEntryCreate),
    Op("get", "/pages/{page_ref}/maintenances", "List a page's maintenance windows", "Maintenance", maintenance.MaintenanceList, listing=True, params=(("state", "all (default) or open: windows not yet finished", maintenance_api.STATES),)),
    Op("post", "/pages/{page_ref}/maintenances", "Schedule a maintenance window", "Maintenance", maintenance.Maintenance, 201, maintenance.MaintenanceCreate),
    Op("get", "/maintenances/{maintenance_id}", "Read a maintenance window", "Maintenance", maintenance.Maintenance),
    Op("patch", "/maintenances/{maintenance_id}", "Edit an open window", "Maintenance", maintenance.Maintenance, body=maintenance.MaintenanceEdit),
    Op("post", "/maintenances/{maintenance_id}/cancel", "Cancel a window that has not started", "Maintenance", maintenance.Maintenance, 200, maintenance.MaintenanceCancel),
    Op("post", "/integrations/alertmanager", "Prometheus Alertmanager webhook (version 4)", "Integrations", o.AlertOutcome, 200, integrations.AlertmanagerPayload, integration=True),
    Op("post", "/integrations/uptime", "Uptime monitor webhook", "Integrations", o.AlertOutcome, 200, integrations.UptimeAlert, integration=True),
]  # fmt: skip


def _parameters(op: Op) -> list[dict[str, Any]]:
    names = [part[1:-1] for part in op.path.split("/") if part.startswith("{")]
    params: list[dict[str, Any]] = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
        for n in names
    ]
    if op.listing:
        params += [
            {
                "name": "page",
                "in": "query",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_NUMBER,
                },
            },
            {
                "name": "per_page",
                "in": "query",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PER_PAGE,
                    "default": DEFAULT_PER_PAGE,
                },
            },
        ]
    params += [
        {"name": n, "in": "query", "description": d, "schema": {"enum": list(values)}}
        for n, d, values in op.params
    ]
    if op.method == "post" and not op.integration:
        params.append({"$ref": "#/components/parameters/IdempotencyKey"})
    return params


def _responses(op: Op) -> dict[str, Any]:
    success: dict[str, Any] = {
        "description": "OK" if op.status == 200 else "Created",
        "content": {JSON: {"schema": ref(op.returns.__name__)}},
    }
    if op.listing:
        success["headers"] = {"Link": {"$ref": "#/components/headers/Link"}}
    codes = READ_ERRORS if op.method == "get" else WRITE_ERRORS
    if op.listing:
        codes = ("400", *codes)
    errors = {c: {"$ref": f"#/components/responses/{c}"} for c in codes}
    return {str(op.status): success, **errors}


def operation(op: Op) -> dict[str, Any]:
    """The OpenAPI operation object of ``op``."""
    result: dict[str, Any] = {
        "operationId": f"{op.method}_{op.path.strip('/').replace('/', '_')}",
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": _parameters(op),
        "responses": _responses(op),
    }
    if op.body:
        result["requestBody"] = {
            # A body whose every field is optional may be left out of a POST.
            "required": bool(_required(op.body)),
            "content": {JSON: {"schema": ref(op.body.__name__)}},
        }
    if op.integration:
        result["security"] = [{"integrationToken": []}]
    return result


def _required(model: Model) -> list[str]:
    return [name for name, f in model.model_fields.items() if f.is_required()]


def error_responses() -> dict[str, Any]:
    return {
        code: {"description": text, "content": {PROBLEM: {"schema": ref("Problem")}}}
        for code, text in ERRORS.items()
    }
