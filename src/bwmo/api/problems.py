"""Errors as `application/problem+json` (RFC 9457), as the NL API Design Rules require."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Ongeldige aanvraag",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def _invalid_params(detail, prefix: str = "") -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    params = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, dict | list):
                params.extend(_invalid_params(item, prefix))
            else:
                params.append({"name": prefix or "nonFieldErrors", "code": getattr(item, "code", "invalid"),
                               "reason": str(item)})
    else:
        params.append({"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", "invalid"),
                       "reason": str(detail)})
    return params


def problem(status_code: int, detail: str, *, code: str = "", instance: str = "",
            invalid_params: list[dict[str, str]] | None = None) -> Response:
    body: dict[str, object] = {
        "type": f"https://bwmo.nl/problemen/{code or status_code}",
        "title": TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if code:
        body["code"] = code
    if invalid_params:
        body["invalidParams"] = invalid_params
    return Response(body, status=status_code, content_type=PROBLEM_JSON)


def problem_exception_handler(exc, context):  # type: ignore[no-untyped-def]
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Niet gevonden, of niet binnen uw bevoegdheid.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a 500: Django's handler, logged
    if isinstance(exc, exceptions.ValidationError):
        result = problem(status.HTTP_400_BAD_REQUEST,
                         "De aanvraag bevat ongeldige gegevens; zie invalidParams.", code="invalid",
                         instance=instance, invalid_params=_invalid_params(exc.detail))
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(getattr(exc, "detail", None), "code", "") or getattr(exc, "default_code", "")
        result = problem(response.status_code, str(detail) or TITLES.get(response.status_code, ""),
                         code=str(code), instance=instance)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


def page_not_found(request, exception=None):  # type: ignore[no-untyped-def]
    """Django's 404 for URLs that match no route: problem+json under /api/, the HTML page elsewhere."""
    import json

    from django.http import HttpResponse
    from django.views.defaults import page_not_found as html_page_not_found

    if not request.path.startswith("/api/"):
        return html_page_not_found(request, exception)
    from .base import api_version

    body = {"type": "https://bwmo.nl/problemen/404", "title": TITLES[404], "status": 404,
            "detail": "Deze URL bestaat niet in de API.", "instance": request.get_full_path()}
    response = HttpResponse(json.dumps(body), status=404, content_type=PROBLEM_JSON)
    response["API-Version"] = api_version()
    return response
