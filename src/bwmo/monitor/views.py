"""Kwartaalmonitor screens for beleid and functioneel beheer: thin, over monitor.services.

Aggregates only: no client, no pseudonym; small counts and what would give them away read "x"
(monitor.published), with the legend once per page. Other roles get 404 (monitor.selectors)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Region

from .definitions import DEFINITIONS, THEMES
from .display import shown_breakdown, shown_cohort, shown_figure, shown_quality
from .forms import MonitorForm
from .kpis import Quarter
from .quality import INDICATORS
from .reports import XLSX, chart_values, monitor_pdf, monitor_workbook
from .selectors import monitor_region_for, own_municipality
from .services import MonitorData, monitor_data


def _region_or_404(request: HttpRequest) -> Region:
    region = monitor_region_for(request.user)  # type: ignore[arg-type]
    if region is None:
        raise Http404
    return region


def _form(request: HttpRequest, region: Region) -> MonitorForm:
    today = timezone.localdate()
    initial = {"kwartaal": Quarter.of(today).shift(-1).label,
               "gemeente": own_municipality(request.user) or ""}  # type: ignore[arg-type]
    data = {**initial, **request.GET.dict()} if request.GET else initial
    return MonitorForm(data, region=region, today=today)


def _data(form: MonitorForm, region: Region, *, full: bool | None = None) -> MonitorData:
    return monitor_data(
        region, form.quarter, municipality=form.cleaned_data["gemeente"] or None,
        product=form.cleaned_data["product"] or None,
        financing=form.cleaned_data["financiering"] or None, full=full,
        today=timezone.localdate())


def _query(form: MonitorForm, **changes: str) -> str:
    values = {k: form.cleaned_data.get(k) or "" for k in ("kwartaal", "gemeente", "product",
                                                          "financiering")}
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v})


def _chart(data: MonitorData) -> dict[str, object]:
    def plain(value: object) -> object:
        return float(value) if isinstance(value, Decimal) else value

    return {
        "labels": [k.quarter.label for k in data.trend],
        "series": [{"name": d.name, "title": d.title,
                    "values": [plain(v) for v in chart_values(data, d.name)]}
                   for d in DEFINITIONS if d.chart],
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    region = _region_or_404(request)
    form = _form(request, region)
    context: dict[str, object] = {"form": form, "region": region}
    if form.is_valid():
        try:
            data = _data(form, region, full=False)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            themes = [{
                "title": theme,
                "rows": [(d, data.kpis[d.name], shown_figure(data, data.kpis, d.name),
                          shown_breakdown(data, data.kpis, d.name))
                         for d in DEFINITIONS if d.theme == theme],
            } for theme in THEMES]
            trend_rows = [(d, [shown_figure(data, k, d.name) for k in data.trend])
                          for d in DEFINITIONS if d.chart]
            context.update({
                "data": data, "themes": themes, "chart": _chart(data), "trend_rows": trend_rows,
                "trend_labels": [k.quarter.label for k in data.trend],
                "municipalities": [
                    (name, f"?{_query(form, gemeente=code)}",
                     [shown_figure(data, k, d.name) for d in DEFINITIONS if d.chart])
                    for code, name, k in data.per_municipality],
                "chart_titles": [d.title for d in DEFINITIONS if d.chart],
                "area_row": [shown_figure(data, data.kpis, d.name) for d in DEFINITIONS
                             if d.chart],
                "region_link": f"?{_query(form, gemeente='')}", "legend": data.legend,
                "query": _query(form),
                "pdf_url": f"{reverse('monitor:export', args=['pdf'])}?{_query(form)}",
                "xlsx_url": f"{reverse('monitor:export', args=['xlsx'])}?{_query(form)}",
            })
    return render(request, "monitor/dashboard.html", context)


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    region = _region_or_404(request)
    form = _form(request, region)
    if fmt not in ("pdf", "xlsx") or not form.is_valid():
        raise Http404
    try:
        data = _data(form, region)
    except DomainError:
        raise Http404 from None
    area = data.municipality[0] if data.municipality else region.slug
    name = f"kwartaalmonitor-{area}-{data.quarter.label}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(monitor_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(monitor_workbook(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def quality(request: HttpRequest) -> HttpResponse:
    region = _region_or_404(request)
    form = _form(request, region)
    context: dict[str, object] = {"form": form, "region": region}
    if form.is_valid():
        try:
            data = _data(form, region, full=True)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            shown = shown_quality(data)
            groups = [
                {"title": "Per gemeente", "kind": "Gemeente", "rows": shown.by_municipality},
                {"title": "Per zorgaanbieder", "kind": "Zorgaanbieder", "rows": shown.by_provider},
            ]
            assert data.quality is not None
            context.update({
                "data": data, "report": data.quality, "groups": groups,
                "labels": [q.label for q in data.quality.quarters], "query": _query(form),
                "totals": shown.totals, "legend": shown.legend})
    return render(request, "monitor/quality.html", context)


def cohorts(request: HttpRequest) -> HttpResponse:
    region = _region_or_404(request)
    form = _form(request, region)
    context: dict[str, object] = {"form": form, "region": region}
    if form.is_valid():
        try:
            data = _data(form, region, full=True)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            rows = [shown_cohort(data, c) for c in data.cohorts or []]
            context.update({"data": data, "rows": rows, "query": _query(form),
                            "legend": data.legend})
    return render(request, "monitor/cohorts.html", context)


def definitions(request: HttpRequest) -> HttpResponse:
    _region_or_404(request)
    return render(request, "monitor/definitions.html", {
        "definitions": DEFINITIONS, "themes": THEMES, "indicators": INDICATORS,
        "late_days": settings.BWMO_MONITOR_LATE_REGISTRATION_DAYS})
