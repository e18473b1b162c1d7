"""Client API: the same scope and access logging as the screens."""

from django.http import Http404

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from bwmo.api.base import ApiView
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.clients import selectors
from bwmo.clients.models import Client
from bwmo.scoping import CaseAccess, case_access, client_get_for


class ClientOutputSerializer(serializers.ModelSerializer):
    bsn_masked = serializers.CharField(read_only=True)
    registration_municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    responsible_municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Client
        fields = ["id", "given_names", "surname_prefix", "surname", "date_of_birth", "bsn_masked",
                  "registration_municipality", "responsible_municipality"]


class ClientListApi(ApiView):
    serializer_class = ClientOutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.client_search(user=self.request.user, query=self.request.query_params.get("q", ""))

    @extend_schema(summary="Cliënten zoeken binnen uw bevoegdheid", operation_id="clienten_list",
                   responses=ClientOutputSerializer(many=True),
                   parameters=[OpenApiParameter("q", str, description="Naam, geboortedatum of BSN")])
    def get(self, request: Request) -> Response:
        if case_access(request.user) is CaseAccess.NONE:
            raise Http404
        page = self.paginate_queryset(self.get_queryset())
        access_log_write_many(user=request.user, clients=page, action=AccessAction.SEARCH,
                              purpose=Purpose.API, request=request._request)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ClientDetailApi(ApiView):
    serializer_class = ClientOutputSerializer

    @extend_schema(summary="Eén cliënt")
    def get(self, request: Request, pk: int) -> Response:
        try:
            client = client_get_for(request.user, pk)
        except Client.DoesNotExist:
            raise Http404 from None
        access_log_write(user=request.user, action=AccessAction.VIEW, purpose=Purpose.API,
                         client=client, request=request._request)
        return Response(self.get_serializer(client).data)
