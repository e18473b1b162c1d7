"""The finance reports: budget, regiopot, realisatie, woonplaatsbeginsel, afrekening.

Each builder reads the region's data once and returns tables; the figures they use are also
available as functions (``budget_lines``, ``pot_figures``, ``statement_figures``) for the screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Region

from .budget import KEY_LABELS, BudgetLine, FinanceInputError, KeyKind, KeyMix, combined_budget
from .budget import key_weights as compute_key_weights
from .budget import pot_result as compute_pot_result
from .models import Budget, PotYear
from .money import ZERO, split_by_key, sum_money
from .realisation import realised_cost, variance_drivers
from .reports import Column, ReportContext, Table, register_report
from .selectors import region_settlement
from .services import ingroeipad_for

HUNDRED = Decimal(100)


def _names(region: Region) -> dict[str, tuple[str, int]]:
    return {m.code: (m.name, m.inhabitants or 0) for m in region.municipalities.order_by("code")}


def budget_lines(region: Region, year: int) -> list[BudgetLine]:
    """The budget of every municipality of the region in ``year`` on the ingroeipad."""
    ingroeipad = ingroeipad_for(region)
    if year not in ingroeipad:
        raise DomainError(
            f"{year} valt buiten het ingroeipad van de regio ({min(ingroeipad)} t/m "
            f"{max(ingroeipad)}).")
    lines = []
    for budget in Budget.objects.filter(region=region, year=year).select_related(
            "municipality").order_by("municipality__code"):
        try:
            lines.append(combined_budget(
                municipality=budget.municipality.code, year=year,
                historical=Decimal(budget.historical_amount),
                objective=Decimal(budget.objective_amount),
                wlz_withdrawal=Decimal(budget.wlz_withdrawal), ingroeipad=ingroeipad))
        except FinanceInputError as exc:
            raise DomainError(str(exc)) from exc
    return lines


@register_report("budget", "Budget per gemeente (ingroeipad)")
def budget_report(ctx: ReportContext) -> list[Table]:
    names = _names(ctx.region)
    lines = budget_lines(ctx.region, ctx.year)
    rows = [{
        "cbs_code": line.municipality, "gemeente": names.get(line.municipality, ("", 0))[0],
        "historisch": line.historical, "objectief": line.objective,
        "gewicht_objectief": line.weight, "wlz_uitname": line.wlz_withdrawal,
        "budget": line.amount,
    } for line in lines]
    total = {"cbs_code": "Totaal", "historisch": sum_money(r["historisch"] for r in rows),
             "objectief": sum_money(r["objectief"] for r in rows),
             "wlz_uitname": sum_money(r["wlz_uitname"] for r in rows),
             "budget": sum_money(r["budget"] for r in rows)}
    weight = str(ingroeipad_for(ctx.region)[ctx.year]).replace(".", ",")
    return [Table(
        "budget", "Budget", [
            Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"),
            Column("historisch", "Historisch budget (€)", "money"),
            Column("objectief", "Objectief budget (€)", "money"),
            Column("gewicht_objectief", "Gewicht objectief (%)", "percent"),
            Column("wlz_uitname", "Wlz-uitname (€)", "money"),
            Column("budget", "Budget (€)", "money"),
        ], rows, total,
        note=f"Budget = historisch × (100 % − {weight} %) + objectief × {weight} % − Wlz-uitname, "
             "afgerond op centen.",
    )]


@dataclass(frozen=True)
class PotFigures:
    pot: PotYear
    names: dict[str, tuple[str, int]]
    contribution_weights: dict[str, Decimal]
    result_weights: dict[str, Decimal]
    contributions: dict[str, Decimal]
    spending: Decimal
    spending_by_product: dict[str, Decimal]
    result: Decimal
    settlement: dict[str, Decimal]


def _key(kind: str, mix: tuple[Decimal, Decimal, Decimal], *, names, lines) -> dict[str, Decimal]:
    by_code = {line.municipality: line for line in lines}
    if kind in (KeyKind.OBJECTIVE, KeyKind.HISTORICAL, KeyKind.MIX) and not lines:
        raise DomainError("Voor deze verdeelsleutel zijn de budgetten van dit jaar nodig.")
    try:
        return compute_key_weights(
            KeyKind(kind),
            inhabitants={code: inhabitants for code, (_, inhabitants) in names.items()},
            objective={code: by_code[code].objective if code in by_code else ZERO
                       for code in names},
            historical={code: by_code[code].historical if code in by_code else ZERO
                        for code in names},
            mix=KeyMix(*mix) if kind == KeyKind.MIX else None,
        )
    except FinanceInputError as exc:
        raise DomainError(str(exc)) from exc


def pot_figures(region: Region, year: int, *, today: date) -> PotFigures:
    pot = PotYear.objects.filter(region=region, year=year).first()
    if pot is None:
        raise DomainError(f"Er is geen regionale pot vastgelegd voor {year}.")
    names = _names(region)
    lines = budget_lines(region, year)
    contribution_weights = _key(pot.contribution_key, (
        pot.contribution_mix_inhabitants, pot.contribution_mix_objective,
        pot.contribution_mix_historical), names=names, lines=lines)
    result_weights = _key(pot.result_key, (
        pot.result_mix_inhabitants, pot.result_mix_objective, pot.result_mix_historical),
        names=names, lines=lines)
    codes = set(pot.vangnet_products.values_list("code", flat=True))
    cost = realised_cost(region=region, year=year, through=today, product_codes=codes)
    spending_by_product = {code: cell.amount for code, cell in sorted(cost.by_product_all.items())}
    spending = sum_money(spending_by_product.values())
    try:
        result = compute_pot_result(
            year=year, contribution_total=Decimal(pot.contribution_total),
            contribution_weights=contribution_weights, spending=spending,
            result_weights=result_weights)
    except FinanceInputError as exc:
        raise DomainError(str(exc)) from exc
    return PotFigures(pot, names, contribution_weights, result_weights, result.contributions,
                      spending, spending_by_product, result.result, result.settlement)


def _pct(weight: Decimal) -> Decimal:
    return (weight * HUNDRED).quantize(Decimal("0.01"))


@register_report("regiopot", "Regionale pot")
def regiopot_report(ctx: ReportContext) -> list[Table]:
    f = pot_figures(ctx.region, ctx.year, today=ctx.today)
    rows = []
    for code in sorted(f.names):
        rows.append({
            "cbs_code": code, "gemeente": f.names[code][0],
            "aandeel_inleg": _pct(f.contribution_weights[code]),
            "inleg": f.contributions[code],
            "aandeel_resultaat": _pct(f.result_weights[code]),
            "verrekening_resultaat": f.settlement[code],
            "totaal": f.contributions[code] + f.settlement[code],
        })
    total = {"cbs_code": "Totaal", "inleg": sum_money(r["inleg"] for r in rows),
             "verrekening_resultaat": sum_money(r["verrekening_resultaat"] for r in rows),
             "totaal": sum_money(r["totaal"] for r in rows)}
    spending_rows = [{"product": code, "uitgaven": amount}
                     for code, amount in f.spending_by_product.items()]
    outcome = "tekort" if f.result < 0 else "overschot" if f.result > 0 else "sluitend"
    summary = [
        {"post": "Inleg van de gemeenten", "bedrag": Decimal(f.pot.contribution_total)},
        {"post": "Uitgaven regionale vangnetproducten", "bedrag": f.spending},
        {"post": f"Resultaat ({outcome})", "bedrag": f.result},
    ]
    return [
        Table("resultaat", "Resultaat", [Column("post", "Post"),
                                         Column("bedrag", "Bedrag (€)", "money")], summary,
              note="Resultaat = inleg − uitgaven; een tekort is negatief."),
        Table("gemeenten", "Inleg en verrekening", [
            Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"),
            Column("aandeel_inleg", "Aandeel inleg (%)", "percent"),
            Column("inleg", "Inleg (€)", "money"),
            Column("aandeel_resultaat", "Aandeel tekort/overschot (%)", "percent"),
            Column("verrekening_resultaat", "Bijbetalen (+) of terug (−) (€)", "money"),
            Column("totaal", "Totaal bijdrage (€)", "money"),
        ], rows, total,
            note=f"Inleg {KEY_LABELS[KeyKind(f.pot.contribution_key)].lower()}; tekort of "
                 f"overschot {KEY_LABELS[KeyKind(f.pot.result_key)].lower()}. Elke verdeling "
                 "sluit op de cent (grootste rest; bij gelijke rest het grootste aandeel, dan "
                 "de laagste CBS-code)."),
        Table("uitgaven", "Uitgaven per product", [
            Column("product", "Product"), Column("uitgaven", "Uitgaven (€)", "money")],
            spending_rows, {"product": "Totaal", "uitgaven": f.spending}),
    ]


@register_report("realisatie", "Realisatie en budget", quarters=True)
def realisatie_report(ctx: ReportContext) -> list[Table]:
    region, year = ctx.region, ctx.year
    cost = realised_cost(region=region, year=year, quarter=ctx.quarter, through=ctx.today)
    base = realised_cost(region=region, year=year - 1, quarter=ctx.quarter)
    try:
        budgets = {line.municipality: line.amount for line in budget_lines(region, year)}
    except DomainError:
        budgets = {}
    rows = []
    for code, m in cost.municipalities.items():
        budget = budgets.get(code, ZERO)
        if ctx.quarter is not None and budget:
            budget = split_by_key(budget, {f"Q{q}": Decimal(1) for q in (1, 2, 3, 4)})[
                f"Q{ctx.quarter}"]
        v = variance_drivers(code=code, budget=budget, current=dict(m.by_product),
                             base=dict(base.municipalities[code].by_product))
        rows.append({
            "cbs_code": code, "gemeente": m.name, "zin_dagen": m.zin.days,
            "zin": m.zin.amount, "pgb_dagen": m.pgb.days, "pgb": m.pgb.amount,
            "realisatie": m.total, "budget": budget, "verschil": v.variance,
            "volume": v.volume, "prijs": v.price, "mix": v.mix,
        })
    money_keys = ("zin", "pgb", "realisatie", "budget", "verschil", "volume", "prijs", "mix")
    total = {"cbs_code": "Totaal", "zin_dagen": sum(r["zin_dagen"] for r in rows),
             "pgb_dagen": sum(r["pgb_dagen"] for r in rows),
             **{k: sum_money(r[k] for r in rows) for k in money_keys}}
    quarter_rows = []
    for code, m in cost.municipalities.items():
        quarter_rows.append({"cbs_code": code, "gemeente": m.name,
                             **{f"q{q}": m.by_quarter[q].amount for q in (1, 2, 3, 4)},
                             "jaar": m.total})
    quarter_total = {"cbs_code": "Totaal",
                     **{f"q{q}": sum_money(r[f"q{q}"] for r in quarter_rows) for q in (1, 2, 3, 4)},
                     "jaar": sum_money(r["jaar"] for r in quarter_rows)}
    period = f"kwartaal {ctx.quarter} van {year}" if ctx.quarter else str(year)
    return [
        Table("realisatie", "Realisatie", [
            Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"),
            Column("zin_dagen", "Dagen ZIN", "int"), Column("zin", "ZIN (€)", "money"),
            Column("pgb_dagen", "Dagen PGB", "int"), Column("pgb", "PGB (€)", "money"),
            Column("realisatie", "Realisatie (€)", "money"), Column("budget", "Budget (€)", "money"),
            Column("verschil", "Verschil (€)", "money"),
            Column("volume", "waarvan volume (€)", "money"),
            Column("prijs", "waarvan prijs (€)", "money"), Column("mix", "waarvan mix (€)", "money"),
        ], rows, total,
            note=f"Realisatie {period} tot en met {min(cost.last, ctx.today):%d-%m-%Y}, toegerekend "
                 "aan de verantwoordelijke gemeente van elke dag. Verschil = realisatie − budget; "
                 f"volume, prijs en mix tegen de prijzen van {year - 1}."),
        Table("kwartalen", "Per kwartaal", [
            Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"),
            *[Column(f"q{q}", f"Kwartaal {q} (€)", "money") for q in (1, 2, 3, 4)],
            Column("jaar", "Totaal (€)", "money"),
        ], quarter_rows, quarter_total),
    ]


@register_report("woonplaatsbeginsel", "Verrekening woonplaatsbeginsel", quarters=True)
def woonplaatsbeginsel_report(ctx: ReportContext) -> list[Table]:
    if ctx.year > ctx.today.year:
        raise DomainError(f"{ctx.year} is nog niet begonnen.")
    through = min(date(ctx.year, 12, 31), ctx.today)
    statement, not_settled = region_settlement(region=ctx.region, year=ctx.year, through=through)
    names = {code: name for code, (name, _) in _names(ctx.region).items()}
    from bwmo.regions.models import Municipality
    codes = {p.debtor for p in statement.pair_totals} | {p.creditor for p in statement.pair_totals}
    names.update(dict(Municipality.objects.filter(code__in=codes).values_list("code", "name")))
    if ctx.quarter is None:
        pairs = [{"betaalt": p.debtor, "betaalt_naam": names.get(p.debtor, p.debtor),
                  "ontvangt": p.creditor, "ontvangt_naam": names.get(p.creditor, p.creditor),
                  "dagen": p.days, "bedrag": p.amount} for p in statement.pair_totals]
    else:
        pairs = [{"betaalt": line.debtor, "betaalt_naam": names.get(line.debtor, line.debtor),
                  "ontvangt": line.creditor,
                  "ontvangt_naam": names.get(line.creditor, line.creditor),
                  "dagen": line.days, "bedrag": line.amount}
                 for line in statement.lines_for_quarter(ctx.quarter)]
    net = [{"cbs_code": p.municipality, "gemeente": names.get(p.municipality, p.municipality),
            "betaalt": p.owes, "ontvangt": p.is_owed, "netto": p.net}
           for p in statement.net_positions]
    missing = [{"reden": n.reason, "dagen": n.days} for n in not_settled]
    return [
        Table("verrekening", "Verrekening", [
            Column("betaalt", "Betaalt (CBS-code)"), Column("betaalt_naam", "Betaalt"),
            Column("ontvangt", "Ontvangt (CBS-code)"), Column("ontvangt_naam", "Ontvangt"),
            Column("dagen", "Dagen", "int"), Column("bedrag", "Bedrag (€)", "money"),
        ], pairs, {"betaalt": "Totaal", "dagen": sum(p["dagen"] for p in pairs),
                   "bedrag": sum_money(p["bedrag"] for p in pairs)},
            note="Alleen dagen waarvoor de gemeente van herkomst volgens de regels van die dag "
                 "verantwoordelijk is; de gemeente van de voorziening ontvangt."),
        Table("netto", "Netto posities", [
            Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"),
            Column("betaalt", "Betaalt (€)", "money"), Column("ontvangt", "Ontvangt (€)", "money"),
            Column("netto", "Netto (€)", "money"),
        ], net, {"cbs_code": "Totaal", "betaalt": sum_money(n["betaalt"] for n in net),
                 "ontvangt": sum_money(n["ontvangt"] for n in net),
                 "netto": sum_money(n["netto"] for n in net)},
            note=f"Verrekend tot en met {through:%d-%m-%Y}; positief: de gemeente betaalt per saldo."),
        Table("niet_verrekend", "Niet verrekend", [
            Column("reden", "Reden"), Column("dagen", "Dagen", "int")], missing,
            {"reden": "Totaal", "dagen": sum(m["dagen"] for m in missing)}),
    ]


def statement_figures(region: Region, year: int, *, today: date) -> dict[str, dict[str, Decimal]]:
    """Per municipality: budget, pot contribution, pot result share, woonplaatsbeginsel net
    and the balance (what the municipality pays on balance to the region and the others)."""
    names = _names(region)
    budgets = {line.municipality: line.amount for line in budget_lines(region, year)}
    pot = pot_figures(region, year, today=today)
    through = min(date(year, 12, 31), today)
    statement, _ = region_settlement(region=region, year=year, through=through)
    figures = {}
    for code in sorted(names):
        wpb = statement.net_position(code)
        contribution = pot.contributions[code]
        share = pot.settlement[code]
        figures[code] = {
            "budget": budgets.get(code, ZERO), "inleg_pot": contribution,
            "verrekening_pot": share, "woonplaatsbeginsel": wpb,
            "saldo": contribution + share + wpb,
        }
    return figures


@register_report("afrekening", "Afrekening per gemeente")
def afrekening_report(ctx: ReportContext) -> list[Table]:
    names = _names(ctx.region)
    figures = statement_figures(ctx.region, ctx.year, today=ctx.today)
    keys = ("budget", "inleg_pot", "verrekening_pot", "woonplaatsbeginsel", "saldo")
    rows = [{"cbs_code": code, "gemeente": names[code][0], **values}
            for code, values in figures.items()]
    total = {"cbs_code": "Totaal", **{k: sum_money(r[k] for r in rows) for k in keys}}
    return [Table("afrekening", "Afrekening", [
        Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"),
        Column("budget", "Budget (€)", "money"), Column("inleg_pot", "Inleg regionale pot (€)", "money"),
        Column("verrekening_pot", "Tekort (+) of overschot (−) pot (€)", "money"),
        Column("woonplaatsbeginsel", "Woonplaatsbeginsel netto (€)", "money"),
        Column("saldo", "Te betalen (€)", "money"),
    ], rows, total,
        note="Te betalen = inleg + aandeel in het tekort (of − overschot) + netto "
             "woonplaatsbeginsel (binnen de regio; gemeenten buiten de regio staan in het "
             "overzicht woonplaatsbeginsel).")]
