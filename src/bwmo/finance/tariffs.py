"""Which tariff prices a day of care: the provider's contract tariff, else the product's tariff.

The rule (issue 14, DOMAIN §12: "the tariffs that placements and declarations use come from the
contracts, with their validity dates"), decided in one place, :func:`decide_tariff`:

1. **Contract**: a day of a ZIN placement at a location of provider P for product X is priced at
   the tariff of a contract line of P for X (``contracts.ContractProduct``) that holds on that day:
   ``valid_from`` ≤ day ≤ ``valid_to``, and the day lies in the contract's running period (from its
   ``start_date`` to its current end, that is the initial end plus the extension options that were
   exercised). When two lines hold on one day, the line with the latest ``valid_from`` wins (then
   the latest created).
2. **Otherwise the product's tariff** (``regions.Tariff``) of that day, with the same rule for
   overlapping rows (latest ``valid_from`` wins) as the woonplaatsbeginsel settlement.
3. **Otherwise** the day has no tariff: it is counted, not priced.

The unit (a day or a calendar month) comes with the tariff that wins, so a monthly contract tariff
is billed per calendar month like a monthly product tariff. :class:`TariffBook` loads a region's
contract lines and product tariffs once and splits a placement's days into runs with one tariff.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from bwmo.contracts import tariff_rule
from bwmo.regions.constants import TariffUnit
from bwmo.regions.models import Region, Tariff

from .money import CENT
from .settlement import TariffBasis


class TariffSource(StrEnum):
    CONTRACT = "contract"
    PRODUCT = "product"


@dataclass(frozen=True, slots=True)
class TariffWindow:
    """A tariff that holds from ``first`` to ``last`` (inclusive; None: open-ended)."""

    first: date
    last: date | None
    amount: Decimal
    basis: TariffBasis
    source: TariffSource
    order: int = 0  # tie-break among windows with the same ``first``: higher wins

    def holds_on(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


TariffValue = tuple[Decimal, TariffBasis]


def decide_tariff(
    day: date, *, contract: Iterable[TariffWindow], product: Iterable[TariffWindow],
) -> TariffWindow | None:
    """The tariff of ``day`` by the one rule of `contracts.tariff_rule`: a contract window that
    holds, else a product window, else None."""
    chosen = tariff_rule.decide(
        day, contract=[tariff_rule.Window(w.first, w.last, w, w.order) for w in contract],
        product=[tariff_rule.Window(w.first, w.last, w, w.order) for w in product])
    return None if chosen is None else chosen.value


def priced_runs(
    first: date, last: date, *, contract: list[TariffWindow], product: list[TariffWindow],
) -> list[tuple[date, date, TariffValue | None, TariffSource | None]]:
    """Split ``first..last`` into runs with one tariff (None: no tariff); neighbouring runs with
    the same amount and unit are one run (a month is never split without a reason)."""
    boundaries = {first}
    for window in (*contract, *product):
        for day in (window.first, window.last and window.last + timedelta(days=1)):
            if day is not None and first < day <= last:
                boundaries.add(day)
    starts = sorted(boundaries)
    runs: list[tuple[date, date, TariffValue | None, TariffSource | None]] = []
    for index, run_first in enumerate(starts):
        run_last = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else last
        window = decide_tariff(run_first, contract=contract, product=product)
        value = None if window is None else (window.amount, window.basis)
        source = None if window is None else window.source
        if runs and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], run_last, value, runs[-1][3])
        else:
            runs.append((run_first, run_last, value, source))
    return runs


def _basis(unit: str) -> TariffBasis:
    return TariffBasis.MONTH if unit == TariffUnit.MONTH else TariffBasis.DAY


class TariffBook:
    """A region's contract lines and product tariffs, loaded once (three queries)."""

    def __init__(self, region: Region) -> None:
        from bwmo.contracts.checks import current_end
        from bwmo.contracts.models import ContractProduct

        self.product: dict[int, list[TariffWindow]] = defaultdict(list)
        for tariff in Tariff.objects.filter(product__region=region):
            self.product[tariff.product_id].append(TariffWindow(
                tariff.valid_from, tariff.valid_to, Decimal(tariff.amount).quantize(CENT),
                _basis(tariff.unit), TariffSource.PRODUCT, tariff.pk))
        self.contract: dict[tuple[int, int], list[TariffWindow]] = defaultdict(list)
        lines = (ContractProduct.objects.filter(contract__region=region)
                 .select_related("contract").prefetch_related("contract__options"))
        for line in lines:
            first = max(line.valid_from, line.contract.start_date)
            end = min(line.valid_to, current_end(line.contract))
            if end < first:
                continue
            self.contract[(line.contract.provider_id, line.product_id)].append(TariffWindow(
                first, end, Decimal(line.tariff).quantize(CENT), _basis(line.unit),
                TariffSource.CONTRACT, line.pk))

    def runs(self, *, provider_id: int | None, product_id: int, first: date, last: date,
             ) -> list[tuple[date, date, TariffValue | None, TariffSource | None]]:
        contract = self.contract.get((provider_id, product_id), []) if provider_id else []
        return priced_runs(first, last, contract=contract, product=self.product[product_id])
