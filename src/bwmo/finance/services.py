"""Changing finance data: the ingroeipad, budgets (entered or imported), the regional pot.

Every service validates everything first and then saves in one transaction: bad input raises
:class:`~bwmo.core.exceptions.DomainError` with a Dutch message and saves nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Municipality, Product, Region

from .budget import (
    FinanceInputError,
    KeyKind,
    KeyMix,
    check_ingroeipad,
    combined_budget,
    default_ingroeipad,
)
from .models import Budget, IngroeipadStep, PotYear

IMPORT_COLUMNS = ("cbs_code", "jaar", "historisch", "objectief", "wlz_uitname")


def ingroeipad_for(region: Region) -> dict[int, Decimal]:
    """The region's weights in percent per year; the default path when none is configured."""
    steps = {s.year: Decimal(s.objective_weight) for s in region.ingroeipad_steps.all()}
    return steps or default_ingroeipad()


@transaction.atomic
def ingroeipad_set(*, region: Region, weights: dict[int, Decimal]) -> None:
    """Replace the region's ingroeipad by ``weights`` (percent per year)."""
    if not weights:
        raise DomainError("Geef voor ten minste één jaar een gewicht op.")
    try:
        check_ingroeipad(weights)
    except FinanceInputError as exc:
        raise DomainError(str(exc)) from exc
    outside = sorted(
        set(Budget.objects.filter(region=region).values_list("year", flat=True)) - set(weights)
    )
    if outside:
        raise DomainError(
            "Er zijn budgetten voor jaren buiten dit ingroeipad: "
            + ", ".join(str(y) for y in outside) + ". Neem die jaren op of verwijder die budgetten."
        )
    region.ingroeipad_steps.all().delete()
    IngroeipadStep.objects.bulk_create(
        IngroeipadStep(region=region, year=year, objective_weight=weight)
        for year, weight in sorted(weights.items())
    )


def _parse_amount(raw: object, what: str) -> Decimal:
    if isinstance(raw, float):
        # Excel gives floats for number cells: take their shortest repr, then check the cents
        raw = repr(raw)
    text = str(raw if raw is not None else "").strip().replace("€", "").replace(" ", "")
    if not text:
        return Decimal("0.00")
    if "," in text:  # Dutch notation 1.234,56
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FinanceInputError(f"{what} '{raw}' is geen bedrag") from None
    if not value.is_finite():
        raise FinanceInputError(f"{what} '{raw}' is geen bedrag")
    if value < 0:
        raise FinanceInputError(f"{what} mag niet negatief zijn ({raw})")
    if value != value.quantize(Decimal("0.01")):
        raise FinanceInputError(f"{what} moet in hele centen zijn ({raw})")
    return value.quantize(Decimal("0.01"))


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    budget: Decimal | None = None


@dataclass
class ImportReport:
    rows: list[ImportRow]
    saved: bool

    @property
    def ok(self) -> bool:
        return all(not row.problems for row in self.rows) and bool(self.rows)


def _read_rows(filename: str, content: bytes) -> list[tuple[int, dict[str, object]]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FinanceInputError("Het Excel-bestand kan niet worden gelezen.") from exc
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            raise FinanceInputError("Het bestand is leeg.")
        header = [str(h or "").strip().lower() for h in rows[0]]
        data = [dict(zip(header, row, strict=False)) for row in rows[1:]]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FinanceInputError("Het CSV-bestand is geen UTF-8-tekst.") from None
        first_line = text.splitlines()[0] if text.splitlines() else ""
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        if reader.fieldnames is None:
            raise FinanceInputError("Het bestand is leeg.")
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
        header = reader.fieldnames
        data = list(reader)
    missing = [column for column in IMPORT_COLUMNS[:4] if column not in header]
    if missing:
        raise FinanceInputError(
            "Kolommen ontbreken: " + ", ".join(missing) + ". Verwacht: "
            + ", ".join(IMPORT_COLUMNS) + " (wlz_uitname mag leeg)."
        )
    return [(index, row) for index, row in enumerate(data, start=2)
            if any(str(v or "").strip() for v in row.values())]


def budget_import(
    *, region: Region, filename: str, content: bytes, dry_run: bool = True
) -> ImportReport:
    """Import budgets from CSV (``,`` or ``;``) or Excel with the columns of ``IMPORT_COLUMNS``.

    Every row is checked (known CBS code of this region, a year on the ingroeipad, amounts of
    zero or more in whole cents, no row twice); the report lists each row's problems. With
    ``dry_run`` nothing is saved; otherwise the rows are saved only when no row has a problem.
    """
    try:
        rows = _read_rows(filename, content)
    except FinanceInputError as exc:
        raise DomainError(str(exc)) from exc
    members = {m.code: m for m in region.municipalities.all()}
    ingroeipad = ingroeipad_for(region)
    report = ImportReport(rows=[], saved=False)
    seen: set[tuple[str, int]] = set()
    parsed: list[tuple[Municipality, int, Decimal, Decimal, Decimal]] = []
    for line, raw in rows:
        values = {k: ("" if raw.get(k) is None else str(raw.get(k))) for k in IMPORT_COLUMNS}
        row = ImportRow(line=line, values=values)
        report.rows.append(row)
        code = values["cbs_code"].strip().upper()
        municipality = members.get(code)
        if municipality is None:
            row.problems.append(f"Onbekende CBS-code '{values['cbs_code']}' in deze regio")
        year: int | None = None
        try:
            year = int(str(raw.get("jaar")).strip().split(".")[0])
        except ValueError:
            row.problems.append(f"Jaar '{values['jaar']}' is geen jaartal")
        if year is not None and year not in ingroeipad:
            row.problems.append(
                f"{year} valt buiten het ingroeipad ({min(ingroeipad)} t/m {max(ingroeipad)})")
        amounts: list[Decimal] = []
        for column, what in (("historisch", "Historisch budget"), ("objectief", "Objectief budget"),
                             ("wlz_uitname", "Wlz-uitname")):
            try:
                amounts.append(_parse_amount(raw.get(column), what))
            except FinanceInputError as exc:
                row.problems.append(str(exc))
        if municipality and year is not None:
            if (code, year) in seen:
                row.problems.append(f"{code} {year} staat al eerder in het bestand")
            seen.add((code, year))
        if not row.problems and municipality and year is not None:
            try:
                line_budget = combined_budget(
                    municipality=code, year=year, historical=amounts[0], objective=amounts[1],
                    wlz_withdrawal=amounts[2], ingroeipad=ingroeipad)
                row.budget = line_budget.amount
                parsed.append((municipality, year, amounts[0], amounts[1], amounts[2]))
            except FinanceInputError as exc:
                row.problems.append(str(exc))
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        for municipality, year, historical, objective, wlz in parsed:
            Budget.objects.update_or_create(
                municipality=municipality, year=year,
                defaults={"region": region, "historical_amount": historical,
                          "objective_amount": objective, "wlz_withdrawal": wlz,
                          "source": f"import {filename}"[:200]},
            )
    report.saved = True
    return report


def budget_save(
    *, region: Region, municipality: Municipality, year: int, historical: Decimal,
    objective: Decimal, wlz_withdrawal: Decimal = Decimal("0.00"), source: str = "",
) -> Budget:
    if municipality.region_id != region.pk:
        raise DomainError(f"{municipality.name} hoort niet bij {region.name}.")
    try:
        combined_budget(municipality=municipality.code, year=year, historical=historical,
                        objective=objective, wlz_withdrawal=wlz_withdrawal,
                        ingroeipad=ingroeipad_for(region))
    except FinanceInputError as exc:
        raise DomainError(str(exc)) from exc
    budget, _ = Budget.objects.update_or_create(
        municipality=municipality, year=year,
        defaults={"region": region, "historical_amount": historical,
                  "objective_amount": objective, "wlz_withdrawal": wlz_withdrawal,
                  "source": source},
    )
    return budget


def _mix(kind: str, percentages: tuple[Decimal, Decimal, Decimal]) -> KeyMix | None:
    if kind != KeyKind.MIX:
        return None
    return KeyMix(*percentages)


@transaction.atomic
def pot_year_save(
    *, region: Region, year: int, contribution_total: Decimal, contribution_key: str,
    result_key: str, vangnet_product_codes: list[str],
    contribution_mix: tuple[Decimal, Decimal, Decimal] = (Decimal(0),) * 3,
    result_mix: tuple[Decimal, Decimal, Decimal] = (Decimal(0),) * 3,
) -> PotYear:
    """Create or replace the pot of ``year``; keys and amounts are checked first."""
    problems = []
    if year not in ingroeipad_for(region):
        problems.append(f"{year} valt buiten het ingroeipad van de regio.")
    if not isinstance(contribution_total, Decimal) or contribution_total < 0:
        problems.append("De inleg in de regionale pot mag niet negatief zijn.")
    elif contribution_total != contribution_total.quantize(Decimal("0.01")):
        problems.append("De inleg moet in hele centen zijn.")
    for kind, mix, what in ((contribution_key, contribution_mix, "inleg"),
                            (result_key, result_mix, "tekort of overschot")):
        if kind not in tuple(KeyKind):
            problems.append(f"Kies een verdeelsleutel voor de {what}.")
            continue
        try:
            _mix(kind, mix)
        except FinanceInputError as exc:
            problems.append(f"Verdeelsleutel {what}: {exc}")
    products = list(Product.objects.filter(region=region, code__in=vangnet_product_codes))
    unknown = sorted(set(vangnet_product_codes) - {p.code for p in products})
    if unknown:
        problems.append("Onbekende producten: " + ", ".join(unknown) + ".")
    if problems:
        raise DomainError(*problems)
    pot, _ = PotYear.objects.update_or_create(
        region=region, year=year,
        defaults={
            "contribution_total": contribution_total, "contribution_key": contribution_key,
            "contribution_mix_inhabitants": contribution_mix[0],
            "contribution_mix_objective": contribution_mix[1],
            "contribution_mix_historical": contribution_mix[2],
            "result_key": result_key, "result_mix_inhabitants": result_mix[0],
            "result_mix_objective": result_mix[1], "result_mix_historical": result_mix[2],
        },
    )
    pot.vangnet_products.set(products)
    return pot
