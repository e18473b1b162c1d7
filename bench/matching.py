"""Benchmark the matching engine against a greedy first-come-first-served baseline.

Run: `.venv/bin/python bench/matching.py [--seed N] [--people 2000] [--dwellings 10000]`.
No database: the engine is a pure module. The last line of the output is one JSON object.

The instance: 10 municipalities with 6 neighbourhoods each (60), 4 housing associations that each
work in 5-6 of the municipalities, 10,000 dwellings (size, rent near the income-class rent limits,
features ground floor / prikkelarm / own facilities) and 2,000 uitstromers (household size, the rent
limit of their income class, the municipality of origin as preferred one and sometimes a second, a
quarter of them accepting only their preferred municipalities, needs, 0-720 waiting days).
Draagkracht: 8-22 new placements left per neighbourhood; contingents: 6-40 dwellings left per
association and municipality, so caps and contingents bind and cross each other.

The baseline is what a transfer point does by hand: people in order of waiting time (longest
first); each takes the first free suitable dwelling in a preferred municipality, otherwise (when
they accept that) the first elsewhere, skipping neighbourhoods whose draagkracht and associations
whose contingent are used up. Both proposals are checked by the same independent checker
(`matching.check`) for violations.
"""

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bwmo.housing import matching
from bwmo.housing.matching import Contingent, Dwelling, Problem, Uitstromer

RENT_LIMITS = [Decimal("477.20"), Decimal("682.96"), Decimal("731.93"), Decimal("879.66")]
FEATURES = ["begane grond", "prikkelarm", "eigen voorzieningen"]


def instance(seed: int, n_people: int, n_dwellings: int) -> Problem:
    rng = random.Random(seed)
    munis = [f"GM{n:04d}" for n in (196, 202, 213, 221, 226, 228, 232, 274, 275, 299)]
    hoods = {m: [f"BU{m[2:]}{k:02d}01" for k in range(1, 7)] for m in munis}
    assocs = ["Vivare", "Portaal", "Volkshuisvesting", "Woonstede"]
    works_in = {a: sorted(rng.sample(munis, rng.randint(5, 6))) for a in assocs}
    for m in munis:  # every municipality has at least one association
        if not any(m in ms for ms in works_in.values()):
            works_in[rng.choice(assocs)].append(m)
    pairs = [(a, m) for a in assocs for m in works_in[a]]
    dwellings = []
    for j in range(n_dwellings):
        a, m = rng.choice(pairs)
        size = rng.choices([1, 2, 3, 4, 5], weights=[35, 30, 18, 12, 5])[0]
        rent = rng.choice(RENT_LIMITS) - Decimal(rng.randint(0, 12000)) / 100
        feats = {f for f, p in zip(FEATURES, (0.25, 0.12, 0.7), strict=True) if rng.random() < p}
        dwellings.append(
            Dwelling(f"W{j:05d}", m, rng.choice(hoods[m]), a, size, rent.quantize(Decimal("0.01")), frozenset(feats))
        )
    people = []
    for i in range(n_people):
        origin = rng.choice(munis)
        preferred = [origin] + ([rng.choice(munis)] if rng.random() < 0.3 else [])
        needs = {f for f, p in zip(FEATURES, (0.1, 0.15, 0.3), strict=True) if rng.random() < p}
        people.append(
            Uitstromer(
                id=f"U{i:05d}",
                household_size=rng.choices([1, 2, 3, 4, 5], weights=[65, 18, 9, 5, 3])[0],
                max_rent=rng.choice(RENT_LIMITS),
                preferred=tuple(dict.fromkeys(preferred)),
                only_preferred=rng.random() < 0.25,
                needs=frozenset(needs),
                waiting_days=rng.randint(0, 720),
            )
        )
    caps = {h: rng.randint(8, 22) for m in munis for h in hoods[m]}
    contingents = tuple(Contingent(a, m, rng.randint(6, 40)) for a, m in pairs)
    return Problem(tuple(people), tuple(dwellings), caps, contingents)


def greedy(problem: Problem) -> list[tuple[str, str]]:
    """First come, first served: see the module docstring."""
    caps = dict(problem.neighbourhood_caps)
    left = {(c.association, c.municipality): c.remaining for c in problem.contingents}
    taken: set[str] = set()
    used_nb: dict[str, int] = defaultdict(int)
    used_grp: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for p in sorted(problem.uitstromers, key=lambda p: (-p.waiting_days, p.id)):
        choice = None
        for in_preferred in (True, False):
            if not in_preferred and p.only_preferred:
                break
            for d in problem.dwellings:
                if d.id in taken or (d.municipality in p.preferred) != in_preferred:
                    continue
                if not matching.feasible(p, d):
                    continue
                key = (d.association, d.municipality)
                if d.neighbourhood in caps and used_nb[d.neighbourhood] >= caps[d.neighbourhood]:
                    continue
                if key in left and used_grp[key] >= left[key]:
                    continue
                choice = d
                break
            if choice:
                break
        if choice:
            taken.add(choice.id)
            used_nb[choice.neighbourhood] += 1
            used_grp[(choice.association, choice.municipality)] += 1
            out.append((p.id, choice.id))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--dwellings", type=int, default=10000)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()

    problem = instance(args.seed, args.people, args.dwellings)
    waiting = {p.id: p.waiting_days for p in problem.uitstromers}
    people = {p.id: p for p in problem.uitstromers}
    dwellings = {d.id: d for d in problem.dwellings}

    started = time.perf_counter()
    result = matching.solve(problem, time_limit=args.time_limit)
    optimal_seconds = time.perf_counter() - started
    optimal_pairs = [(a.uitstromer, a.dwelling) for a in result.assignments]

    started = time.perf_counter()
    greedy_pairs = greedy(problem)
    greedy_seconds = time.perf_counter() - started
    greedy_result = matching.Result(
        assignments=tuple(matching.Assignment(u, d, "", False, 0) for u, d in greedy_pairs),
        unmatched=(), housed=len(greedy_pairs), housed_preferred=0, waiting_days_housed=0,
        fit_total=0, optimal=False, gap=0.0, method="greedy", seconds=greedy_seconds,
    )

    def summary(pairs, checked):
        housed = len(pairs)
        preferred = sum(1 for u, d in pairs if dwellings[d].municipality in people[u].preferred)
        return {
            "housed": housed,
            "preferred_share": round(preferred / housed, 4) if housed else 0.0,
            "mean_waiting_days": round(sum(waiting[u] for u, _ in pairs) / housed, 1) if housed else 0.0,
            "violations": len(matching.check(problem, checked)),
        }

    ours = summary(optimal_pairs, result)
    base = summary(greedy_pairs, greedy_result)
    capacity = sum(problem.neighbourhood_caps.values())
    print(f"instance: {args.people} uitstromers, {args.dwellings} woningen, 60 buurten, 10 gemeenten, "
          f"draagkracht over alle buurten {capacity}, {len(problem.contingents)} contingenten (seed {args.seed})")
    print(f"engine: method {result.method}, optimal {result.optimal}, gap {result.gap}")
    print(f"{'':24}{'optimal':>12}{'greedy FCFS':>14}")
    for key, label in [("housed", "housed"), ("preferred_share", "share in preferred"),
                       ("mean_waiting_days", "mean waiting (days)"), ("violations", "violations")]:
        print(f"{label:24}{ours[key]:>12}{base[key]:>14}")
    print(f"{'solve seconds':24}{optimal_seconds:>12.2f}{greedy_seconds:>14.2f}")
    print(json.dumps({
        "n_uitstromers": args.people,
        "n_dwellings": args.dwellings,
        "optimal_housed": ours["housed"],
        "greedy_housed": base["housed"],
        "optimal_preferred_share": ours["preferred_share"],
        "greedy_preferred_share": base["preferred_share"],
        "optimal_violations": ours["violations"],
        "greedy_violations": base["violations"],
        "optimal_seconds": round(optimal_seconds, 2),
        "greedy_seconds": round(greedy_seconds, 2),
        "gap": result.gap,
    }))


if __name__ == "__main__":
    main()
