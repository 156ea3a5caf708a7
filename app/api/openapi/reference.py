"""A server-rendered reference of the OpenAPI document: operations and fields."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    notes: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    anchor: str
    parameters: list[Field]
    body: list[Field]
    body_name: str | None
    success: str
    returns: str
    errors: list[str]


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        *_, kind, name = schema["$ref"].split("/")
        schema = doc["components"][kind][name]
    return schema


def type_of(schema: dict[str, Any]) -> str:
    """A short type label: ``string``, ``integer``, ``array of ID``, ``one of …``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    for either in ("oneOf", "anyOf"):
        if either in schema:
            return " or ".join(type_of(s) for s in schema[either])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    if isinstance(kind, list):
        kind = " or ".join(kind)
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def fields(schema: dict[str, Any], doc: dict[str, Any]) -> list[Field]:
    """The top-level properties of ``schema``, for a table."""
    schema = _resolve(schema, doc)
    required = set(schema.get("required", ()))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        notes = prop.get("description", "")
        if "default" in prop:
            notes = f"{notes} Default: {prop['default']}.".strip()
        rows.append(Field(name, type_of(prop), name in required, notes))
    return rows


def _parameters(op: dict[str, Any], doc: dict[str, Any]) -> list[Field]:
    rows = []
    for param in op.get("parameters", []):
        param = _resolve(param, doc)
        notes = f"in {param['in']}. {param.get('description', '')}".strip()
        required = bool(param.get("required"))
        rows.append(Field(param["name"], type_of(param["schema"]), required, notes))
    return rows


def operations(doc: dict[str, Any]) -> dict[str, list[Operation]]:
    """Operations grouped by tag, in document order."""
    grouped: dict[str, list[Operation]] = {}
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            status, success = next(iter(op["responses"].items()))
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            grouped.setdefault(op["tags"][0], []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op["summary"],
                    anchor=op["operationId"],
                    parameters=_parameters(op, doc),
                    body=fields(body["schema"], doc) if body else [],
                    body_name=type_of(body["schema"]) if body else None,
                    success=status,
                    returns=type_of(success["content"]["application/json"]["schema"]),
                    errors=list(op["responses"])[1:],
                )
            )
    return grouped
