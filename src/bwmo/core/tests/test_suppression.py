"""Small-count suppression: an attacker who knows the table's layout and every published number
tries to recover each suppressed cell, by linear algebra (is the cell determined by the equations
at all?) and by linear programming (the cell's feasible interval with counts >= 0). The attack is
written here from the published table only, independent of the module's own check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from bwmo.core.suppression import (
    Sum,
    SuppressedTable,
    SuppressionInputError,
    suppress,
    suppress_list,
    suppress_table,
    threshold_for,
)

THRESHOLD = 5


def _published_system(table: SuppressedTable) -> tuple[list[int | None], list[tuple[int, list[int]]]]:
    """What the attacker sees: every published number (None where suppressed) and the sums that
    a table with totals implies, rebuilt from the table's shape."""
    n_rows, n_cols = len(table.cells), len(table.column_labels)
    seen: list[int | None] = []
    index: dict[tuple, int] = {}

    def add(key: tuple, cell) -> None:
        index[key] = len(seen)
        seen.append(cell.published)

    for r, row in enumerate(table.cells):
        for c, cell in enumerate(row):
            add(("cell", r, c), cell)
    for r, cell in enumerate(table.row_totals):
        add(("row", r), cell)
    for c, cell in enumerate(table.column_totals):
        add(("col", c), cell)
    add(("grand",), table.grand_total)
    for g, group in enumerate(table.groups):
        for c, cell in enumerate(group.cells):
            add(("group", g, c), cell)
        add(("gtotal", g), group.total)
    sums: list[tuple[int, list[int]]] = []
    for r in range(n_rows):
        sums.append((index[("row", r)], [index[("cell", r, c)] for c in range(n_cols)]))
    for c in range(n_cols):
        sums.append((index[("col", c)], [index[("cell", r, c)] for r in range(n_rows)]))
    sums.append((index[("grand",)], [index[("row", r)] for r in range(n_rows)]))
    sums.append((index[("grand",)], [index[("col", c)] for c in range(n_cols)]))
    for g, group in enumerate(table.groups):
        for c in range(n_cols):
            sums.append((index[("group", g, c)], [index[("cell", r, c)] for r in group.rows]))
        sums.append((index[("gtotal", g)], [index[("row", r)] for r in group.rows]))
        sums.append((index[("gtotal", g)], [index[("group", g, c)] for c in range(n_cols)]))
    return seen, sums


def _equations(seen, sums):
    unknown = [i for i, v in enumerate(seen) if v is None]
    col = {cell: k for k, cell in enumerate(unknown)}
    a, b = [], []
    for total, parts in sums:
        row = np.zeros(len(unknown))
        rhs = 0.0
        for cell, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if cell in col:
                row[col[cell]] += sign
            else:
                rhs -= sign * seen[cell]
        if row.any():
            a.append(row)
            b.append(rhs)
    return unknown, np.array(a).reshape(len(a), len(unknown)), np.array(b)


def recovered_by_linear_algebra(table: SuppressedTable) -> list[int]:
    """Suppressed cells whose unit vector lies in the row space of the equations: determined
    exactly, whatever the other unknowns are."""
    seen, sums = _published_system(table)
    unknown, a, _ = _equations(seen, sums)
    if not unknown:
        return []
    rank = np.linalg.matrix_rank(a) if a.size else 0
    found = []
    for k, cell in enumerate(unknown):
        e = np.zeros((1, len(unknown)))
        e[0, k] = 1
        stacked = np.vstack([a, e]) if a.size else e
        if np.linalg.matrix_rank(stacked) == rank:
            found.append(cell)
    return found


def intervals_by_lp(table: SuppressedTable) -> dict[int, tuple[float, float]]:
    seen, sums = _published_system(table)
    unknown, a, b = _equations(seen, sums)
    result = {}
    for k, cell in enumerate(unknown):
        bounds = []
        for sign in (1, -1):
            c = np.zeros(len(unknown))
            c[k] = sign
            lp = linprog(c, A_eq=a if a.size else None, b_eq=b if a.size else None,
                         bounds=(0, None), method="highs")
            assert lp.status in (0, 3), lp.message
            bounds.append(np.inf * -sign if lp.status == 3 else sign * lp.fun)
        result[cell] = (bounds[0], bounds[1])
    return result


def true_values(table: SuppressedTable) -> list[int]:
    return [c.value for c in table.all_cells()]


def flags(table: SuppressedTable) -> list[tuple[bool, bool]]:
    return [(c.suppressed, c.primary) for c in table.all_cells()]


def assert_safe(table: SuppressedTable, threshold: int = THRESHOLD) -> None:
    values = true_values(table)
    cells = table.all_cells()
    assert recovered_by_linear_algebra(table) == [], "a suppressed cell is determined exactly"
    for index, (low, high) in intervals_by_lp(table).items():
        assert low - 1e-6 <= values[index] <= high + 1e-6  # the attack itself is sound
        assert high - low > 1e-6, f"cell {index} pinned to {low}"
        if cells[index].primary:
            assert high - low >= threshold - 1e-6, f"small cell {index} in [{low}, {high}]"
    for cell in cells:  # every small count is hidden, every published one is 0 or >= threshold
        if not cell.suppressed:
            assert cell.value == 0 or cell.value >= threshold


def make(counts, groups=()):
    return suppress_table(
        counts, row_labels=[f"r{i}" for i in range(len(counts))],
        column_labels=[f"c{j}" for j in range(len(counts[0]))], threshold=THRESHOLD,
        groups=groups,
    )


def test_single_small_cell_gets_partners_in_its_row_and_column():
    table = make([[3, 20, 30], [40, 50, 60], [70, 80, 90]])
    assert table.cells[0][0].suppressed and table.cells[0][0].primary
    # one more in its row and one in its column, and the fourth corner of that rectangle
    assert sum(c.suppressed for c in table.cells[0]) >= 2
    assert sum(row[0].suppressed for row in table.cells) >= 2
    assert not table.grand_total.suppressed
    assert_safe(table)


def test_primary_only_would_be_recoverable():
    """The attack works: with only the small cell hidden, it is recovered from its row total."""
    table = make([[3, 20, 30], [40, 50, 60], [70, 80, 90]])
    broken = SuppressedTable(
        row_labels=table.row_labels, column_labels=table.column_labels,
        cells=tuple(tuple(
            type(c)(c.value, c.primary, c.primary) for c in row) for row in table.cells),
        row_totals=tuple(type(c)(c.value) for c in table.row_totals),
        column_totals=tuple(type(c)(c.value) for c in table.column_totals),
        grand_total=type(table.grand_total)(table.grand_total.value), threshold=THRESHOLD,
    )
    assert recovered_by_linear_algebra(broken) == [0]
    with pytest.raises(AssertionError):
        assert_safe(broken)


def test_narrow_rectangle_is_widened():
    """A rectangle of four small cells hides each in [0, 2]: too narrow, more cells go."""
    table = make([[1, 1, 30], [1, 1, 40], [50, 60, 70]])
    assert_safe(table)
    assert sum(c.suppressed for c in table.all_cells()) > 4


def test_small_row_total_is_suppressed_too():
    table = make([[2, 1, 0], [40, 50, 60], [70, 80, 90]])
    assert table.row_totals[0].suppressed and table.row_totals[0].primary
    assert_safe(table)


def test_zero_is_published():
    table = make([[0, 20], [30, 40]])
    assert not any(c.suppressed for c in table.all_cells())
    assert table.cells[0][0].display == "0"


def test_tiny_table_suppresses_everything_that_needs_it():
    table = make([[1, 2], [3, 1]])
    assert table.grand_total.value == 7
    assert_safe(table)


def test_subtotals_are_protected_too():
    counts = [[3, 10, 12], [15, 16, 17], [20, 2, 25], [30, 31, 32]]
    table = make(counts, groups=[("noord", [0, 1]), ("zuid", [2, 3])])
    assert_safe(table)


def test_list_with_total():
    table = suppress_list({"De Linde": 3, "Het Anker": 12, "Zonnehof": 9}, threshold=THRESHOLD)
    hidden = [label for label, cells, _ in table.rows() if cells[0].suppressed]
    assert "De Linde" in hidden and len(hidden) == 2  # the smallest other goes too
    assert table.cells[0][0].display == "x"
    assert_safe(table)


def test_threshold_from_settings(settings):
    settings.BWMO_SMALL_COUNT_THRESHOLD = 10
    settings.BWMO_SMALL_COUNT_THRESHOLDS = {"ijssel-vecht": 3}
    assert threshold_for() == 10
    assert threshold_for("ijssel-vecht") == 3
    assert threshold_for("zuidoost-drenthe") == 10
    table = suppress_table([[7, 20], [30, 40]], row_labels=["a", "b"], column_labels=["x", "y"])
    assert table.cells[0][0].suppressed and table.threshold == 10


def test_bad_input_is_refused():
    with pytest.raises(SuppressionInputError):
        suppress([1, 2, 4], [Sum(2, (0, 1))], threshold=5)  # 1 + 2 != 4
    with pytest.raises(SuppressionInputError):
        suppress([-1, 1, 0], [Sum(2, (0, 1))], threshold=5)
    with pytest.raises(SuppressionInputError):
        make([[1, 2], [3]])


counts_strategy = st.integers(min_value=1, max_value=5).flatmap(
    lambda n_rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda n_cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=n_cols, max_size=n_cols,
            ),
            min_size=n_rows, max_size=n_rows,
        )
    )
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=counts_strategy)
def test_no_suppressed_cell_can_be_recovered(counts):
    assert_safe(make(counts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=counts_strategy.filter(lambda c: len(c) >= 2), data=st.data())
def test_no_suppressed_cell_can_be_recovered_with_subtotals(counts, data):
    split = data.draw(st.integers(min_value=1, max_value=len(counts) - 1))
    table = make(counts, groups=[("a", list(range(split))), ("b", list(range(split, len(counts))))])
    assert_safe(table)


@settings(max_examples=60, deadline=None)
@given(counts=counts_strategy)
def test_suppression_is_deterministic_and_keeps_values(counts):
    first, second = make(counts), make(counts)
    assert flags(first) == flags(second)
    assert [list(map(lambda c: c.value, row)) for row in first.cells] == counts
