"""Placement API: list the placements in the user's scope and place a client (POST).

The same scope, rules, lock and access logging as the screens: `POST /api/v1/plaatsingen` calls
`placements.services.placement_start`. A refused placement answers with a Dutch message: 409 when
there is no free place (e.g. another client just took the last one), 400 for other rule
violations and for a beschikking, location or waiting-list entry outside the caller's scope
(indistinguishable from one that does not exist).
"""

from django.http import Http404
from django.utils import timezone

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bwmo.api.base import ApiView
from bwmo.api.problems import problem
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write_many
from bwmo.core.exceptions import DomainError
from bwmo.journeys.constants import BeschikkingOutcome
from bwmo.journeys.models import Beschikking
from bwmo.placements import selectors, services
from bwmo.placements.models import Placement
from bwmo.scoping import (
    CaseAccess,
    case_access,
    clients_for,
    locations_for,
    waiting_list_for,
)


class PlacementClientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField()


class PlacementOutputSerializer(serializers.ModelSerializer):
    client = PlacementClientSerializer(read_only=True)
    location = serializers.PrimaryKeyRelatedField(read_only=True)
    location_name = serializers.CharField(source="location.name", read_only=True)
    product = serializers.SlugRelatedField(slug_field="code", read_only=True)
    responsible_municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "client", "beschikking", "location", "location_name", "product",
                  "responsible_municipality", "start_date", "end_date", "outflow_destination",
                  "previous", "is_pgb"]


class PlacementInputSerializer(serializers.Serializer):
    beschikking = serializers.IntegerField(help_text="Id van een toegekende beschikking")
    location = serializers.IntegerField(help_text="Id van de locatie")
    start_date = serializers.DateField(help_text="Eerste dag van de zorg (JJJJ-MM-DD)")
    waiting_list_entry = serializers.IntegerField(required=False, allow_null=True)
    perspective_independent = serializers.BooleanField(required=False, default=False)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()


class PlacementListCreateApi(ApiView):
    serializer_class = PlacementOutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.placement_list(
            user=self.request.user, day=timezone.localdate(), active_only=False
        )

    @extend_schema(summary="Plaatsingen binnen uw bevoegdheid", operation_id="plaatsingen_list",
                   responses=PlacementOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        if case_access(request.user) is CaseAccess.NONE:
            raise Http404
        page = self.paginate_queryset(self.get_queryset())
        access_log_write_many(
            user=request.user, clients={p.client_id: p.client for p in page}.values(),
            action=AccessAction.VIEW, purpose=Purpose.API, request=request._request,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Een cliënt plaatsen op een vrije plaats",
        request=PlacementInputSerializer,
        responses={
            201: PlacementOutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Onjuiste invoer of regel geschonden"),
            409: OpenApiResponse(ErrorSerializer, description="Geen vrije plaats"),
        },
    )
    def post(self, request: Request) -> Response:
        user = request.user
        if user.role not in services.PLACING_ROLES:
            raise Http404
        data = PlacementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        beschikkingen = Beschikking.objects.filter(
            client__in=clients_for(user).values("pk"), outcome=BeschikkingOutcome.GRANTED,
        ).select_related("client", "product", "provider")
        beschikking = beschikkingen.filter(pk=values["beschikking"]).first()
        if beschikking is None:
            return _error("Deze beschikking bestaat niet of valt buiten uw bevoegdheid.",
                          "beschikking_onbekend")
        location = locations_for(user).filter(pk=values["location"]).select_related(
            "provider", "municipality"
        ).first()
        if location is None:
            return _error("Deze locatie bestaat niet of valt buiten uw bevoegdheid.",
                          "locatie_onbekend")
        entry = None
        if values.get("waiting_list_entry"):
            entry = waiting_list_for(user).filter(pk=values["waiting_list_entry"]).first()
            if entry is None:
                return _error("Deze wachtlijstregel bestaat niet of valt buiten uw bevoegdheid.",
                              "wachtlijstregel_onbekend")
        try:
            placement = services.placement_start(
                beschikking=beschikking, location=location, start_date=values["start_date"],
                waiting_entry=entry, perspective_independent=values["perspective_independent"],
                acting_user=user, request=request._request, api=True,
            )
        except services.NoFreePlace as exc:
            return _error(exc.message, "geen_vrije_plaats", status.HTTP_409_CONFLICT)
        except DomainError as exc:
            return _error(exc.message, "regel_geschonden")
        return Response(PlacementOutputSerializer(placement).data, status=status.HTTP_201_CREATED)


def _error(message: str, code: str, http_status: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return problem(http_status, message, code=code)

