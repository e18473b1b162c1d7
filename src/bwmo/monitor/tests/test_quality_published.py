"""The data-quality page attacked: a beleid user reads the region's page and every municipality's
page (signals per municipality, per provider, and per provider within a municipality, for 8
quarters) and solves, per signal and quarter, for the findings per (municipality, provider) with
every number shown as an equation and every count >= 0. No small count is shown and no hidden
number can be narrowed; with only the small counts hidden, the attack recovers some. The attack
is written from the pages, apart from the suppression module."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.urls import reverse

import numpy as np
import pytest
from scipy.optimize import linprog

from bwmo.accounts.constants import Role
from bwmo.core import suppression as core_suppression
from bwmo.core.suppression import Suppression
from bwmo.monitor import facts as facts_module
from bwmo.monitor.facts import load_facts
from bwmo.monitor.kpis import Quarter, Scope
from bwmo.monitor.quality import INDICATORS, quality_report
from bwmo.testing.factories import user_with_role

from .scenario import build_history

pytestmark = pytest.mark.django_db

QUARTER = Quarter(2024, 2)
T = 2  # the history has few findings per quarter: a low threshold leaves some shown
Cell = tuple[str, str]  # (municipality name, provider name)


def _tables(page: str) -> dict[str, dict[tuple[str, str], list[str]]]:
    """{"totaal" | "groep-1" | "groep-2": {(row name, signal): 8 texts}} as shown."""
    out: dict[str, dict[tuple[str, str], list[str]]] = {}
    for section in ("totaal", "groep-1", "groep-2"):
        html = page.split(f'id="{section}"')[1].split("</section>")[0]
        rows = {}
        for signal, cells in re.findall(r'<tr data-signal="([^"]+)">(.*?)</tr>', html):
            name = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', cells)[0]
            rows[(name if section != "totaal" else "", signal)] = re.findall(
                r'<td class="num">([^<]*)</td>', cells)
        out[section] = rows
    return out


def _interval(a: list[np.ndarray], b: list[float], target: np.ndarray) -> tuple[float, float]:
    bounds = []
    for sign in (1.0, -1.0):
        lp = linprog(sign * target, A_eq=np.array(a) if a else None,
                     b_eq=np.array(b) if b else None, bounds=(0, None), method="highs")
        assert lp.status in (0, 3), lp.message
        bounds.append(np.inf * -sign if lp.status == 3 else sign * lp.fun)
    return bounds[0], bounds[1]


def _attack(client, region, threshold: int) -> int:  # type: ignore[no-untyped-def]
    """Read the pages, attack; returns the number of small counts the pages had to hide."""
    client.force_login(user_with_role(Role.BELEID, region))
    url = reverse("monitor:quality") + f"?kwartaal={QUARTER.label}"
    region_page = client.get(url).content.decode()
    assert region_page.count(f"x = afgeschermd: minder dan {threshold} personen") == 1
    shown = _tables(region_page)
    members = list(region.municipalities.order_by("name"))
    own = {m.name: _tables(client.get(f"{url}&gemeente={m.code}").content.decode())
           for m in members}
    facts = load_facts()
    exact = quality_report(facts, Scope(region.slug), QUARTER)
    exact_own = {m.name: quality_report(facts, Scope(region.slug, m.code), QUARTER)
                 for m in members}
    munis = sorted({r.name for r in exact.by_municipality} | set(own))
    providers = sorted({r.name for r in exact.by_provider})
    cells: list[Cell] = [(m, p) for m in munis for p in providers]
    col = {c: i for i, c in enumerate(cells)}
    small = 0
    for name, _label in INDICATORS:
        for q in range(8):
            def vec(which: list[Cell]) -> np.ndarray:
                v = np.zeros(len(cells))
                for c in which:
                    v[col[c]] = 1.0
                return v

            # (what is published, its cells, its true value, its text)
            items: list[tuple[str, np.ndarray, int, str]] = []
            true_rows = {r.name: r.counts[name][q] for r in exact.by_municipality}
            true_cols = {r.name: r.counts[name][q] for r in exact.by_provider}
            # every finding has a municipality and a provider here: the strongest attacker
            assert exact.totals[name][q] == sum(true_rows.values()) == sum(true_cols.values())
            items.append(("regio", vec(cells), exact.totals[name][q],
                          shown["totaal"][("", name)][q]))
            for m in munis:
                text = shown["groep-1"].get((m, name), ["0"] * 8)[q]
                items.append((m, vec([(m, p) for p in providers]), true_rows.get(m, 0), text))
            for p in providers:
                text = shown["groep-2"].get((p, name), ["0"] * 8)[q]
                items.append((p, vec([(m, p) for m in munis]), true_cols.get(p, 0), text))
            for m, pages in own.items():
                by_p = {r.name: r.counts[name][q] for r in exact_own[m].by_provider}
                items.append((f"{m} totaal", vec([(m, p) for p in providers]),
                              exact_own[m].totals[name][q], pages["totaal"][("", name)][q]))
                for p in providers:
                    text = pages["groep-2"].get((p, name), ["0"] * 8)[q]
                    items.append((f"{m} × {p}", vec([(m, p)]), by_p.get(p, 0), text))
            a = [v for _w, v, _t, text in items if text != "x"]
            b = [float(text.replace(".", "")) for _w, _v, _t, text in items if text != "x"]
            for what, v, true, text in items:
                where = f"{name} {exact.quarters[q].label} {what}"
                if text != "x":
                    assert int(text.replace(".", "")) == true, where
                    assert not 0 < true < threshold, f"{where} = {true} is shown"
                    continue
                small += 0 < true < threshold
                low, high = _interval(a, b, v)
                assert low - 1e-6 <= true <= high + 1e-6, where
                assert high - low > 1e-6, f"{where} recovered: {low}"
                if 0 < true < threshold:
                    assert high - low >= threshold - 1e-6, f"{where} narrowed to [{low}, {high}]"
    return small


@pytest.fixture
def history(region, settings):  # type: ignore[no-untyped-def]
    facts_module._CACHE.clear()
    settings.BWMO_SMALL_COUNT_THRESHOLD = T
    build_history(region, clients=60)
    yield
    facts_module._CACHE.clear()


def test_the_data_quality_pages_survive_the_attack(client, region, history):
    assert _attack(client, region, T) >= 3  # the history has small counts to hide


def test_with_only_the_small_counts_hidden_the_attack_recovers_them(client, region, history,
                                                                    monkeypatch):
    def primary(values, sums, *, threshold, protection=None):  # type: ignore[no-untyped-def]
        small = frozenset(i for i, v in enumerate(values) if 0 < v < threshold)
        return Suppression(primary=small, suppressed=small, intervals={})

    monkeypatch.setattr(core_suppression, "suppress", primary)
    with pytest.raises(AssertionError, match=r"recovered|narrowed"):
        _attack(client, region, T)


def test_workbook_and_pdf_show_the_data_quality_as_the_page(region, history):
    from io import BytesIO

    from openpyxl import load_workbook

    from bwmo.monitor.reports import monitor_workbook, pdf_context
    from bwmo.monitor.services import monitor_data

    data = monitor_data(region, Quarter(2024, 1))  # a first quarter: the extended report
    assert data.quality is not None and data.quality_published is not None
    book = load_workbook(BytesIO(monitor_workbook(data)))
    rows = list(book["Datakwaliteit"].iter_rows(values_only=True))
    legend = f"x = afgeschermd: minder dan {T} personen"
    assert sum(1 for r in rows if isinstance(r[0], str) and r[0].startswith(legend)) == 1
    values = [v for r in rows[2:] if r[0] and not r[0].startswith(legend) for v in r[2:]]
    assert "x" in values
    assert not any(isinstance(v, int) and 0 < v < T for v in values)
    totals: Mapping[str, list[str]] = {label: list(texts) for label, texts
                                       in pdf_context(data)["quality_totals"]}  # type: ignore[union-attr]
    sheet_totals = {r[1]: [str(v) for v in r[2:]] for r in rows if r[0] == "Totaal"}
    assert totals == sheet_totals
