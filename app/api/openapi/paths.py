"""The admin API's operations as a table, one line per route."""
# ruff: noqa: E501  (the route table reads best one operation per line)

from dataclasses import dataclass, field
from typing import Any

from app.api.openapi.schemas import Schema, ref

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
    """One operation: ``GET /pages`` returning ``PageList``, and so on."""

    method: str
    path: str
    summary: str
    tag: str
    returns: str
    status: int = 200
    body: str | None = None
    listing: bool = False
    integration: bool = False
    params: tuple[tuple[str, str], ...] = field(default=())


OPERATIONS = [
    Op("get", "/pages", "List the pages your token may use", "Pages", "PageList", listing=True),
    Op("get", "/pages/{page_ref}", "Read a page (by id or slug)", "Pages", "Page"),
    Op("get", "/pages/{page_ref}/components", "List a page's components", "Components", "ComponentList", listing=True),
    Op("get", "/components/{component_id}", "Read a component", "Components", "Component"),
    Op("patch", "/components/{component_id}", "Set a component's status", "Components", "Component", body="ComponentStatusSet"),
    Op("get", "/incidents", "List incidents on your pages", "Incidents", "IncidentList", listing=True, params=(("state", "open, resolved or all (default)"),)),
    Op("get", "/pages/{page_ref}/incidents", "List a page's incidents", "Incidents", "IncidentList", listing=True, params=(("state", "open, resolved or all (default)"),)),
    Op("post", "/pages/{page_ref}/incidents", "Declare an incident with its first update", "Incidents", "Incident", 201, "IncidentCreate"),
    Op("get", "/incidents/{incident_id}", "Read an incident with its timeline", "Incidents", "Incident"),
    Op("post", "/incidents/{incident_id}/updates", "Post an update (lifecycle state, component statuses)", "Incidents", "Incident", 201, "IncidentUpdateCreate"),
    Op("post", "/incidents/{incident_id}/resolve", "Resolve an incident", "Incidents", "Incident", 200, "IncidentResolve"),
    Op("get", "/incidents/{incident_id}/notes", "List internal notes", "Internal record", "NoteList", listing=True),
    Op("post", "/incidents/{incident_id}/notes", "Add an internal note", "Internal record", "Note", 201, "NoteCreate"),
    Op("get", "/incidents/{incident_id}/client-actions", "List client actions", "Internal record", "ClientActionList", listing=True),
    Op("post", "/incidents/{incident_id}/client-actions", "Record a client action", "Internal record", "ClientAction", 201, "ClientActionCreate"),
    Op("get", "/incidents/{incident_id}/time-entries", "List hours worked", "Internal record", "TimeEntryList", listing=True),
    Op("post", "/incidents/{incident_id}/time-entries", "Log hours worked", "Internal record", "TimeEntry", 201, "TimeEntryCreate"),
    Op("get", "/pages/{page_ref}/maintenances", "List a page's maintenance windows", "Maintenance", "MaintenanceList", listing=True, params=(("state", "all (default) or open: windows not yet finished"),)),
    Op("post", "/pages/{page_ref}/maintenances", "Schedule a maintenance window", "Maintenance", "Maintenance", 201, "MaintenanceCreate"),
    Op("get", "/maintenances/{maintenance_id}", "Read a maintenance window", "Maintenance", "Maintenance"),
    Op("patch", "/maintenances/{maintenance_id}", "Edit an open window", "Maintenance", "Maintenance", body="MaintenanceEdit"),
    Op("post", "/maintenances/{maintenance_id}/cancel", "Cancel a window that has not started", "Maintenance", "Maintenance", 200, "MaintenanceCancel"),
    Op("post", "/integrations/alertmanager", "Prometheus Alertmanager webhook (version 4)", "Integrations", "AlertOutcome", 200, "AlertmanagerPayload", integration=True),
    Op("post", "/integrations/uptime", "Uptime monitor webhook", "Integrations", "AlertOutcome", 200, "UptimeAlert", integration=True),
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
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "per_page",
                "in": "query",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 100,
                    "default": 25,
                },
            },
        ]
    params += [
        {"name": n, "in": "query", "description": d, "schema": {"type": "string"}}
        for n, d in op.params
    ]
    if op.method == "post" and not op.integration:
        params.append({"$ref": "#/components/parameters/IdempotencyKey"})
    return params


def _responses(op: Op) -> dict[str, Any]:
    success: dict[str, Any] = {
        "description": "OK" if op.status == 200 else "Created",
        "content": {JSON: {"schema": ref(op.returns)}},
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
        body: Schema = ref(op.body)
        result["requestBody"] = {
            "required": op.method == "post"
            and not op.body.endswith(("Resolve", "Cancel")),
            "content": {JSON: {"schema": body}},
        }
    if op.integration:
        result["security"] = [{"integrationToken": []}]
    return result


def error_responses() -> dict[str, Any]:
    return {
        code: {"description": text, "content": {PROBLEM: {"schema": ref("Problem")}}}
        for code, text in ERRORS.items()
    }
