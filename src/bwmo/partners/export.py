"""The partner export as CSV (semicolon-separated, Dutch Excel) and as an Excel workbook.
Suppressed cells carry "x", never a number (see bwmo.core.suppression)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from bwmo.core.suppression import SUPPRESSED_LEGEND, Cell

from .selectors import PartnerExport


def _value(cell: Cell) -> int | str:
    return cell.display if cell.suppressed else cell.value


def _rows(export: PartnerExport, table) -> list[list[object]]:  # type: ignore[no-untyped-def]
    head = ["", *table.column_labels, "Totaal"]
    rows: list[list[object]] = [head]
    for label, cells, total in table.rows():
        rows.append([label, *(_value(c) for c in cells), _value(total)])
    rows.append(["Totaal", *(_value(c) for c in table.column_totals), _value(table.grand_total)])
    return rows


def _legend(export: PartnerExport) -> str:
    threshold = export.tables[0][2].threshold if export.tables else 5
    return SUPPRESSED_LEGEND.format(threshold=threshold)


def as_csv(export: PartnerExport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([f"{export.region} – {export.period}"])
    writer.writerow([_legend(export)])
    for _key, title, table in export.tables:
        writer.writerow([])
        writer.writerow([title])
        writer.writerows(_rows(export, table))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(export: PartnerExport) -> bytes:
    workbook = Workbook()
    info = workbook.active
    info.title = "Toelichting"
    info.append([f"{export.region} – {export.period}"])
    info["A1"].font = Font(bold=True)
    info.append([_legend(export)])
    info.append(["Bron: bwmo, geaggregeerd; geen gegevens van personen."])
    for key, title, table in export.tables:
        sheet = workbook.create_sheet(key.replace("_", " "))
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
        for row in _rows(export, table):
            sheet.append(row)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
