"""Shared base of the /api/v1/ views: the API-Version header."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_many


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


class ApiView(GenericAPIView):
    # Every API response (errors too) carries `API-Version` (NL API Design Rules /core/version-header).

    def finalize_response(self, request, response, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = api_version()
        return response

    # Reading clients through the API: one page or one object, and an access-log entry for each
    # client shown (never for the rows of other pages).
    def logged_page(self, request: Request, rows: QuerySet[Any]) -> Response:
        page = self.paginate_queryset(rows)
        assert page is not None
        access_log_write_many(user=request.user, clients={r.client_id: r.client for r in page}.values(),  # type: ignore[arg-type]
                              action=AccessAction.VIEW, purpose=Purpose.API, request=request._request)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def logged_one(self, request: Request, rows: QuerySet[Any], pk: int) -> Response:
        row = rows.filter(pk=pk).first()
        if row is None:
            raise Http404
        access_log_write(user=request.user, action=AccessAction.VIEW, purpose=Purpose.API,  # type: ignore[arg-type]
                         client=row.client, request=request._request)
        return Response(self.get_serializer(row).data)
