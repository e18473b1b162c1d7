"""Which tariff prices a day: the one rule, for declarations (iWmo), placements and realised cost.

A contract line of the provider for the product that holds on the day wins (within the contract's
running period, its exercised extensions included); otherwise the product's regional tariff of that
day; otherwise there is none. Among several that hold, the latest start wins, then the highest
`order` (the latest recorded). `finance.tariffs` applies it to a region's placements in bulk,
`contracts.checks.tariff_for` to one provider and product.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Window(Generic[T]):
    """`value` holds from `first` to `last` (inclusive; None: open-ended)."""

    first: date
    last: date | None
    value: T
    order: int = 0

    def holds_on(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


def decide(day: date, *, contract: Iterable[Window[T]], product: Iterable[Window[T]],
           ) -> Window[T] | None:
    for windows in (contract, product):
        valid = [w for w in windows if w.holds_on(day)]
        if valid:
            return max(valid, key=lambda w: (w.first, w.order))
    return None
