"""The monitor's suppression attacked: for the per-municipality table and each breakdown, data
with a small cell, and an attacker who takes every published number and the sums that hold
(total minus the others; region minus the other municipalities) and solves for the hidden cells
by linear programming. The attack is written here from what is shown, apart from the module."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import numpy as np
import pytest
from scipy.optimize import linprog

from bwmo.core.suppression import Suppression
from bwmo.monitor import published as published_module
from bwmo.monitor.cohort import CohortRow
from bwmo.monitor.display import figure_text
from bwmo.monitor.kpis import Figure, KpiSet, Quarter, Scope
from bwmo.monitor.published import Published, publish_cohorts, publish_quarter

T = 5
Q = Quarter(2026, 3)
COUNTS = ("clienten_in_zorg", "instroom", "doorstroom", "uitstroom", "wachtlijst_lengte",
          "meldingen", "pgb_clienten", "mo_verblijven", "mo_clienten")
BREAKDOWN_UNITS = {"herkomst": "cliënten", "leeftijdsgroepen": "cliënten",
                   "uitstroombestemmingen": "plaatsingen", "oorzaken_dakloosheid": "meldingen MO"}


def kset(area: str | None, counts: Mapping[str, int] | None = None,
         breakdowns: Mapping[str, Mapping[str, int]] | None = None,
         shares: Mapping[str, tuple[int, int]] | None = None) -> KpiSet:
    counts = counts or {}
    breakdowns = breakdowns or {}
    figures: dict[str, Figure] = {}
    for name in COUNTS:
        figures[name] = Figure(name, counts.get(name, 0), "cliënten")
    in_care = counts.get("clienten_in_zorg", 0)
    for name, unit in BREAKDOWN_UNITS.items():
        parts = dict(breakdowns.get(name, {}))
        total = in_care if name in ("herkomst", "leeftijdsgroepen") else sum(parts.values())
        figures[name] = Figure(name, total, unit, breakdown=dict(parts))
    figures["terugval_12_maanden"] = Figure("terugval_12_maanden", None, "procent",
                                            breakdown={"uitstromers": 0})
    for name, (part, base) in (shares or {}).items():
        figures[name] = Figure(name, Decimal(part * 100) / base if base else None, "procent",
                               part=part, base=base)
    return KpiSet(Scope("r", area), Q, figures)


# --- the attacker ------------------------------------------------------------------------------

Cell = tuple[str | None, str, str | None]


def attack(true: Mapping[Cell, int], hidden: set[Cell],
           sums: Sequence[tuple[Cell, Sequence[Cell]]]) -> dict[Cell, tuple[float, float]]:
    """Feasible interval of every hidden cell given the published ones, the sums and >= 0."""
    unknown = sorted((c for c in true if c in hidden), key=str)
    col = {c: i for i, c in enumerate(unknown)}
    a, b = [], []
    for total, parts in sums:
        row = np.zeros(len(unknown))
        rhs = 0.0
        for cell, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if cell in col:
                row[col[cell]] += sign
            else:
                rhs -= sign * true[cell]
        if row.any():
            a.append(row)
            b.append(rhs)
    result = {}
    for cell in unknown:
        bounds = []
        for sign in (1.0, -1.0):
            c = np.zeros(len(unknown))
            c[col[cell]] = sign
            lp = linprog(c, A_eq=np.array(a) if a else None, b_eq=np.array(b) if b else None,
                         bounds=(0, None), method="highs")
            assert lp.status in (0, 3), lp.message
            bounds.append(np.inf * -sign if lp.status == 3 else sign * lp.fun)
        result[cell] = (bounds[0], bounds[1])
    return result


def assert_not_recovered(true: Mapping[Cell, int], hidden: set[Cell],
                         sums: Sequence[tuple[Cell, Sequence[Cell]]]) -> None:
    for cell, value in true.items():  # every small count is hidden
        if 0 < value < T:
            assert cell in hidden, f"{cell} = {value} is shown"
    for cell, (low, high) in attack(true, hidden, sums).items():
        assert low - 1e-6 <= true[cell] <= high + 1e-6
        assert high - low > 1e-6, f"{cell} recovered: {low}"
        if 0 < true[cell] < T:
            assert high - low >= T - 1e-6, f"{cell} = {true[cell]} narrowed to [{low}, {high}]"


def hidden_of(pub: Published) -> set[Cell]:
    return set(pub.hidden_keys)


# --- the per-municipality table ----------------------------------------------------------------

MUNIS = {"GM1": {"clienten_in_zorg": 3, "instroom": 12, "uitstroom": 9, "wachtlijst_lengte": 2,
                 "mo_verblijven": 20},
         "GM2": {"clienten_in_zorg": 50, "instroom": 2, "uitstroom": 14, "wachtlijst_lengte": 30,
                 "mo_verblijven": 4},
         "GM3": {"clienten_in_zorg": 47, "instroom": 20, "uitstroom": 11, "wachtlijst_lengte": 25,
                 "mo_verblijven": 31}}


def _table_world() -> tuple[KpiSet, list[tuple[str, KpiSet]]]:
    region = {k: sum(m.get(k, 0) for m in MUNIS.values()) for k in COUNTS}
    return kset(None, region), [(code, kset(code, c)) for code, c in MUNIS.items()]


def _table_attack(pub: Published) -> None:
    region, munis = _table_world()
    true: dict[Cell, int] = {}
    sums = []
    for name in ("clienten_in_zorg", "instroom", "uitstroom", "wachtlijst_lengte",
                 "mo_verblijven"):
        true[(None, name, None)] = int(region.value(name))  # type: ignore[arg-type]
        for code, k in munis:
            true[(code, name, None)] = int(k.value(name))  # type: ignore[arg-type]
        sums.append(((None, name, None), [(code, name, None) for code, _k in munis]))
    assert_not_recovered(true, hidden_of(pub), sums)


def test_municipality_table_small_cell_is_not_recovered_from_the_region_total():
    region, munis = _table_world()
    pub = publish_quarter(region, munis, T)
    assert pub.hidden("GM1", "clienten_in_zorg")
    # region minus the other municipalities: at least one other is hidden as well
    assert pub.hidden("GM2", "clienten_in_zorg") or pub.hidden("GM3", "clienten_in_zorg") \
        or pub.hidden(None, "clienten_in_zorg")
    _table_attack(pub)
    assert figure_text(munis[0][1]["clienten_in_zorg"], pub.hidden("GM1", "clienten_in_zorg")) \
        == "x"


def _primary_only(monkeypatch):
    """Break the secondary suppression on purpose: hide the small cells only."""
    def primary(values, sums, *, threshold, protection=None):
        small = frozenset(i for i, v in enumerate(values) if 0 < v < threshold)
        return Suppression(primary=small, suppressed=small, intervals={})
    monkeypatch.setattr(published_module, "suppress", primary)


def test_without_secondary_suppression_the_attack_recovers_the_cell(monkeypatch):
    _primary_only(monkeypatch)
    region, munis = _table_world()
    with pytest.raises(AssertionError, match="recovered"):
        _table_attack(publish_quarter(region, munis, T))


# --- breakdowns --------------------------------------------------------------------------------

BREAKDOWN_CASES = {
    "herkomst": {"eigen_gemeente": 30, "regio": 27, "buiten_regio": 3, "onbekend": 0},
    "leeftijdsgroepen": {"18-19": 2, "20-29": 24, "30-39": 14, "40-49": 10, "50+": 10},
    "uitstroombestemmingen": {"zelfstandig": 40, "begeleid": 12, "detentie": 1,
                              "niet_vastgelegd": 9},
    "oorzaken_dakloosheid": {"schulden": 25, "relatie": 15, "huisuitzetting": 4,
                             "niet_vastgelegd": 8},
}


def _breakdown_world(name: str) -> tuple[KpiSet, list[tuple[str, KpiSet]], dict[Cell, int],
                                          list[tuple[Cell, list[Cell]]]]:
    parts = BREAKDOWN_CASES[name]
    in_care = sum(parts.values()) if name in ("herkomst", "leeftijdsgroepen") else 60
    region = kset(None, {"clienten_in_zorg": in_care}, {name: parts})
    total: Cell = (None, "clienten_in_zorg", None) if name in ("herkomst", "leeftijdsgroepen") \
        else (None, name, None)
    true: dict[Cell, int] = {total: int(region[name].value)}  # type: ignore[arg-type]
    true.update({(None, name, k): v for k, v in parts.items()})
    sums = [(total, [(None, name, k) for k in parts])]
    return region, [], true, sums


def _hidden_with_alias(pub: Published, name: str) -> set[Cell]:
    keys = hidden_of(pub)
    if (None, name, None) in keys:
        keys.add((None, "clienten_in_zorg", None))
    return keys


@pytest.mark.parametrize("name", list(BREAKDOWN_CASES))
def test_breakdown_small_cell_is_not_recovered_from_the_total_minus_the_others(name):
    region, munis, true, sums = _breakdown_world(name)
    pub = publish_quarter(region, munis, T)
    small = [k for k, v in BREAKDOWN_CASES[name].items() if 0 < v < T]
    assert small and all(pub.hidden(None, name, k) for k in small)
    assert_not_recovered(true, _hidden_with_alias(pub, name), sums)


@pytest.mark.parametrize("name", list(BREAKDOWN_CASES))
def test_breakdown_attack_succeeds_without_secondary_suppression(name, monkeypatch):
    _primary_only(monkeypatch)
    region, munis, true, sums = _breakdown_world(name)
    with pytest.raises(AssertionError, match="recovered"):
        assert_not_recovered(true, _hidden_with_alias(publish_quarter(region, munis, T), name),
                             sums)


def test_breakdown_across_municipalities_is_tied_too():
    """The region's herkomst = the municipalities' herkomst: a municipality's small part is not
    recovered as the region's part minus the other municipalities' parts."""
    a = {"eigen_gemeente": 20, "regio": 10, "buiten_regio": 2, "onbekend": 8}
    b = {"eigen_gemeente": 25, "regio": 15, "buiten_regio": 12, "onbekend": 8}
    region_parts = {k: a[k] + b[k] for k in a}
    region = kset(None, {"clienten_in_zorg": 100}, {"herkomst": region_parts})
    munis = [("GM1", kset("GM1", {"clienten_in_zorg": 40}, {"herkomst": a})),
             ("GM2", kset("GM2", {"clienten_in_zorg": 60}, {"herkomst": b}))]
    pub = publish_quarter(region, munis, T)
    true: dict[Cell, int] = {}
    sums: list[tuple[Cell, list[Cell]]] = []
    for area, parts, total in ((None, region_parts, 100), ("GM1", a, 40), ("GM2", b, 60)):
        true[(area, "clienten_in_zorg", None)] = total
        true.update({(area, "herkomst", k): v for k, v in parts.items()})
        sums.append(((area, "clienten_in_zorg", None), [(area, "herkomst", k) for k in parts]))
    for key in [None, *a]:
        name = "clienten_in_zorg" if key is None else "herkomst"
        sums.append(((None, name, key), [("GM1", name, key), ("GM2", name, key)]))
    keys = hidden_of(pub)
    assert pub.hidden("GM1", "herkomst", "buiten_regio")
    assert_not_recovered(true, keys, sums)


def test_parts_that_do_not_cover_the_total_keep_a_hidden_rest():
    """Three clients under 18 are in no age group: the sum holds with a never-shown rest, which is
    small and protected like any cell."""
    groups = {"18-19": 10, "20-29": 24, "30-39": 14, "40-49": 10, "50+": 9}
    region = kset(None, {"clienten_in_zorg": 70}, {"leeftijdsgroepen": groups})
    pub = publish_quarter(region, [], T)
    true: dict[Cell, int] = {(None, "clienten_in_zorg", None): 70,
                             (None, "leeftijdsgroepen", "~rest"): 3}
    true.update({(None, "leeftijdsgroepen", k): v for k, v in groups.items()})
    sums = [((None, "clienten_in_zorg", None),
             [(None, "leeftijdsgroepen", k) for k in [*groups, "~rest"]])]
    assert pub.hidden(None, "leeftijdsgroepen", "~rest")
    assert_not_recovered(true, hidden_of(pub), sums)


def test_share_is_hidden_with_the_count_it_gives_back_and_by_its_own_small_numbers():
    parts = {"eigen_gemeente": 30, "regio": 27, "buiten_regio": 3, "onbekend": 0}
    region = kset(None, {"clienten_in_zorg": 60}, {"herkomst": parts}, shares={
        "herkomst_buiten_regio": (3, 60), "herkomst_eigen_gemeente": (30, 60),
        "verblijf_langer_dan_2_jaar": (58, 60), "leeftijd_twintigers": (20, 60)})
    region.figures["wachttijd_mediaan"] = Figure("wachttijd_mediaan", Decimal(40), "dagen", base=3)
    pub = publish_quarter(region, [], T)
    assert pub.hidden(None, "herkomst_buiten_regio")  # 3 of 60
    hidden_parts = [k for k in parts if pub.hidden(None, "herkomst", k)]
    assert "eigen_gemeente" in hidden_parts or "regio" in hidden_parts  # the secondary
    for key in [k for k in hidden_parts if f"herkomst_{k}" in region.figures]:
        assert pub.hidden(None, f"herkomst_{key}")  # share x 60 would give the count back
    assert pub.hidden(None, "verblijf_langer_dan_2_jaar")  # 2 are not
    assert pub.hidden(None, "wachttijd_mediaan")  # a median of 3 persons
    assert not pub.hidden(None, "leeftijd_twintigers")


def test_mo_nights_hidden_with_the_stays():
    region, munis = _table_world()
    for _area, k in [(None, region), *munis]:
        k.figures["mo_nachten"] = Figure("mo_nachten", 10 * int(k.value("mo_verblijven") or 0),
                                         "nachten")
    pub = publish_quarter(region, munis, T)
    assert pub.hidden("GM2", "mo_verblijven") and pub.hidden("GM2", "mo_nachten")
    for area in (None, "GM1", "GM3"):
        assert pub.hidden(area, "mo_nachten") == pub.hidden(area, "mo_verblijven")


# --- bestandsanalyse ---------------------------------------------------------------------------


def _row(year, origin, still, dest, over=0):
    n = sum(origin.values())
    return CohortRow(year, n, origin, still, Decimal(300), Decimal(over * 100) / n, dest, over)


COHORT_ROWS = [
    _row(2019, {"eigen_gemeente": 20, "regio": 12, "buiten_regio": 2, "onbekend": 6}, 10,
         {"zelfstandig": 20, "begeleid": 7, "detentie": 3, "niet_vastgelegd": 0}, over=12),
    _row(2020, {"eigen_gemeente": 25, "regio": 15, "buiten_regio": 10, "onbekend": 10}, 30,
         {"zelfstandig": 20, "begeleid": 6, "detentie": 0, "niet_vastgelegd": 4}, over=20),
]


def _cohort_attack(pub: Published) -> None:
    true: dict[Cell, int] = {}
    sums: list[tuple[Cell, list[Cell]]] = []
    for c in COHORT_ROWS:
        y = str(c.year)
        total = (None, "cohort", y)
        true[total] = c.clients
        true[(None, "cohort", f"{y}:still")] = c.still_in_care
        true.update({(None, "cohort", f"{y}:origin:{k}"): v for k, v in c.origin.items()})
        true.update({(None, "cohort", f"{y}:dest:{k}"): v for k, v in c.destinations.items()})
        sums.append((total, [(None, "cohort", f"{y}:origin:{k}") for k in c.origin]))
        sums.append((total, [(None, "cohort", f"{y}:still"),
                             *[(None, "cohort", f"{y}:dest:{k}") for k in c.destinations]]))
    assert_not_recovered(true, hidden_of(pub), sums)


def test_cohort_small_cells_are_not_recovered():
    pub = publish_cohorts(COHORT_ROWS, [], T)
    assert pub.hidden(None, "cohort", "2019:origin:buiten_regio")
    assert pub.hidden(None, "cohort", "2019:dest:detentie")
    _cohort_attack(pub)


def test_cohort_attack_succeeds_without_secondary_suppression(monkeypatch):
    _primary_only(monkeypatch)
    with pytest.raises(AssertionError, match="recovered"):
        _cohort_attack(publish_cohorts(COHORT_ROWS, [], T))


# --- on a generated history, through the screens ------------------------------------------------


@pytest.mark.django_db
def test_dashboard_per_municipality_table_survives_the_attack(client, region, settings):
    """The region page's per-municipality table and each municipality's own page, from a
    generated history with a high threshold (many small cells): every number is read from the
    screens, the attacker solves region = municipalities + what belongs to none of them."""
    import re

    from django.urls import reverse

    from bwmo.accounts.constants import Role
    from bwmo.monitor.facts import load_facts
    from bwmo.monitor.kpis import compute_kpis
    from bwmo.testing.factories import user_with_role

    from .scenario import build_history

    build_history(region, clients=60)
    facts = load_facts()
    members = list(region.municipalities.order_by("name"))
    in_care = sorted({int(compute_kpis(facts, Scope(region.slug, m.code), Quarter(2024, 2)).value(
        "clienten_in_zorg") or 0) for m in members} - {0})
    threshold = in_care[1]  # exactly one municipality's clients in care are below it
    settings.BWMO_SMALL_COUNT_THRESHOLD = threshold
    client.force_login(user_with_role(Role.BELEID, region))
    page = client.get(reverse("monitor:dashboard") + "?kwartaal=2024-K2").content.decode()
    assert page.count(f"x = afgeschermd: minder dan {threshold} personen") == 1
    table = page.split('id="gemeenten"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th>(.*?)</tr>', table)
    shown = {name: re.findall(r'<td class="num">([^<]*)</td>', cells) for name, cells in rows}
    true_sets = {m.name: compute_kpis(facts, Scope(region.slug, m.code), Quarter(2024, 2))
                 for m in members}
    true_sets[region.name] = compute_kpis(facts, Scope(region.slug), Quarter(2024, 2))
    columns = [d for d in published_module.ADDITIVE if d in (
        "clienten_in_zorg", "instroom", "uitstroom", "wachtlijst_lengte", "mo_verblijven")]
    from bwmo.monitor.definitions import DEFINITIONS
    chart = [d.name for d in DEFINITIONS if d.chart]
    checked = 0
    for name in columns:
        true: dict[Cell, int] = {}
        hidden: set[Cell] = set()
        for area, k in true_sets.items():
            cell = (area, name, None)
            true[cell] = int(k.value(name))  # type: ignore[arg-type]
            text = shown[area][chart.index(name)]
            if text == "x":
                hidden.add(cell)
            else:
                assert text.replace(".", "") == str(true[cell])
        rest = true[(region.name, name, None)] - sum(true[(m.name, name, None)] for m in members)
        assert rest >= 0
        true[("rest", name, None)] = rest
        hidden.add(("rest", name, None))  # never shown
        sums = [((region.name, name, None), [*[(m.name, name, None) for m in members],
                                              ("rest", name, None)])]
        small = [c for c, v in true.items() if 0 < v < threshold and c[0] != "rest"]
        checked += len(small)
        for cell, value in true.items():
            if 0 < value < threshold and cell[0] != "rest":
                assert cell in hidden
        for cell, (low, high) in attack(true, hidden, sums).items():
            if cell[0] != "rest":
                assert high - low > 1e-6, f"{cell} recovered"
                if 0 < true[cell] < threshold:
                    assert high - low >= threshold - 1e-6, f"{cell} narrowed to [{low}, {high}]"
    assert checked  # the history has small cells to attack
    # a municipality's own page shows the same cells as the region's table
    for m in members:
        own = client.get(reverse("monitor:dashboard")
                         + f"?kwartaal=2024-K2&gemeente={m.code}").content.decode()
        row = own.split('<tr data-kpi="clienten_in_zorg">')[1].split("</tr>")[0]
        value = re.findall(r'<td class="num">([^<]*)</td>', row)[0]
        assert value == shown[m.name][chart.index("clienten_in_zorg")]


@pytest.mark.django_db
def test_workbook_pdf_and_cohort_page_show_x_and_the_legend(client, region, settings):
    from io import BytesIO

    from django.urls import reverse

    from openpyxl import load_workbook

    from bwmo.accounts.constants import Role
    from bwmo.monitor.reports import monitor_workbook, pdf_context
    from bwmo.monitor.services import monitor_data
    from bwmo.testing.factories import user_with_role

    from .scenario import build_history

    build_history(region, clients=30)
    settings.BWMO_SMALL_COUNT_THRESHOLD = 1000
    data = monitor_data(region, Quarter(2024, 1))
    in_care = data.kpis.value("clienten_in_zorg")
    assert in_care and data.hidden(data.kpis, "clienten_in_zorg")
    book = load_workbook(BytesIO(monitor_workbook(data)))
    legend_text = "x = afgeschermd: minder dan 1000 personen"
    for sheet in book.worksheets:  # Datakwaliteit too (test_quality_published)
        values = [v for row in sheet.iter_rows(values_only=True) for v in row]
        assert sum(1 for v in values if isinstance(v, str) and v.startswith(legend_text)) == 1
        assert "x" in values or sheet.title == "Plaatsen en financiën", sheet.title
    first = book["Cliënten en stromen"]
    row = next(r for r in first.iter_rows(values_only=True) if r[0] == "Cliënten in zorg")
    assert row[-2] == "x" and in_care not in row
    context = pdf_context(data)
    assert context["legend"].startswith(legend_text)
    assert all(c["clients"] == "x" for c in context["cohorts"] if c["clients"] != "0")
    client.force_login(user_with_role(Role.BELEID, region))
    page = client.get(reverse("monitor:cohorts") + "?kwartaal=2024-K1").content.decode()
    assert page.count(legend_text) == 1 and '<td class="num">x</td>' in page
