"""One statement per municipality per year: the regional pot's settlement and the
woonplaatsbeginsel together, issued with a version and a date.

Issuing stores the figures as they are sent (decimal strings) with a SHA-256 checksum; the PDF and
the Excel file are always rendered from those stored figures, never recomputed, so a statement
that was sent can be reproduced exactly later even when placements or tariffs changed since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from bwmo.accounts.models import User
from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Municipality, Region

from .models import Statement
from .money import sum_money
from .report_builders import PotFigures, budget_lines, pot_figures
from .reports import Column, Table, tables_workbook
from .selectors import region_settlement
from .settlement import PairTotal


def _checksum(figures: dict[str, Any]) -> str:
    canonical = json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class RegionFigures:
    """What every statement of a region and year reads: computed once, then per municipality."""

    budgets: dict[str, Decimal]
    pot: PotFigures
    through: date
    pairs: tuple[PairTotal, ...]
    names: dict[str, str]


def region_figures(region: Region, year: int, *, today: date) -> RegionFigures:
    budgets = {line.municipality: line.amount for line in budget_lines(region, year)}
    pot = pot_figures(region, year, today=today)
    through = min(date(year, 12, 31), today)
    statement, _ = region_settlement(region=region, year=year, through=through)
    pairs = tuple(statement.pair_totals)
    names = dict(Municipality.objects.filter(
        code__in={p.debtor for p in pairs} | {p.creditor for p in pairs}
    ).values_list("code", "name"))
    return RegionFigures(budgets, pot, through, pairs, names)


def statement_figures_for(region: Region, municipality: Municipality, year: int, *,
                          today: date, shared: RegionFigures | None = None) -> dict[str, Any]:
    if municipality.region_id != region.pk:
        raise DomainError(f"{municipality.name} hoort niet bij {region.name}.")
    shared = shared or region_figures(region, year, today=today)
    code = municipality.code
    budget = shared.budgets.get(code)
    pot, names = shared.pot, shared.names
    wpb = []
    for pair in shared.pairs:
        if code == pair.debtor:
            wpb.append({"tegenpartij_code": pair.creditor,
                        "tegenpartij": names.get(pair.creditor, pair.creditor),
                        "richting": "betaalt", "dagen": pair.days, "bedrag": str(pair.amount)})
        elif code == pair.creditor:
            wpb.append({"tegenpartij_code": pair.debtor,
                        "tegenpartij": names.get(pair.debtor, pair.debtor),
                        "richting": "ontvangt", "dagen": pair.days, "bedrag": str(-pair.amount)})
    pays = sum_money(Decimal(w["bedrag"]) for w in wpb if w["richting"] == "betaalt")
    receives = sum_money(Decimal(w["bedrag"]) for w in wpb if w["richting"] == "ontvangt")
    contribution, share = pot.contributions[code], pot.settlement[code]
    lines = [
        ("Inleg regionale pot", contribution),
        ("Aandeel in het tekort (+) of overschot (−) van de pot", share),
        ("Woonplaatsbeginsel: te betalen aan andere gemeenten", pays),
        ("Woonplaatsbeginsel: te ontvangen van andere gemeenten", receives),
    ]
    return {
        "region": region.name, "municipality": {"code": code, "name": municipality.name},
        "year": year, "through": shared.through.isoformat(),
        "budget": None if budget is None else str(budget),
        "pot_result": str(pot.result),
        "lines": [{"post": post, "bedrag": str(amount)} for post, amount in lines],
        "saldo": str(sum_money(amount for _, amount in lines)),
        "woonplaatsbeginsel": wpb,
    }


@transaction.atomic
def statement_issue(*, region: Region, municipality: Municipality, year: int, user: User | None,
                    today: date, shared: RegionFigures | None = None) -> Statement:
    """Issue the next version of the statement (the figures of today, stored as sent)."""
    figures = statement_figures_for(region, municipality, year, today=today, shared=shared)
    latest = (Statement.objects.select_for_update().filter(municipality=municipality, year=year)
              .aggregate(v=Max("version"))["v"] or 0)
    return Statement.objects.create(
        region=region, municipality=municipality, year=year, version=latest + 1, issued_on=today,
        issued_by=user, figures=figures, checksum=_checksum(figures),
    )


@transaction.atomic
def statements_issue(*, region: Region, municipalities: list[Municipality], year: int,
                     user: User | None, today: date) -> list[Statement]:
    """Issue the next version for each of ``municipalities`` (all or nothing); the region's pot
    and settlement are computed once for all of them."""
    shared = region_figures(region, year, today=today)
    return [statement_issue(region=region, municipality=m, year=year, user=user, today=today,
                            shared=shared) for m in municipalities]


def statement_is_intact(statement: Statement) -> bool:
    return _checksum(statement.figures) == statement.checksum


def statement_tables(statement: Statement) -> list[Table]:
    f = statement.figures
    lines = [{"post": line["post"], "bedrag": Decimal(line["bedrag"])} for line in f["lines"]]
    main = Table("afrekening", "Afrekening", [Column("post", "Post"),
                                              Column("bedrag", "Bedrag (€)", "money")],
                 lines, {"post": "Saldo: te betalen (+) of te ontvangen (−)",
                         "bedrag": Decimal(f["saldo"])},
                 note=(f"Budget {f['year']} volgens het ingroeipad: € {f['budget']}. "
                       if f["budget"] else "") + f"Resultaat regionale pot: € {f['pot_result']}. "
                 f"Woonplaatsbeginsel verrekend tot en met {f['through']}.")
    wpb_rows = [{"tegenpartij_code": w["tegenpartij_code"], "tegenpartij": w["tegenpartij"],
                 "richting": w["richting"], "dagen": w["dagen"], "bedrag": Decimal(w["bedrag"])}
                for w in f["woonplaatsbeginsel"]]
    wpb = Table("woonplaatsbeginsel", "Woonplaatsbeginsel", [
        Column("tegenpartij_code", "CBS-code"), Column("tegenpartij", "Gemeente"),
        Column("richting", "Betaalt of ontvangt"), Column("dagen", "Dagen", "int"),
        Column("bedrag", "Bedrag (€)", "money"),
    ], wpb_rows, {"tegenpartij_code": "Totaal", "dagen": sum(r["dagen"] for r in wpb_rows),
                  "bedrag": sum_money(r["bedrag"] for r in wpb_rows)})
    return [main, wpb]


def statement_heading(statement: Statement) -> str:
    f = statement.figures
    return (f"Afrekening {f['year']} — {f['municipality']['name']} ({f['municipality']['code']}) — "
            f"{f['region']} — versie {statement.version} van {statement.issued_on:%d-%m-%Y}")


def statement_xlsx(statement: Statement) -> bytes:
    return tables_workbook(statement_tables(statement), heading=statement_heading(statement))


def statement_pdf(statement: Statement) -> bytes:
    from django.template.loader import render_to_string

    from weasyprint import HTML

    html = render_to_string("finance/report_pdf.html", {
        "heading": statement_heading(statement), "tables": statement_tables(statement),
        "version": {"number": statement.version, "date": statement.issued_on,
                    "checksum": statement.checksum},
    })
    return HTML(string=html).write_pdf()


def statement_list_table(statements: list[Statement]) -> Table:
    """The issued statements (every version) as a table for the screen's Excel download."""
    rows = [{
        "cbs_code": s.municipality.code, "gemeente": s.municipality.name, "jaar": str(s.year),
        "versie": s.version, "datum": s.issued_on.strftime("%d-%m-%Y"),
        "saldo": Decimal(s.figures["saldo"]),
        "controlegetal": "klopt" if statement_is_intact(s) else "klopt niet",
    } for s in statements]
    return Table("uitgegeven", "Uitgegeven afrekeningen", [
        Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"), Column("jaar", "Jaar"),
        Column("versie", "Versie", "int"), Column("datum", "Datum"),
        Column("saldo", "Te betalen (+) of te ontvangen (−) (€)", "money"),
        Column("controlegetal", "Controlegetal"),
    ], rows, note="Elke versie zoals uitgegeven; de versies van één gemeente tellen niet op, "
                  "daarom geen totaalregel.")
