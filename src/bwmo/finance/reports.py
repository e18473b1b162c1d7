"""The finance reports and their registry: one builder per report, three formats for each.

A report is a list of :class:`Table` objects (columns with a type, rows, a total row) built by a
function registered under a name. The screens, the Excel exports and ``bwmo report NAME`` all use
the same builders, so their figures are the same. Another module adds a report with::

    from bwmo.finance.reports import register_report

    @register_report("kwartaalmonitor", "Kwartaalmonitor", quarters=True)
    def kwartaalmonitor(ctx: ReportContext) -> list[Table]: ...

and imports its module from its app's ``ready()``. See ``docs/finance.md`` for the JSON format.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone

from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Region

from .money import ZERO, sum_money

COLUMN_TYPES = ("text", "int", "money", "percent", "decimal")
"""money: euro in cents; percent: 2 decimals; decimal: a factor as entered; int: a count."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str = "text"


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None
    note: str = ""

    def check_totals(self) -> None:
        """Every money/int total equals the exact sum of its column (raises otherwise)."""
        if self.total is None:
            return
        for column in self.columns:
            if column.type not in ("money", "int") or self.total.get(column.key) is None:
                continue
            values = [row.get(column.key) for row in self.rows if row.get(column.key) is not None]
            expected = sum_money(values) if column.type == "money" else sum(values)
            if expected != self.total[column.key]:
                raise ValueError(f"Totaal {column.key} van {self.name} sluit niet")


@dataclass(frozen=True)
class ReportContext:
    region: Region
    year: int
    quarter: int | None
    today: date
    municipality: str | None = None  # CBS code, for reports registered with municipality=True


@dataclass
class Report:
    name: str
    title: str
    region: Region
    year: int
    quarter: int | None
    generated_on: date
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


Builder = Callable[[ReportContext], list[Table]]
#: A report that renders its own formats (``json``, ``xlsx``, ``pdf``) from the context.
Renderer = Callable[[ReportContext, str], bytes]


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    builder: Builder
    quarters: bool
    municipality: bool = False
    renderer: Renderer | None = None


REGISTRY: dict[str, ReportSpec] = {}


def register_report(
    name: str, title: str, *, quarters: bool = False, municipality: bool = False,
    renderer: Renderer | None = None,
) -> Callable[[Builder], Builder]:
    """Register ``builder`` as report ``name`` (``quarters``: it accepts ``--quarter``;
    ``municipality``: it accepts ``--municipality``; ``renderer``: it renders its own formats)."""

    def decorate(builder: Builder) -> Builder:
        if name in REGISTRY:
            raise ValueError(f"Report {name} is already registered")
        REGISTRY[name] = ReportSpec(name, title, builder, quarters, municipality, renderer)
        return builder

    return decorate


def report_names() -> list[str]:
    """Every registered report: the finance reports, and those other apps register when they are
    loaded (the kwartaalmonitor, in `monitor.apps`)."""
    from . import report_builders  # noqa: F401  (registers the finance reports)

    return sorted(REGISTRY)


def build_report(
    name: str, *, region: Region, year: int, quarter: int | None = None,
    today: date | None = None,
) -> Report:
    """Build report ``name``; bad input raises DomainError with a Dutch message."""
    names = report_names()
    spec = REGISTRY.get(name)
    if spec is None:
        raise DomainError(f"Onbekend rapport '{name}'. Kies uit: {', '.join(names)}.")
    if quarter is not None:
        if not spec.quarters:
            raise DomainError(f"Het rapport '{name}' is een jaaroverzicht en heeft geen kwartalen.")
        if quarter not in (1, 2, 3, 4):
            raise DomainError("Het kwartaal moet 1, 2, 3 of 4 zijn.")
    if not 2000 <= year <= 2100:
        raise DomainError(f"{year} is geen geldig jaar.")
    today = today or timezone.localdate()
    tables = spec.builder(ReportContext(region, year, quarter, today))
    for table in tables:
        table.check_totals()
    return Report(name, spec.title, region, year, quarter, today, tables)


def render_report(
    name: str, fmt: str, *, region: Region, year: int, quarter: int | None = None,
    municipality: str | None = None, today: date | None = None,
) -> bytes:
    """The report in ``fmt`` (json, xlsx, pdf): its own renderer if it has one, else the tables
    of :func:`build_report` in the standard formats. Bad input raises DomainError."""
    names = report_names()
    spec = REGISTRY.get(name)
    if spec is None:
        raise DomainError(f"Onbekend rapport '{name}'. Kies uit: {', '.join(names)}.")
    if municipality is not None and not spec.municipality:
        raise DomainError(f"Het rapport '{name}' kent geen keuze voor een gemeente.")
    if spec.renderer is not None:
        if not 2000 <= year <= 2100:
            raise DomainError(f"{year} is geen geldig jaar.")
        if spec.quarters and quarter not in (1, 2, 3, 4):
            raise DomainError("Het kwartaal moet 1, 2, 3 of 4 zijn (--quarter).")
        context = ReportContext(region, year, quarter, today or timezone.localdate(), municipality)
        return spec.renderer(context, fmt)
    report = build_report(name, region=region, year=year, quarter=quarter, today=today)
    if fmt == "json":
        return report_json_text(report).encode()
    if fmt == "xlsx":
        return report_xlsx(report)
    return report_pdf(report)


# ------------------------------------------------------------------------------------------------
# Formats
# ------------------------------------------------------------------------------------------------


def _json_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("money", "percent", "decimal"):
        return str(value)  # JSON amounts are decimal strings, never floats
    if isinstance(value, Decimal):
        return str(value)
    return value


def report_json(report: Report) -> dict[str, Any]:
    return {
        "report": report.name,
        "title": report.title,
        "region": report.region.slug,
        "year": report.year,
        "quarter": report.quarter,
        "generated_on": report.generated_on.isoformat(),
        "tables": [
            {
                "name": table.name,
                "title": table.title,
                "columns": [{"key": c.key, "label": c.label, "type": c.type}
                            for c in table.columns],
                "rows": [{c.key: _json_value(row.get(c.key), c.type) for c in table.columns}
                         for row in table.rows],
                "total": None if table.total is None else {
                    c.key: _json_value(table.total.get(c.key), c.type) for c in table.columns},
                "note": table.note,
            }
            for table in report.tables
        ],
        "notes": report.notes,
    }


def report_json_text(report: Report) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"


def tables_workbook(tables: list[Table], *, heading: str) -> bytes:
    """Excel: one sheet per table; numbers as numbers; a total row with the exact values and a
    check row with SUM formulas over the same cells (Excel shows the same figures)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append([heading])
        sheet["A1"].font = bold
        sheet.append([c.label for c in table.columns])
        for cell in sheet[2]:
            cell.font = bold
        first_row = 3
        for row in table.rows:
            sheet.append([row.get(c.key) for c in table.columns])
        last_row = sheet.max_row
        if table.total is not None:
            sheet.append([table.total.get(c.key) if c.type in ("money", "int")
                          else ("Totaal" if i == 0 else table.total.get(c.key))
                          for i, c in enumerate(table.columns)])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            check = []
            for index, column in enumerate(table.columns, start=1):
                letter = get_column_letter(index)
                if index == 1:
                    check.append("Controle (som van de regels)")
                elif column.type in ("money", "int") and table.total.get(column.key) is not None:
                    check.append(f"=SUM({letter}{first_row}:{letter}{last_row})"
                                 if last_row >= first_row else 0)
                else:
                    check.append(None)
            sheet.append(check)
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(40, len(column.label) + 4))
            if column.type in ("money", "percent"):
                for cell in sheet[letter][2:]:
                    cell.number_format = "#,##0.00"
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def report_xlsx(report: Report) -> bytes:
    return tables_workbook(report.tables, heading=report_heading(report))


def report_heading(report: Report) -> str:
    period = f"{report.year}" + (f" kwartaal {report.quarter}" if report.quarter else "")
    return f"{report.title} — {report.region.name} — {period}"


def report_pdf(report: Report) -> bytes:
    from django.template.loader import render_to_string

    from weasyprint import HTML

    html = render_to_string("finance/report_pdf.html", {
        "heading": report_heading(report), "report": report, "tables": report.tables,
        "version": None,
    })
    return HTML(string=html).write_pdf()


def zero_if_none(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value
