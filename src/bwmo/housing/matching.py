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

How it is solved (exact; docs/matching.md has the reasoning):

- Aggregation: dwellings that nothing can tell apart (same neighbourhood, association and
  municipality, household limit, rent level, relevant features) form a class with a capacity;
  people with the same household size, rent limit and needs share a profile. Per profile and cell
  only the best classes holding as many dwellings as the cell can take are kept (a swap argument).
  On the benchmark this turns 20 million person-dwelling combinations into about 70,000 columns.
- When the binding neighbourhood caps and contingents form a laminar family (every two of them are
  disjoint or nested; in particular when there are no contingents) the aggregated model is a
  min-cost flow (OR-Tools): max flow gives level (1), integer costs with strict weights levels
  (2)-(4).
- When contingents cross neighbourhoods ("milp"): the levels are solved one after the other as
  LPs (HiGHS dual simplex), each over the optimal face of the level before (complementary
  slackness: no objective rows). With the number of people per cell fixed, the rest is a laminar
  network, so only those ~140 cell numbers need to be whole: a tiny MILP on the optimal face finds
  them, and a min-cost flow with exactly these cell capacities gives an integral proposal that
  reaches the LP bound on every level: optimal, proven (gap 0). When a face has no integral point
  (the LP of a level is not tight) a level-by-level MILP over the whole aggregated model decides,
  and reports the gap when the time limit stops it.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import scipy.sparse as sp

FIT_MAX = 10
CENT = Decimal("0.01")
MAX_WAITING_DAYS = 36_500
_INT64_SAFE = 2**62
_DISP = False  # True prints the HiGHS log of the MILPs (for debugging)


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


# --- the aggregated model --------------------------------------------------------------------
#
# Dwellings that no constraint, no objective level and no person can tell apart form one *class*
# with a capacity: same cell (neighbourhood, association, municipality), same household limit (cut
# off where spare room stops counting), same rent level (which of the people's rent limits it
# fits under), same relevant features (the ones somebody needs) and the same number of other
# features (cut off where the fit stops counting them). People with the same household size, rent
# limit and needs have the same *profile*. The model then has one variable per person and
# municipality (``y``: this person goes to a dwelling of this municipality; it carries levels 1-3)
# and one integer variable per (profile, municipality) node and class (``z``: so many people of
# this profile in this class; it carries level 4). The node (profile, municipality) conserves flow.
# Every integer solution decomposes into person -> dwelling pairs with exactly the same four
# levels, and every proposal is such a solution, so the model is exact.


@dataclass
class _Model:
    problem: Problem
    # classes
    class_members: list[np.ndarray]  # usable dwelling indices per class, ascending
    class_cell: np.ndarray
    class_size: np.ndarray
    class_muni: np.ndarray
    # cells and their binding limits
    cell_nb: np.ndarray  # index into nb_names or -1
    cell_grp: np.ndarray  # index into grp_keys or -1
    cell_quota: np.ndarray
    nb_names: list[str]
    nb_caps: list[int]
    grp_keys: list[tuple[str, str]]
    grp_caps: list[int]
    munis: list[str]
    # people
    profile_of: np.ndarray  # per person
    compat: np.ndarray  # profile x class: feasible (without the municipality rule)
    fits: np.ndarray  # profile x class
    allowed: np.ndarray  # person x municipality
    feasible_count: np.ndarray  # per person: usable feasible dwellings
    block: list[str | None]
    # columns
    y_person: np.ndarray
    y_node: np.ndarray
    y_pref: np.ndarray
    z_node: np.ndarray
    z_class: np.ndarray
    z_fit: np.ndarray
    z_cap: np.ndarray
    node_profile: np.ndarray
    node_muni: np.ndarray


def _bits(names: Iterable[str], index: Mapping[str, int]) -> int:
    out = 0
    for name in names:
        if name in index:
            out |= 1 << index[name]
    return out


def _popcount(values: np.ndarray) -> np.ndarray:
    out = np.zeros(values.shape, dtype=np.int64)
    v = values.copy()
    while v.any():
        out += v & 1
        v >>= 1
    return out


def _build(problem: Problem) -> _Model:
    people = problem.uitstromers
    dwellings = problem.dwellings
    n_u = len(people)

    # Binding limits only: a limit of at least the number of dwellings under it constrains nothing.
    nb_count: dict[str, int] = defaultdict(int)
    grp_count: dict[tuple[str, str], int] = defaultdict(int)
    for d in dwellings:
        nb_count[d.neighbourhood] += 1
        grp_count[(d.association, d.municipality)] += 1
    contingent_of = {(c.association, c.municipality): c.remaining for c in problem.contingents}
    nb_index: dict[str, int] = {}
    nb_caps: list[int] = []
    for name in sorted(nb_count):
        cap = problem.neighbourhood_caps.get(name)
        if cap is not None and cap < nb_count[name]:
            nb_index[name] = len(nb_caps)
            nb_caps.append(cap)
    grp_index: dict[tuple[str, str], int] = {}
    grp_caps: list[int] = []
    for key in sorted(grp_count):
        cap = contingent_of.get(key)
        if cap is not None and cap < grp_count[key]:
            grp_index[key] = len(grp_caps)
            grp_caps.append(cap)

    relevant = sorted({f for p in people for f in p.needs})
    feature_index = {f: i for i, f in enumerate(relevant)}
    rent_levels = sorted({p.max_rent for p in people})
    hh_cut = max((p.household_size for p in people), default=1) + 3
    munis = sorted({d.municipality for d in dwellings})
    muni_index = {m: i for i, m in enumerate(munis)}

    cell_index: dict[tuple[str, str, str], int] = {}
    cell_nb: list[int] = []
    cell_grp: list[int] = []
    cell_size: list[int] = []
    class_index: dict[tuple, int] = {}
    members: list[list[int]] = []
    keys: list[tuple[int, int, int, int, int, int]] = []
    for j, d in enumerate(dwellings):
        cell_key = (d.neighbourhood, d.association, d.municipality)
        cell = cell_index.get(cell_key)
        if cell is None:
            cell = cell_index[cell_key] = len(cell_nb)
            cell_nb.append(nb_index.get(d.neighbourhood, -1))
            cell_grp.append(grp_index.get((d.association, d.municipality), -1))
            cell_size.append(0)
        cell_size[cell] += 1
        level = bisect_left(rent_levels, d.rent)  # affordable for rent levels >= this one
        if level == len(rent_levels):
            level = len(rent_levels)  # affordable for nobody; kept for the reasons
        key = (
            cell,
            min(d.max_household, hh_cut),
            level,
            _bits(d.features, feature_index),
            min(len(d.features - set(relevant)), 2),
            muni_index[d.municipality],
        )
        c = class_index.get(key)
        if c is None:
            c = class_index[key] = len(keys)
            keys.append(key)
            members.append([])
        members[c].append(j)
    n_c = len(keys)
    karr = np.array(keys, dtype=np.int64).reshape(n_c, 6)
    class_cell, c_hh, c_level, c_feat, c_other, class_muni = (karr[:, i] for i in range(6))
    cell_nb_a = np.array(cell_nb, dtype=np.int64)
    cell_grp_a = np.array(cell_grp, dtype=np.int64)
    caps_nb = np.array([*nb_caps, _INT64_SAFE], dtype=np.int64)
    caps_grp = np.array([*grp_caps, _INT64_SAFE], dtype=np.int64)
    cell_quota = np.minimum(
        np.array(cell_size, dtype=np.int64), np.minimum(caps_nb[cell_nb_a], caps_grp[cell_grp_a])
    )
    usable_cell = cell_quota > 0
    class_size = np.array([len(m) for m in members], dtype=np.int64)
    class_usable = usable_cell[class_cell] if n_c else np.zeros(0, dtype=bool)

    # Profiles and, per profile, the classes that fit (ignoring the municipality rule).
    profile_index: dict[tuple[int, Decimal, frozenset[str]], int] = {}
    profile_of = np.empty(n_u, dtype=np.int64)
    for i, p in enumerate(people):
        profile_of[i] = profile_index.setdefault((p.household_size, p.max_rent, p.needs), len(profile_index))
    profiles = list(profile_index)
    n_p = len(profiles)
    compat = np.zeros((n_p, n_c), dtype=bool)
    fits = np.zeros((n_p, n_c), dtype=np.int64)
    size_ok = np.zeros(n_p, dtype=bool)
    rent_ok = np.zeros((n_p, n_c), dtype=bool)
    for k, (hh, rent, needs) in enumerate(profiles):
        need_bits = _bits(needs, feature_index)
        s_ok = c_hh >= hh
        r_ok = s_ok & (c_level <= bisect_left(rent_levels, rent))
        size_ok[k] = bool(s_ok.any())
        rent_ok[k] = r_ok
        compat[k] = r_ok & ((c_feat & need_bits) == need_bits)
        unneeded = _popcount(c_feat & ~need_bits) + c_other
        fits[k] = FIT_MAX - 2 * np.minimum(c_hh - hh, 3) - 2 * np.minimum(unneeded, 2)

    allowed = np.ones((n_u, len(munis)), dtype=bool)
    preferred = np.zeros((n_u, len(munis)), dtype=bool)
    for i, p in enumerate(people):
        for m in p.preferred:
            if m in muni_index:
                preferred[i, muni_index[m]] = True
        if p.only_preferred:
            allowed[i] = preferred[i]

    # People who could use each cell: bounds how many dwellings per profile and cell matter.
    onehot_muni = np.zeros((n_c, len(munis)), dtype=bool)
    onehot_muni[np.arange(n_c), class_muni] = True
    count_pm = np.zeros((n_p, len(munis)), dtype=np.int64)
    np.add.at(count_pm, profile_of, allowed.astype(np.int64))
    n_cells = len(cell_nb)
    people_in_cell = np.zeros(n_cells, dtype=np.int64)
    cell_muni = np.zeros(n_cells, dtype=np.int64)
    cell_muni[class_cell] = class_muni
    usable_compat = compat & class_usable
    for k in range(n_p):
        cells = np.unique(class_cell[usable_compat[k]])
        people_in_cell[cells] += count_pm[k, cell_muni[cells]]
    r_cell = np.minimum(cell_quota, people_in_cell)

    # Exact pruning (swap argument, docs/matching.md): per profile and cell only the best classes
    # that together hold r_cell dwellings can be needed.
    z_node: list[np.ndarray] = []
    z_class: list[np.ndarray] = []
    z_fit: list[np.ndarray] = []
    node_key: dict[tuple[int, int], int] = {}
    for k in range(n_p):
        idx = np.flatnonzero(usable_compat[k])
        if len(idx) == 0:
            continue
        cells = class_cell[idx]
        order = np.lexsort((idx, -fits[k, idx], cells))
        idx, cells = idx[order], cells[order]
        sizes = class_size[idx]
        cum = np.cumsum(sizes)
        starts = np.r_[0, np.flatnonzero(np.diff(cells)) + 1]
        base = np.repeat(np.r_[0, cum[starts[1:] - 1]], np.diff(np.r_[starts, len(idx)]))
        before = cum - sizes - base
        keep = idx[before < r_cell[cells]]
        for m in np.unique(class_muni[keep]):
            if count_pm[k, m] == 0:
                continue
            node = node_key.setdefault((k, int(m)), len(node_key))
            sel = keep[class_muni[keep] == m]
            z_node.append(np.full(len(sel), node, dtype=np.int64))
            z_class.append(sel)
            z_fit.append(fits[k, sel])
    empty = np.zeros(0, dtype=np.int64)
    zc = np.concatenate(z_class) if z_class else empty
    node_profile = np.array([k for k, _m in node_key], dtype=np.int64)
    node_muni = np.array([m for _k, m in node_key], dtype=np.int64)

    y_person: list[int] = []
    y_node: list[int] = []
    y_pref: list[bool] = []
    for i in range(n_u):
        for m in np.flatnonzero(allowed[i]):
            node = node_key.get((int(profile_of[i]), int(m)))
            if node is not None:
                y_person.append(i)
                y_node.append(node)
                y_pref.append(bool(preferred[i, m]))

    # Per person: how many usable dwellings fit, and what blocks them when none does.
    feasible_count = np.zeros(n_u, dtype=np.int64)
    block: list[str | None] = []
    for i, p in enumerate(people):
        k = profile_of[i]
        place = compat[k] & allowed[i][class_muni] if n_c else np.zeros(0, dtype=bool)
        ok = place & class_usable
        feasible_count[i] = int(class_size[ok].sum())
        block.append(
            _block_reason(p, len(dwellings), bool(size_ok[k]), bool(rent_ok[k].any()),
                          bool(compat[k].any()), bool(place.any()), bool(ok.any()))
        )

    return _Model(
        problem=problem,
        class_members=[np.array(m, dtype=np.int64) for m in members],
        class_cell=class_cell,
        class_size=class_size,
        class_muni=class_muni,
        cell_nb=cell_nb_a,
        cell_grp=cell_grp_a,
        cell_quota=cell_quota,
        nb_names=sorted(nb_index, key=nb_index.__getitem__),
        nb_caps=nb_caps,
        grp_keys=sorted(grp_index, key=grp_index.__getitem__),
        grp_caps=grp_caps,
        munis=munis,
        profile_of=profile_of,
        compat=compat,
        fits=fits,
        allowed=allowed,
        feasible_count=feasible_count,
        block=block,
        y_person=np.array(y_person, dtype=np.int64),
        y_node=np.array(y_node, dtype=np.int64),
        y_pref=np.array(y_pref, dtype=bool),
        z_node=np.concatenate(z_node) if z_node else empty,
        z_class=zc,
        z_fit=np.concatenate(z_fit) if z_fit else empty,
        z_cap=np.minimum(class_size[zc], cell_quota[class_cell[zc]]) if len(zc) else empty,
        node_profile=node_profile,
        node_muni=node_muni,
    )


def _block_reason(
    p: Uitstromer, n_d: int, size_ok: bool, rent_ok: bool, needs_ok: bool, place_ok: bool, ok: bool
) -> str | None:
    if n_d == 0:
        return "Er zijn geen woningen aangeboden."
    if not size_ok:
        return f"Geen aangeboden woning is groot genoeg voor een huishouden van {p.household_size}."
    if not rent_ok:
        return f"Geen woning die groot genoeg is heeft een huur van ten hoogste {money(p.max_rent)}."
    if not needs_ok:
        return (
            "Geen betaalbare woning die groot genoeg is heeft alles wat nodig is: "
            + ", ".join(sorted(p.needs))
            + "."
        )
    if not place_ok:
        return (
            "Alleen de voorkeursgemeenten zijn acceptabel en daar is geen passende woning "
            f"({', '.join(p.preferred) or 'geen voorkeursgemeente opgegeven'})."
        )
    if not ok:
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


def _laminar_parents(s: _Model) -> tuple[np.ndarray, np.ndarray] | None:
    """Parents of the limit nodes when the binding limits form a laminar family, else None.

    Node numbering: neighbourhood limits 0..n_nb-1, contingents n_nb.., -1 is the root.
    Equal member sets nest the neighbourhood inside the contingent.
    """
    used = s.cell_quota > 0
    nb, grp = s.cell_nb[used], s.cell_grp[used]
    n_nb = len(s.nb_caps)
    nb_parent = np.full(n_nb, -1, dtype=np.int64)
    grp_parent = np.full(len(s.grp_caps), -1, dtype=np.int64)
    for n in range(n_nb):
        groups = np.unique(grp[nb == n])
        if len(groups) == 1 and groups[0] >= 0:
            nb_parent[n] = n_nb + groups[0]
    for g in range(len(s.grp_caps)):
        hoods = np.unique(nb[grp == g])
        if len(hoods) == 1 and hoods[0] >= 0 and nb_parent[hoods[0]] != n_nb + g:
            grp_parent[g] = hoods[0]
    for n, g in {(int(a), int(b)) for a, b in zip(nb, grp, strict=True) if a >= 0 and b >= 0}:
        if nb_parent[n] != n_nb + g and grp_parent[g] != n:
            return None
    return nb_parent, grp_parent


# --- the two methods ---------------------------------------------------------------------------


def _solve_flow(s: _Model, cell_caps: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(y, z) through a min-cost flow on the aggregated network (exact when laminar).

    With ``cell_caps`` every cell takes at most that many people and the neighbourhood and
    contingent limits are left out (the caller guarantees the cell numbers respect them).
    """
    from ortools.graph.python import min_cost_flow

    if cell_caps is None:
        parents = _laminar_parents(s)
        assert parents is not None
        nb_parent, grp_parent = parents
    else:
        nb_parent = np.full(len(s.nb_caps), -1, dtype=np.int64)
        grp_parent = np.full(len(s.grp_caps), -1, dtype=np.int64)
    problem = s.problem
    w_pref, w_wait = _weights(problem)
    n_u = len(problem.uitstromers)
    n_nodes = len(s.node_profile)
    n_c = len(s.class_size)
    n_nb = len(s.nb_caps)
    n_lim = n_nb + len(s.grp_caps) if cell_caps is None else len(s.cell_quota)
    source = 0
    p0 = 1
    g0 = p0 + n_u
    c0 = g0 + n_nodes
    l0 = c0 + n_c
    sink = l0 + n_lim
    waits = np.array([p.waiting_days for p in problem.uitstromers], dtype=np.int64)
    ny, nz = len(s.y_person), len(s.z_node)

    def node_of_limit(lim: np.ndarray) -> np.ndarray:
        return np.where(lim >= 0, l0 + lim, sink)

    if cell_caps is not None:  # the limit nodes are the cells
        cell_lim = np.arange(len(s.cell_quota))
        lim_parent = np.full(n_lim, -1, dtype=np.int64)
        lim_caps = cell_caps
    else:
        # innermost limit of each cell: the neighbourhood when it lies inside the contingent
        lim_parent = np.r_[nb_parent, grp_parent]
        padded = np.r_[lim_parent, -2]  # -2: "no limit", matches no contingent
        nb_in_grp = padded[np.where(s.cell_nb >= 0, s.cell_nb, len(lim_parent))] == n_nb + s.cell_grp
        cell_lim = np.where(
            (s.cell_nb >= 0) & ((s.cell_grp < 0) | nb_in_grp),
            s.cell_nb,
            np.where(s.cell_grp >= 0, n_nb + s.cell_grp, -1),
        )
        lim_caps = np.r_[s.nb_caps, s.grp_caps]

    tails = [p0 + s.y_person, g0 + s.z_node, np.full(n_u, source), c0 + np.arange(n_c), l0 + np.arange(n_lim)]
    heads = [
        g0 + s.y_node,
        c0 + s.z_class,
        p0 + np.arange(n_u),
        node_of_limit(cell_lim[s.class_cell]) if n_c else np.zeros(0, dtype=np.int64),
        node_of_limit(lim_parent),
    ]
    caps = [np.ones(ny), s.z_cap, np.ones(n_u), s.class_size, lim_caps]
    costs = [-w_pref * s.y_pref.astype(np.int64), -s.z_fit, -w_wait * waits, np.zeros(n_c), np.zeros(n_lim)]
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        *(np.concatenate(part).astype(np.int64) for part in (tails, heads, caps, costs))
    )
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[source] = n_u
    supply[sink] = -n_u
    flow.set_nodes_supplies(np.arange(sink + 1), supply)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        raise ProblemError("de stroomberekening gaf geen optimale oplossing")
    flows = flow.flows(np.arange(ny + nz))
    return flows[:ny].astype(np.int64), flows[ny:].astype(np.int64)


def _matrix(s: _Model) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Rows of the aggregated model: (A, rhs, is_equality); every row is A x <= rhs or A x = rhs."""
    n_u = len(s.problem.uitstromers)
    ny, nz = len(s.y_person), len(s.z_node)
    n = ny + nz
    n_nodes = len(s.node_profile)
    n_c = len(s.class_size)
    zi = ny + np.arange(nz)
    yi = np.arange(ny)
    zcell = s.class_cell[s.z_class]
    blocks = [
        sp.csr_matrix((np.ones(ny), (s.y_person, yi)), shape=(n_u, n)),
        sp.csr_matrix(
            (np.r_[np.ones(ny), -np.ones(nz)], (np.r_[s.y_node, s.z_node], np.r_[yi, zi])), shape=(n_nodes, n)
        ),
        sp.csr_matrix((np.ones(nz), (s.z_class, zi)), shape=(n_c, n)),
    ]
    rhs = [np.ones(n_u), np.zeros(n_nodes), s.class_size.astype(float)]
    eq = [np.zeros(n_u, dtype=bool), np.ones(n_nodes, dtype=bool), np.zeros(n_c, dtype=bool)]
    for lim_of, caps in ((s.cell_nb, s.nb_caps), (s.cell_grp, s.grp_caps)):
        lim = lim_of[zcell]
        m = lim >= 0
        blocks.append(sp.csr_matrix((np.ones(int(m.sum())), (lim[m], zi[m])), shape=(len(caps), n)))
        rhs.append(np.array(caps, dtype=float))
        eq.append(np.zeros(len(caps), dtype=bool))
    return sp.vstack(blocks).tocsr(), np.concatenate(rhs), np.concatenate(eq)


def _levels(s: _Model) -> list[np.ndarray]:
    """The objective levels as column weights: (1)+(2) at once (exact: (n+1) per person housed,
    plus 1 in a preferred municipality), (3) waiting days, (4) fit."""
    n_u = len(s.problem.uitstromers)
    nz = len(s.z_node)
    ny = len(s.y_person)
    waits = np.array([p.waiting_days for p in s.problem.uitstromers], dtype=float)
    return [
        np.r_[(n_u + 1) + s.y_pref.astype(float), np.zeros(nz)],
        np.r_[waits[s.y_person], np.zeros(nz)],
        np.r_[np.zeros(ny), s.z_fit.astype(float)],
    ]


_TOL = 1e-7


@dataclass
class _Faces:
    y: np.ndarray
    z: np.ndarray
    bounds: list[int]  # LP bound per level (levels 1+2 as one), as far as they were solved
    complete: bool  # y, z reach all three bounds by construction


def _solve_faces(s: _Model, deadline: float) -> _Faces | None:
    """Levels (1)-(4) as LPs, each over the optimal face of the one before; then made integral.

    Level k is maximised by dual simplex; by complementary slackness its optimal face is the
    feasible set with every column of non-zero reduced cost held at its bound and every row of
    non-zero dual tight, and level k+1 is maximised over that face (no objective row needed).

    Integrality: once the number of people per cell is fixed, what is left is a laminar network
    (integral). So if the last LP gives whole cell numbers, a min-cost flow with exactly these
    cell capacities finds a proposal at least as good on every level as the LP point, which is
    an upper bound: optimal, proven. Otherwise a small MILP runs over the face of level (3) with
    only the cell numbers integer (the rest continuous) and the fit as objective; its cell
    numbers go into the same flow. Every point of that face reaches the LP bounds of levels
    (1)-(3), so when the MILP finds one, those bounds are reached by an integral proposal and
    the MILP optimum is the optimum of level (4).

    When the face has no integral point or the time runs out, the outcome is not complete: the
    cell numbers of the last LP rounded down (they still respect every limit) give a feasible
    proposal through the same flow, with the LP bounds found so far (the caller then runs the
    full MILP). None when not even one LP was solved.
    """
    from scipy.optimize import linprog

    a, rhs, eq = _matrix(s)
    n = a.shape[1]
    ny = len(s.y_person)
    ub = np.r_[np.ones(ny), s.z_cap.astype(float)]
    active = np.ones(n, dtype=bool)
    fixed = np.zeros(n)
    bounds_lp: list[int] = []
    x = np.zeros(n)
    face3: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    levels = _levels(s)
    zcell = s.class_cell[s.z_class]
    n_cells = len(s.cell_quota)

    def give_up() -> _Faces | None:
        if not bounds_lp:
            return None
        q_lp = np.bincount(zcell, weights=x[ny:], minlength=n_cells)
        y0, z0 = _solve_flow(s, cell_caps=np.floor(q_lp + 1e-6).astype(np.int64))
        return _Faces(y0, z0, bounds_lp, complete=False)

    for k, level in enumerate(levels):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return give_up()
        if k == len(levels) - 1:
            face3 = (active.copy(), fixed.copy(), eq.copy())
        cols = np.flatnonzero(active)
        sub = a[:, cols]
        b = rhs - a[:, ~active] @ fixed[~active]
        res = linprog(
            -level[cols],
            A_ub=sub[~eq], b_ub=b[~eq], A_eq=sub[eq], b_eq=b[eq],
            bounds=np.c_[np.zeros(len(cols)), ub[cols]],
            method="highs-ds", options={"time_limit": remaining, "presolve": False},
        )
        if res.status != 0:
            return give_up()
        x = fixed.copy()
        x[cols] = res.x
        bounds_lp.append(int(np.floor(float(level @ x) + 1e-6)))
        # the optimal face, for the next level
        at_lo = res.lower.marginals > _TOL
        at_hi = res.upper.marginals < -_TOL
        fixed[cols[at_lo]] = 0.0
        fixed[cols[at_hi]] = ub[cols[at_hi]]
        active[cols[at_lo | at_hi]] = False
        duals = np.zeros(len(rhs))
        duals[~eq] = res.ineqlin.marginals
        eq = eq | (np.abs(duals) > _TOL)
    q = np.bincount(zcell, weights=x[ny:], minlength=n_cells)
    if not _whole(q):
        # First the face of level (4) itself (small; any integral point there reaches the LP
        # bound of level 4 as well), then the face of level (3) with the fit as objective.
        assert face3 is not None
        found = None
        for face in ((active, fixed, eq), face3):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return give_up()
            found = _cell_milp(s, a, rhs, ub, face, levels[-1], remaining)
            if found is not None:
                break
        if found is None:
            return give_up()
        q_whole, bound = found
        if not _whole(q_whole):  # only numerically possible: leave it to the full MILP
            return give_up()
        q = q_whole
        bounds_lp[-1] = bound
    y, z = _solve_flow(s, cell_caps=np.round(q).astype(np.int64))
    return _Faces(y, z, bounds_lp, complete=True)


def _whole(values: np.ndarray) -> bool:
    return bool(np.all(np.abs(values - np.round(values)) <= 1e-6))


def _cell_milp(
    s: _Model,
    a: sp.csr_matrix,
    rhs: np.ndarray,
    ub: np.ndarray,
    face: tuple[np.ndarray, np.ndarray, np.ndarray],
    level: np.ndarray,
    time_limit: float,
) -> tuple[np.ndarray, int] | None:
    """Whole cell numbers on a face, maximising ``level``: (cell numbers, optimum) or None.

    Only the cell numbers are integer: for whole cell numbers the rest is a network and has an
    integral optimum, which :func:`_solve_flow` finds.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    active, fixed, eq = face
    ny = len(s.y_person)
    n_cells = len(s.cell_quota)
    zcell = s.class_cell[s.z_class]
    cols = np.flatnonzero(active)
    b = rhs - a[:, ~active] @ fixed[~active]
    zcols = cols[cols >= ny]
    fixed_cell = np.bincount(zcell, weights=fixed[ny:], minlength=n_cells)
    link = sp.hstack([
        sp.csr_matrix(
            (np.ones(len(zcols)), (zcell[zcols - ny], np.searchsorted(cols, zcols))),
            shape=(n_cells, len(cols)),
        ),
        -sp.identity(n_cells, format="csr"),
    ]).tocsr()
    full = sp.vstack([sp.hstack([a[:, cols], sp.csr_matrix((len(rhs), n_cells))]), link]).tocsr()
    res = milp(
        -np.r_[level[cols], np.zeros(n_cells)],
        constraints=LinearConstraint(full, np.r_[np.where(eq, b, -np.inf), -fixed_cell], np.r_[b, -fixed_cell]),
        integrality=np.r_[np.zeros(len(cols)), np.ones(n_cells)],
        bounds=Bounds(np.zeros(len(cols) + n_cells), np.r_[ub[cols], s.cell_quota.astype(float)]),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": _DISP},
    )
    if res.status != 0 or res.x is None:
        return None
    return res.x[len(cols):], int(np.floor(-res.fun + float(level @ fixed) + 1e-6))


def _solve_milp(s: _Model, deadline: float) -> tuple[np.ndarray, np.ndarray, bool, float]:
    """(y, z, proven, gap) through HiGHS branch and bound, level by level, on the aggregated model.

    The fallback when :func:`_solve_faces` cannot conclude. Only the cell numbers are integer:
    for whole cell numbers the rest is a network, whose lexicographic optimum is integral and is
    found by :func:`_solve_flow` with those cell capacities, so the level values of this mixed
    model are those of whole proposals. Each level's optimum is fixed by a row before the next
    level is solved. The gap is relative, on the first level that is not proven (1.0 when that
    level has no bound yet).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    a, rhs, eq = _matrix(s)
    ny, nz = len(s.y_person), len(s.z_node)
    n = ny + nz
    n_cells = len(s.cell_quota)
    zcell = s.class_cell[s.z_class]
    link = sp.hstack([
        sp.csr_matrix((np.ones(nz), (zcell, ny + np.arange(nz))), shape=(n_cells, n)),
        -sp.identity(n_cells, format="csr"),
    ])
    full = sp.vstack([sp.hstack([a, sp.csr_matrix((len(rhs), n_cells))]), link]).tocsr()
    rows_lo = np.r_[np.where(eq, rhs, -np.inf), np.zeros(n_cells)]
    rows_hi = np.r_[rhs, np.zeros(n_cells)]
    bounds = Bounds(np.zeros(n + n_cells), np.r_[np.ones(ny), s.z_cap.astype(float), s.cell_quota.astype(float)])
    integrality = np.r_[np.zeros(n), np.ones(n_cells)]
    fixed: list[tuple[np.ndarray, float]] = []
    cells: np.ndarray | None = None

    def proposal() -> tuple[np.ndarray, np.ndarray]:
        if cells is None:
            return np.zeros(ny, dtype=np.int64), np.zeros(nz, dtype=np.int64)
        return _solve_flow(s, cell_caps=cells)

    for level in _levels(s):
        objective = np.r_[level, np.zeros(n_cells)]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return (*proposal(), False, 1.0)
        constraints = [LinearConstraint(full, rows_lo, rows_hi)]
        if fixed:
            rows = np.vstack([row for row, _v in fixed])
            # exactly v: a slack would let the continuous part trade a bit of a level for the next
            constraints.append(LinearConstraint(rows, [v for _r, v in fixed], np.inf))
        res = milp(
            -objective, constraints=constraints, integrality=integrality, bounds=bounds,
            options={"time_limit": remaining, "mip_rel_gap": 0.0, "disp": _DISP},
        )
        if res.x is None:
            return (*proposal(), False, 1.0)
        cells = np.round(res.x[n:]).astype(np.int64)
        if res.status != 0:
            y, z = proposal()
            value = float(level @ np.r_[y, z])
            dual = getattr(res, "mip_dual_bound", None)
            bound = -float(dual) if dual is not None and np.isfinite(dual) else np.inf
            gap = 1.0 if not np.isfinite(bound) else max(0.0, (bound - value) / max(1.0, abs(bound)))
            return y, z, False, gap
        fixed.append((objective, float(np.floor(float(objective @ res.x) + 1e-6))))
    y, z = proposal()
    proven, gap = _compare(_values(s, y, z), [int(v) for _r, v in fixed], len(fixed))
    return y, z, proven, gap


def _values(s: _Model, y: np.ndarray, z: np.ndarray) -> list[int]:
    x = np.r_[y, z]
    return [round(float(level @ x)) for level in _levels(s)]


def _compare(values: Sequence[int], bounds: Sequence[int], n_levels: int) -> tuple[bool, float]:
    """(proven optimal, relative gap on the first level below its bound; 1.0 without a bound).

    A bound of a later level only holds once the levels before it reach theirs, so the first
    level that falls short (or has no bound) decides.
    """
    for value, bound in zip(values, bounds, strict=False):
        if value < bound:
            return False, (bound - value) / max(1, abs(bound))
    if len(bounds) < n_levels:
        return False, 1.0
    return True, 0.0


# --- realisation and explanations --------------------------------------------------------------


def _realise(s: _Model, y: np.ndarray, z: np.ndarray) -> dict[int, int]:
    """Person index -> dwelling index for an integer (y, z)."""
    persons: dict[int, list[int]] = defaultdict(list)
    for k in np.flatnonzero(y > 0):
        persons[int(s.y_node[k])].append(int(s.y_person[k]))
    units: dict[int, list[int]] = defaultdict(list)
    for k in np.flatnonzero(z > 0):
        units[int(s.z_node[k])].extend([int(s.z_class[k])] * int(z[k]))
    next_free = np.zeros(len(s.class_size), dtype=np.int64)
    out: dict[int, int] = {}
    for node, who in persons.items():
        classes = units.get(node, [])
        if len(classes) != len(who):
            raise AssertionError("de oplossing is niet consistent (stroombehoud)")
        for person, c in zip(sorted(who), sorted(classes), strict=True):
            members = s.class_members[c]
            if next_free[c] >= len(members):
                raise AssertionError("een woningklasse is overvol")
            out[person] = int(members[next_free[c]])
            next_free[c] += 1
    return out


def _explain(
    s: _Model, pairs: Mapping[int, int], seconds: float, optimal: bool, gap: float, method: str
) -> Result:
    problem = s.problem
    if len(set(pairs.values())) != len(pairs):
        raise AssertionError("een woning is twee keer toegewezen")
    nb_used: dict[str, int] = defaultdict(int)
    grp_used: dict[tuple[str, str], int] = defaultdict(int)
    taken_d = set(pairs.values())
    for d in taken_d:
        dwelling = problem.dwellings[d]
        nb_used[dwelling.neighbourhood] += 1
        grp_used[(dwelling.association, dwelling.municipality)] += 1
    caps = problem.neighbourhood_caps
    contingents = {(c.association, c.municipality): c.remaining for c in problem.contingents}
    if any(nb_used[n] > caps[n] for n in nb_used if n in caps) or any(
        grp_used[g] > contingents[g] for g in grp_used if g in contingents
    ):
        raise AssertionError("een draagkrachtgrens of contingent is overschreden")
    class_of = np.empty(len(problem.dwellings), dtype=np.int64)
    for c, members in enumerate(s.class_members):
        class_of[members] = c
    used_in_class = np.bincount(class_of[list(taken_d)], minlength=len(s.class_size)) if taken_d else (
        np.zeros(len(s.class_size), dtype=np.int64)
    )

    def limits(dwelling: Dwelling) -> list[str]:
        out = []
        name = dwelling.neighbourhood
        if name in caps:
            state = "vol" if nb_used[name] >= caps[name] else "niet vol"
            out.append(f"draagkracht buurt {name}: {nb_used[name]} van {caps[name]} ({state})")
        key = (dwelling.association, dwelling.municipality)
        if key in contingents:
            state = "vol" if grp_used[key] >= contingents[key] else "niet vol"
            out.append(f"contingent {key[0]} in {key[1]}: {grp_used[key]} van {contingents[key]} ({state})")
        return out

    cell_dwelling = np.zeros(len(s.cell_quota), dtype=np.int64)
    cell_dwelling[s.class_cell] = [int(m[0]) for m in s.class_members]
    full_cache: dict[int, list[str]] = {}

    def full_texts(cell: int) -> list[str]:
        if cell not in full_cache:
            texts = limits(problem.dwellings[int(cell_dwelling[cell])])
            full_cache[cell] = [text for text in texts if text.endswith("(vol)")]
        return full_cache[cell]

    assignments: list[Assignment] = []
    unmatched: list[Unmatched] = []
    for u, person in enumerate(problem.uitstromers):
        d = pairs.get(u)
        if d is None:
            unmatched.append(Unmatched(person.id, s.block[u] or _competition(s, u, used_in_class, full_texts)))
            continue
        dwelling = problem.dwellings[d]
        if not feasible(person, dwelling):
            raise AssertionError("een toegewezen woning past niet")
        pref = dwelling.municipality in person.preferred
        if pref:
            where = "voorkeursgemeente"
        elif _fits_in_preferred(s, u):
            where = (
                "geen voorkeursgemeente; in de voorkeursgemeenten was geen passende plaats zonder "
                "iemand anders te verdringen"
            )
        else:
            where = "geen voorkeursgemeente; daar is geen passende woning aangeboden"
        needs = ", ".join(sorted(person.needs)) or "geen bijzondere eisen"
        bound = limits(dwelling)
        score = fit(person, dwelling)
        explanation = (
            f"Woning {dwelling.id} van {dwelling.association} in {dwelling.municipality} "
            f"(buurt {dwelling.neighbourhood}; {where}). Past: huishouden {person.household_size} "
            f"van ten hoogste {dwelling.max_household}, huur {money(dwelling.rent)} binnen "
            f"{money(person.max_rent)}, nodig: {needs}. Wachttijd {person.waiting_days} dagen. "
            f"Passendheid {score} van {FIT_MAX}. "
            + ("Grenzen: " + "; ".join(bound) + "." if bound else "Geen draagkrachtgrens of contingent bereikt.")
        )
        assignments.append(Assignment(person.id, dwelling.id, explanation, pref, score))
    return Result(
        assignments=tuple(assignments),
        unmatched=tuple(unmatched),
        housed=len(assignments),
        housed_preferred=sum(1 for a in assignments if a.preferred),
        waiting_days_housed=sum(problem.uitstromers[u].waiting_days for u in pairs),
        fit_total=sum(a.fit for a in assignments),
        optimal=optimal,
        gap=gap,
        method=method,
        seconds=round(seconds, 3),
    )


def _fits_in_preferred(s: _Model, u: int) -> bool:
    """Whether some usable dwelling in a preferred municipality fits person ``u``."""
    person = s.problem.uitstromers[u]
    wanted = np.isin(np.array(s.munis, dtype=object), list(person.preferred)) if s.munis else np.zeros(0, bool)
    mask = s.compat[s.profile_of[u]] & wanted[s.class_muni] & (s.cell_quota[s.class_cell] > 0)
    return bool(mask.any())


def _competition(s: _Model, u: int, used_in_class: np.ndarray, full_texts: Callable[[int], list[str]]) -> str:
    """Why a person with fitting dwellings was not housed: who and which limits went first."""
    k = s.profile_of[u]
    mine = np.flatnonzero(s.compat[k] & s.allowed[u][s.class_muni] & (s.cell_quota[s.class_cell] > 0))
    taken = int(used_in_class[mine].sum())
    full: set[str] = set()
    for cell in np.unique(s.class_cell[mine]):
        full.update(full_texts(int(cell)))
    count = int(s.feasible_count[u])
    reason = (
        f"Er {'is' if count == 1 else 'zijn'} {count} passende {'woning' if count == 1 else 'woningen'}, "
        "maar een toewijzing zou ten koste gaan van iemand die voorgaat (meer mensen gehuisvest, in de "
        "eigen gemeente of langer wachtend)"
    )
    details = []
    if taken:
        details.append(f"{taken} aan een ander toegewezen")
    if full:
        details.append("bereikte grenzen: " + "; ".join(sorted(full)))
    return reason + (": " + "; ".join(details) if details else "") + "."


def solve(problem: Problem, time_limit: float = 60.0, method: str = "auto") -> Result:
    """The lexicographically best proposal (see the module docstring).

    ``method``: "flow" (only when the limits are laminar), "milp", or "auto" (flow when possible).
    """
    started = time.perf_counter()
    if method not in ("auto", "flow", "milp"):
        raise ValueError(method)
    validate(problem)
    s = _build(problem)
    laminar = _laminar_parents(s) is not None
    if method == "auto":
        method = "flow" if laminar else "milp"
    if method == "flow" and not laminar:
        raise ProblemError("de grenzen kruisen elkaar; een stroomberekening is hier niet exact")
    if len(s.y_person) == 0:
        pairs: dict[int, int] = {}
        optimal, gap = True, 0.0
    elif method == "flow":
        y, z = _solve_flow(s)
        pairs, optimal, gap = _realise(s, y, z), True, 0.0
    else:
        deadline = time.monotonic() + time_limit
        faces = _solve_faces(s, deadline)
        optimal = False
        if faces is not None:
            y, z = faces.y, faces.z
            optimal, gap = _compare(_values(s, y, z), faces.bounds, len(_levels(s)))
        if not optimal:
            y2, z2, optimal2, gap2 = _solve_milp(s, deadline)
            if faces is None or optimal2 or _values(s, y2, z2) > _values(s, y, z):
                y, z, optimal, gap = y2, z2, optimal2, gap2
        pairs = _realise(s, y, z)
    return _explain(s, pairs, time.perf_counter() - started, optimal, gap, method)


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
