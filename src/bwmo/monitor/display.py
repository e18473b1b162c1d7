"""How a figure reads on a screen, in the PDF and in the workbook (Dutch; what is suppressed
(monitor.published) reads "x")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .definitions import BY_NAME, breakdown_label
from .kpis import NOT_YET, Figure, KpiSet
from .published import MARK
from .quality import INDICATORS, QualityRow

if TYPE_CHECKING:
    from .cohort import CohortRow
    from .services import MonitorData

EURO_KEYS = frozenset({"budget", "realisatie", "verschil"})


def number(value: int | Decimal | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        if unit.startswith("€") or unit == "euro":
            text = f"{value:,.2f}"
        else:
            text = f"{value:,.1f}" if value != value.to_integral_value() else f"{value:,.0f}"
    else:
        text = f"{value:,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def figure_text(figure: Figure, hidden: bool) -> str:
    """The value as shown: "nog niet beschikbaar", "x" (suppressed), "12,5 %", "1.234"."""
    if not figure.available:
        return NOT_YET
    if figure.value is None:
        return "–"
    if hidden:
        return MARK
    if figure.unit == "procent":
        return f"{number(figure.value)} %"
    return number(figure.value)


def breakdown_rows(
    figure: Figure, hidden: Callable[[str], bool],
) -> list[tuple[str, str]]:
    rows = []
    for key, value in figure.breakdown.items():
        if key in EURO_KEYS:
            text = "–" if value is None else f"€ {number(value, 'euro')}"
        elif value is not None and hidden(key):
            text = MARK
        else:
            text = number(value)
        rows.append((breakdown_label(key), text))
    return rows


def shown_figure(data: MonitorData, kpis: KpiSet, name: str) -> str:
    return figure_text(kpis[name], data.hidden(kpis, name))


def shown_breakdown(data: MonitorData, kpis: KpiSet, name: str) -> list[tuple[str, str]]:
    return breakdown_rows(kpis[name], lambda key: data.hidden(kpis, name, key))


def shown_cohort(data: MonitorData, c: CohortRow) -> dict[str, object]:
    """One row of the bestandsanalyse as shown: counts, "x" where suppressed."""
    published = data.cohorts_published
    assert published is not None

    def cell(what: str | None, value: int | Decimal | None, unit: str = "") -> str:
        key = str(c.year) if what is None else f"{c.year}:{what}"
        if value is not None and published.hidden(data.area, "cohort", key):
            return MARK
        return number(value, unit)

    return {
        "year": c.year, "clients": cell(None, c.clients),
        "origin": [cell(f"origin:{k}", v) for k, v in c.origin.items()],
        "still": cell("still", c.still_in_care),
        "gone": [(breakdown_label(k), cell(f"dest:{k}", v))
                 for k, v in c.destinations.items() if v],
        "median": cell("median", c.median_days),
        "over": cell("over_two_years", c.over_two_years),
    }


@dataclass(frozen=True)
class ShownQuality:
    """The data-quality page as shown: per signal one text per trend quarter, "x" where
    suppressed (monitor.published.publish_quality)."""

    totals: list[tuple[str, str, list[str]]]  # (signal, label, texts)
    by_municipality: list[tuple[str, str, str, list[str]]]  # (name, signal, label, texts)
    by_provider: list[tuple[str, str, str, list[str]]]
    legend: str


def shown_quality(data: MonitorData) -> ShownQuality:
    report, published = data.quality, data.quality_published
    assert report is not None and published is not None
    area = None if report.municipality < 0 else report.municipality

    def texts(name: str, values: list[int], municipality: int | None,
              provider: int | None) -> list[str]:
        return [MARK if published.hidden(name, i, municipality, provider) else number(v)
                for i, v in enumerate(values)]

    def rows(of: list[QualityRow], per_municipality: bool) -> list[tuple[str, str, str, list[str]]]:
        shown = []
        for r in of:
            for name, label in INDICATORS:
                where = (r.index, None) if per_municipality else (area, r.index)
                row = texts(name, r.counts[name], *where)
                if any(r.counts[name]) or MARK in row:  # all zeros: left out, as on the page
                    shown.append((r.name, name, label, row))
        return shown

    return ShownQuality(
        totals=[(name, label, texts(name, report.totals[name], area, None))
                for name, label in INDICATORS],
        by_municipality=rows(report.by_municipality, True),
        by_provider=rows(report.by_provider, False),
        legend=published.legend,
    )


def title(name: str) -> str:
    return BY_NAME[name].title if name in BY_NAME else name
