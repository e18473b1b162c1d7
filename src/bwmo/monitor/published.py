"""Which of the monitor's figures may be published (DOMAIN §9, issue 13 item 4): small counts and
everything that would give them away are hidden, through `bwmo.core.suppression`.

A quarter's figures are one published table: the region's figures, every member municipality's
(the per-municipality table, and each municipality's own page: the same numbers), and their
breakdowns. The cells are tied by the sums that really hold:

* within one area: a breakdown's parts add up to its total (*herkomst* and *leeftijdsgroepen* to
  the clients in care — the same cell —, *uitstroombestemmingen*, *oorzaken dakloosheid*; the
  returned of *terugval* are part of its uitstromers; the PGB clients part of the clients in care
  when ZIN and PGB are shown together). Where the parts do not cover the total (a client under 18
  in no age group, a destination the monitor leaves out) the difference is a cell that is never
  shown, so the sum still holds;
* across areas: a region's count is the sum of its municipalities' plus what belongs to none of
  them (clients of a municipality outside the region in the region's facilities), a cell that is
  never shown. Only where the region's count is at least the sum of the municipalities' (no
  client counted in two of them): otherwise the sum does not hold and is not used.

`bwmo.core.suppression.suppress` then hides every count with ``0 < n < threshold`` (the region's
``threshold_for``) and as many others as it takes so that no hidden cell can be recovered from
the published ones and these sums. Figures that are no sums (shares, medians) are hidden by the
primary rule only: a share when its numerator, denominator or their difference is small, a median
when it is over fewer persons than the threshold; a share is hidden too when the count it is a
share of, or its denominator, is hidden (the share and the other would give it back). MO nights
are hidden wherever the MO stays are (same areas, same sums).

The trend over 8 quarters shows each quarter's figures as that quarter's own table publishes them.
The bestandsanalyse is a table of its own (entry year × origin and destination, for the area and
for each municipality). Hidden cells read `SUPPRESSED_MARK` ("x"), with `SUPPRESSED_LEGEND` once
per page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bwmo.core.suppression import SUPPRESSED_LEGEND, SUPPRESSED_MARK, Sum, suppress, suppress_table

from .cohort import CohortRow
from .kpis import KpiSet
from .quality import QualityTable

MARK = SUPPRESSED_MARK
REST = "~rest"  # the never-shown cell that makes a sum hold ("the others", "none of them")
REGION = None  # the area total: the region (or, in tests, any area with parts)

Area = str | None  # municipality code, None for the region
Key = tuple[Area, str, str | None]  # (area, figure, breakdown key or None for the figure's value)

ADDITIVE = ("clienten_in_zorg", "instroom", "doorstroom", "uitstroom", "wachtlijst_lengte",
            "meldingen", "pgb_clienten", "mo_verblijven", "mo_clienten")
BREAKDOWNS = ("herkomst", "leeftijdsgroepen", "uitstroombestemmingen", "oorzaken_dakloosheid")
IN_CARE_BREAKDOWNS = ("herkomst", "leeftijdsgroepen")  # their total is the clients in care
MIRRORED = {"mo_nachten": "mo_verblijven"}  # hidden where the other is
# a share that with its denominator gives a published count back: share -> (figure, part)
SHARE_OF: dict[str, tuple[str, str | None]] = {
    "herkomst_eigen_gemeente": ("herkomst", "eigen_gemeente"),
    "herkomst_regio": ("herkomst", "regio"),
    "herkomst_buiten_regio": ("herkomst", "buiten_regio"),
    "herkomst_onbekend": ("herkomst", "onbekend"),
    "leeftijd_twintigers": ("leeftijdsgroepen", "20-29"),
    "leeftijd_50_plus": ("leeftijdsgroepen", "50+"),
    "pgb_aandeel": ("pgb_clienten", None),
    "terugval_12_maanden": ("terugval_12_maanden", "teruggekeerd"),
}
BASE_OF: dict[str, tuple[str, str | None]] = {
    **{name: ("clienten_in_zorg", None) for name in SHARE_OF if name.startswith(("herkomst_",
                                                                                "leeftijd_"))},
    "verblijf_langer_dan_2_jaar": ("clienten_in_zorg", None),
    "pgb_aandeel": ("clienten_in_zorg", None),  # its denominator with ZIN and PGB together
    "terugval_12_maanden": ("terugval_12_maanden", "uitstromers"),
}
NOT_PERSONS = frozenset({"plaatsen_per_10000", "budget_realisatie"})  # places, euros


def legend(threshold: int) -> str:
    return SUPPRESSED_LEGEND.format(threshold=threshold)


def small(count: int | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


class CellTable:
    """Cells under keys and the sums between them, for `suppress`."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self.index: dict[Key, int] = {}
        self.alias: dict[Key, Key] = {}
        self.sums: list[Sum] = []

    def canonical(self, key: Key) -> Key:
        return self.alias.get(key, key)

    def add(self, key: Key, value: int) -> None:
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(int(value))

    def tie(self, total: Key, parts: Sequence[Key], rest_part: str | None = None) -> bool:
        """``total = sum(parts)``, completed with a never-shown rest cell (``rest_part``, by
        default the parts' figure with "~rest") if the parts fall short; False (no sum) if they
        exceed the total or a cell is missing."""
        total = self.canonical(total)
        parts = [self.canonical(p) for p in parts]
        if total not in self.index or any(p not in self.index for p in parts) or not parts:
            return False
        diff = self.values[self.index[total]] - sum(self.values[self.index[p]] for p in parts)
        if diff < 0:
            return False
        if diff > 0:
            rest: Key = (total[0], parts[0][1],
                         rest_part if rest_part is not None else f"{total[2] or ''}{REST}")
            if rest in self.index:
                raise ValueError(f"Restcel {rest} bestaat al.")
            self.add(rest, diff)
            parts = [*parts, rest]
        self.sums.append(Sum(self.index[total], tuple(self.index[p] for p in parts)))
        return True

    def tie_areas(self, areas: Sequence[str]) -> None:
        """Each of the region's cells = the municipalities' + the rest, where that holds."""
        if not areas:
            return
        for key in [k for k in self.index if k[0] is REGION]:
            parts: list[Key] = [(area, key[1], key[2]) for area in areas]
            if any(p not in self.index for p in parts):
                continue
            diff = self.values[self.index[key]] - sum(self.values[self.index[p]] for p in parts)
            if diff < 0:
                continue
            rest: Key = (REST, key[1], key[2])
            if diff > 0:
                self.add(rest, diff)
                parts = [*parts, rest]
            self.sums.append(Sum(self.index[key], tuple(self.index[p] for p in parts)))

    def hidden(self, threshold: int) -> frozenset[Key]:
        result = suppress(self.values, self.sums, threshold=threshold)
        by_index = {i: k for k, i in self.index.items()}
        keys = {by_index[i] for i in result.suppressed}
        keys |= {a for a, c in self.alias.items() if c in keys}
        return frozenset(keys)


@dataclass(frozen=True)
class Published:
    """What may be shown of one quarter's figures (all areas of the region)."""

    threshold: int
    hidden_keys: frozenset[Key]

    def hidden(self, area: Area, name: str, part: str | None = None) -> bool:
        return (area, name, part) in self.hidden_keys

    @property
    def legend(self) -> str:
        return legend(self.threshold)


def _figure_cells(table: CellTable, area: Area, kpis: KpiSet, financing: str | None) -> None:
    for name in ADDITIVE:
        figure = kpis[name]
        if figure.available and isinstance(figure.value, int):
            table.add((area, name, None), figure.value)
    in_care = (area, "clienten_in_zorg", None)
    for name in BREAKDOWNS:
        figure = kpis[name]
        if not isinstance(figure.value, int):
            continue
        total: Key = (area, name, None)
        if name in IN_CARE_BREAKDOWNS and in_care in table.index \
                and table.values[table.index[in_care]] == figure.value:
            table.alias[total] = in_care
        else:
            table.add(total, figure.value)
        parts = []
        for key, value in figure.breakdown.items():
            if isinstance(value, int):
                table.add((area, name, key), value)
                parts.append((area, name, key))
        table.tie(total, parts)
    terugval = kpis["terugval_12_maanden"].breakdown
    left, returned = terugval.get("uitstromers"), terugval.get("teruggekeerd")
    if isinstance(left, int):
        table.add((area, "terugval_12_maanden", "uitstromers"), left)
        if isinstance(returned, int):
            table.add((area, "terugval_12_maanden", "teruggekeerd"), returned)
            table.tie((area, "terugval_12_maanden", "uitstromers"),
                      [(area, "terugval_12_maanden", "teruggekeerd")])
    if financing is None:
        table.tie(in_care, [(area, "pgb_clienten", None)])


def _derived(kpis: KpiSet, area: Area, keys: set[Key], threshold: int) -> None:
    """Shares and medians (no sums): the primary rule, and hidden with what they would give back;
    MO nights with the MO stays."""
    for name, figure in kpis.figures.items():
        if name in NOT_PERSONS or (area, name, None) in keys:
            continue
        if name in MIRRORED and (area, MIRRORED[name], None) in keys:
            keys.add((area, name, None))
            continue
        if figure.base is None:
            continue
        if figure.unit == "procent":
            part = figure.part or 0
            hide = small(figure.base, threshold) or small(part, threshold) \
                or small(figure.base - part, threshold)
        else:  # a median over `base` persons
            hide = small(figure.base, threshold)
        linked = [SHARE_OF.get(name), BASE_OF.get(name)]
        hide = hide or any(link and (area, *link) in keys for link in linked)
        if hide:
            keys.add((area, name, None))


def publish_quarter(
    region_kpis: KpiSet, municipalities: Sequence[tuple[str, KpiSet]], threshold: int,
) -> Published:
    """The suppression of one quarter's figures for the region and its municipalities (one
    table: the per-municipality table and each municipality's page show the same cells)."""
    financing = region_kpis.scope.financing
    table = CellTable()
    _figure_cells(table, REGION, region_kpis, financing)
    for code, kpis in municipalities:
        _figure_cells(table, code, kpis, financing)
    table.tie_areas([code for code, _k in municipalities])
    keys = set(table.hidden(threshold))
    for area, kpis in [(REGION, region_kpis), *municipalities]:
        _derived(kpis, area, keys, threshold)
    return Published(threshold, frozenset(keys))


# --- Bestandsanalyse ---------------------------------------------------------------------------

COHORT = "cohort"


def _cohort_cells(table: CellTable, area: Area, rows: Iterable[CohortRow]) -> None:
    for c in rows:
        y = str(c.year)
        clients: Key = (area, COHORT, y)
        table.add(clients, c.clients)
        table.add((area, COHORT, f"{y}:still"), c.still_in_care)
        parts = []
        for key, value in c.origin.items():
            table.add((area, COHORT, f"{y}:origin:{key}"), value)
            parts.append((area, COHORT, f"{y}:origin:{key}"))
        table.tie(clients, parts, f"{y}:origin{REST}")
        gone = [(area, COHORT, f"{y}:still")]
        for key, value in c.destinations.items():
            table.add((area, COHORT, f"{y}:dest:{key}"), value)
            gone.append((area, COHORT, f"{y}:dest:{key}"))
        table.tie(clients, gone, f"{y}:dest{REST}")


def publish_cohorts(
    area_rows: Sequence[CohortRow], municipalities: Sequence[tuple[str, Sequence[CohortRow]]],
    threshold: int,
) -> Published:
    """The bestandsanalyse of the region (``area_rows``) and of each municipality as one table:
    a year's clients = its origins = still in care + its destinations; the region's = the
    municipalities' + the rest."""
    table = CellTable()
    _cohort_cells(table, REGION, area_rows)
    for code, rows in municipalities:
        _cohort_cells(table, code, rows)
    table.tie_areas([code for code, _r in municipalities])
    keys = set(table.hidden(threshold))
    for area, rows in [(REGION, area_rows), *municipalities]:
        for c in rows:
            y = str(c.year)
            if small(c.clients, threshold) or (area, COHORT, y) in keys:
                keys.add((area, COHORT, f"{y}:median"))
            part = c.over_two_years_count
            if small(c.clients, threshold) or small(part, threshold) \
                    or small(c.clients - part, threshold):
                keys.add((area, COHORT, f"{y}:over_two_years"))
    return Published(threshold, frozenset(keys))


# --- Data quality ------------------------------------------------------------------------------

QualityKey = tuple[str, int, int | None, int | None]  # (signal, quarter position, municipality,
#                                                        provider); None = the total over them


@dataclass(frozen=True)
class PublishedQuality:
    """What may be shown of the data-quality signals: per signal and trend quarter the region's
    municipality × provider table with its totals, suppressed by `suppress_table`. A cell that is
    not in the table (a municipality or provider without findings that quarter) is 0."""

    threshold: int
    hidden_keys: frozenset[QualityKey]

    def hidden(self, name: str, position: int, municipality: int | None,
               provider: int | None) -> bool:
        return (name, position, municipality, provider) in self.hidden_keys

    @property
    def legend(self) -> str:
        return legend(self.threshold)


def publish_quality(tables: Sequence[dict[str, QualityTable]], threshold: int) -> PublishedQuality:
    """One table per signal and quarter: the region page shows its row totals (per
    municipality), column totals (per provider) and grand total, each municipality's page its
    row's cells (per provider) and the row total. Findings without a municipality or provider
    (-1) are a row or column that is never shown, protected like the others."""
    keys: set[QualityKey] = set()
    for position, per_signal in enumerate(tables):
        for name, table in per_signal.items():
            if not table.rows:
                continue
            result = suppress_table(
                table.counts, row_labels=[str(m) for m in table.rows],
                column_labels=[str(p) for p in table.columns], threshold=threshold)
            for r, m in enumerate(table.rows):
                for c, p in enumerate(table.columns):
                    if result.cells[r][c].suppressed:
                        keys.add((name, position, m, p))
                if result.row_totals[r].suppressed:
                    keys.add((name, position, m, None))
            for c, p in enumerate(table.columns):
                if result.column_totals[c].suppressed:
                    keys.add((name, position, None, p))
            if result.grand_total.suppressed:
                keys.add((name, position, None, None))
    return PublishedQuality(threshold, frozenset(keys))
