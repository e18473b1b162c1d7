"""drf-spectacular post-processing so the OpenAPI document follows the NL API Design Rules:
the API-Version header on every 2xx/3xx response, problem+json for every error response, and a 400
for every operation that takes input."""

from typing import Any

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Soort probleem"},
        "title": {"type": "string", "description": "Korte omschrijving"},
        "status": {"type": "integer", "description": "HTTP-statuscode"},
        "detail": {"type": "string", "description": "Uitleg in het Nederlands"},
        "instance": {"type": "string", "description": "De aanvraag waar het om gaat"},
        "code": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "code": {"type": "string"},
                               "reason": {"type": "string"}},
            },
        },
    },
}
VERSION_HEADER = {
    "API-Version": {
        "description": "Volledige versie van de API",
        "schema": {"type": "string", "example": "1.0.0"},
    }
}
ERROR_DESCRIPTIONS = {
    "400": "Ongeldige aanvraag", "401": "Niet geauthenticeerd", "403": "Geen toegang",
    "404": "Niet gevonden of niet binnen uw bevoegdheid", "409": "Conflict",
}


def _problem_response(code: str, description: str | None = None) -> dict[str, Any]:
    return {
        "description": description or ERROR_DESCRIPTIONS.get(code, "Fout"),
        "headers": VERSION_HEADER,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def postprocess(result: dict[str, Any], generator, request, public) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, response in list(responses.items()):
                if code[0] in "23":
                    response.setdefault("headers", {}).update(VERSION_HEADER)
                elif code[0] in "45":
                    responses[code] = _problem_response(code, response.get("description"))
            for code in ("401", "404"):
                responses.setdefault(code, _problem_response(code))
            if method in ("post", "put", "patch") or operation.get("parameters"):
                responses.setdefault("400", _problem_response("400"))
    return result


def only_v1(endpoints, **kwargs):  # type: ignore[no-untyped-def]
    """The document describes /api/v1/ only (not the schema endpoint itself)."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]
