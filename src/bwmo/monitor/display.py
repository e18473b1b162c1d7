"""How a figure reads on a screen, in the PDF and in the workbook (Dutch, counts suppressed)."""

from __future__ import annotations

from decimal import Decimal

from .definitions import BY_NAME, COUNT_UNITS, breakdown_label
from .kpis import NOT_YET, Figure
from .suppress import small_count

NON_COUNT_KEYS = frozenset({"inwoners", "plaatsen_bw", "plaatsen_mo", "mo_per_10000", "budget",
                            "realisatie", "verschil"})


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


def figure_text(figure: Figure) -> str:
    """The value as shown: "nog niet beschikbaar", "< 5", "12,5 %", "1.234"."""
    if not figure.available:
        return NOT_YET
    if figure.value is None:
        return "–"
    if figure.unit in COUNT_UNITS and isinstance(figure.value, int):
        return small_count(figure.value) if figure.value < 1000 else number(figure.value)
    if figure.unit == "procent":
        return f"{number(figure.value)} %"
    return number(figure.value)


def breakdown_rows(figure: Figure) -> list[tuple[str, str]]:
    rows = []
    for key, value in figure.breakdown.items():
        if key in ("budget", "realisatie", "verschil"):
            text = "–" if value is None else f"€ {number(value, 'euro')}"
        elif key in NON_COUNT_KEYS or not isinstance(value, int):
            text = number(value)
        else:
            text = small_count(value) if value < 1000 else number(value)
        rows.append((breakdown_label(key), text))
    return rows


def title(name: str) -> str:
    return BY_NAME[name].title if name in BY_NAME else name
