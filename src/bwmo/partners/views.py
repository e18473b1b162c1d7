"""Export of aggregated, suppressed figures of the region for chain partners (beleid only)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bwmo.accounts.constants import Role

from . import export, selectors
from .forms import PartnerExportForm


def _region_or_404(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = request.user
    org = getattr(user, "organisation", None)
    if getattr(user, "role", None) != Role.BELEID or org is None:
        raise Http404
    return org.region  # beleid of the region and of its municipalities: the region's figures


def export_form(request: HttpRequest) -> HttpResponse:
    region = _region_or_404(request)
    today = timezone.localdate()
    form = PartnerExportForm(request.GET or None, initial={
        "jaar": today.year, "kwartaal": (today.month - 1) // 3 + 1, "indeling": "gemeente",
        "formaat": "xlsx",
    })
    preview = None
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        preview = selectors.partner_export(region, cd["jaar"], cd["kwartaal"], cd["indeling"])
    return render(request, "partners/export_form.html", {
        "form": form, "region": region, "preview": preview,
    })


def export_download(request: HttpRequest) -> HttpResponse:
    region = _region_or_404(request)
    form = PartnerExportForm(request.GET)
    if not form.is_valid():
        return render(request, "partners/export_form.html", {
            "form": form, "region": region, "preview": None,
        }, status=400)
    cd = form.cleaned_data
    data = selectors.partner_export(region, cd["jaar"], cd["kwartaal"], cd["indeling"])
    name = f"ketenpartners-{region.slug}-{cd['jaar']}-K{cd['kwartaal']}-{cd['indeling']}"
    if cd["formaat"] == "csv":
        response = HttpResponse(export.as_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            export.as_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
