"""The matching engine of the regional transfer point: uitstromers to dwellings, exactly.

Pure Python (no Django): a :class:`Problem` goes in, a :class:`Result` comes out. Format and
reasoning: docs/matching.md.

Hard constraints for a pair (uitstromer, dwelling): every need is a feature of the dwelling, the
household fits (``household_size <= max_household``), the rent is at most what the person can pay,
and when the person accepts only their preferred municipalities the dwelling lies in one of them.
For the whole proposal: every dwelling and every person at most once, at most ``cap`` people per
neighbourhood (draagkracht, what is left this year) and at most ``remaining`` per contingent
(association, municipality).

The objective is lexicographic: (1) the number of people housed, then (2) the number housed in a
preferred municipality, then (3) the total waiting days of those housed (so, with equally many
housed, longer waiters come first), then (4) the total fit (:func:`fit`).

How it is solved (both exact):

- When the binding neighbourhood caps and contingents form a laminar family (every two of them
  are disjoint or nested; in particular when there are no contingents), the problem is a min-cost
  flow: source -> person -> dwelling -> innermost cap -> ... -> sink. OR-Tools' max-flow-with-
  min-cost gives level (1) exactly and levels (2)-(4) through integer costs whose weights make the
  order strict.
- When contingents cross neighbourhoods, it is a MILP (HiGHS, through OR-Tools) on a reduced
  problem, solved level by level. Reduction: dwellings of one *cell* (same municipality, same
  binding neighbourhood cap, same binding contingent) are interchangeable for every constraint
  except "each dwelling once", so a person only needs their best ``r`` dwellings per cell, with
  ``r`` the most people the cell can take (a swap argument, docs/matching.md). Cells start
  aggregated (one variable per person and cell, worth the best fit in the cell: an upper bound);
  after each solve every aggregated cell is realised with an exact assignment; a cell whose
  realisation falls short is modelled per dwelling and the model solved again. When the
  realisation equals the model's value on all four levels it is proven optimal (gap 0); when a
  time limit stops it the result is the best realisation with the bound.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp

FIT_MAX = 10
CENT = Decimal("0.01")
MAX_WAITING_DAYS = 36_500
_INT64_SAFE = 2**62


@dataclass(frozen=True)
class Uitstromer:
    id: str
    household_size: int
    max_rent: Decimal
    preferred: tuple[str, ...] = ()
    only_preferred: bool = False
    needs: frozenset[str] = frozenset()
    waiting_days: int = 0


@dataclass(frozen=True)
class Dwelling:
    id: str
    municipality: str
    neighbourhood: str
    association: str
    max_household: int
    rent: Decimal
    features: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Contingent:
    association: str
    municipality: str
    remaining: int


@dataclass(frozen=True)
class Problem:
    uitstromers: tuple[Uitstromer, ...]
    dwellings: tuple[Dwelling, ...]
    neighbourhood_caps: Mapping[str, int] = field(default_factory=dict)
    contingents: tuple[Contingent, ...] = ()


@dataclass(frozen=True)
class Assignment:
    uitstromer: str
    dwelling: str
    explanation: str
    preferred: bool
    fit: int


@dataclass(frozen=True)
class Unmatched:
    uitstromer: str
    reason: str


@dataclass(frozen=True)
class Result:
    assignments: tuple[Assignment, ...]
    unmatched: tuple[Unmatched, ...]
    housed: int
    housed_preferred: int
    waiting_days_housed: int
    fit_total: int
    optimal: bool
    gap: float
    method: str
    seconds: float


class ProblemError(ValueError):
    """The problem itself is inconsistent (a Dutch message for the user)."""


def fit(person: Uitstromer, dwelling: Dwelling) -> int:
    """How well a feasible dwelling suits the person, 0..FIT_MAX (higher is better).

    Spare room and special features the person does not need each cost points, so larger and
    adapted dwellings stay available for the people who need them.
    """
    spare = max(0, dwelling.max_household - person.household_size)
    unneeded = len(dwelling.features - person.needs)
    return FIT_MAX - 2 * min(spare, 3) - 2 * min(unneeded, 2)


def feasible(person: Uitstromer, dwelling: Dwelling) -> bool:
    """The hard constraints of one pair."""
    return (
        person.needs <= dwelling.features
        and person.household_size <= dwelling.max_household
        and dwelling.rent <= person.max_rent
        and (not person.only_preferred or dwelling.municipality in person.preferred)
    )


def validate(problem: Problem) -> None:
    """Raise :class:`ProblemError` for duplicates and impossible numbers."""
    seen: set[str] = set()
    for person in problem.uitstromers:
        if person.id in seen:
            raise ProblemError(f"uitstromer {person.id!r} komt twee keer voor")
        seen.add(person.id)
        if person.household_size < 1:
            raise ProblemError(f"uitstromer {person.id!r}: huishoudgrootte moet minstens 1 zijn")
        if person.max_rent < 0 or person.max_rent != person.max_rent.quantize(CENT):
            raise ProblemError(
                f"uitstromer {person.id!r}: maximale huur moet een bedrag van 0 of meer zijn, in hele centen"
            )
        if not 0 <= person.waiting_days <= MAX_WAITING_DAYS:
            raise ProblemError(
                f"uitstromer {person.id!r}: wachttijd moet tussen 0 en {MAX_WAITING_DAYS} dagen liggen"
            )
    seen = set()
    for dwelling in problem.dwellings:
        if dwelling.id in seen:
            raise ProblemError(f"woning {dwelling.id!r} komt twee keer voor")
        seen.add(dwelling.id)
        if dwelling.max_household < 1:
            raise ProblemError(f"woning {dwelling.id!r}: maximale huishoudgrootte moet minstens 1 zijn")
        if dwelling.rent < 0 or dwelling.rent != dwelling.rent.quantize(CENT):
            raise ProblemError(f"woning {dwelling.id!r}: huur moet een bedrag van 0 of meer zijn, in hele centen")
    for name, cap in problem.neighbourhood_caps.items():
        if cap < 0:
            raise ProblemError(f"draagkracht van buurt {name!r} mag niet negatief zijn")
    keys: set[tuple[str, str]] = set()
    for contingent in problem.contingents:
        key = (contingent.association, contingent.municipality)
        if key in keys:
            raise ProblemError(
                f"contingent van {contingent.association!r} in {contingent.municipality!r} komt twee keer voor"
            )
        keys.add(key)
        if contingent.remaining < 0:
            raise ProblemError(
                f"contingent van {contingent.association!r} in {contingent.municipality!r} mag niet negatief zijn"
            )


def money(amount: Decimal) -> str:
    """€ 1.234,50 in Dutch notation."""
    text = f"{amount.quantize(Decimal('0.01')):,.2f}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


# --- the reduced structure -------------------------------------------------------------------


@dataclass
class _Structure:
    """Indices shared by both solution methods."""

    problem: Problem
    # per dwelling: index of its binding neighbourhood cap / contingent, or -1
    nb_of: np.ndarray
    grp_of: np.ndarray
    nb_names: list[str]
    nb_caps: list[int]
    grp_keys: list[tuple[str, str]]
    grp_caps: list[int]
    usable: np.ndarray  # dwelling not in a cap or contingent that is exhausted
    cell_of: np.ndarray  # per dwelling
    cell_keys: list[tuple[str, int, int]]
    # candidate pairs after the exact pruning
    pair_u: np.ndarray
    pair_d: np.ndarray
    pair_fit: np.ndarray
    pair_pref: np.ndarray
    feasible_count: np.ndarray  # per person, before caps
    block: list[str | None]  # per person, reason when nobody could house them


def _build(problem: Problem) -> _Structure:
    people = problem.uitstromers
    dwellings = problem.dwellings
    n_d = len(dwellings)

    # Binding caps only: a cap at least the number of dwellings under it constrains nothing.
    nb_members: dict[str, list[int]] = defaultdict(list)
    grp_members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, d in enumerate(dwellings):
        nb_members[d.neighbourhood].append(j)
        grp_members[(d.association, d.municipality)].append(j)
    contingent_of = {(c.association, c.municipality): c.remaining for c in problem.contingents}

    nb_of = np.full(n_d, -1, dtype=np.int64)
    grp_of = np.full(n_d, -1, dtype=np.int64)
    usable = np.ones(n_d, dtype=bool)
    nb_names: list[str] = []
    nb_caps: list[int] = []
    for name in sorted(nb_members):
        cap = problem.neighbourhood_caps.get(name)
        members = nb_members[name]
        if cap is None or cap >= len(members):
            continue
        if cap == 0:
            usable[members] = False
        nb_of[members] = len(nb_names)
        nb_names.append(name)
        nb_caps.append(cap)
    grp_keys: list[tuple[str, str]] = []
    grp_caps: list[int] = []
    for key in sorted(grp_members):
        cap = contingent_of.get(key)
        members = grp_members[key]
        if cap is None or cap >= len(members):
            continue
        if cap == 0:
            usable[members] = False
        grp_of[members] = len(grp_keys)
        grp_keys.append(key)
        grp_caps.append(cap)

    cell_index: dict[tuple[str, int, int], int] = {}
    cell_of = np.empty(n_d, dtype=np.int64)
    for j, d in enumerate(dwellings):
        key = (d.municipality, int(nb_of[j]), int(grp_of[j]))
        cell_of[j] = cell_index.setdefault(key, len(cell_index))
    cell_keys = list(cell_index)

    # Vectorised feasibility.
    hh = np.array([d.max_household for d in dwellings], dtype=np.int64)
    rent_cents = np.array([int(d.rent * 100) for d in dwellings], dtype=np.int64)
    features = sorted({f for d in dwellings for f in d.features} | {f for p in people for f in p.needs})
    feature_index = {f: i for i, f in enumerate(features)}
    has = np.zeros((n_d, len(features)), dtype=bool)
    for j, d in enumerate(dwellings):
        for f in d.features:
            has[j, feature_index[f]] = True
    munis = sorted({d.municipality for d in dwellings})
    muni_index = {m: i for i, m in enumerate(munis)}
    muni_of = np.array([muni_index[d.municipality] for d in dwellings], dtype=np.int64)
    n_cells = len(cell_keys)
    cell_size = np.bincount(cell_of[usable], minlength=n_cells)
    cell_q = cell_size.copy()
    for c, (_m, nb, grp) in enumerate(cell_keys):
        if nb >= 0:
            cell_q[c] = min(cell_q[c], nb_caps[nb])
        if grp >= 0:
            cell_q[c] = min(cell_q[c], grp_caps[grp])
    n_features = has.sum(axis=1)

    per_person: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    feasible_count = np.zeros(len(people), dtype=np.int64)
    block: list[str | None] = []
    people_in_cell = np.zeros(n_cells, dtype=np.int64)
    for i, p in enumerate(people):
        size_ok = hh >= p.household_size
        rent_ok = size_ok & (rent_cents <= int(p.max_rent * 100))
        needs = [feature_index[f] for f in p.needs]
        needs_ok = rent_ok & (has[:, needs].all(axis=1) if needs else True)
        pref = np.zeros(n_d, dtype=bool)
        for m in p.preferred:
            if m in muni_index:
                pref |= muni_of == muni_index[m]
        place_ok = needs_ok & pref if p.only_preferred else needs_ok
        ok = place_ok & usable
        idx = np.flatnonzero(ok)
        feasible_count[i] = len(idx)
        block.append(_block_reason(p, n_d, size_ok, rent_ok, needs_ok, place_ok, ok))
        own_needed = np.array([f in p.needs for f in features], dtype=bool)
        unneeded = n_features[idx] - (has[idx][:, own_needed].sum(axis=1) if own_needed.any() else 0)
        spare = hh[idx] - p.household_size
        fits = FIT_MAX - 2 * np.minimum(spare, 3) - 2 * np.minimum(unneeded, 2)
        cells = cell_of[idx]
        people_in_cell[np.unique(cells)] += 1
        per_person.append((idx, fits.astype(np.int64), pref[idx]))

    # Exact pruning: per person and cell keep the best r dwellings (fit desc, index asc).
    r_cell = np.minimum(cell_q, people_in_cell)
    pu: list[np.ndarray] = []
    pd: list[np.ndarray] = []
    pf: list[np.ndarray] = []
    pp: list[np.ndarray] = []
    for i, (idx, fits, prefs) in enumerate(per_person):
        if len(idx) == 0:
            continue
        cells = cell_of[idx]
        order = np.lexsort((idx, -fits, cells))
        cells_sorted = cells[order]
        starts = np.r_[0, np.flatnonzero(np.diff(cells_sorted)) + 1]
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        keep = order[rank < r_cell[cells_sorted]]
        pu.append(np.full(len(keep), i, dtype=np.int64))
        pd.append(idx[keep])
        pf.append(fits[keep])
        pp.append(prefs[keep])
    empty = np.zeros(0, dtype=np.int64)
    return _Structure(
        problem=problem,
        nb_of=nb_of,
        grp_of=grp_of,
        nb_names=nb_names,
        nb_caps=nb_caps,
        grp_keys=grp_keys,
        grp_caps=grp_caps,
        usable=usable,
        cell_of=cell_of,
        cell_keys=cell_keys,
        pair_u=np.concatenate(pu) if pu else empty,
        pair_d=np.concatenate(pd) if pd else empty,
        pair_fit=np.concatenate(pf) if pf else empty,
        pair_pref=np.concatenate(pp).astype(bool) if pp else np.zeros(0, dtype=bool),
        feasible_count=feasible_count,
        block=block,
    )


def _block_reason(
    p: Uitstromer,
    n_d: int,
    size_ok: np.ndarray,
    rent_ok: np.ndarray,
    needs_ok: np.ndarray,
    place_ok: np.ndarray,
    ok: np.ndarray,
) -> str | None:
    if n_d == 0:
        return "Er zijn geen woningen aangeboden."
    if not size_ok.any():
        return f"Geen aangeboden woning is groot genoeg voor een huishouden van {p.household_size}."
    if not rent_ok.any():
        return f"Geen woning die groot genoeg is heeft een huur van ten hoogste {money(p.max_rent)}."
    if not needs_ok.any():
        return (
            "Geen betaalbare woning die groot genoeg is heeft alles wat nodig is: "
            + ", ".join(sorted(p.needs))
            + "."
        )
    if not place_ok.any():
        return (
            "Alleen de voorkeursgemeenten zijn acceptabel en daar is geen passende woning "
            f"({', '.join(p.preferred) or 'geen voorkeursgemeente opgegeven'})."
        )
    if not ok.any():
        return (
            "De passende woningen liggen alleen in buurten waar de draagkracht voor dit jaar op is "
            "of bij corporaties waarvan het contingent op is."
        )
    return None


def _weights(problem: Problem) -> tuple[int, int]:
    """(preferred weight, waiting weight) for one integer objective of levels 2-4."""
    n = min(len(problem.uitstromers), len(problem.dwellings))
    waits = sorted((p.waiting_days for p in problem.uitstromers), reverse=True)[:n]
    w_wait = FIT_MAX * n + 1
    w_pref = w_wait * sum(waits) + FIT_MAX * n + 1
    if n * (w_pref + w_wait * (waits[0] if waits else 0) + FIT_MAX) >= _INT64_SAFE:
        raise ProblemError("het probleem is te groot voor een exacte oplossing")
    return w_pref, w_wait


def _laminar(s: _Structure) -> bool:
    """True when the binding caps and contingents are pairwise disjoint or nested."""
    if not s.grp_keys or not s.nb_names:
        return True
    usable = s.usable
    nb = s.nb_of[usable]
    grp = s.grp_of[usable]
    for n in np.unique(nb[(nb >= 0) & (grp >= 0)]):
        in_n = nb == n
        groups = np.unique(grp[in_n])
        n_inside = len(groups) == 1 and groups[0] >= 0
        for g in groups[groups >= 0]:
            g_inside = bool(np.all(nb[grp == g] == n))
            if not (n_inside or g_inside):
                return False
    return True


# --- the two methods ---------------------------------------------------------------------------


def _solve_flow(s: _Structure) -> tuple[list[int], bool, float]:
    """Chosen pair indices through a min-cost flow (exact)."""
    from ortools.graph.python import min_cost_flow

    problem = s.problem
    w_pref, w_wait = _weights(problem)
    n_u = len(problem.uitstromers)
    n_d = len(problem.dwellings)
    n_nb = len(s.nb_names)
    source = 0
    u_node = 1
    d_node = u_node + n_u
    nb_node = d_node + n_d
    grp_node = nb_node + n_nb
    sink = grp_node + len(s.grp_keys)

    # Parent of each cap node in the laminar tree; a nested neighbourhood goes inside its group.
    nb_parent = np.full(n_nb, sink, dtype=np.int64)
    grp_parent = np.full(len(s.grp_keys), sink, dtype=np.int64)
    usable = s.usable
    nb = s.nb_of[usable]
    grp = s.grp_of[usable]
    for n in range(n_nb):
        groups = np.unique(grp[nb == n])
        if len(groups) == 1 and groups[0] >= 0:
            nb_parent[n] = grp_node + groups[0]
    for g in range(len(s.grp_keys)):
        hoods = np.unique(nb[grp == g])
        if len(hoods) == 1 and hoods[0] >= 0 and nb_parent[hoods[0]] != grp_node + g:
            grp_parent[g] = nb_node + hoods[0]

    tails: list[np.ndarray] = []
    heads: list[np.ndarray] = []
    caps: list[np.ndarray] = []
    costs: list[np.ndarray] = []

    def arcs(t: np.ndarray, h: np.ndarray, c: np.ndarray, k: np.ndarray) -> None:
        tails.append(t.astype(np.int64))
        heads.append(h.astype(np.int64))
        caps.append(c.astype(np.int64))
        costs.append(k.astype(np.int64))

    n_pairs = len(s.pair_u)
    waits = np.array([p.waiting_days for p in problem.uitstromers], dtype=np.int64)
    pair_cost = -(
        w_pref * s.pair_pref.astype(np.int64) + w_wait * waits[s.pair_u] + s.pair_fit
    )
    arcs(u_node + s.pair_u, d_node + s.pair_d, np.ones(n_pairs), pair_cost)
    people = np.arange(n_u)
    arcs(np.full(n_u, source), u_node + people, np.ones(n_u), np.zeros(n_u))
    used_d = np.unique(s.pair_d)
    # Each dwelling goes to its innermost binding set.
    d_nb = s.nb_of[used_d]
    d_grp = s.grp_of[used_d]
    nb_parent_of_d = nb_parent[np.maximum(d_nb, 0)] if n_nb else np.full(len(used_d), sink)
    nb_inside = (d_nb >= 0) & (d_grp >= 0) & (nb_parent_of_d == grp_node + d_grp)
    parent = np.where(
        (d_nb >= 0) & ((d_grp < 0) | nb_inside),
        nb_node + d_nb,
        np.where(d_grp >= 0, grp_node + d_grp, sink),
    )
    arcs(d_node + used_d, parent, np.ones(len(used_d)), np.zeros(len(used_d)))
    if n_nb:
        arcs(nb_node + np.arange(n_nb), nb_parent, np.array(s.nb_caps), np.zeros(n_nb))
    if s.grp_keys:
        n_g = len(s.grp_keys)
        arcs(grp_node + np.arange(n_g), grp_parent, np.array(s.grp_caps), np.zeros(n_g))

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails), np.concatenate(heads), np.concatenate(caps), np.concatenate(costs)
    )
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[source] = n_u
    supply[sink] = -n_u
    flow.set_nodes_supplies(np.arange(sink + 1), supply)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise ProblemError("de stroomberekening gaf geen optimale oplossing")
    flows = flow.flows(np.arange(n_pairs))
    return [int(k) for k in np.flatnonzero(flows > 0)], True, 0.0


def _lex_solve(
    a_rows: sp.csr_matrix,
    b: np.ndarray,
    levels: Sequence[np.ndarray],
    deadline: float,
    person_of: np.ndarray,
) -> tuple[np.ndarray | None, bool, float]:
    """Maximise ``levels`` one after the other over {x in {0,1}^n : A x <= b}.

    Per level: the LP relaxation by column generation (a few columns per person to start, then
    every column with a positive reduced cost, until none is left: then the LP is optimal over all
    columns). An integral LP optimum is the level's optimum. Otherwise the MILP (HiGHS) runs on the
    columns that reduced-cost fixing cannot exclude (reduced cost within the gap between the LP
    bound and the rounded-down LP solution), which is exact. The level's value is then fixed by a
    constraint and the next level is solved. Returns (x, proven, gap).
    """
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    n = a_rows.shape[1]
    rows = a_rows
    rhs = b.astype(float)
    x_best: np.ndarray | None = None
    for level in levels:
        cost = -level.astype(float)  # minimise
        order = np.lexsort((cost, person_of))
        first = np.r_[0, np.flatnonzero(np.diff(person_of[order])) + 1] if n else np.zeros(0, int)
        rank = np.arange(n) - np.repeat(first, np.diff(np.r_[first, n])) if n else np.zeros(0, int)
        active = np.zeros(n, dtype=bool)
        active[order[rank < 3]] = True
        if x_best is not None:
            active |= x_best > 0.5
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return x_best, False, 1.0 if x_best is None else _Dims.gap
            idx = np.flatnonzero(active)
            lp = linprog(
                cost[idx], A_ub=rows[:, idx], b_ub=rhs, bounds=(0, 1), method="highs",
                options={"time_limit": remaining},
            )
            if lp.status != 0:
                return x_best, False, 1.0 if x_best is None else _Dims.gap
            duals = lp.ineqlin.marginals
            reduced = cost - rows.T @ duals
            enter = np.flatnonzero((reduced < -1e-7) & ~active)
            if len(enter) == 0:
                break
            if len(enter) > 20_000:
                enter = enter[np.argsort(reduced[enter])[:20_000]]
            active[enter] = True
        x = np.zeros(n)
        x[idx] = lp.x
        z_lp = float(cost @ x)
        if np.all(np.abs(x - np.round(x)) < 1e-6):
            x = np.round(x)
        else:
            floor = np.floor(x + 1e-9)
            z_inc = float(cost @ floor)
            keep = np.flatnonzero(reduced <= (z_inc - z_lp) + 1e-6)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _Dims.gap = (z_inc - z_lp) / max(1.0, abs(z_lp))
                return floor, False, _Dims.gap
            res = milp(
                cost[keep],
                constraints=LinearConstraint(rows[:, keep], -np.inf, rhs),
                integrality=np.ones(len(keep)),
                bounds=Bounds(0, 1),
                options={"time_limit": remaining, "mip_rel_gap": 0.0},
            )
            if res.x is None:
                _Dims.gap = (z_inc - z_lp) / max(1.0, abs(z_lp))
                return floor, False, _Dims.gap
            x = np.zeros(n)
            x[keep] = np.round(res.x)
            if res.status != 0:
                bound = getattr(res, "mip_dual_bound", z_lp)
                _Dims.gap = max(0.0, (float(cost @ x) - bound) / max(1.0, abs(bound)))
                return x, False, _Dims.gap
        x_best = x
        value = float(level @ x)
        rows = sp.vstack([rows, sp.csr_matrix(-level.astype(float).reshape(1, -1))]).tocsr()
        rhs = np.r_[rhs, -(value - 0.5)]
    return x_best, True, 0.0


class _Dims:
    """Scratch numbers shared by the MILP helpers of one solve."""

    people = 0
    gap = 1.0


def _solve_milp(s: _Structure, time_limit: float) -> tuple[list[int], bool, float]:
    """Chosen pair indices through the level-by-level MILP over the pruned pairs."""
    import scipy.sparse as sp

    problem = s.problem
    deadline = time.monotonic() + time_limit
    n_u = len(problem.uitstromers)
    n_d = len(problem.dwellings)
    _Dims.people = n_u
    _Dims.gap = 1.0
    waits = np.array([p.waiting_days for p in problem.uitstromers], dtype=np.int64)
    n = len(s.pair_u)
    j = np.arange(n)
    blocks = [
        sp.csr_matrix((np.ones(n), (s.pair_u, j)), shape=(n_u, n)),
        sp.csr_matrix((np.ones(n), (s.pair_d, j)), shape=(n_d, n)),
    ]
    nb = s.nb_of[s.pair_d]
    m = nb >= 0
    blocks.append(sp.csr_matrix((np.ones(m.sum()), (nb[m], j[m])), shape=(len(s.nb_caps), n)))
    grp = s.grp_of[s.pair_d]
    m = grp >= 0
    blocks.append(sp.csr_matrix((np.ones(m.sum()), (grp[m], j[m])), shape=(len(s.grp_caps), n)))
    a_rows = sp.vstack(blocks).tocsr()
    b = np.r_[np.ones(n_u), np.ones(n_d), s.nb_caps, s.grp_caps].astype(float)
    levels = [
        (n_u + 1) + s.pair_pref.astype(np.int64),
        waits[s.pair_u],
        s.pair_fit.astype(np.int64),
    ]
    x, proven, gap = _lex_solve(a_rows, b, levels, deadline, s.pair_u)
    if x is None:
        return [], False, 1.0
    return [int(k) for k in np.flatnonzero(x > 0.5)], proven, gap


# --- explanations ------------------------------------------------------------------------------


def _explain(
    s: _Structure,
    chosen: Sequence[int],
    seconds: float,
    optimal: bool,
    gap: float,
    method: str,
) -> Result:
    problem = s.problem
    taken_d: set[int] = set()
    assigned: dict[int, int] = {}
    nb_used: dict[str, int] = defaultdict(int)
    grp_used: dict[tuple[str, str], int] = defaultdict(int)
    for k in chosen:
        u, d = int(s.pair_u[k]), int(s.pair_d[k])
        if u in assigned or d in taken_d:
            raise AssertionError("een woning of persoon is twee keer toegewezen")
        assigned[u] = k
        taken_d.add(d)
        dwelling = problem.dwellings[d]
        nb_used[dwelling.neighbourhood] += 1
        grp_used[(dwelling.association, dwelling.municipality)] += 1
    caps = problem.neighbourhood_caps
    contingents = {(c.association, c.municipality): c.remaining for c in problem.contingents}
    if any(nb_used[n] > caps[n] for n in nb_used if n in caps) or any(
        grp_used[g] > contingents[g] for g in grp_used if g in contingents
    ):
        raise AssertionError("een draagkrachtgrens of contingent is overschreden")

    def limits(d: int) -> list[str]:
        dwelling = problem.dwellings[d]
        out = []
        name = dwelling.neighbourhood
        if name in caps:
            state = "vol" if nb_used[name] >= caps[name] else "niet vol"
            out.append(f"draagkracht buurt {name}: {nb_used[name]} van {caps[name]} ({state})")
        key = (dwelling.association, dwelling.municipality)
        if key in contingents:
            state = "vol" if grp_used[key] >= contingents[key] else "niet vol"
            out.append(
                f"contingent {key[0]} in {key[1]}: {grp_used[key]} van {contingents[key]} ({state})"
            )
        return out

    assignments: list[Assignment] = []
    unmatched: list[Unmatched] = []
    pairs_of: dict[int, list[int]] = defaultdict(list)
    for k in range(len(s.pair_u)):
        pairs_of[int(s.pair_u[k])].append(k)
    for u, person in enumerate(problem.uitstromers):
        k = assigned.get(u)
        if k is None:
            reason = s.block[u]
            if reason is None:
                full: set[str] = set()
                for kk in pairs_of[u]:
                    d = int(s.pair_d[kk])
                    full.update(text for text in limits(d) if text.endswith("(vol)"))
                taken = sum(1 for kk in pairs_of[u] if int(s.pair_d[kk]) in taken_d)
                count = int(s.feasible_count[u])
                reason = (
                    f"Er {'is' if count == 1 else 'zijn'} {count} passende "
                    f"{'woning' if count == 1 else 'woningen'}, maar een toewijzing zou ten koste gaan "
                    "van iemand die voorgaat (meer mensen gehuisvest, in de eigen gemeente of langer "
                    "wachtend)"
                )
                details = []
                if taken:
                    details.append(f"{taken} aan een ander toegewezen")
                if full:
                    details.append("bereikte grenzen: " + "; ".join(sorted(full)))
                reason += (": " + "; ".join(details) if details else "") + "."
            unmatched.append(Unmatched(person.id, reason))
            continue
        d = int(s.pair_d[k])
        dwelling = problem.dwellings[d]
        pref = bool(s.pair_pref[k])
        where = (
            "voorkeursgemeente"
            if pref
            else (
                "geen voorkeursgemeente; in de voorkeursgemeenten was geen passende plaats zonder "
                "iemand anders te verdringen"
            )
        )
        needs = ", ".join(sorted(person.needs)) or "geen bijzondere eisen"
        bound = limits(d)
        explanation = (
            f"Woning {dwelling.id} van {dwelling.association} in {dwelling.municipality} "
            f"(buurt {dwelling.neighbourhood}; {where}). Past: huishouden {person.household_size} "
            f"van ten hoogste {dwelling.max_household}, huur {money(dwelling.rent)} binnen "
            f"{money(person.max_rent)}, nodig: {needs}. Wachttijd {person.waiting_days} dagen. "
            f"Passendheid {int(s.pair_fit[k])} van {FIT_MAX}. "
            + ("Grenzen: " + "; ".join(bound) + "." if bound else "Geen draagkrachtgrens of contingent bereikt.")
        )
        assignments.append(Assignment(person.id, dwelling.id, explanation, pref, int(s.pair_fit[k])))
    return Result(
        assignments=tuple(assignments),
        unmatched=tuple(unmatched),
        housed=len(assignments),
        housed_preferred=sum(1 for a in assignments if a.preferred),
        waiting_days_housed=sum(problem.uitstromers[int(s.pair_u[k])].waiting_days for k in chosen),
        fit_total=sum(a.fit for a in assignments),
        optimal=optimal,
        gap=gap,
        method=method,
        seconds=round(seconds, 3),
    )


def solve(problem: Problem, time_limit: float = 60.0, method: str = "auto") -> Result:
    """The lexicographically best proposal (see the module docstring)."""
    started = time.perf_counter()
    validate(problem)
    s = _build(problem)
    if method == "auto":
        method = "flow" if _laminar(s) else "milp"
    if len(s.pair_u) == 0:
        chosen: list[int] = []
        optimal, gap = True, 0.0
    elif method == "flow":
        if not _laminar(s):
            raise ProblemError("de grenzen kruisen elkaar; een stroomberekening is hier niet exact")
        chosen, optimal, gap = _solve_flow(s)
    elif method == "milp":
        chosen, optimal, gap = _solve_milp(s, time_limit)
    else:
        raise ValueError(method)
    return _explain(s, chosen, time.perf_counter() - started, optimal, gap, method)


def objective(result: Result) -> tuple[int, int, int, int]:
    """The four levels of a result, for comparing results."""
    return (result.housed, result.housed_preferred, result.waiting_days_housed, result.fit_total)


def brute_force(problem: Problem) -> tuple[int, int, int, int]:
    """The optimum by enumeration (tests only; tiny problems)."""
    people = problem.uitstromers
    dwellings = problem.dwellings
    contingent = {(c.association, c.municipality): c.remaining for c in problem.contingents}
    best = (0, 0, 0, 0)

    def rec(i: int, used: frozenset[int], nb: dict[str, int], grp: dict[tuple[str, str], int], score) -> None:
        nonlocal best
        if i == len(people):
            best = max(best, score)
            return
        rec(i + 1, used, nb, grp, score)
        p = people[i]
        for j, d in enumerate(dwellings):
            if j in used or not feasible(p, d):
                continue
            cap = problem.neighbourhood_caps.get(d.neighbourhood)
            if cap is not None and nb.get(d.neighbourhood, 0) >= cap:
                continue
            key = (d.association, d.municipality)
            if key in contingent and grp.get(key, 0) >= contingent[key]:
                continue
            nb2 = dict(nb)
            nb2[d.neighbourhood] = nb2.get(d.neighbourhood, 0) + 1
            grp2 = dict(grp)
            grp2[key] = grp2.get(key, 0) + 1
            pref = int(d.municipality in p.preferred)
            rec(
                i + 1,
                used | {j},
                nb2,
                grp2,
                (score[0] + 1, score[1] + pref, score[2] + p.waiting_days, score[3] + fit(p, d)),
            )

    rec(0, frozenset(), {}, {}, (0, 0, 0, 0))
    return best


def check(problem: Problem, result: Result) -> list[str]:
    """Every hard constraint a result violates, in words (empty when it is feasible)."""
    people = {p.id: p for p in problem.uitstromers}
    dwellings = {d.id: d for d in problem.dwellings}
    problems: list[str] = []
    seen_u: set[str] = set()
    seen_d: set[str] = set()
    nb: dict[str, int] = defaultdict(int)
    grp: dict[tuple[str, str], int] = defaultdict(int)
    for a in result.assignments:
        p, d = people[a.uitstromer], dwellings[a.dwelling]
        if a.uitstromer in seen_u or a.dwelling in seen_d:
            problems.append(f"dubbel: {a.uitstromer} / {a.dwelling}")
        seen_u.add(a.uitstromer)
        seen_d.add(a.dwelling)
        if not feasible(p, d):
            problems.append(f"past niet: {a.uitstromer} in {a.dwelling}")
        nb[d.neighbourhood] += 1
        grp[(d.association, d.municipality)] += 1
    for name, count in nb.items():
        cap = problem.neighbourhood_caps.get(name)
        if cap is not None and count > cap:
            problems.append(f"draagkracht {name}: {count} > {cap}")
    for c in problem.contingents:
        if grp[(c.association, c.municipality)] > c.remaining:
            problems.append(f"contingent {c.association}/{c.municipality}")
    return problems


def all_ids(items: Iterable[Uitstromer | Dwelling]) -> list[str]:
    return [item.id for item in items]
