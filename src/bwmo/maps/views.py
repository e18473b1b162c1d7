"""The map of the region's locations and the spreading of places (thin: parse, select, render)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bwmo.accounts.constants import Role

from . import selectors
from .forms import MapFilterForm

MAP_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.BELEID, Role.WONINGCORPORATIE})


def region_map(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in MAP_ROLES or user.organisation is None:  # type: ignore[union-attr]
        raise Http404
    form = MapFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    day = cleaned.get("peildatum") or timezone.localdate()
    data = selectors.region_map(
        user.organisation.region, day, cleaned.get("soort") or None,  # type: ignore[union-attr]
    )
    return render(request, "maps/map.html", {"form": form, "map": data, "map_json": data.data()})
