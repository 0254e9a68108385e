"""The OpenAPI 3.0 document of /api/v1 (hand-written; tested against the app by schemathesis)."""

from __future__ import annotations

MAX_ID = 2**31 - 1


def _id_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


_ERRORS = {
    "401": _json("#/components/schemas/Error",
                 "Missing, unknown, revoked or expired token (the message says which)"),
    "403": _json("#/components/schemas/Error",
                 "The token does not cover this community, or the period's status needs a "
                 "scope the token lacks (the message says which)"),
    "404": _json("#/components/schemas/Error", "Not found"),
}

_SCHEMAS = {
    "Error": {"type": "object", "required": ["error", "status"],
              "properties": {"error": {"type": "string"}, "status": {"type": "integer"},
                             "message": {"type": "string", "nullable": True}}},
    "Community": {"type": "object", "required": ["id", "name", "code", "address", "company"],
                  "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                 "code": {"type": "string"}, "address": {"type": "string"},
                                 "company": {"type": "string"}}},
    "Period": {"type": "object",
               "required": ["id", "community_id", "label", "start_date", "end_date", "status"],
               "properties": {"id": {"type": "integer"}, "community_id": {"type": "integer"},
                              "label": {"type": "string"},
                              "start_date": {"type": "string", "format": "date"},
                              "end_date": {"type": "string", "format": "date"},
                              "status": {"type": "string",
                                         "enum": ["draft", "open", "closed", "published"]}}},
    "Composite": {"type": "object", "required": ["score", "grade"],
                  "properties": {"score": {"type": "number", "nullable": True},
                                 "ci": {"type": "array", "nullable": True,
                                        "items": {"type": "number"}},
                                 "grade": {"type": "string", "nullable": True},
                                 "grade_label": {"type": "object"},
                                 "missing_dimensions": {"type": "array",
                                                        "items": {"type": "string"}},
                                 "weights": {"type": "object",
                                             "additionalProperties": {"type": "number"}}}},
    "Dimension": {"type": "object",
                  "required": ["key", "label", "weight", "sources", "combined"],
                  "properties": {"key": {"type": "string"}, "label": {"type": "object"},
                                 "weight": {"type": "number"},
                                 "sources": {"type": "object", "additionalProperties": {
                                     "type": "number", "nullable": True}},
                                 "combined": {"type": "number", "nullable": True},
                                 "combined_ci": {"type": "array", "nullable": True,
                                                 "items": {"type": "number"}},
                                 "sources_missing": {"type": "array",
                                                     "items": {"type": "string"}}}},
    "Group": {"type": "object", "required": ["group", "n", "scores"],
              "description": "A building's owner scores; suppressed (fewer responses than "
                             "the community's minimum cell size, or hidden with one) and "
                             "hidden (dimension keys) cells have null scores.",
              "properties": {"group": {"type": "string"}, "n": {"type": "integer"},
                             "scores": {"type": "object", "additionalProperties": {
                                 "type": "number", "nullable": True}},
                             "n_by_dimension": {"type": "object"},
                             "households": {"type": "integer", "nullable": True},
                             "response_rate": {"type": "number", "nullable": True},
                             "suppressed": {"type": "boolean"},
                             "hidden": {"type": "array", "items": {"type": "string"}}}},
    "PeriodResult": {
        "type": "object", "description": "PeriodResult.to_dict(): METHOD.md M1–M10 numbers.",
        "required": ["scheme", "dimensions", "composite", "deltas", "flags", "meta"],
        "properties": {"scheme": {"type": "object"},
                       "dimensions": {"type": "object", "additionalProperties": {
                           "$ref": "#/components/schemas/Dimension"}},
                       "nodes": {"type": "object"},
                       "composite": {"$ref": "#/components/schemas/Composite"},
                       "overall": {"type": "object", "nullable": True},
                       "nps": {"type": "object", "nullable": True},
                       "ipa": {"type": "object", "nullable": True},
                       "groups": {"type": "object", "additionalProperties": {
                           "$ref": "#/components/schemas/Group"}},
                       "sample": {"type": "object", "nullable": True},
                       "inspection": {"type": "object", "nullable": True},
                       "kpis": {"type": "object", "nullable": True},
                       "deltas": {"type": "object"},
                       "flags": {"type": "array", "items": {"type": "object"}},
                       "meta": {"type": "object"}}},
}


def _get(summary: str, ok: dict, params=(), extra_errors=()) -> dict:
    responses = {"200": ok, "401": _ERRORS["401"]}
    if params:
        responses["403"] = _ERRORS["403"]
        responses["404"] = _ERRORS["404"]
    for code, desc in extra_errors:
        responses[code] = _json("#/components/schemas/Error", desc)
    op = {"summary": summary, "responses": responses}
    if params:
        op["parameters"] = list(params)
    return {"get": op}


def _obj(**props) -> dict:
    return {"type": "object", "required": list(props), "properties": props}


def _list(key: str, ref: str) -> dict:
    return {"description": "OK", "content": {"application/json": {"schema": _obj(
        **{key: {"type": "array", "items": {"$ref": ref}}})}}}


def document() -> dict:
    """The OpenAPI document as a dict."""
    community = _id_param("community_id")
    period = _id_param("period_id")
    status = {"name": "status", "in": "query", "required": False,
              "schema": {"type": "string", "enum": ["draft", "open", "closed", "published"]}}
    result = {"description": "OK", "content": {"application/json": {"schema": _obj(
        period={"$ref": "#/components/schemas/Period"},
        result={"$ref": "#/components/schemas/PeriodResult"})}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "survey_app read-only API", "version": "1.0.0",
                 "description": "Communities, assessment periods and their results, exactly "
                                "as the results dashboard shows them (groups under the "
                                "community's minimum cell size are hidden: suppressed = "
                                "true, scores null). Authenticate with 'Authorization: "
                                "Bearer <token>' (tokens: Reports → API tokens). A token "
                                "is read-only, expires, reads only the communities it was "
                                "made for while its creator may see them, and only "
                                "periods its scopes cover: 'published' for published "
                                "periods, 'unpublished' for draft, open and closed ones."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/communities": _get("List communities",
                                 _list("communities", "#/components/schemas/Community")),
            "/communities/{community_id}": _get(
                "One community", _json("#/components/schemas/Community", "OK"), [community]),
            "/communities/{community_id}/periods": _get(
                "Periods of a community", _list("periods", "#/components/schemas/Period"),
                [community, status], [("400", "Invalid query parameter")]),
            "/periods/{period_id}": _get("One period",
                                         _json("#/components/schemas/Period", "OK"), [period]),
            "/periods/{period_id}/result": _get("The numbers of a period", result, [period]),
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": _SCHEMAS},
    }
