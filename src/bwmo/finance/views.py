"""Finance screens: thin views over finance.selectors, reports and services.

The woonplaatsbeginsel statement is for beleid and functioneel beheer; the other finance screens
(overview, pot, statements, scenarios, budget import) for the finance role (beleid)."""

import base64

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bwmo.accounts.reauth import reauth_required
from bwmo.core.exceptions import DomainError

from . import forms as finance_forms
from . import selectors
from .export import settlement_workbook
from .models import PotYear
from .money import sum_money
from .reports import Table, build_report, report_pdf, report_xlsx, tables_workbook
from .scenarios import comparison_table, scenario_chart, scenario_save, scenario_tables
from .services import budget_import, ingroeipad_for
from .statements import statement_is_intact, statement_pdf, statement_xlsx, statements_issue

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
    context: dict[str, object] = {"form": form, "report": report, "error": error}
    if report is not None:
        statement = report.statement
        not_settled, legend = selectors.not_settled_shown(report)
        context.update({
            "quarters": [
                (total, statement.lines_for_quarter(total.quarter))
                for total in statement.quarter_totals
            ],
            "quarter_sum": sum_money(total.amount for total in statement.quarter_totals),
            "net_sum": sum_money(position.net for position in statement.net_positions),
            "not_settled": not_settled, "legend": legend,
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


# ------------------------------------------------------------------------------------------------
# The finance screens (issue 11): overview, pot, statements, scenarios, budget import, exports.
# Beleid of the region and of its municipalities read; beleid of the region organisation imports,
# issues and runs. Everybody else gets 404. The screens hold no client data: amounts and counts
# per municipality only (see finance.selectors).
# ------------------------------------------------------------------------------------------------

PDF = "application/pdf"
IMPORT_SESSION_KEY = "finance_budget_import"
EXPORT_FORMATS = ("xlsx", "pdf")


def _finance_region(request: HttpRequest):  # type: ignore[no-untyped-def]
    region = selectors.finance_region_for(request.user)  # type: ignore[arg-type]
    if region is None:
        raise Http404
    return region


def _require_change(request: HttpRequest) -> None:
    if not selectors.finance_can_change(request.user):  # type: ignore[arg-type]
        raise Http404


def _download(data: bytes, filename: str, fmt: str = "xlsx") -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX if fmt == "xlsx" else PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chart(table: Table, keys: tuple[str, ...], *, label: str = "gemeente",
           y_title: str = "Bedrag (€)") -> dict[str, object]:
    """Bar-chart data of some money columns of a report table (decimal strings)."""
    columns = {c.key: c for c in table.columns}
    return {
        "type": "bar", "yTitle": y_title,
        "labels": [str(row.get(label) or row.get("cbs_code")) for row in table.rows],
        "datasets": [{"label": columns[key].label,
                      "data": [str(row.get(key) or 0) for row in table.rows]} for key in keys],
    }


def _band_chart(years: list[int], band: dict[str, list], y_title: str) -> dict[str, object]:
    return {
        "type": "line", "yTitle": y_title, "labels": [str(y) for y in years],
        "datasets": [
            {"label": "P10", "data": [str(v) for v in band["p10"]], "dash": True},
            {"label": "P90 (gebied P10-P90 gekleurd)", "data": [str(v) for v in band["p90"]],
             "dash": True, "fill": "-1"},
            {"label": "P50 (mediaan)", "data": [str(v) for v in band["p50"]]},
        ],
    }


def _years_on_ingroeipad(region, today) -> list[int]:  # type: ignore[no-untyped-def]
    years = sorted((y for y in ingroeipad_for(region) if y <= today.year), reverse=True)
    return years or [today.year]


def _pot_years(region, today) -> list[int]:  # type: ignore[no-untyped-def]
    return list(PotYear.objects.filter(region=region, year__lte=today.year)
                .order_by("-year").values_list("year", flat=True))


def _context(request: HttpRequest, region, current: str, **extra):  # type: ignore[no-untyped-def]
    return {"region": region, "current": current,
            "can_change": selectors.finance_can_change(request.user),  # type: ignore[arg-type]
            **extra}


def overview(request: HttpRequest) -> HttpResponse:
    """Per municipality: budget against realisation, the variance and its drivers."""
    region = _finance_region(request)
    today = timezone.localdate()
    years = _years_on_ingroeipad(region, today)
    form = finance_forms.QuarterPeriodForm(request.GET or {"jaar": years[0]}, years=years)
    tables: list[Table] = []
    charts: dict[str, object] = {}
    error = ""
    year = quarter = None
    if form.is_valid():
        year, quarter = form.cleaned_data["jaar"], form.cleaned_data["kwartaal"]
        try:
            tables = build_report("realisatie", region=region, year=year, quarter=quarter,
                                  today=today).tables
            if quarter is None:
                tables += build_report("budget", region=region, year=year, today=today).tables
        except DomainError as exc:
            error = exc.message
        if tables:
            charts = {
                "budget": _chart(tables[0], ("budget", "realisatie")),
                "drivers": _chart(tables[0], ("volume", "prijs", "mix")),
            }
    return render(request, "finance/overview.html", _context(
        request, region, "overview", form=form, tables=tables, charts=charts, error=error,
        year=year, quarter=quarter))


def pot(request: HttpRequest) -> HttpResponse:
    """The regional pot of a year: contributions, what it pays, the result and its split."""
    region = _finance_region(request)
    today = timezone.localdate()
    years = _pot_years(region, today)
    form = finance_forms.PeriodForm(request.GET or ({"jaar": years[0]} if years else None),
                                    years=years)
    tables: list[Table] = []
    charts: dict[str, object] = {}
    error = ""
    year = None
    if years and form.is_valid():
        year = form.cleaned_data["jaar"]
        try:
            tables = build_report("regiopot", region=region, year=year, today=today).tables
        except DomainError as exc:
            error = exc.message
        if tables:
            charts = {"pot": _chart(tables[1], ("inleg", "verrekening_resultaat"))}
    return render(request, "finance/pot.html", _context(
        request, region, "pot", form=form, years=years, tables=tables, charts=charts,
        error=error, year=year))


@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    """Issued statements (every version), a new version, and the figures of today."""
    region = _finance_region(request)
    user = request.user
    today = timezone.localdate()
    years = _pot_years(region, today)
    own = selectors.finance_own_municipality(user)  # type: ignore[arg-type]
    municipalities = list(region.municipalities.order_by("code"))
    issue_form = None
    if selectors.finance_can_change(user):  # type: ignore[arg-type]
        issue_form = finance_forms.StatementIssueForm(
            request.POST if request.method == "POST" else None, years=years,
            municipalities=municipalities)
    if request.method == "POST":
        _require_change(request)
        assert issue_form is not None
        if years and issue_form.is_valid():
            year = issue_form.cleaned_data["jaar"]
            code = issue_form.cleaned_data["gemeente"]
            chosen = [m for m in municipalities if code in ("alle", m.code)]
            try:
                issued = statements_issue(region=region, municipalities=chosen, year=year,
                                          user=user, today=today)  # all or nothing
            except DomainError as exc:
                issue_form.add_error(None, exc.message)
            else:
                messages.success(request, (
                    f"De afrekening {year} is uitgegeven voor {len(issued)} gemeente(n)"
                    f"{' als versie ' + str(issued[0].version) if len(issued) == 1 else ''}."))
                return redirect(f"{reverse('finance:statements')}?jaar={year}")
    form = finance_forms.PeriodForm(
        request.GET or ({"jaar": years[0]} if years else None), years=years)
    listed = selectors.statements_for(user)  # type: ignore[arg-type]
    tables: list[Table] = []
    error = ""
    year = None
    if years and form.is_valid():
        year = form.cleaned_data["jaar"]
        listed = listed.filter(year=year)
        if request.GET.get("vandaag"):  # on request: it recomputes the whole region
            try:
                tables = build_report("afrekening", region=region, year=year,
                                      today=today).tables
            except DomainError as exc:
                error = exc.message
    rows = [(s, statement_is_intact(s)) for s in listed]
    return render(request, "finance/statements.html", _context(
        request, region, "statements", form=form, issue_form=issue_form, years=years,
        statements=rows, tables=tables, error=error, year=year, own=own,
        show_today=bool(request.GET.get("vandaag"))))


def _statement(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    _finance_region(request)
    statement = get_object_or_404(selectors.statements_for(request.user), pk=pk)  # type: ignore[arg-type]
    if not statement_is_intact(statement):
        raise Http404("Het controlegetal van deze afrekening klopt niet.")
    return statement


def statement_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    statement = _statement(request, pk)
    data = statement_xlsx(statement) if fmt == "xlsx" else statement_pdf(statement)
    name = (f"afrekening-{statement.municipality.code}-{statement.year}-"
            f"v{statement.version}.{fmt}")
    return _download(data, name, fmt)


def report_export(request: HttpRequest, name: str, year: int, fmt: str) -> HttpResponse:
    """Any registered finance report as Excel or PDF: the same builder as the screens and
    ``bwmo report``."""
    region = _finance_region(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    raw_quarter = request.GET.get("kwartaal") or None
    if raw_quarter is not None and raw_quarter not in ("1", "2", "3", "4"):
        raise Http404
    quarter = int(raw_quarter) if raw_quarter else None
    try:
        report = build_report(name, region=region, year=year, quarter=quarter,
                              today=timezone.localdate())
    except DomainError:
        raise Http404 from None
    data = report_xlsx(report) if fmt == "xlsx" else report_pdf(report)
    suffix = f"-k{quarter}" if quarter else ""
    return _download(data, f"{name}-{region.slug}-{year}{suffix}.{fmt}", fmt)


@require_http_methods(["GET", "POST"])
def scenarios(request: HttpRequest) -> HttpResponse:
    """Saved scenarios side by side, and a new named scenario (run in the request: about a
    second for a region; there is no job queue in bwmo, see docs/finance.md)."""
    region = _finance_region(request)
    user = request.user
    saved = selectors.scenarios_for(user)  # type: ignore[arg-type]
    form = finance_forms.ScenarioForm(request.POST or None) if selectors.finance_can_change(
        user) else None  # type: ignore[arg-type]
    if request.method == "POST":
        _require_change(request)
        assert form is not None
        if form.is_valid():
            try:
                scenario = scenario_save(region=region, name=form.cleaned_data["naam"],
                                         overrides=form.overrides(), today=timezone.localdate(),
                                         runs=form.cleaned_data["runs"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Het scenario '{scenario.name}' is doorgerekend en "
                                          "bewaard.")
                return redirect("finance:scenario", pk=scenario.pk)
    chosen = _chosen_scenarios(request, saved)
    comparison = comparison_table(chosen) if chosen else None
    chart = None
    if chosen:
        datasets = []
        for scenario in chosen:
            datasets.append({"label": f"{scenario.name} P50",
                             "data": scenario.results["region"]["cost"]["p50"]})
        chart = {"type": "line", "yTitle": "Kosten per jaar (€, P50)",
                 "labels": [str(y) for y in chosen[0].results["years"]], "datasets": datasets}
    return render(request, "finance/scenarios.html", _context(
        request, region, "scenarios", saved=saved, chosen={s.pk for s in chosen},
        comparison=comparison, chart=chart, form=form,
        compare_query="&".join(f"vergelijk={s.pk}" for s in chosen)))


def _chosen_scenarios(request: HttpRequest, saved) -> list:  # type: ignore[no-untyped-def]
    ids = [value for value in request.GET.getlist("vergelijk") if value.isdigit()]
    return list(saved.filter(pk__in=ids)) if ids else []


def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = _finance_region(request)
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=pk)  # type: ignore[arg-type]
    tables = scenario_tables(scenario)
    data = scenario_chart(scenario)
    charts = {
        "clients": _band_chart(data["years"], data["clients"], "Cliënten in zorg"),
        "cost": _band_chart(data["years"], data["cost"], "Kosten per jaar (€)"),
        "backtest": {
            "type": "line", "yTitle": "Cliënten in zorg", "labels": data["backtest"]["labels"],
            "datasets": [
                {"label": "Model P10", "data": data["backtest"]["p10"], "dash": True},
                {"label": "Model P90 (gebied P10-P90 gekleurd)", "data": data["backtest"]["p90"],
                 "dash": True, "fill": "-1"},
                {"label": "Model P50", "data": data["backtest"]["p50"]},
                {"label": "Werkelijk", "data": data["backtest"]["actual"], "points": True},
            ],
        },
    }
    return render(request, "finance/scenario.html", _context(
        request, region, "scenarios", scenario=scenario, tables=tables, charts=charts))


def scenario_export(request: HttpRequest, pk: int) -> HttpResponse:
    region = _finance_region(request)
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=pk)  # type: ignore[arg-type]
    data = tables_workbook(scenario_tables(scenario),
                           heading=f"Scenario '{scenario.name}' — {region.name}")
    return _download(data, f"scenario-{region.slug}-{scenario.pk}.xlsx")


def scenario_compare_export(request: HttpRequest) -> HttpResponse:
    region = _finance_region(request)
    chosen = _chosen_scenarios(request, selectors.scenarios_for(request.user))  # type: ignore[arg-type]
    if not chosen:
        raise Http404
    data = tables_workbook([comparison_table(chosen)],
                           heading=f"Scenario's naast elkaar — {region.name}")
    return _download(data, f"scenarios-{region.slug}.xlsx")


@require_http_methods(["GET", "POST"])
def budget_import_view(request: HttpRequest) -> HttpResponse:
    """Dry run first: every row is checked and the file kept in the session; only a file
    without problems can then be saved, all rows at once."""
    region = _finance_region(request)
    _require_change(request)
    form = finance_forms.BudgetImportForm()
    report = None
    if request.method == "POST" and request.POST.get("stap") == "opslaan":
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(request, "Kies eerst een bestand en controleer het.")
            return redirect("finance:budget-import")
        try:
            report = budget_import(region=region, filename=stored["name"],
                                   content=base64.b64decode(stored["data"]), dry_run=False)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("finance:budget-import")
        del request.session[IMPORT_SESSION_KEY]
        if report.saved:
            messages.success(request, f"{len(report.rows)} budgetregels zijn opgeslagen.")
            return redirect("finance:overview")
        messages.error(request, "Het bestand heeft fouten; er is niets opgeslagen.")
    elif request.method == "POST":
        form = finance_forms.BudgetImportForm(request.POST, request.FILES)
        request.session.pop(IMPORT_SESSION_KEY, None)
        if form.is_valid():
            upload = form.cleaned_data["bestand"]
            content = upload.read()
            try:
                report = budget_import(region=region, filename=upload.name, content=content,
                                       dry_run=True)
            except DomainError as exc:
                form.add_error("bestand", exc.message)
            else:
                if report.ok:
                    request.session[IMPORT_SESSION_KEY] = {
                        "name": upload.name, "data": base64.b64encode(content).decode("ascii")}
    return render(request, "finance/budget_import.html", _context(
        request, region, "import", form=form, report=report,
        columns=("cbs_code", "jaar", "historisch", "objectief", "wlz_uitname")))


@require_http_methods(["GET", "POST"])
def pot_edit(request: HttpRequest) -> HttpResponse:
    """Set up the pot of a year: its size, both keys (or a weighted mix) and its products."""
    from .models import KEY_CHOICES
    from .services import pot_year_save

    region = _finance_region(request)
    _require_change(request)
    years = sorted(ingroeipad_for(region))
    products = list(region.products.order_by("track", "code"))
    initial: dict[str, object] = {}
    chosen = request.GET.get("jaar", "")
    existing = (PotYear.objects.filter(region=region, year=int(chosen)).first()
                if chosen.isdigit() else None)
    if existing is not None:
        initial = {
            "jaar": existing.year, "inleg": existing.contribution_total,
            "inleg_sleutel": existing.contribution_key,
            "inleg_inwoners": existing.contribution_mix_inhabitants,
            "inleg_objectief": existing.contribution_mix_objective,
            "inleg_historisch": existing.contribution_mix_historical,
            "resultaat_sleutel": existing.result_key,
            "resultaat_inwoners": existing.result_mix_inhabitants,
            "resultaat_objectief": existing.result_mix_objective,
            "resultaat_historisch": existing.result_mix_historical,
            "vangnet": list(existing.vangnet_products.values_list("code", flat=True)),
        }
    elif chosen.isdigit():
        initial = {"jaar": int(chosen)}
    form = finance_forms.PotYearForm(request.POST or None, initial=initial, years=years,
                                     keys=KEY_CHOICES, products=products)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            pot_year_save(
                region=region, year=cd["jaar"], contribution_total=cd["inleg"],
                contribution_key=cd["inleg_sleutel"], result_key=cd["resultaat_sleutel"],
                vangnet_product_codes=cd["vangnet"], contribution_mix=form.mix("inleg"),
                result_mix=form.mix("resultaat"))
        except DomainError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"De regionale pot van {cd['jaar']} is vastgelegd.")
            return redirect(f"{reverse('finance:pot')}?jaar={cd['jaar']}")
    return render(request, "finance/pot_edit.html", _context(
        request, region, "pot", form=form, existing=existing))


@require_http_methods(["GET", "POST"])
def ingroeipad_edit(request: HttpRequest) -> HttpResponse:
    """The objective weight per year on the region's ingroeipad."""
    from .services import ingroeipad_set

    region = _finance_region(request)
    _require_change(request)
    current = ingroeipad_for(region)
    years = sorted(current)
    form = finance_forms.IngroeipadForm(
        request.POST or None, years=years,
        initial={f"gewicht_{year}": weight for year, weight in current.items()})
    if request.method == "POST" and form.is_valid():
        try:
            ingroeipad_set(region=region, weights=form.weights())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Het ingroeipad is vastgelegd.")
            return redirect("finance:overview")
    return render(request, "finance/ingroeipad.html", _context(
        request, region, "overview", form=form))


def statements_export(request: HttpRequest) -> HttpResponse:
    """The list of issued statements of a year (the user's scope) as Excel."""
    from .statements import statement_list_table

    region = _finance_region(request)
    raw = request.GET.get("jaar", "")
    if not raw.isdigit():
        raise Http404
    listed = list(selectors.statements_for(request.user).filter(year=int(raw)))  # type: ignore[arg-type]
    data = tables_workbook([statement_list_table(listed)],
                           heading=f"Uitgegeven afrekeningen {raw} — {region.name}")
    return _download(data, f"afrekeningen-{region.slug}-{raw}.xlsx")
