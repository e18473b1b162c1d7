"""Capacity screens: overview of free places, spreading over the region, the provider's own
locations and capacity changes. Thin: parse, call selector/service, render."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction
from bwmo.audit.services import access_log_write_many
from bwmo.clients.views import purpose_for
from bwmo.core.exceptions import DomainError
from bwmo.core.suppression import threshold_for
from bwmo.placements import selectors as placement_selectors
from bwmo.regions.constants import ProductCategory
from bwmo.scoping import locations_for, may_change_capacity, placements_for

from . import selectors, services, suppressed
from .forms import CapacityChangeForm, DayForm, OverviewFilterForm
from .models import Location

OVERVIEW_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.BELEID})
SPREADING_ROLES = OVERVIEW_ROLES


def _require_role(request: HttpRequest, roles: frozenset[str]) -> None:
    if request.user.role not in roles or request.user.organisation is None:  # type: ignore[union-attr]
        raise Http404


def _day(form: DayForm) -> date:
    if form.is_bound and form.is_valid() and form.cleaned_data.get("peildatum"):
        return form.cleaned_data["peildatum"]
    return timezone.localdate()


def capacity_overview(request: HttpRequest) -> HttpResponse:
    _require_role(request, OVERVIEW_ROLES)
    region = selectors.region_for(request.user)  # type: ignore[arg-type]
    form = OverviewFilterForm(request.GET or None, region=region)
    valid = form.is_valid() if form.is_bound else True
    cleaned = form.cleaned_data if form.is_bound and valid else {}
    day = _day(form)
    rows = selectors.capacity_overview(
        request.user, day, product=cleaned.get("product"),  # type: ignore[arg-type]
        municipality=cleaned.get("gemeente"),
    )
    waiting = placement_selectors.waiting_summary(region=region, day=day)  # type: ignore[arg-type]
    context = {"form": form, "day": day, "rows": rows, "totals": selectors.totals(rows),
               "waiting": waiting, "threshold": None}
    if request.user.role in suppressed.AGGREGATE_ONLY_ROLES:  # type: ignore[union-attr]
        threshold = threshold_for(region.slug if region else None)
        view = suppressed.suppress_overview(
            selectors.capacity_overview(request.user, day), rows,  # type: ignore[arg-type]
            threshold=threshold, product_filtered=bool(cleaned.get("product")),
            municipality_filtered=bool(cleaned.get("gemeente")),
        )
        context.update(rows=view.rows, totals=view.totals, threshold=threshold,
                       waiting=suppressed.suppress_waiting(waiting, threshold=threshold))
    return render(request, "capacity/overview.html", context)


def spreading(request: HttpRequest) -> HttpResponse:
    _require_role(request, SPREADING_ROLES)
    region = selectors.region_for(request.user)  # type: ignore[arg-type]
    form = DayForm(request.GET or None)
    day = _day(form)
    table = selectors.spreading(region, day)  # type: ignore[arg-type]
    labels = dict(ProductCategory.choices)
    chart = {
        "labels": [row.name for row in table.rows] + ["Regiogemiddelde"],
        "datasets": [
            {
                "label": f"{labels[c]} per 10.000 inwoners",
                "data": [
                    float(row.cells[c].per_10000) if row.cells[c].per_10000 is not None else None
                    for row in table.rows
                ] + [float(table.regional[c].per_10000 or 0)],
            }
            for c in table.categories
        ],
    }
    return render(request, "capacity/spreading.html", {
        "form": form, "day": day, "table": table, "region": region, "chart": chart,
        "category_labels": [(c, labels[c]) for c in table.categories],
    })


def my_locations(request: HttpRequest) -> HttpResponse:
    _require_role(request, frozenset({Role.ZORGAANBIEDER}))
    form = DayForm(request.GET or None)
    day = _day(form)
    return render(request, "capacity/my_locations.html", {
        "form": form, "day": day,
        "locations": selectors.provider_locations(request.user, day),  # type: ignore[arg-type]
    })


def _location_or_404(request: HttpRequest, pk: int) -> Location:
    try:
        return locations_for(request.user).select_related(  # type: ignore[arg-type]
            "provider", "municipality__region"
        ).get(pk=pk)
    except Location.DoesNotExist:
        raise Http404 from None


def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = _location_or_404(request, pk)
    form = DayForm(request.GET or None)
    day = _day(form)
    placements = list(
        placements_for(request.user).filter(location=location).active_on(day)  # type: ignore[arg-type]
        .select_related("client", "product").order_by("client__surname", "pk")
    )
    access_log_write_many(
        user=request.user, clients={p.client for p in placements},  # type: ignore[arg-type]
        action=AccessAction.VIEW, purpose=purpose_for(request.user), request=request,
        detail=f"Bewoners van {location.name}",
    )
    rows = selectors.location_rows(location, day)
    return render(request, "capacity/location_detail.html", {
        "location": location, "form": form, "day": day, "rows": rows,
        "totals": selectors.totals(rows), "placements": placements,
        "history": selectors.location_history(location),
        "may_change": may_change_capacity(request.user, location),  # type: ignore[arg-type]
    })


def capacity_change(request: HttpRequest, pk: int) -> HttpResponse:
    location = _location_or_404(request, pk)
    if not may_change_capacity(request.user, location):  # type: ignore[arg-type]
        raise Http404
    form = CapacityChangeForm(
        request.POST or None, location=location,
        initial={"valid_from": timezone.localdate(), "product": request.GET.get("product")},
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            row = services.capacity_change(
                location=location, product=cd["product"], places=cd["places"],
                valid_from=cd["valid_from"], reason=cd["reason"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"{location.name}: {row.places} plaatsen voor {row.product} vanaf "
                         f"{row.valid_from:%d-%m-%Y}.",
            )
            return redirect("capacity:location_detail", pk=location.pk)
    return render(request, "capacity/capacity_form.html", {"form": form, "location": location})
