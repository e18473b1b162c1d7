"""API for meldingen, beschikkingen, capaciteit and wachtlijst: the same scope (bwmo/scoping.py)
and access log as the screens. Filters are query parameters in lowerCamelCase, checked by a
serializer: a wrong value answers 400 problem+json."""

from django.http import Http404
from django.utils import timezone

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from bwmo.accounts.constants import Role
from bwmo.capacity import selectors as capacity_selectors
from bwmo.capacity import suppressed
from bwmo.core.suppression import threshold_for
from bwmo.journeys.constants import BeschikkingOutcome, MeldingStatus
from bwmo.journeys.models import Beschikking, Melding
from bwmo.placements.models import WaitingListEntry
from bwmo.regions.constants import Track
from bwmo.regions.models import Municipality, Product
from bwmo.scoping import CaseAccess, case_access, melding_scope, waiting_list_for

from .base import ApiView


class ClientRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField()


def _code() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


class MeldingSerializer(serializers.ModelSerializer):
    client = ClientRefSerializer(read_only=True)
    municipality = _code()
    responsible_municipality = _code()

    class Meta:
        model = Melding
        fields = ["id", "client", "track", "source", "reported_on", "municipality",
                  "responsible_municipality", "status", "client_status", "aanvraag_on",
                  "investigation_completed_on"]


class MeldingFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=MeldingStatus.choices, required=False)
    spoor = serializers.ChoiceField(choices=Track.choices, required=False)
    gemeente = serializers.RegexField(r"^GM\d{4}$", required=False,
                                      error_messages={"invalid": "Een gemeentecode is GM en 4 cijfers."})
    vanaf = serializers.DateField(required=False, help_text="Gemeld op of na (JJJJ-MM-DD)")


def _filters(serializer_class: type[serializers.Serializer], request: Request) -> dict:  # type: ignore[type-arg]
    data = serializer_class(data=request.query_params)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _case_worker(request: Request) -> None:
    if case_access(request.user) is not CaseAccess.FULL:
        raise Http404


FILTER_PARAMS_MELDING = [
    OpenApiParameter("status", str, enum=MeldingStatus.values),
    OpenApiParameter("spoor", str, enum=Track.values),
    OpenApiParameter("gemeente", str, pattern=r"^GM\d{4}$",
                     description="CBS-code van de gemeente van melding, bv. GM0202"),
    OpenApiParameter("vanaf", OpenApiTypes.DATE, description="Gemeld op of na"),
]


class MeldingListApi(ApiView):
    serializer_class = MeldingSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (Melding.objects.filter(melding_scope(self.request.user))
                .select_related("client", "municipality", "responsible_municipality")
                .order_by("-reported_on", "-id"))

    @extend_schema(summary="Meldingen binnen uw bevoegdheid", parameters=FILTER_PARAMS_MELDING,
                   operation_id="meldingen_list", responses=MeldingSerializer(many=True))
    def get(self, request: Request) -> Response:
        _case_worker(request)
        f = _filters(MeldingFilter, request)
        rows = self.get_queryset()
        if "status" in f:
            rows = rows.filter(status=f["status"])
        if "spoor" in f:
            rows = rows.filter(track=f["spoor"])
        if "gemeente" in f:
            rows = rows.filter(municipality__code=f["gemeente"])
        if "vanaf" in f:
            rows = rows.filter(reported_on__gte=f["vanaf"])
        return self.logged_page(request, rows)


class MeldingDetailApi(ApiView):
    serializer_class = MeldingSerializer

    @extend_schema(summary="Eén melding")
    def get(self, request: Request, pk: int) -> Response:
        _case_worker(request)
        return self.logged_one(request, MeldingListApi(request=request).get_queryset(), pk)


class BeschikkingSerializer(serializers.ModelSerializer):
    client = ClientRefSerializer(read_only=True)
    product = _code()
    provider = serializers.CharField(source="provider.name", read_only=True, allow_null=True,
                                     default=None)
    responsible_municipality = _code()

    class Meta:
        model = Beschikking
        fields = ["id", "melding", "client", "outcome", "product", "financing", "provider",
                  "start_date", "end_date", "decided_on", "responsible_municipality",
                  "client_status"]


class BeschikkingFilter(serializers.Serializer):
    uitkomst = serializers.ChoiceField(choices=BeschikkingOutcome.choices, required=False)
    peildatum = serializers.DateField(required=False, help_text="Geldig op deze dag")


class BeschikkingListApi(ApiView):
    serializer_class = BeschikkingSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        meldingen = Melding.objects.filter(melding_scope(self.request.user)).values("pk")
        return (Beschikking.objects.filter(melding__in=meldingen)
                .select_related("client", "product", "provider", "responsible_municipality")
                .order_by("-decided_on", "-id"))

    @extend_schema(summary="Beschikkingen binnen uw bevoegdheid", operation_id="beschikkingen_list",
                   responses=BeschikkingSerializer(many=True), parameters=[
        OpenApiParameter("uitkomst", str, enum=BeschikkingOutcome.values),
        OpenApiParameter("peildatum", OpenApiTypes.DATE,
                         description="Alleen beschikkingen die op deze dag gelden"),
    ])
    def get(self, request: Request) -> Response:
        _case_worker(request)
        f = _filters(BeschikkingFilter, request)
        rows = self.get_queryset()
        if "uitkomst" in f:
            rows = rows.filter(outcome=f["uitkomst"])
        if "peildatum" in f:
            day = f["peildatum"]
            rows = rows.filter(start_date__lte=day).exclude(end_date__lt=day)
        return self.logged_page(request, rows)


class BeschikkingDetailApi(ApiView):
    serializer_class = BeschikkingSerializer

    @extend_schema(summary="Eén beschikking")
    def get(self, request: Request, pk: int) -> Response:
        _case_worker(request)
        return self.logged_one(request, BeschikkingListApi(request=request).get_queryset(), pk)


SUPPRESSED_HELP = ("null: afgeschermd (minder dan de drempel van de regio, standaard 5 personen, "
                   "of terug te rekenen uit de andere cijfers); zie suppressed")


class CapaciteitSerializer(serializers.Serializer):
    location = serializers.IntegerField(source="location.pk")
    location_name = serializers.CharField(source="location.name")
    provider = serializers.CharField(source="location.provider.name")
    municipality = serializers.CharField(source="location.municipality.code")
    product = serializers.CharField(source="product.code")
    places = serializers.IntegerField()
    occupied = serializers.IntegerField(source="published_occupied", allow_null=True,
                                        help_text=f"Bezette plaatsen; {SUPPRESSED_HELP}")
    free = serializers.IntegerField(source="published_free", allow_null=True,
                                    help_text=f"Vrije plaatsen; {SUPPRESSED_HELP}")
    suppressed = serializers.BooleanField(
        help_text="true: bezetting en vrije plaatsen zijn afgeschermd (alleen voor wie "
                  "uitsluitend geaggregeerde cijfers ziet, zoals beleid)")


PRODUCT_CODE = r"^[A-Za-z0-9_-]{1,40}$"


class CapaciteitFilter(serializers.Serializer):
    peildatum = serializers.DateField(required=False)
    product = serializers.RegexField(PRODUCT_CODE, required=False, error_messages={
        "invalid": "Een productcode bestaat uit letters, cijfers, - en _ (hoogstens 40 tekens)."})
    gemeente = serializers.RegexField(r"^GM\d{4}$", required=False,
                                      error_messages={"invalid": "Een gemeentecode is GM en 4 cijfers."})


CAPACITY_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.BELEID, Role.ZORGAANBIEDER})


class CapaciteitApi(ApiView):
    """Places, occupancy and free places per location and product: counts, no client data.
    Beleid sees the occupancy suppressed as on the capacity overview (capacity.suppressed): a
    suppressed occupancy and its free places are null, with ``suppressed`` true."""

    serializer_class = CapaciteitSerializer

    @extend_schema(summary="Plaatsen en bezetting per locatie en product", operation_id="capaciteit_list",
                   responses=CapaciteitSerializer(many=True), parameters=[
        OpenApiParameter("peildatum", OpenApiTypes.DATE),
        OpenApiParameter("product", str, pattern=PRODUCT_CODE, description="Productcode, bv. BW"),
        OpenApiParameter("gemeente", str, pattern=r"^GM\d{4}$",
                         description="CBS-code van de gemeente van de locatie"),
    ])
    def get(self, request: Request) -> Response:
        user = request.user
        if user.role not in CAPACITY_ROLES or user.organisation_id is None:
            raise Http404
        f = _filters(CapaciteitFilter, request)
        region = user.organisation.region
        product = municipality = None
        if "product" in f:
            product = Product.objects.filter(region=region, code=f["product"]).first()
        if "gemeente" in f:
            municipality = Municipality.objects.filter(code=f["gemeente"]).first()
        day = f.get("peildatum") or timezone.localdate()
        unknown = ("product" in f and product is None) or ("gemeente" in f and municipality is None)
        rows = [] if unknown else capacity_selectors.capacity_overview(
            user, day, product=product, municipality=municipality)
        rows.sort(key=lambda r: (r.location.name, r.location.pk, r.product.code))
        shown: list[capacity_selectors.CapacityRow] | list[suppressed.ShownRow] = rows
        if user.role in suppressed.AGGREGATE_ONLY_ROLES:  # the capacity overview's own rule
            shown = suppressed.suppress_overview(
                capacity_selectors.capacity_overview(user, day), rows,
                threshold=threshold_for(region.slug if region else None),
                product_filtered=product is not None, municipality_filtered=municipality is not None,
            ).rows
        page = self.paginate_queryset(shown)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class WachtlijstSerializer(serializers.ModelSerializer):
    client = ClientRefSerializer(read_only=True)
    product = _code()
    responsible_municipality = _code()

    class Meta:
        model = WaitingListEntry
        fields = ["id", "client", "product", "location", "beschikking", "responsible_municipality",
                  "entered_on", "priority", "removed_on", "removal_reason"]


class WachtlijstFilter(serializers.Serializer):
    product = serializers.RegexField(PRODUCT_CODE, required=False, error_messages={
        "invalid": "Een productcode bestaat uit letters, cijfers, - en _ (hoogstens 40 tekens)."})
    actueel = serializers.BooleanField(required=False, default=True,
                                       help_text="Alleen wie nu wacht (standaard)")


class WachtlijstApi(ApiView):
    serializer_class = WachtlijstSerializer

    @extend_schema(summary="Wachtlijst binnen uw bevoegdheid", operation_id="wachtlijst_list",
                   responses=WachtlijstSerializer(many=True), parameters=[
        OpenApiParameter("product", str, pattern=PRODUCT_CODE, description="Productcode"),
        OpenApiParameter("actueel", bool, description="Alleen wie nu wacht (standaard ja)"),
    ])
    def get(self, request: Request) -> Response:
        if case_access(request.user) is CaseAccess.NONE:
            raise Http404
        f = _filters(WachtlijstFilter, request)
        rows = waiting_list_for(request.user).select_related(
            "client", "product", "responsible_municipality").order_by("entered_on", "id")
        if f.get("actueel", True):
            rows = rows.filter(removed_on__isnull=True)
        if "product" in f:
            rows = rows.filter(product__code=f["product"])
        return self.logged_page(request, rows)
