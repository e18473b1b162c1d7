"""The matching engine against a brute-force optimum, and its explanations.

Small random problems (hypothesis) are solved three ways: by enumeration, by the engine's automatic
choice and by the MILP path forced; all must reach the same four-level objective, and the engine's
proposal must satisfy every hard constraint.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwmo.housing import matching
from bwmo.housing.matching import (
    Contingent,
    Dwelling,
    Problem,
    ProblemError,
    Uitstromer,
    brute_force,
    check,
    objective,
    solve,
)

MUNIS = ["GM0202", "GM0228"]
HOODS = ["BU1", "BU2", "BU3"]
ASSOCS = ["Vivare", "Portaal"]
FEATURES = ["begane grond", "prikkelarm", "eigen voorzieningen"]


@st.composite
def problems(draw, max_people=5, max_dwellings=6):
    people = []
    for i in range(draw(st.integers(0, max_people))):
        people.append(
            Uitstromer(
                id=f"u{i}",
                household_size=draw(st.integers(1, 3)),
                max_rent=Decimal(draw(st.sampled_from(["500.00", "700.00", "900.00"]))),
                preferred=tuple(draw(st.lists(st.sampled_from(MUNIS), max_size=2, unique=True))),
                only_preferred=draw(st.booleans()),
                needs=frozenset(draw(st.lists(st.sampled_from(FEATURES), max_size=1))),
                waiting_days=draw(st.integers(0, 30)),
            )
        )
    dwellings = []
    for j in range(draw(st.integers(0, max_dwellings))):
        dwellings.append(
            Dwelling(
                id=f"d{j}",
                municipality=draw(st.sampled_from(MUNIS)),
                neighbourhood=draw(st.sampled_from(HOODS)),
                association=draw(st.sampled_from(ASSOCS)),
                max_household=draw(st.integers(1, 4)),
                rent=Decimal(draw(st.sampled_from(["450.00", "650.00", "850.00"]))),
                features=frozenset(draw(st.lists(st.sampled_from(FEATURES), max_size=2))),
            )
        )
    caps = draw(st.dictionaries(st.sampled_from(HOODS), st.integers(0, 2)))
    keys = draw(st.lists(st.tuples(st.sampled_from(ASSOCS), st.sampled_from(MUNIS)), unique=True))
    contingents = tuple(Contingent(a, m, draw(st.integers(0, 2))) for a, m in keys)
    return Problem(tuple(people), tuple(dwellings), caps, contingents)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_engine_reaches_the_brute_force_optimum(problem):
    best = brute_force(problem)
    for method in ("auto", "milp"):
        result = solve(problem, method=method)
        assert check(problem, result) == []
        assert objective(result) == best, method
        assert result.optimal
        assert len(result.assignments) + len(result.unmatched) == len(problem.uitstromers)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_every_unmatched_person_has_a_reason_and_every_proposal_an_explanation(problem):
    result = solve(problem)
    assert all(u.reason for u in result.unmatched)
    assert all(a.explanation.startswith(f"Woning {a.dwelling} ") for a in result.assignments)


def person(pid, **kw):
    base = {"household_size": 1, "max_rent": Decimal("700.00"), "preferred": ("GM0202",), "waiting_days": 10}
    return Uitstromer(id=pid, **{**base, **kw})


def dwelling(did, **kw):
    base = {
        "municipality": "GM0202",
        "neighbourhood": "BU1",
        "association": "Vivare",
        "max_household": 1,
        "rent": Decimal("600.00"),
    }
    return Dwelling(id=did, **{**base, **kw})


def test_longest_waiting_goes_first_when_only_one_can_be_housed():
    problem = Problem(
        (person("kort", waiting_days=5), person("lang", waiting_days=300)),
        (dwelling("w1"),),
    )
    result = solve(problem)
    assert [(a.uitstromer, a.dwelling) for a in result.assignments] == [("lang", "w1")]
    assert "voorgaat" in result.unmatched[0].reason


def test_more_housed_beats_preferred_municipality():
    # u1 could go to its own municipality, but then u2 (only its own) stays without a home.
    problem = Problem(
        (
            person("u1", preferred=("GM0202",)),
            person("u2", preferred=("GM0202",), only_preferred=True),
        ),
        (dwelling("eigen"), dwelling("elders", municipality="GM0228", neighbourhood="BU9")),
    )
    result = solve(problem)
    assert {(a.uitstromer, a.dwelling) for a in result.assignments} == {("u1", "elders"), ("u2", "eigen")}
    assert result.housed_preferred == 1


def test_crossing_contingent_and_draagkracht_are_both_respected():
    # Vivare has dwellings in two capped neighbourhoods and a contingent of 1: it crosses.
    problem = Problem(
        tuple(person(f"u{i}", waiting_days=i) for i in range(4)),
        (
            dwelling("a1", neighbourhood="BU1"),
            dwelling("a2", neighbourhood="BU1"),
            dwelling("b1", neighbourhood="BU2"),
            dwelling("p1", neighbourhood="BU1", association="Portaal"),
            dwelling("p2", neighbourhood="BU2", association="Portaal"),
        ),
        {"BU1": 1, "BU2": 1},
        (Contingent("Vivare", "GM0202", 1), Contingent("Portaal", "GM0202", 1)),
    )
    result = solve(problem)
    assert result.method == "milp"
    assert result.housed == 2 and result.optimal
    assert check(problem, result) == []
    assert {a.uitstromer for a in result.assignments} == {"u3", "u2"}
    assert any("(vol)" in a.explanation for a in result.assignments)


def test_laminar_caps_use_the_flow():
    problem = Problem(
        (person("u1"), person("u2")),
        (dwelling("a1"), dwelling("a2"), dwelling("a3", neighbourhood="BU2")),
        {"BU1": 1},
        (Contingent("Vivare", "GM0202", 1),),
    )
    # the contingent (all three dwellings) contains the neighbourhood: nested, not crossing
    result = solve(problem)
    assert result.method == "flow"
    assert result.housed == 1


def test_blocking_reasons_name_what_blocked():
    problem = Problem(
        (
            person("groot", household_size=5),
            person("duur", max_rent=Decimal("100.00")),
            person("eisen", needs=frozenset({"prikkelarm"})),
            person("alleen", preferred=("GM0228",), only_preferred=True),
        ),
        (dwelling("w1", max_household=2),),
        {"BU1": 5},
    )
    reasons = {u.uitstromer: u.reason for u in solve(problem).unmatched}
    assert "huishouden van 5" in reasons["groot"]
    assert "€ 100,00" in reasons["duur"]
    assert "prikkelarm" in reasons["eisen"]
    assert "voorkeursgemeenten" in reasons["alleen"]


def test_exhausted_draagkracht_is_named():
    problem = Problem((person("u1"),), (dwelling("w1"),), {"BU1": 0})
    [unmatched] = solve(problem).unmatched
    assert "draagkracht" in unmatched.reason


def test_empty_problem_is_an_empty_optimal_result():
    result = solve(Problem((), ()))
    assert result.housed == 0 and result.optimal and result.assignments == ()


@pytest.mark.parametrize(
    "problem",
    [
        Problem((person("x"), person("x")), ()),
        Problem((), (dwelling("w"), dwelling("w"))),
        Problem((person("x", household_size=0),), ()),
        Problem((person("x", max_rent=Decimal("1.001")),), ()),
        Problem((), (), {"BU1": -1}),
        Problem((), (), {}, (Contingent("a", "m", 1), Contingent("a", "m", 2))),
    ],
)
def test_inconsistent_problems_are_refused(problem):
    with pytest.raises(ProblemError):
        solve(problem)


def test_time_limit_reports_not_optimal_with_a_gap(monkeypatch):
    problem = Problem(
        tuple(person(f"u{i}") for i in range(3)),
        (dwelling("a1"), dwelling("a2", neighbourhood="BU2"), dwelling("p1", association="Portaal")),
        {"BU1": 1, "BU2": 1},
        (Contingent("Vivare", "GM0202", 1),),
    )
    result = solve(problem, time_limit=0.0, method="milp")
    assert not result.optimal
    assert result.gap > 0
    assert check(problem, result) == []


def test_fit_prefers_no_spare_room_and_no_unneeded_features():
    p = person("u")
    assert matching.fit(p, dwelling("w")) == matching.FIT_MAX
    assert matching.fit(p, dwelling("w", max_household=3)) == matching.FIT_MAX - 4
    assert matching.fit(p, dwelling("w", features=frozenset({"prikkelarm"}))) == matching.FIT_MAX - 2


def test_milp_refines_a_cell_whose_aggregate_cannot_be_realised():
    # The aggregated model puts both in BU1 (two dwellings, both in the preferred municipality), but
    # only one dwelling there has what they need: the engine must model BU1 per dwelling and house
    # the second person in BU2.
    need = frozenset({"prikkelarm"})
    problem = Problem(
        (person("u1", needs=need), person("u2", needs=need)),
        (
            dwelling("d1", features=need),
            dwelling("d2"),
            dwelling("d3", municipality="GM0228", neighbourhood="BU2", features=need),
        ),
    )
    result = solve(problem, method="milp")
    assert result.housed == 2 and result.housed_preferred == 1 and result.optimal
    assert objective(result) == brute_force(problem)
