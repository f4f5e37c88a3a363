"""The API's OpenAPI 3.1 description, written from the pydantic models the answers are validated with."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from geo.api._models import CheckResponse, CoverageResponse, ErrorResponse, Health, License, LicenseSummary
from geo.batch import MAX_FILE_BYTES, MAX_ROWS, TABLE_MIME
from geo.datum import DATUMS
from geo.i18n import LANGS
from geo.license import SERVICE_KEYS
from geo.lookup import MAX_QUERY_LENGTH

__all__ = ["openapi_document"]

_REF = "#/components/schemas/{model}"


def _json(model: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": _REF.format(model=model)}}}}


def _error(description: str) -> dict:
    return _json("ErrorResponse", description)


def _query(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


_LANG = _query("lang", "language of reasons and messages", {"type": "string", "enum": list(LANGS), "default": "zh"})
_LICENSE = _query("license", "license file (default: the newest)", {"type": "string"})
_UNAUTHORISED = _error("no or wrong bearer token (only when the server sets COVERAGE_ATLAS_API_TOKEN)")


@cache
def openapi_document() -> dict:
    """OpenAPI 3.1 for every /api/v1 route; schemas from geo.api._models."""
    models: list[type[BaseModel]] = [CheckResponse, ErrorResponse, Health, LicenseSummary, License, CoverageResponse]
    _, schemas = models_json_schema([(m, "serialization") for m in models], ref_template=_REF)
    table = {mime: {"schema": {"type": "string", "format": "binary"}} for mime in TABLE_MIME.values()}
    paths: dict[str, dict[str, dict]] = {
        "/api/v1/health": {
            "get": {"summary": "Server, default license and boundary data", "responses": {"200": _json("Health", "up")}}
        },
        "/api/v1/check": {
            "get": {
                "summary": "Can we serve this place? Same object as `check --json`",
                "parameters": [
                    _query(
                        "q",
                        "place name, address, pinyin/English or coordinates",
                        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                        True,
                    ),
                    _query("crs", "datum of coordinates", {"type": "string", "enum": list(DATUMS), "default": "wgs84"}),
                    _LANG,
                    _LICENSE,
                ],
                "responses": {
                    "200": _json("CheckResponse", "answered (status ok, ambiguous, not_found or invalid)"),
                    "400": _error("empty or over-long query, unknown crs or lang"),
                    "401": _UNAUTHORISED,
                    "404": _error("no such license"),
                },
            }
        },
        "/api/v1/batch": {
            "post": {
                "summary": "A spreadsheet checked row by row; the same columns as the command line's batch",
                "parameters": [_LANG, _LICENSE],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {
                                        "type": "string",
                                        "format": "binary",
                                        "description": f"CSV or XLSX, ≤ {MAX_FILE_BYTES // 2**20} MB, ≤ {MAX_ROWS:,} rows",
                                    },
                                    "column": {
                                        "type": "string",
                                        "description": "the column holding places (default: found)",
                                    },
                                    "lat": {"type": "string"},
                                    "lng": {"type": "string"},
                                    "crs": {"type": "string", "enum": list(DATUMS)},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "the input with answer columns; XLSX when Accept asks for it",
                        "content": table,
                    },
                    "400": _error("unreadable file or unknown column"),
                    "401": _UNAUTHORISED,
                    "411": _error("no Content-Length"),
                    "413": _error("over the size or row limit"),
                },
            }
        },
        "/api/v1/licenses": {
            "get": {
                "summary": "The license files",
                "responses": {
                    "200": {
                        "description": "list",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": _REF.format(model="LicenseSummary")}}
                            }
                        },
                    }
                },
            }
        },
        "/api/v1/licenses/{number}": {
            "get": {
                "summary": "One license as validated data",
                "parameters": [{"name": "number", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json("License", "the license"), "404": _error("no such license")},
            }
        },
        "/api/v1/coverage": {
            "get": {
                "summary": "Every unit's status for one service",
                "parameters": [
                    _query("service", "service", {"type": "string", "enum": list(SERVICE_KEYS), "default": "cdn"}),
                    _LICENSE,
                ],
                "responses": {"200": _json("CoverageResponse", "units with status"), "400": _error("unknown service")},
            }
        },
        "/api/v1/openapi.json": {
            "get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3.1"}}}
        },
    }
    for item in paths.values():
        for operation in item.values():
            operation.setdefault("responses", {}).setdefault("401", _UNAUTHORISED)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Coverage Atlas API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": schemas["$defs"],
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{}, {"bearer": []}],  # a token only where the server sets one
    }
