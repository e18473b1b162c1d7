"""Spreading of places over the region's municipalities (DOMAIN §5, seed 004 §3.3, seed 000 §3.4).

Seed 004 §3.3 shows "een onevenredige verdeling van locaties" over Centraal Gelderland; the region
wants to see, per type of place (BW intramuraal, BW ambulant/groepswonen, MO), how many places each
municipality has per 10,000 inhabitants against the regional average.

- The type of a place is the category of its product (`regions.Product.category`), so a location
  offering two kinds of product counts each place under its own type.
- Places per 10,000 = places / inhabitants × 10,000 (CBS inhabitants, `Municipality.inhabitants`).
- The regional average is the region's places divided by the region's inhabitants (a weighted
  average, not the mean of the municipalities' ratios), so it never depends on how the region is
  cut into municipalities. A municipality whose population is unknown is left out of the average
  on both sides and listed as such.
- The index is the municipality's ratio divided by the regional average (1.0 = average). Display
  values are rounded half up to one decimal; the computation is exact (fractions).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PER = 10_000
#: An index at or above this is shown as "veel hoger dan gemiddeld"; at or below LOW "veel lager".
INDEX_HIGH = Fraction(3, 2)
INDEX_LOW = Fraction(1, 2)


@dataclass(frozen=True)
class Population:
    code: str
    name: str
    inhabitants: int | None


@dataclass(frozen=True)
class Cell:
    places: int
    ratio: Fraction | None  # places per 10,000 inhabitants, exact
    index: Fraction | None  # ratio / regional ratio, exact

    @property
    def per_10000(self) -> Decimal | None:
        return _round(self.ratio)

    @property
    def index_display(self) -> Decimal | None:
        return _round(self.index)

    @property
    def level(self) -> str:
        """'high', 'low', 'average' or '' (no index)."""
        if self.index is None:
            return ""
        if self.index >= INDEX_HIGH:
            return "high"
        if self.index <= INDEX_LOW:
            return "low"
        return "average"


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    inhabitants: int | None
    cells: Mapping[str, Cell]
    total: Cell


@dataclass(frozen=True)
class SpreadingTable:
    categories: tuple[str, ...]
    rows: tuple[Row, ...]
    regional: Mapping[str, Cell]
    regional_total: Cell
    inhabitants: int
    without_population: tuple[str, ...]


def _round(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _ratio(places: int, inhabitants: int | None) -> Fraction | None:
    if not inhabitants:
        return None
    return Fraction(places * PER, inhabitants)


def _cell(places: int, inhabitants: int | None, regional: Fraction | None) -> Cell:
    ratio = _ratio(places, inhabitants)
    index = ratio / regional if ratio is not None and regional else None
    return Cell(places=places, ratio=ratio, index=index)


def spreading_table(
    municipalities: Iterable[Population],
    places: Mapping[tuple[str, str], int],
    categories: Sequence[str],
) -> SpreadingTable:
    """Build the table. `places` maps (municipality code, category) to a number of places."""
    members = sorted(municipalities, key=lambda m: m.name)
    known = [m for m in members if m.inhabitants]
    inhabitants = sum(m.inhabitants or 0 for m in known)

    def places_of(code: str, category: str | None = None) -> int:
        if category is not None:
            return places.get((code, category), 0)
        return sum(places.get((code, c), 0) for c in categories)

    regional_ratio = {
        c: _ratio(sum(places_of(m.code, c) for m in known), inhabitants) for c in categories
    }
    regional_total_ratio = _ratio(sum(places_of(m.code) for m in known), inhabitants)
    rows = tuple(
        Row(
            code=m.code, name=m.name, inhabitants=m.inhabitants,
            cells={c: _cell(places_of(m.code, c), m.inhabitants, regional_ratio[c])
                   for c in categories},
            total=_cell(places_of(m.code), m.inhabitants, regional_total_ratio),
        )
        for m in members
    )
    regional = {
        c: Cell(places=sum(places_of(m.code, c) for m in known), ratio=regional_ratio[c],
                index=Fraction(1) if regional_ratio[c] else None)
        for c in categories
    }
    regional_total = Cell(
        places=sum(places_of(m.code) for m in known), ratio=regional_total_ratio,
        index=Fraction(1) if regional_total_ratio else None,
    )
    return SpreadingTable(
        categories=tuple(categories), rows=rows, regional=regional,
        regional_total=regional_total, inhabitants=inhabitants,
        without_population=tuple(m.name for m in members if not m.inhabitants),
    )
