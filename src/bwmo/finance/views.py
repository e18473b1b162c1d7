"""Woonplaatsbeginsel screens for beleid and functioneel beheer: thin, over finance.selectors."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bwmo.accounts.reauth import reauth_required
from bwmo.core.exceptions import DomainError

from . import selectors
from .export import settlement_workbook
from .money import sum_money

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class YearForm(forms.Form):
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]
        self.fields["jaar"].error_messages["invalid_choice"] = "Kies een jaar uit de lijst."


def _region_or_404(request: HttpRequest):  # type: ignore[no-untyped-def]
    region = selectors.settlement_region_for(request.user)  # type: ignore[arg-type]
    if region is None:
        raise Http404
    return region


def settlement(request: HttpRequest) -> HttpResponse:
    _region_or_404(request)
    today = timezone.localdate()
    years = selectors.settlement_years_for(user=request.user, today=today)  # type: ignore[arg-type]
    form = YearForm(request.GET or {"jaar": years[0]}, years=years)
    report = None
    error = ""
    if form.is_valid():
        try:
            report = selectors.settlement_report(
                user=request.user, year=form.cleaned_data["jaar"], today=today,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            error = exc.message
    context = {
        "form": form, "report": report, "error": error,
        "threshold": settings.BWMO_SMALL_COUNT_THRESHOLD,
    }
    if report is not None:
        statement = report.statement
        context.update({
            "quarters": [
                (total, statement.lines_for_quarter(total.quarter))
                for total in statement.quarter_totals
            ],
            "quarter_sum": sum_money(total.amount for total in statement.quarter_totals),
            "net_sum": sum_money(position.net for position in statement.net_positions),
            "not_settled": [
                (item, selectors.small_count(item.stays)) for item in report.not_settled
            ],
        })
    return render(request, "finance/settlement.html", context)


@reauth_required
def settlement_export(request: HttpRequest, year: int) -> HttpResponse:
    _region_or_404(request)
    try:
        report = selectors.settlement_report(
            user=request.user, year=year, today=timezone.localdate(),  # type: ignore[arg-type]
        )
    except DomainError:
        raise Http404 from None
    response = HttpResponse(settlement_workbook(report), content_type=XLSX)
    filename = f"woonplaatsbeginsel-{report.region.slug}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
