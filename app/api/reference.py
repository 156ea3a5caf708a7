"""The admin API's OpenAPI document and its human-readable reference page."""

from flask import current_app, jsonify, render_template

from app.api import bp
from app.api.openapi import build_document
from app.api.openapi.reference import fields, operations


def _document() -> dict:
    return build_document(current_app.config["BASE_URL"])


@bp.get("/api/openapi.json")
def openapi_document():
    return jsonify(_document())


@bp.get("/api/docs")
def api_reference():
    doc = _document()
    schemas = {
        name: fields(schema, doc)
        for name, schema in doc["components"]["schemas"].items()
        if not name.endswith("List") and "properties" in schema
    }
    return render_template(
        "api/docs.html", doc=doc, groups=operations(doc), schemas=schemas
    )
