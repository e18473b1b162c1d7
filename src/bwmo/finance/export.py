"""Excel export of the woonplaatsbeginsel statement: the same figures as the screen.

Amounts are written as numbers (euro, two decimals) so a municipality's finance department can
recalculate them; every sheet ends with its total, and the overview sheet shows the checks that
make the statement reconcile (sum of the quarters = year total; the net positions add up to 0).
No names or BSNs: detail lines carry the pseudonym (see finance.selectors).
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from bwmo.core.dates import nl_date

from .money import sum_money
from .selectors import SettlementReport, not_settled_shown

MONEY_FORMAT = "#,##0.00"
BOLD = Font(bold=True)


def _header(sheet: Worksheet, *titles: str) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _money_columns(sheet: Worksheet, *letters: str) -> None:
    for letter in letters:
        for cell in sheet[letter][1:]:
            cell.number_format = MONEY_FORMAT


def _total_row(sheet: Worksheet, values: list[object]) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def settlement_workbook(report: SettlementReport) -> bytes:
    """The statement as an .xlsx file (bytes)."""
    statement = report.statement
    book = Workbook()

    overview = book.active
    assert overview is not None
    overview.title = "Overzicht"
    overview.append([f"Verrekening woonplaatsbeginsel {report.year} – {report.region.name}"])
    overview["A1"].font = Font(bold=True, size=14)
    overview.append(["Periode", f"01-01-{report.year} t/m {nl_date(report.through)}"])
    overview.append(["Verrekentermijn", f"{report.region.settlement_years} jaar vanaf de start "
                     "van het verblijf buiten de gemeente van herkomst"])
    overview.append(["Berekening", "dagen × dagtarief van het product"])
    overview.append([])
    _header(overview, "Kwartaal", "Van", "Tot en met", "Dagen", "Bedrag (€)")
    for total in statement.quarter_totals:
        overview.append([f"Q{total.quarter}", nl_date(total.first_day), nl_date(total.last_day),
                         total.days, total.amount])
    _total_row(overview, ["Jaar", "", "", statement.year_days, statement.year_total])
    for cell in overview["E"][6:]:
        cell.number_format = MONEY_FORMAT
    overview.append([])
    quarter_sum = sum_money(t.amount for t in statement.quarter_totals)
    net_sum = sum_money(p.net for p in statement.net_positions)
    overview.append(["Controle", "som van de kwartalen", "", "", quarter_sum])
    overview.append(["Controle", "jaartotaal", "", "", statement.year_total])
    overview.append(["Controle", "som netto posities (hoort 0,00 te zijn)", "", "", net_sum])
    for row in overview.iter_rows(min_row=overview.max_row - 2):
        row[4].number_format = MONEY_FORMAT

    quarters = book.create_sheet("Per kwartaal")
    _header(quarters, "Kwartaal", "Betaalt (gemeente van herkomst)", "Code", "Ontvangt", "Code",
            "Dagen", "Bedrag (€)")
    for line in statement.lines:
        quarters.append([f"Q{line.quarter}", report.name(line.debtor), line.debtor,
                         report.name(line.creditor), line.creditor, line.days, line.amount])
    _total_row(quarters, ["Totaal", "", "", "", "", statement.year_days, statement.year_total])
    _money_columns(quarters, "G")

    pairs = book.create_sheet("Per jaar")
    _header(pairs, "Betaalt (gemeente van herkomst)", "Code", "Ontvangt", "Code", "Dagen",
            "Bedrag (€)")
    for pair in statement.pair_totals:
        pairs.append([report.name(pair.debtor), pair.debtor, report.name(pair.creditor),
                      pair.creditor, pair.days, pair.amount])
    _total_row(pairs, ["Totaal", "", "", "", statement.year_days, statement.year_total])
    _money_columns(pairs, "F")

    net = book.create_sheet("Netto posities")
    _header(net, "Gemeente", "Code", "Betaalt (€)", "Ontvangt (€)", "Netto (€, + = betaalt)")
    for position in statement.net_positions:
        net.append([report.name(position.municipality), position.municipality, position.owes,
                    position.is_owed, position.net])
    _total_row(net, ["Totaal", "", sum_money(p.owes for p in statement.net_positions),
                     sum_money(p.is_owed for p in statement.net_positions), net_sum])
    _money_columns(net, "C", "D", "E")

    missing = book.create_sheet("Niet verrekend")
    _header(missing, "Reden", "Verblijven", "Dagen")
    lines, legend = not_settled_shown(report)
    for line in lines:
        missing.append([line.reason, line.stays, line.days])
    missing.append([])
    missing.append([legend])

    if report.details_allowed:
        detail = book.create_sheet("Detail")
        _header(detail, "Pseudoniem cliënt", "Verblijf", "Product", "Kwartaal", "Betaalt",
                "Ontvangt", "Voorziening in", "Van", "Tot en met", "Dagen", "Tarief (€ per dag of maand)",
                "Bruto (€)", "Bedrag (€)", "Verrekentermijn t/m")
        for item in report.details:
            tariffs = " / ".join(
                f"{segment.daily_tariff} ({segment.days} d)" for segment in item.segments
            ) if len(item.segments) > 1 else item.segments[0].daily_tariff
            detail.append([
                item.client_id, item.stay_id, item.product_code, f"Q{item.quarter}",
                report.name(item.debtor), report.name(item.creditor),
                report.name(item.facility_municipality), nl_date(item.first_day),
                nl_date(item.last_day), item.days, tariffs, item.gross_amount, item.amount,
                nl_date(item.window_last_day),
            ])
        _total_row(detail, ["Totaal", "", "", "", "", "", "", "", "",
                            sum(d.days for d in report.details), "",
                            sum_money(d.gross_amount for d in report.details),
                            sum_money(d.amount for d in report.details), ""])
        _money_columns(detail, "K", "L", "M")

    for sheet in book.worksheets:
        for column in sheet.columns:
            width = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)

    output = BytesIO()
    book.save(output)
    return output.getvalue()
