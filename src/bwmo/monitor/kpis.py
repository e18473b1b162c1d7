"""The kwartaalmonitor's figures (DOMAIN §9, docs/kpi.md), computed from the case history.

One function, :func:`compute_kpis`, computes every figure of the monitor for one quarter and one
scope (region, optionally a municipality, a product and ZIN/PGB) from :class:`~bwmo.monitor.facts.
Facts` with vectorised numpy operations (ADR 0016). Each figure is a :class:`Figure` under the
name it has in ``docs/kpi.md``. A figure whose source does not exist yet is *nog niet
beschikbaar* (``available=False``, value ``None``), never 0; a share without a denominator (no
meldingen with a term in the quarter, say) has value ``None`` with the reason in ``note``.

Which municipality a record belongs to (docs/kpi.md, "Scope"):
- stays, the waiting list and finance: the **responsible** municipality;
- meldingen and the Wmo terms: the municipality **of the melding**;
- places: the municipality **of the location**.
The region is the region whose product a stay uses (a client of a municipality outside the
region in one of the region's facilities counts for the region, not for a member municipality).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

import numpy as np

from bwmo.core.exceptions import DomainError

from .facts import CAUSES, DESTINATIONS, REMOVAL_REASONS, Facts

NOT_YET = "nog niet beschikbaar"
TWO_YEARS_DAYS = 730
TERUGVAL_DAYS = 365
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("18-19", 0, 19), ("20-29", 20, 29), ("30-39", 30, 39), ("40-49", 40, 49), ("50+", 50, 200),
)
ORIGIN_GROUPS = ("eigen_gemeente", "regio", "buiten_regio", "onbekend")
UITSTROOM_EXCLUDED = ("doorstroom",)


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self) -> None:
        if self.quarter not in (1, 2, 3, 4):
            raise DomainError("Het kwartaal moet 1, 2, 3 of 4 zijn.")
        if not 2000 <= self.year <= 2100:
            raise DomainError(f"{self.year} is geen geldig jaar.")

    @property
    def first(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last(self) -> date:
        nxt = self.shift(1).first
        return date.fromordinal(nxt.toordinal() - 1)

    @property
    def label(self) -> str:
        return f"{self.year}-K{self.quarter}"

    @property
    def extended(self) -> bool:
        """The first quarter gets the extended report, the others the update (seed 000 §5)."""
        return self.quarter == 1

    def shift(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.quarter - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def trend(self, count: int = 8) -> list[Quarter]:
        """The last ``count`` quarters up to and including this one, oldest first."""
        return [self.shift(-i) for i in range(count - 1, -1, -1)]

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        try:
            year, quarter = text.upper().split("-K")
            return cls(int(year), int(quarter))
        except (ValueError, AttributeError):
            raise DomainError(f"'{text}' is geen kwartaal; gebruik bijvoorbeeld 2026-K3.") from None


@dataclass(frozen=True)
class Scope:
    region: str  # region slug
    municipality: str | None = None  # CBS code (GM....)
    product: str | None = None  # product code of the region
    financing: str | None = None  # "zin" or "pgb"

    def __post_init__(self) -> None:
        if self.financing not in (None, "zin", "pgb"):
            raise DomainError("Financiering is 'zin' of 'pgb'.")


@dataclass(frozen=True)
class Figure:
    name: str
    value: int | Decimal | None
    unit: str
    available: bool = True
    note: str = ""
    breakdown: dict[str, int | Decimal | None] = field(default_factory=dict)
    # the persons or records behind a share or a median (its numerator and denominator), for
    # small-count suppression (monitor.published); not part of the JSON
    part: int | None = None
    base: int | None = None

    @property
    def display_note(self) -> str:
        return NOT_YET if not self.available else self.note


@dataclass(frozen=True)
class KpiSet:
    scope: Scope
    quarter: Quarter
    figures: dict[str, Figure]

    def __getitem__(self, name: str) -> Figure:
        return self.figures[name]

    def value(self, name: str) -> int | Decimal | None:
        return self.figures[name].value


class FinanceSource(Protocol):
    """(budget, realised cost) of a scope in a quarter, in euros. None when the region has no
    budget for the year; budget None when the scope has none of its own (a product, ZIN/PGB)."""

    def budget_and_realisation(
        self, scope: Scope, quarter: Quarter,
    ) -> tuple[Decimal | None, Decimal] | None: ...


# ------------------------------------------------------------------------------------------------
# Small exact helpers
# ------------------------------------------------------------------------------------------------

ONE_DECIMAL = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole × 100, rounded half up to one decimal; None without a denominator."""
    if whole == 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def per_10000(count: int, inhabitants: int) -> Decimal | None:
    if inhabitants <= 0:
        return None
    return (Decimal(count * 10000) / Decimal(inhabitants)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP)


def median_days(values: np.ndarray) -> Decimal | None:
    """The median of whole days (x.5 for an even count); None for none."""
    if values.size == 0:
        return None
    ordered = np.sort(values.astype(np.int64))
    n = ordered.size
    if n % 2:
        return Decimal(int(ordered[n // 2]))
    return Decimal(int(ordered[n // 2 - 1]) + int(ordered[n // 2])) / 2


def _count_unique(values: np.ndarray) -> int:
    return int(np.unique(values).size)


# ------------------------------------------------------------------------------------------------
# Masks for the scope
# ------------------------------------------------------------------------------------------------


@dataclass
class _Masks:
    region: int
    municipality: int  # -1: the whole region
    product_bw: np.ndarray  # per product index
    product_mo: np.ndarray
    product_region: np.ndarray  # any product of the region (terugval looks at all of BW/MO)
    region_municipalities: np.ndarray  # per municipality index: member of the region


def _masks(facts: Facts, scope: Scope) -> _Masks:
    region = facts.region_index(scope.region)
    if region < 0:
        raise DomainError(f"Onbekende regio '{scope.region}'.")
    municipality = -1
    members = facts.municipality_region == region
    if scope.municipality:
        municipality = facts.municipality_index(scope.municipality)
        if municipality < 0 or not members[municipality]:
            raise DomainError(
                f"Gemeente {scope.municipality} hoort niet bij de regio {scope.region}.")
    in_region = facts.product_region == region
    chosen = in_region.copy()
    if scope.product:
        codes = np.asarray(facts.product_codes, dtype=object)
        chosen &= codes == scope.product
        if not chosen.any():
            raise DomainError(f"Onbekend product '{scope.product}' in de regio {scope.region}.")
    return _Masks(region, municipality, chosen & (facts.product_track == 0),
                  chosen & (facts.product_track == 1), in_region, members)


def _stay_mask(facts: Facts, masks: _Masks, scope: Scope, track_mask: np.ndarray) -> np.ndarray:
    mask = track_mask[facts.stay_product]
    if masks.municipality >= 0:
        mask &= facts.stay_responsible == masks.municipality
    if scope.financing is not None:
        mask &= facts.stay_pgb == (scope.financing == "pgb")
    return mask


def _ages(facts: Facts, client_rows: np.ndarray, on: date) -> np.ndarray:
    md = on.month * 100 + on.day
    years = facts.client_birth_year[client_rows]
    return on.year - years - (facts.client_birth_md[client_rows] > md).astype(np.int32)


def _client_rows(facts: Facts, clients: np.ndarray) -> np.ndarray:
    return np.searchsorted(facts.client_id, clients)


# ------------------------------------------------------------------------------------------------
# The stays behind in zorg, instroom and uitstroom (also read by the partner export)
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowStays:
    """Which stays make *cliënten in zorg*, *instroom* and *uitstroom* (docs/kpi.md), as masks
    over the facts' stays; each figure counts the distinct clients of its stays:

    * in zorg: a stay running on the quarter's last day;
    * instroom: a stay that starts in the quarter and continues no earlier one;
    * uitstroom: a stay that ends in the quarter and is not continued."""

    in_care: np.ndarray
    inflow: np.ndarray
    outflow: np.ndarray


def _flows(facts: Facts, mask: np.ndarray, quarter: Quarter) -> FlowStays:
    first, last = quarter.first.toordinal(), quarter.last.toordinal()
    start, end = facts.stay_start, facts.stay_end
    return FlowStays(
        in_care=mask & (start <= last) & (end >= last),
        inflow=mask & (start >= first) & (start <= last) & ~facts.stay_has_previous,
        outflow=mask & (end >= first) & (end <= last) & ~facts.stay_has_next,
    )


def flow_stays(facts: Facts, scope: Scope, quarter: Quarter, *, track: str = "BW") -> FlowStays:
    """The stays of ``scope``'s BW products (the monitor's figures) or, with ``track="MO"``,
    of its MO products under the same definitions."""
    masks = _masks(facts, scope)
    if track not in ("BW", "MO"):
        raise DomainError("Het spoor is BW of MO.")
    products = masks.product_bw if track == "BW" else masks.product_mo
    return _flows(facts, _stay_mask(facts, masks, scope, products), quarter)


def client_ages(facts: Facts, clients: np.ndarray, on: date) -> np.ndarray:
    """The age in whole years on ``on`` of each client id in ``clients``."""
    return _ages(facts, _client_rows(facts, clients), on)


# ------------------------------------------------------------------------------------------------
# The figures
# ------------------------------------------------------------------------------------------------


def compute_kpis(
    facts: Facts, scope: Scope, quarter: Quarter, *, finance: FinanceSource | None = None,
) -> KpiSet:
    """Every figure of docs/kpi.md for ``scope`` in ``quarter``."""
    masks = _masks(facts, scope)
    first, last = quarter.first.toordinal(), quarter.last.toordinal()
    figures: dict[str, Figure] = {}

    def add(figure: Figure) -> None:
        figures[figure.name] = figure

    # -- BW stays in scope ----------------------------------------------------------------------
    bw = _stay_mask(facts, masks, scope, masks.product_bw)
    start, end = facts.stay_start, facts.stay_end
    flows = _flows(facts, bw, quarter)
    active = flows.in_care
    active_idx = np.nonzero(active)[0]
    # one row per client in care: the stay of the longest chain (earliest chain start)
    order = np.lexsort((facts.stay_chain_start[active_idx], facts.stay_client[active_idx]))
    sorted_idx = active_idx[order]
    _u, first_pos = np.unique(facts.stay_client[sorted_idx], return_index=True)
    per_client = sorted_idx[first_pos]
    in_care = int(per_client.size)
    add(Figure("clienten_in_zorg", in_care, "cliënten"))

    started = bw & (start >= first) & (start <= last)
    add(Figure("instroom", _count_unique(facts.stay_client[flows.inflow]), "cliënten"))
    add(Figure("doorstroom", int(np.count_nonzero(started & facts.stay_has_previous)),
               "plaatsingen"))
    outflow_idx = np.nonzero(flows.outflow)[0]
    add(Figure("uitstroom", _count_unique(facts.stay_client[outflow_idx]), "cliënten"))

    dest = facts.stay_destination[outflow_idx]
    destinations: dict[str, int | Decimal | None] = {
        name: int(np.count_nonzero(dest == i)) for i, name in enumerate(DESTINATIONS)
        if name not in UITSTROOM_EXCLUDED}
    destinations["niet_vastgelegd"] = int(np.count_nonzero(dest < 0))
    add(Figure("uitstroombestemmingen", int(outflow_idx.size), "plaatsingen",
               breakdown=destinations))

    # -- waiting list ----------------------------------------------------------------------------
    wait = masks.product_bw[facts.wait_product]
    if masks.municipality >= 0:
        wait &= facts.wait_responsible == masks.municipality
    waiting = wait & (facts.wait_entered <= last) & (facts.wait_removed > last)
    note = "de wachtlijst kent geen ZIN/PGB; getoond voor alle financiering" \
        if scope.financing else ""
    add(Figure("wachtlijst_lengte", int(np.count_nonzero(waiting)), "wachtenden", note=note))
    placed = REMOVAL_REASONS.index("placed")
    placed_mask = wait & (facts.wait_removed >= first) & (facts.wait_removed <= last) \
        & (facts.wait_reason == placed)
    waited = facts.wait_removed[placed_mask] - facts.wait_entered[placed_mask]
    add(Figure("wachttijd_mediaan", median_days(waited), "dagen",
               note=note or ("niemand van de wachtlijst geplaatst in dit kwartaal"
                             if waited.size == 0 else ""), base=int(waited.size)))

    # -- length of stay, origin, age, PGB of the clients in care --------------------------------
    duration = last - facts.stay_chain_start[per_client] + 1
    add(Figure("verblijfsduur_mediaan", median_days(duration), "dagen",
               note="" if in_care else "geen cliënten in zorg", base=in_care))
    long_stay = int(np.count_nonzero(duration > TWO_YEARS_DAYS))
    add(Figure("verblijf_langer_dan_2_jaar", percent(long_stay, in_care), "procent",
               part=long_stay, base=in_care))

    rows = _client_rows(facts, facts.stay_client[per_client])
    origin = facts.client_origin[rows]
    location = facts.stay_location_municipality[per_client]
    known = origin >= 0
    safe_origin = np.where(known, origin, 0)
    origin_region = np.where(known, facts.municipality_region[safe_origin], -2)
    own = known & (origin == location)
    region_but_other = known & ~own & (origin_region == masks.region)
    outside = known & ~own & ~region_but_other
    counts = {"eigen_gemeente": int(np.count_nonzero(own)),
              "regio": int(np.count_nonzero(region_but_other)),
              "buiten_regio": int(np.count_nonzero(outside)),
              "onbekend": int(np.count_nonzero(~known))}
    add(Figure("herkomst", in_care, "cliënten", breakdown=dict(counts)))
    for group in ORIGIN_GROUPS:
        add(Figure(f"herkomst_{group}", percent(counts[group], in_care), "procent",
                   part=counts[group], base=in_care))

    ages = _ages(facts, rows, quarter.last)
    age_counts: dict[str, int | Decimal | None] = {
        label: int(np.count_nonzero((ages >= lo) & (ages <= hi))) for label, lo, hi in AGE_GROUPS}
    add(Figure("leeftijdsgroepen", in_care, "cliënten", breakdown=age_counts))
    twenties = int(np.count_nonzero((ages >= 20) & (ages <= 29)))
    add(Figure("leeftijd_twintigers", percent(twenties, in_care), "procent",
               part=twenties, base=in_care))
    over_50 = int(np.count_nonzero(ages >= 50))
    add(Figure("leeftijd_50_plus", percent(over_50, in_care), "procent", part=over_50,
               base=in_care))

    # PGB: of the clients in care (within the product/municipality scope, any financing)
    all_fin = _stay_mask(facts, masks, Scope(scope.region, scope.municipality, scope.product),
                         masks.product_bw)
    all_active = all_fin & (start <= last) & (end >= last)
    clients_all = np.unique(facts.stay_client[all_active])
    clients_pgb = np.unique(facts.stay_client[all_active & facts.stay_pgb])
    add(Figure("pgb_clienten", int(clients_pgb.size), "cliënten"))
    add(Figure("pgb_aandeel", percent(int(clients_pgb.size), int(clients_all.size)), "procent",
               note="ZIN en PGB samen (de keuze ZIN/PGB geldt hier niet)" if scope.financing
               else "", part=int(clients_pgb.size), base=int(clients_all.size)))

    # -- terugval --------------------------------------------------------------------------------
    add(_terugval(facts, masks, scope, quarter))
    add(Figure("terugval_na_nazorg", None, "procent", available=False,
               note="nazorg na uitstroom (strippenkaart, woningbegeleiding) wordt nog niet "
                    "vastgelegd"))

    # -- meldingen and Wmo terms -----------------------------------------------------------------
    in_region = masks.region_municipalities[facts.melding_municipality]
    melding_scope = in_region.copy()
    if masks.municipality >= 0:
        melding_scope &= facts.melding_municipality == masks.municipality
    reported = facts.melding_reported
    bw_meldingen = melding_scope & (facts.melding_track == 0)
    no_product = "meldingen hebben nog geen product; getoond voor alle producten" \
        if (scope.product or scope.financing) else ""
    add(Figure("meldingen", int(np.count_nonzero(
        bw_meldingen & (reported >= first) & (reported <= last))), "meldingen", note=no_product))
    inv_due = facts.melding_investigation_due
    inv_term = bw_meldingen & (inv_due >= first) & (inv_due <= last)
    inv_met = inv_term & (facts.melding_investigation_done <= inv_due)
    add(Figure("wmo_termijn_onderzoek",
               percent(int(np.count_nonzero(inv_met)), int(np.count_nonzero(inv_term))),
               "procent", note=no_product or (
                   "" if inv_term.any() else "geen onderzoekstermijn die in dit kwartaal afloopt"),
               part=int(np.count_nonzero(inv_met)), base=int(np.count_nonzero(inv_term))))
    dec_due = facts.melding_decision_due
    dec_term = bw_meldingen & (dec_due >= first) & (dec_due <= last)
    dec_met = dec_term & (facts.melding_decided <= dec_due)
    add(Figure("wmo_termijn_beschikking",
               percent(int(np.count_nonzero(dec_met)), int(np.count_nonzero(dec_term))),
               "procent", note=no_product or (
                   "" if dec_term.any() else "geen beslistermijn die in dit kwartaal afloopt"),
               part=int(np.count_nonzero(dec_met)), base=int(np.count_nonzero(dec_term))))

    # -- places per 10,000 inhabitants -----------------------------------------------------------
    add(_places(facts, masks, quarter))

    # -- budget vs realisation -------------------------------------------------------------------
    add(_finance(finance, scope, quarter))

    # -- MO --------------------------------------------------------------------------------------
    mo_meldingen = melding_scope & (facts.melding_track == 1) & (reported >= first) \
        & (reported <= last)
    causes = facts.melding_cause[mo_meldingen]
    cause_counts: dict[str, int | Decimal | None] = {
        name: int(np.count_nonzero(causes == i)) for i, name in enumerate(CAUSES)}
    cause_counts["niet_vastgelegd"] = int(np.count_nonzero(causes < 0))
    add(Figure("oorzaken_dakloosheid", int(causes.size), "meldingen MO", breakdown=cause_counts))
    mo = _stay_mask(facts, masks, scope, masks.product_mo) & (start <= last) & (end >= first)
    add(Figure("mo_verblijven", int(np.count_nonzero(mo)), "verblijven"))
    nights = np.minimum(end[mo], last).astype(np.int64) - np.maximum(start[mo], first) + 1
    add(Figure("mo_nachten", int(nights.sum()), "nachten"))
    add(Figure("mo_clienten", _count_unique(facts.stay_client[mo]), "cliënten"))
    return KpiSet(scope, quarter, figures)


def _terugval(facts: Facts, masks: _Masks, scope: Scope, quarter: Quarter) -> Figure:
    """Uitstromers of the same quarter a year earlier (12 months can be observed) who started a
    new BW or MO stay in the region within 365 days after their last day of care."""
    cohort_q = quarter.shift(-4)
    c_first, c_last = cohort_q.first.toordinal(), cohort_q.last.toordinal()
    bw = _stay_mask(facts, masks, scope, masks.product_bw)
    deceased = DESTINATIONS.index("deceased")
    cohort = bw & (facts.stay_end >= c_first) & (facts.stay_end <= c_last) \
        & ~facts.stay_has_next & (facts.stay_destination != deceased)
    clients = facts.stay_client[cohort]
    ends = facts.stay_end[cohort].astype(np.int64)
    if clients.size == 0:
        return Figure("terugval_12_maanden", None, "procent",
                      note=f"geen uitstroom in {cohort_q.label}", breakdown={"uitstromers": 0})
    any_region = masks.product_region[facts.stay_product]
    big = np.int64(10**7)
    keys = np.sort(facts.stay_client[any_region].astype(np.int64) * big
                   + facts.stay_start[any_region].astype(np.int64))
    lo = np.searchsorted(keys, clients * big + ends + 1, side="left")
    hi = np.searchsorted(keys, clients * big + ends + TERUGVAL_DAYS, side="right")
    returned = hi > lo
    cohort_clients = np.unique(clients)
    returned_clients = np.unique(clients[returned])
    return Figure(
        "terugval_12_maanden", percent(int(returned_clients.size), int(cohort_clients.size)),
        "procent", note=f"uitstromers van {cohort_q.label}",
        part=int(returned_clients.size), base=int(cohort_clients.size),
        breakdown={"uitstromers": int(cohort_clients.size),
                   "teruggekeerd": int(returned_clients.size)})


def places_on(facts: Facts, day: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(product, municipality, places) of every (location, product) on ``day``: the last step
    with valid_from ≤ day (rows are sorted by location, product, valid_from, id)."""
    valid = facts.cap_valid_from <= day
    loc, prod = facts.cap_location[valid], facts.cap_product[valid]
    if loc.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    last_of_group = np.ones(loc.size, dtype=np.bool_)
    last_of_group[:-1] = (loc[1:] != loc[:-1]) | (prod[1:] != prod[:-1])
    return (prod[last_of_group], facts.cap_municipality[valid][last_of_group],
            facts.cap_places[valid][last_of_group])


def _places(facts: Facts, masks: _Masks, quarter: Quarter) -> Figure:
    prod, muni, places = places_on(facts, quarter.last.toordinal())
    in_area = masks.region_municipalities[muni] if muni.size else np.zeros(0, dtype=np.bool_)
    if masks.municipality >= 0:
        in_area = muni == masks.municipality
        inhabitants = int(facts.municipality_inhabitants[masks.municipality])
    else:
        inhabitants = int(facts.municipality_inhabitants[masks.region_municipalities].sum())
    bw_places = int(places[in_area & masks.product_bw[prod]].sum()) if prod.size else 0
    mo_places = int(places[in_area & masks.product_mo[prod]].sum()) if prod.size else 0
    return Figure("plaatsen_per_10000", per_10000(bw_places, inhabitants),
                  "plaatsen per 10.000 inwoners",
                  note="" if inhabitants else "aantal inwoners onbekend",
                  breakdown={"plaatsen_bw": bw_places, "plaatsen_mo": mo_places,
                             "inwoners": inhabitants,
                             "mo_per_10000": per_10000(mo_places, inhabitants)})


def _finance(finance: FinanceSource | None, scope: Scope, quarter: Quarter) -> Figure:
    if finance is None:
        return Figure("budget_realisatie", None, "procent", available=False,
                      note="geen financiële gegevens")
    result = finance.budget_and_realisation(scope, quarter)
    if result is None:
        return Figure("budget_realisatie", None, "procent", available=False,
                      note=f"geen budget vastgelegd voor {quarter.year}")
    budget, realised = result
    if budget is None:
        return Figure("budget_realisatie", None, "procent",
                      note="het budget geldt voor alle producten en ZIN en PGB samen",
                      breakdown={"budget": None, "realisatie": realised, "verschil": None})
    ratio = None if budget == 0 else (realised * 100 / budget).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Figure("budget_realisatie", ratio, "procent",
                  breakdown={"budget": budget, "realisatie": realised,
                             "verschil": realised - budget})


def compute_trend(
    facts: Facts, scope: Scope, quarter: Quarter, *, finance: FinanceSource | None = None,
    count: int = 8,
) -> list[KpiSet]:
    return [compute_kpis(facts, scope, q, finance=finance) for q in quarter.trend(count)]


FactsLoader = Callable[[], Facts]
