"""Lists that scale: one way to page, sort, filter and export a list (ADR 0018).

A list is a django-tables2 `Table` (its columns, which of them sort, how a cell looks) over a
queryset that comes through the user's scope, narrowed by a django-filter `FilterSet`. The
database does the paging (LIMIT/OFFSET and one COUNT) and the ordering; a page shows
`PER_PAGE` rows and only the clients on that page are access-logged, as one batch.

The export (Excel or CSV) is the same table over the same filtered, sorted queryset without
paging. It is a bulk hand-out of client data, so its view goes through
`bwmo.accounts.reauth.reauth_required`, and every client in the file gets an access-log entry
with action "Geëxporteerd". Cells keep their type: numbers stay numbers and dates are dates in
Excel; the CSV is semicolon-separated UTF-8 (with BOM) as Dutch Excel opens it.
"""

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateformat import format as date_format

import django_tables2 as tables
from django_tables2 import RequestConfig

PER_PAGE = 50
EXPORT_FORMATS = {"xlsx": "Excel", "csv": "CSV"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DateColumn(tables.Column):
    """A date shown as 25-09-2026; the export keeps the date itself."""

    def render(self, value: date) -> str:
        return date_format(value, "d-m-Y")

    def value(self, value: date | None = None, **kwargs: Any) -> date | None:
        return value


class NumberColumn(tables.Column):
    """A number, right-aligned on screen and a number in the export."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def value(self, value: Any = None, **kwargs: Any) -> Any:
        return value


class ListTable(tables.Table):
    """Base of every list: Dutch parameters (`sortering`, `pagina`), the project's table markup."""

    class Meta:
        template_name = "components/table.html"
        attrs = {"class": "bwmo-table"}
        order_by_field = "sortering"
        page_field = "pagina"
        per_page = PER_PAGE
        empty_text = "Geen resultaten."

    caption = ""


def table_page(
    request: HttpRequest, table: tables.Table, *, log: Callable[[list[Any]], None],
) -> tables.Table:
    """Sort and page `table` from the request; `log` gets the records of the page shown."""
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    log([row.record for row in table.page.object_list])
    return table


def export_query(request: HttpRequest) -> str:
    """The request's query without paging, for the export links."""
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("formaat", None)
    return query.urlencode()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                           "d-m-Y H:i")
    if isinstance(value, date):
        return date_format(value, "d-m-Y")
    if isinstance(value, Decimal | float):
        return f"{value}".replace(".", ",")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if value is None or isinstance(value, int | Decimal | float | date):
        return value
    return str(value)


def export_rows(request: HttpRequest, table: tables.Table) -> list[list[Any]]:
    """Header and rows of the whole (filtered, sorted) table, typed values."""
    RequestConfig(request, paginate=False).configure(table)
    return [list(row) for row in table.as_values()]


def export_response(rows: list[list[Any]], *, fmt: str, filename: str, title: str) -> HttpResponse:
    """An Excel or CSV download of `rows` (first row the header)."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        for row in rows:
            writer.writerow([_cell_text(value) for value in row])
        response = HttpResponse(buffer.getvalue().encode("utf-8"),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response
    response = HttpResponse(xlsx_bytes(rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response


def xlsx_bytes(rows: list[list[Any]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for index, row in enumerate(rows):
        sheet.append([_xlsx_value(value) if index else str(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd-mm-yyyy"
            elif isinstance(cell.value, Decimal | float):
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def clients_of(records: Iterable[Any], attribute: str = "client") -> list[Any]:
    """The distinct clients of `records` (each record's `attribute`), in order."""
    seen: dict[int, Any] = {}
    for record in records:
        client = getattr(record, attribute)
        seen.setdefault(client.pk, client)
    return list(seen.values())

