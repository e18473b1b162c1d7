"""Small-count suppression of published aggregate tables (DOMAIN §9: nobody identifiable).

A published table is a set of cells — the counts and every total or subtotal published with
them — and the sums that tie them together (a total equals the sum of its parts). Suppression
has two steps:

* **Primary**: every cell with ``0 < count < threshold`` is suppressed. Zero is published: it
  says that nobody is in the cell, which identifies nobody.
* **Secondary**: more cells are suppressed until no suppressed cell can be recovered from the
  published ones. "Recovered" is tested the way an attacker would: with the published values
  and the sums as linear equations and every count ``>= 0``, a linear program gives the smallest
  and the largest value each suppressed cell can take. A primary cell is safe when that interval
  is at least ``protection`` wide (default: the threshold), a secondary cell when it is not a
  single value. Cells are added greedily (smallest count first, inner cells before totals)
  until every suppressed cell is safe; suppressing everything is always safe, so it ends.

The result is exact for the published table only: publish no other total (or the same table
with another breakdown) next to it without putting that total into the table as well.

`suppress_table` is the two-dimensional form with row, column and grand totals and optional
subtotals over groups of rows; `suppress` is the general form over any cells and sums.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import inf
from typing import Any

from django.conf import settings

import numpy as np
from scipy.optimize import linprog

try:  # the HiGHS solver that scipy bundles (and linprog runs)
    from scipy.optimize._highspy import _core
    from scipy.optimize._highspy._core import _Highs
except ImportError:  # pragma: no cover - another scipy layout: linprog per bound
    _Highs = None

SUPPRESSED_MARK = "x"  # CBS convention: "x" = geheim (not published)
SUPPRESSED_LEGEND = (
    "x = afgeschermd: minder dan {threshold} personen, of terug te rekenen uit de andere "
    "cijfers en totalen in de tabel."
)


class SuppressionInputError(ValueError):
    """The table cannot be suppressed as given (negative counts, sums that do not add up)."""


@dataclass(frozen=True)
class Sum:
    """``values[total] == sum(values[i] for i in parts)``."""

    total: int
    parts: tuple[int, ...]


@dataclass(frozen=True)
class Suppression:
    primary: frozenset[int]
    suppressed: frozenset[int]  # primary and secondary
    intervals: Mapping[int, tuple[float, float]]  # feasible interval of each suppressed cell


def threshold_for(region_slug: str | None = None) -> int:
    """The threshold: ``BWMO_SMALL_COUNT_THRESHOLDS[slug]`` if set for the region, else
    ``BWMO_SMALL_COUNT_THRESHOLD`` (5)."""
    per_region: Mapping[str, int] = getattr(settings, "BWMO_SMALL_COUNT_THRESHOLDS", {}) or {}
    if region_slug and region_slug in per_region:
        return int(per_region[region_slug])
    return int(settings.BWMO_SMALL_COUNT_THRESHOLD)


def _check(values: Sequence[int], sums: Sequence[Sum], threshold: int) -> None:
    if threshold < 1:
        raise SuppressionInputError("De drempel moet minstens 1 zijn.")
    n = len(values)
    for i, value in enumerate(values):
        if value < 0:
            raise SuppressionInputError(f"Cel {i} is negatief ({value}).")
    for s in sums:
        if not (0 <= s.total < n) or any(not (0 <= p < n) for p in s.parts):
            raise SuppressionInputError("Een som verwijst naar een cel die er niet is.")
        if s.total in s.parts:
            raise SuppressionInputError("Een totaal kan geen deel van zichzelf zijn.")
        if values[s.total] != sum(values[p] for p in s.parts):
            raise SuppressionInputError(
                f"Het totaal in cel {s.total} ({values[s.total]}) is niet de som van zijn delen."
            )


def _component(
    cell: int, hidden: frozenset[int] | set[int], members_of: Mapping[int, Sequence[Sum]],
) -> tuple[list[int], list[Sum]]:
    """The hidden cells linked to `cell` through sums, and those sums: the only equations that
    bound it (the others hold no variable of this group and are met by the true values)."""
    seen_cells = {cell}
    seen_sums: dict[int, Sum] = {}
    stack = [cell]
    while stack:
        current = stack.pop()
        for s in members_of[current]:
            if id(s) in seen_sums:
                continue
            seen_sums[id(s)] = s
            for member in (s.total, *s.parts):
                if member in hidden and member not in seen_cells:
                    seen_cells.add(member)
                    stack.append(member)
    return sorted(seen_cells), list(seen_sums.values())


def _members_of(n: int, sums: Sequence[Sum]) -> dict[int, list[Sum]]:
    members: dict[int, list[Sum]] = {i: [] for i in range(n)}
    for s in sums:
        for cell in {s.total, *s.parts}:
            members[cell].append(s)
    return members


class _GroupProgram:
    """The attacker's linear program of one group of linked hidden cells (see `_component`),
    loaded into HiGHS once: the least and the greatest value of each of its cells then take
    only a change of the objective and a warm-started solve. HiGHS is the solver `linprog`
    runs (method "highs"); bundled with scipy, used directly for speed (a suppressed table of
    the monitor asks hundreds of these programs). Without it, `linprog` per bound."""

    def __init__(self, cells: list[int], values: Sequence[int], sums: Sequence[Sum]) -> None:
        self.column = {c: k for k, c in enumerate(cells)}
        self.rows: list[tuple[list[int], list[float], float]] = []
        for s in sums:
            coefficients: dict[int, float] = {}
            known = 0.0
            for member, sign in [(s.total, -1.0)] + [(p, 1.0) for p in s.parts]:
                if member in self.column:
                    k = self.column[member]
                    coefficients[k] = coefficients.get(k, 0.0) + sign
                else:
                    known += sign * values[member]
            self.rows.append((list(coefficients), list(coefficients.values()), -known))
        self.highs = _new_highs(len(cells), self.rows) if _Highs is not None else None
        self.costed: int | None = None

    def bounds(self, cell: int) -> tuple[float, float]:
        col = self.column[cell]
        found = [self._optimum(col, direction) for direction in (1.0, -1.0)]
        return (max(0.0, found[0]), found[1])

    def _optimum(self, col: int, direction: float) -> float:
        if self.highs is None:
            return self._linprog(col, direction)
        h = self.highs
        if self.costed is not None and self.costed != col:
            h.changeColCost(self.costed, 0.0)
        h.changeColCost(col, direction)
        self.costed = col
        h.run()
        status = h.getModelStatus()
        if status == _core.HighsModelStatus.kOptimal:
            return direction * float(h.getInfo().objective_function_value)
        if status in (_core.HighsModelStatus.kUnbounded,
                      _core.HighsModelStatus.kUnboundedOrInfeasible):
            # the true values satisfy every equation: never infeasible, so unbounded
            return -inf if direction > 0 else inf
        raise SuppressionInputError(
            f"Het model van de tabel is niet oplosbaar: {h.modelStatusToString(status)}")

    def _linprog(self, col: int, direction: float) -> float:
        n = len(self.column)
        a_eq = np.zeros((len(self.rows), n)) if self.rows else None
        for r, (cols, coefficients, _rhs) in enumerate(self.rows):
            a_eq[r, cols] = coefficients  # type: ignore[index]
        b_eq = np.array([rhs for _c, _v, rhs in self.rows]) if self.rows else None
        objective = np.zeros(n)
        objective[col] = direction
        lp = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if lp.status == 3:  # unbounded
            return -inf if direction > 0 else inf
        if lp.status != 0:
            raise SuppressionInputError(f"Het model van de tabel is niet oplosbaar: {lp.message}")
        return direction * float(lp.fun)


def _new_highs(n: int, rows: list[tuple[list[int], list[float], float]]) -> Any:
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")  # tiny programs, solved again and again warm
    h.addVars(n, np.zeros(n), np.full(n, _core.kHighsInf))
    for cols, coefficients, rhs in rows:
        h.addRow(rhs, rhs, len(cols), np.asarray(cols, dtype=np.int32),
                 np.asarray(coefficients, dtype=np.float64))
    return h


class _Groups:
    """The group of linked hidden cells of each hidden cell (`_component`), found once per group
    while the hidden cells stay the same (`changed` after hiding another)."""

    def __init__(self, hidden: set[int], members_of: Mapping[int, Sequence[Sum]]) -> None:
        self.hidden = hidden
        self.members_of = members_of
        self.of: dict[int, tuple[list[int], list[Sum]]] = {}

    def __call__(self, cell: int) -> tuple[list[int], list[Sum]]:
        if cell not in self.of:
            group = _component(cell, self.hidden, self.members_of)
            for member in group[0]:
                self.of[member] = group
        return self.of[cell]

    def changed(self) -> None:
        self.of.clear()


def _interval(
    cell: int, values: Sequence[int], hidden: frozenset[int] | set[int],
    members_of: Mapping[int, Sequence[Sum]],
    programs: dict[tuple[int, ...], _GroupProgram] | None = None,
    group: tuple[list[int], list[Sum]] | None = None,
) -> tuple[float, float]:
    cells, sums = group if group is not None else _component(cell, hidden, members_of)
    key = tuple(cells)
    program = programs.get(key) if programs is not None else None
    if program is None:
        program = _GroupProgram(cells, values, sums)
        if programs is not None:
            programs[key] = program
    return program.bounds(cell)


def feasible_intervals(
    values: Sequence[int], sums: Sequence[Sum], suppressed: frozenset[int] | set[int],
) -> dict[int, tuple[float, float]]:
    """For each suppressed cell, the least and greatest value it can take given the published
    cells, the sums and ``count >= 0`` (an attacker's linear program; ``inf`` if unbounded)."""
    members_of = _members_of(len(values), sums)
    programs: dict[tuple[int, ...], _GroupProgram] = {}
    return {cell: _interval(cell, values, suppressed, members_of, programs)
            for cell in sorted(suppressed)}


def _safe(
    cell: int, interval: tuple[float, float], primary: frozenset[int], protection: float,
) -> bool:
    width = interval[1] - interval[0]
    if cell in primary:
        return width >= protection - 1e-9
    return width > 1e-9


def suppress(
    values: Sequence[int], sums: Sequence[Sum], *, threshold: int,
    protection: float | None = None,
) -> Suppression:
    """Primary and secondary suppression of the cells `values` tied by `sums` (see module doc)."""
    _check(values, sums, threshold)
    protection = float(threshold if protection is None else protection)
    n = len(values)
    primary = frozenset(i for i, v in enumerate(values) if 0 < v < threshold)
    hidden = set(primary)
    totals = {s.total for s in sums}
    members_of = _members_of(n, sums)

    def cost(cell: int) -> tuple[int, int, int, int]:
        # positive counts before zeros (a suppressed zero only hides upward), inner cells before
        # totals, smallest count first, then position: deterministic.
        return (values[cell] == 0, cell in totals, values[cell], cell)

    # Fast pass: a sum with exactly one hidden member gives it away; hide the cheapest other.
    changed = True
    while changed:
        changed = False
        for s in sums:
            members = (s.total, *s.parts)
            hidden_members = [c for c in members if c in hidden]
            if len(hidden_members) == 1:
                others = [c for c in members if c not in hidden]
                if others:
                    hidden.add(min(others, key=cost))
                    changed = True

    # Exact pass: the attacker's linear program per hidden cell, adding cells until it is safe.
    # Hiding more cells only widens every interval (the program loses equations' knowns), so a
    # cell once safe stays safe and each cell is checked until it passes, once more per addition.
    intervals: dict[int, tuple[float, float]] = {}
    programs: dict[tuple[int, ...], _GroupProgram] = {}  # per group of linked hidden cells
    groups = _Groups(hidden, members_of)
    queue = sorted(hidden)
    while queue:
        cell = queue[0]
        interval = _interval(cell, values, hidden, members_of, programs, groups(cell))
        if _safe(cell, interval, primary, protection):
            intervals[cell] = interval
            queue.pop(0)
            continue
        near = {m for s in members_of[cell] for m in (s.total, *s.parts)} - hidden
        if not near:  # every neighbour is hidden already: widen to the neighbours' sums
            linked, _ = groups(cell)
            near = {m for h in linked for s in members_of[h] for m in (s.total, *s.parts)} - hidden
        if not near:
            near = set(range(n)) - hidden
        if not near:  # pragma: no cover - everything hidden is always safe
            raise SuppressionInputError("De tabel kan niet worden afgeschermd.")
        added = min(near, key=cost)
        hidden.add(added)
        groups.changed()
        queue.append(added)
    return Suppression(primary=primary, suppressed=frozenset(hidden), intervals=intervals)


# --- Two-dimensional tables --------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int
    suppressed: bool = False
    primary: bool = False

    @property
    def display(self) -> str:
        return SUPPRESSED_MARK if self.suppressed else str(self.value)

    @property
    def published(self) -> int | None:
        return None if self.suppressed else self.value


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts with its totals, each a `Cell`; suppressed cells carry no number to show
    (`Cell.display` is "x", `Cell.published` is None) but keep their value for the tests."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell
    threshold: int
    groups: tuple[GroupTotals, ...] = field(default=())

    @property
    def legend(self) -> str:
        return SUPPRESSED_LEGEND.format(threshold=self.threshold)

    @property
    def any_suppressed(self) -> bool:
        return any(c.suppressed for c in self.all_cells())

    def all_cells(self) -> list[Cell]:
        cells = [c for row in self.cells for c in row]
        cells += [*self.row_totals, *self.column_totals, self.grand_total]
        for group in self.groups:
            cells += [*group.cells, group.total]
        return cells

    def rows(self) -> list[tuple[str, tuple[Cell, ...], Cell]]:
        return list(zip(self.row_labels, self.cells, self.row_totals, strict=True))


@dataclass(frozen=True)
class GroupTotals:
    """A published subtotal over some rows: one cell per column and the group's total."""

    label: str
    rows: tuple[int, ...]
    cells: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True)
class TableLayout:
    """Where each published number of a 2-D table sits in the flat cell list, and its sums."""

    n_rows: int
    n_columns: int
    groups: tuple[tuple[str, tuple[int, ...]], ...]
    values: tuple[int, ...]
    sums: tuple[Sum, ...]

    def cell(self, r: int, c: int) -> int:
        return r * self.n_columns + c

    def row_total(self, r: int) -> int:
        return self.n_rows * self.n_columns + r

    def column_total(self, c: int) -> int:
        return self.n_rows * self.n_columns + self.n_rows + c

    def grand_total(self) -> int:
        return self.n_rows * self.n_columns + self.n_rows + self.n_columns

    def group_cell(self, g: int, c: int) -> int:
        return self.grand_total() + 1 + g * (self.n_columns + 1) + c

    def group_total(self, g: int) -> int:
        return self.group_cell(g, self.n_columns)


def table_layout(
    counts: Sequence[Sequence[int]],
    groups: Sequence[tuple[str, Sequence[int]]] = (),
) -> TableLayout:
    """The cells and sums of a table with row, column and grand totals and row-group subtotals."""
    n_rows = len(counts)
    n_columns = len(counts[0]) if counts else 0
    if any(len(row) != n_columns for row in counts):
        raise SuppressionInputError("Alle rijen van de tabel moeten even lang zijn.")
    frozen_groups = tuple((label, tuple(rows)) for label, rows in groups)
    for _, rows in frozen_groups:
        if not rows or any(not (0 <= r < n_rows) for r in rows) or len(set(rows)) != len(rows):
            raise SuppressionInputError("Een subtotaal moet bestaande, verschillende rijen tellen.")
    layout = TableLayout(n_rows, n_columns, frozen_groups, (), ())
    values: list[int] = [int(v) for row in counts for v in row]
    values += [sum(row) for row in counts]
    values += [sum(counts[r][c] for r in range(n_rows)) for c in range(n_columns)]
    values.append(sum(sum(row) for row in counts))
    for _, rows in frozen_groups:
        values += [sum(counts[r][c] for r in rows) for c in range(n_columns)]
        values.append(sum(sum(counts[r]) for r in rows))
    sums: list[Sum] = []
    for r in range(n_rows):
        sums.append(Sum(layout.row_total(r), tuple(layout.cell(r, c) for c in range(n_columns))))
    for c in range(n_columns):
        sums.append(Sum(layout.column_total(c), tuple(layout.cell(r, c) for r in range(n_rows))))
    sums.append(Sum(layout.grand_total(), tuple(layout.row_total(r) for r in range(n_rows))))
    sums.append(Sum(layout.grand_total(), tuple(layout.column_total(c) for c in range(n_columns))))
    for g, (_, rows) in enumerate(frozen_groups):
        for c in range(n_columns):
            sums.append(Sum(layout.group_cell(g, c), tuple(layout.cell(r, c) for r in rows)))
        sums.append(Sum(layout.group_total(g), tuple(layout.row_total(r) for r in rows)))
        sums.append(Sum(layout.group_total(g), tuple(layout.group_cell(g, c)
                                                     for c in range(n_columns))))
    return TableLayout(n_rows, n_columns, frozen_groups, tuple(values), tuple(sums))


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    threshold: int | None = None,
    groups: Sequence[tuple[str, Sequence[int]]] = (),
    protection: float | None = None,
) -> SuppressedTable:
    """Suppress a table of counts published with its row, column and grand totals (and the
    subtotals of `groups`: (label, row indices))."""
    threshold = threshold_for() if threshold is None else threshold
    layout = table_layout(counts, groups)
    if len(row_labels) != layout.n_rows or len(column_labels) != layout.n_columns:
        raise SuppressionInputError("Het aantal labels past niet bij de tabel.")
    result = suppress(layout.values, layout.sums, threshold=threshold, protection=protection)

    def cell(i: int) -> Cell:
        return Cell(layout.values[i], i in result.suppressed, i in result.primary)

    return SuppressedTable(
        row_labels=tuple(row_labels),
        column_labels=tuple(column_labels),
        cells=tuple(
            tuple(cell(layout.cell(r, c)) for c in range(layout.n_columns))
            for r in range(layout.n_rows)
        ),
        row_totals=tuple(cell(layout.row_total(r)) for r in range(layout.n_rows)),
        column_totals=tuple(cell(layout.column_total(c)) for c in range(layout.n_columns)),
        grand_total=cell(layout.grand_total()),
        threshold=threshold,
        groups=tuple(
            GroupTotals(
                label=label, rows=rows,
                cells=tuple(cell(layout.group_cell(g, c)) for c in range(layout.n_columns)),
                total=cell(layout.group_total(g)),
            )
            for g, (label, rows) in enumerate(layout.groups)
        ),
    )


def suppress_list(
    counts: Mapping[str, int] | Sequence[tuple[str, int]], *, threshold: int | None = None,
    column_label: str = "aantal",
) -> SuppressedTable:
    """A one-column list of counts with its total (e.g. occupancy per location)."""
    items = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    return suppress_table(
        [[v] for _, v in items], row_labels=[k for k, _ in items],
        column_labels=[column_label], threshold=threshold,
    )
