"""Lokale basisinfrastructuur: the region's overview, one municipality, and its own edit form."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Municipality

from . import rules, selectors, services
from .catalogue import SECOND_SOURCE_TITLE, SOURCE_TITLE
from .forms import ProvisionsForm, YearForm


def _year(request: HttpRequest) -> tuple[YearForm, int]:
    default = timezone.localdate().year
    form = YearForm(request.GET or {"jaar": default})
    return form, (form.cleaned_data["jaar"] if form.is_valid() else default)


def _municipality_or_404(request: HttpRequest, code: str) -> Municipality:
    if not rules.may_view(request.user):  # type: ignore[arg-type]
        raise Http404
    try:
        return Municipality.objects.get(code=code, region=request.user.organisation.region)  # type: ignore[union-attr]
    except Municipality.DoesNotExist:
        raise Http404 from None


def overview(request: HttpRequest) -> HttpResponse:
    if not rules.may_view(request.user):  # type: ignore[arg-type]
        raise Http404
    form, year = _year(request)
    data = selectors.overview(request.user.organisation.region, year)  # type: ignore[union-attr]
    return render(request, "basisinfrastructuur/overview.html", {
        "form": form, "overview": data, "source_title": SOURCE_TITLE,
        "second_source_title": SECOND_SOURCE_TITLE,
        "editable": {r.municipality.pk for r in data.rows
                     if rules.may_edit(request.user, r.municipality)},  # type: ignore[arg-type]
    })


def detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality_or_404(request, code)
    form, year = _year(request)
    data = selectors.overview(municipality.region, year)  # type: ignore[arg-type]
    row = next(r for r in data.rows if r.municipality.pk == municipality.pk)
    return render(request, "basisinfrastructuur/detail.html", {
        "form": form, "overview": data, "row": row, "source_title": SOURCE_TITLE,
        "may_edit": rules.may_edit(request.user, municipality),  # type: ignore[arg-type]
    })


def edit(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality_or_404(request, code)
    if not rules.may_edit(request.user, municipality):  # type: ignore[arg-type]
        raise Http404
    current = {p.provision: p for p in municipality.local_provisions.all()}  # type: ignore[attr-defined]
    form = ProvisionsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.provisions_update(
                municipality=municipality, entries=form.entries(),
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Basistakenpakket van {municipality} opgeslagen "
                                      f"({changed} gewijzigd).")
            return redirect("basisinfrastructuur:detail", code=municipality.code)
    return render(request, "basisinfrastructuur/edit.html", {
        "form": form, "municipality": municipality, "source_title": SOURCE_TITLE,
    })
