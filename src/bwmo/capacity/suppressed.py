"""Small-count suppression of the capacity overview for users who see aggregates only (beleid,
woningcorporatie; DOMAIN §2): the occupancy of a location is a count of clients, so an occupancy
below the threshold is not shown, nor anything it could be recovered from.

The published table is the region's occupancy per (location, product) with a total per product
(shown when the overview is filtered on a product) and the grand total (shown unfiltered); these
are suppressed together by `bwmo.core.suppression.suppress`, so every filtered view shows the
same pattern. A total over a municipality is shown only when none of its cells is suppressed (it
then tells nothing that the cells do not), so filtering cannot be used to take totals apart.
Free places follow from places minus occupancy: a suppressed occupancy hides its free places and
"vol", and the total of free places is hidden whenever the total occupancy is, or a suppressed row
is overbooked. Places themselves are not about persons and stay visible.

The waiting list per product is suppressed as a table of urgent and non-urgent waiting clients
with the product's total: waiting and "waarvan urgent" are published, so "niet urgent" would be
their difference. A suppressed number of waiting clients also hides the median and longest wait.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bwmo.accounts.constants import Role
from bwmo.core.suppression import SUPPRESSED_MARK, Cell, Sum, suppress, suppress_table

from .selectors import CapacityRow

if TYPE_CHECKING:  # the waiting list is the placements' own; capacity only suppresses it
    from bwmo.placements.selectors import WaitingSummary

AGGREGATE_ONLY_ROLES = frozenset({Role.BELEID, Role.WONINGCORPORATIE})


@dataclass(frozen=True)
class ShownRow:
    """A capacity row as an aggregate-only user sees it (same attribute names as CapacityRow)."""

    row: CapacityRow
    cell: Cell

    @property
    def location(self):  # type: ignore[no-untyped-def]
        return self.row.location

    @property
    def product(self):  # type: ignore[no-untyped-def]
        return self.row.product

    @property
    def places(self) -> int:
        return self.row.places

    @property
    def suppressed(self) -> bool:
        return self.cell.suppressed

    @property
    def occupied(self) -> str:
        return self.cell.display

    @property
    def free(self) -> int | str:
        return SUPPRESSED_MARK if self.suppressed else self.row.free

    @property
    def overbooked(self) -> int:
        return 0 if self.suppressed else self.row.overbooked

    @property
    def published_occupied(self) -> int | None:
        """The occupancy as a number for a file or the API; None where it is suppressed."""
        return None if self.suppressed else self.row.occupied

    @property
    def published_free(self) -> int | None:
        return None if self.suppressed else self.row.free


@dataclass(frozen=True)
class ShownTotals:
    places: int
    occupied: str
    free: int | str


@dataclass(frozen=True)
class SuppressedOverview:
    rows: list[ShownRow]
    totals: ShownTotals
    threshold: int
    any_suppressed: bool


def _key(row: CapacityRow) -> tuple[int, int]:
    return (row.location.pk, row.product.pk)


def suppress_overview(
    region_rows: Sequence[CapacityRow], shown: Sequence[CapacityRow], *, threshold: int,
    product_filtered: bool, municipality_filtered: bool,
) -> SuppressedOverview:
    """`region_rows`: every row of the unfiltered overview; `shown`: the rows of this view."""
    rows = list(region_rows)
    products = sorted({r.product.pk for r in rows})
    values = [r.occupied for r in rows]
    product_total_at = {}
    for p in products:
        product_total_at[p] = len(values)
        values.append(sum(r.occupied for r in rows if r.product.pk == p))
    grand_at = len(values)
    values.append(sum(r.occupied for r in rows))
    sums = [Sum(product_total_at[p], tuple(i for i, r in enumerate(rows) if r.product.pk == p))
            for p in products]
    sums.append(Sum(grand_at, tuple(product_total_at[p] for p in products)))
    result = suppress(values, sums, threshold=threshold)
    index = {_key(r): i for i, r in enumerate(rows)}

    def cell(i: int) -> Cell:
        return Cell(values[i], i in result.suppressed, i in result.primary)

    shown_rows = [ShownRow(row=r, cell=cell(index[_key(r)])) for r in shown]
    occupied_total = sum(r.row.occupied for r in shown_rows)
    if municipality_filtered or not shown_rows:
        total = Cell(occupied_total, any(r.suppressed for r in shown_rows))
    elif product_filtered:
        total = cell(product_total_at[shown_rows[0].product.pk])
    else:
        total = cell(grand_at)
    hide_free = total.suppressed or any(r.suppressed and r.row.overbooked for r in shown_rows)
    return SuppressedOverview(
        rows=shown_rows,
        totals=ShownTotals(
            places=sum(r.places for r in shown_rows), occupied=total.display,
            free=SUPPRESSED_MARK if hide_free else sum(r.row.free for r in shown_rows),
        ),
        threshold=threshold, any_suppressed=any(c.suppressed for c in [*(r.cell for r in shown_rows), total]),
    )


@dataclass(frozen=True)
class ShownWaiting:
    product: object
    waiting: str
    urgent: str
    median_display: str
    longest_display: str


def suppress_waiting(summaries: Sequence["WaitingSummary"], *, threshold: int) -> list[ShownWaiting]:
    if not summaries:
        return []
    table = suppress_table(
        [[s.urgent, s.waiting - s.urgent] for s in summaries],
        row_labels=[s.product.name for s in summaries], column_labels=["urgent", "niet urgent"],
        threshold=threshold,
    )
    shown = []
    for s, cells, total in zip(summaries, table.cells, table.row_totals, strict=True):
        hidden = total.suppressed
        shown.append(ShownWaiting(
            product=s.product, waiting=total.display, urgent=cells[0].display,
            median_display=SUPPRESSED_MARK if hidden else s.median_display,
            longest_display=SUPPRESSED_MARK if hidden else s.longest_display,
        ))
    return shown
