"""The kwartaalmonitor as a report: JSON (every figure by its docs/kpi.md name), an Excel workbook
with one sheet per theme, and a tagged PDF with charts and tables.

Registered in the report registry of the finance work, so it is also
``bwmo report kwartaalmonitor --region SLUG --year YYYY --quarter N --format json|xlsx|pdf
[--municipality CBS]``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

from bwmo.core.exceptions import DomainError
from bwmo.finance.reports import ReportContext, Table, register_report

from .charts import trend_svg
from .definitions import DEFINITIONS, THEMES
from .display import shown_breakdown, shown_cohort, shown_figure, shown_quality
from .kpis import NOT_YET, Quarter
from .published import MARK
from .quality import INDICATORS
from .services import MonitorData, monitor_data, monitor_json

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def data_for(ctx: ReportContext) -> MonitorData:
    if ctx.quarter is None:
        raise DomainError("De kwartaalmonitor heeft een kwartaal nodig (--quarter 1-4).")
    if ctx.municipality and not ctx.region.municipalities.filter(code=ctx.municipality).exists():
        raise DomainError(
            f"Gemeente {ctx.municipality} hoort niet bij de regio {ctx.region.name}.")
    return monitor_data(ctx.region, Quarter(ctx.year, ctx.quarter),
                        municipality=ctx.municipality or None, today=ctx.today)


def chart_values(data: MonitorData, name: str) -> list[int | Decimal | None]:
    """A figure over the trend quarters; a suppressed figure is a gap, never its value."""
    values: list[int | Decimal | None] = []
    for k in data.trend:
        figure = k[name]
        value = figure.value if figure.available else None
        if data.hidden(k, name):
            value = None
        values.append(value)
    return values


# ------------------------------------------------------------------------------------------------
# Excel
# ------------------------------------------------------------------------------------------------


def _cell(figure_value: object, hidden: bool) -> object:
    if figure_value is not None and hidden:
        return MARK
    if isinstance(figure_value, Decimal):
        return float(figure_value)
    return figure_value


def _number_or_mark(text: str) -> object:
    """A shown text back to a number for the workbook ("1.234" -> 1234), "x" and "–" as text."""
    plain = text.replace(".", "").replace(",", ".").removesuffix(" %")
    try:
        return int(plain)
    except ValueError:
        try:
            return float(plain)
        except ValueError:
            return text


def monitor_workbook(data: MonitorData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    labels = [k.quarter.label for k in data.trend]
    legend = data.legend

    def sheet_for(title: str, header: list[str]):  # type: ignore[no-untyped-def]
        sheet = book.create_sheet(title[:31])
        sheet.append([f"{data.title} — {data.kind_label}"])
        sheet["A1"].font = bold
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = bold
        sheet.column_dimensions["A"].width = 42
        return sheet

    for theme in THEMES:
        sheet = sheet_for(theme, ["Cijfer", "Eenheid", *labels, "Toelichting"])
        for d in (d for d in DEFINITIONS if d.theme == theme):
            current = data.kpis[d.name]
            row: list[object] = [d.title, current.unit]
            for k in data.trend:
                fig = k[d.name]
                row.append(NOT_YET if not fig.available else _cell(fig.value,
                                                                   data.hidden(k, d.name)))
            row.append(current.display_note)
            sheet.append(row)
            for label, text in shown_breakdown(data, data.kpis, d.name):
                sheet.append([f"  {label}", "", *([""] * (len(labels) - 1)), text])
        sheet.append([legend])
    if data.per_municipality:
        sheet = sheet_for("Per gemeente", ["Cijfer", *[n for _c, n, _k in data.per_municipality],
                                           data.area_name])
        for d in DEFINITIONS:
            sheet.append([d.title, *[_number_or_mark(shown_figure(data, k, d.name))
                                     for _c, _n, k in data.per_municipality],
                          _number_or_mark(shown_figure(data, data.kpis, d.name))])
        sheet.append([legend])
    if data.quality is not None:
        q_labels = [q.label for q in data.quality.quarters]
        shown = shown_quality(data)
        sheet = sheet_for("Datakwaliteit", ["Gemeente of aanbieder", "Signaal", *q_labels])
        for _name, label, texts in shown.totals:
            sheet.append(["Totaal", label, *[_number_or_mark(t) for t in texts]])
        for group, rows in (("Gemeente", shown.by_municipality),
                            ("Aanbieder", shown.by_provider)):
            for who, _name, label, texts in rows:
                sheet.append([f"{group}: {who}", label, *[_number_or_mark(t) for t in texts]])
        sheet.append([legend])
    if data.cohorts is not None:
        sheet = sheet_for("Bestandsanalyse", [
            "Instroomjaar", "Cliënten", "Eigen gemeente", "Regio", "Buiten de regio", "Onbekend",
            "Nog in zorg", "Verblijfsduur mediaan (dagen)", "Langer dan 2 jaar (%)"])
        for c in data.cohorts:
            cells = shown_cohort(data, c)
            origin: list[object] = cells["origin"]  # type: ignore[assignment]
            sheet.append([c.year, *[_number_or_mark(str(v)) for v in (
                cells["clients"], *origin, cells["still"], cells["median"], cells["over"])]])
        sheet.append([legend])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------
# PDF
# ------------------------------------------------------------------------------------------------


def pdf_context(data: MonitorData) -> dict[str, object]:
    labels = [k.quarter.label for k in data.trend]
    themes = []
    for theme in THEMES:
        rows = [(d, data.kpis[d.name], shown_figure(data, data.kpis, d.name),
                 shown_breakdown(data, data.kpis, d.name))
                for d in DEFINITIONS if d.theme == theme]
        charts = [(d.title, trend_svg(d.title, labels, chart_values(data, d.name)))
                  for d in DEFINITIONS if d.theme == theme and d.chart]
        themes.append({"title": theme, "rows": rows, "charts": charts})
    return {
        "data": data, "themes": themes, "labels": labels,
        "per_municipality": [
            (name, [shown_figure(data, k, d.name) for d in DEFINITIONS if d.chart])
            for _code, name, k in data.per_municipality],
        "area_row": [shown_figure(data, data.kpis, d.name) for d in DEFINITIONS if d.chart],
        "legend": data.legend,
        "chart_titles": [d.title for d in DEFINITIONS if d.chart],
        "indicators": INDICATORS,
        "quality_totals": None if data.quality is None else [
            (label, texts) for _name, label, texts in shown_quality(data).totals],
        "cohorts": None if data.cohorts is None else [shown_cohort(data, c)
                                                      for c in data.cohorts],
    }


def monitor_pdf(data: MonitorData) -> bytes:
    from django.template.loader import render_to_string

    from weasyprint import HTML

    html = render_to_string("monitor/report_pdf.html", pdf_context(data))
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


# ------------------------------------------------------------------------------------------------
# Registry
# ------------------------------------------------------------------------------------------------


def render(ctx: ReportContext, fmt: str) -> bytes:
    data = data_for(ctx)
    if fmt == "json":
        return (json.dumps(monitor_json(data), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "xlsx":
        return monitor_workbook(data)
    if fmt == "pdf":
        return monitor_pdf(data)
    raise DomainError(f"Onbekend formaat '{fmt}'. Kies json, xlsx of pdf.")


def _tables(ctx: ReportContext) -> list[Table]:
    raise DomainError("De kwartaalmonitor heeft een eigen opmaak; gebruik render_report.")


register_report("kwartaalmonitor", "Kwartaalmonitor", quarters=True, municipality=True,
                renderer=render)(_tables)
