"""The matching engine against a brute-force optimum, and its explanations.

Small random problems (hypothesis) are solved three ways: by enumeration, by the engine's automatic
choice and by the MILP path forced; all must reach the same four-level objective, and the engine's
proposal must satisfy every hard constraint.
"""

import time
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


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(problems())
def test_whole_cell_numbers_through_the_cell_milp_reach_the_optimum(monkeypatch, problem):
    # Pretend the last LP never gives whole cell numbers: the MILP over the faces must take over.
    monkeypatch.setattr(matching, "_whole", lambda values: False)
    result = solve(problem, method="milp")
    assert check(problem, result) == []
    assert objective(result) == brute_force(problem)
    assert result.optimal


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(problems())
def test_full_milp_fallback_reaches_the_optimum(monkeypatch, problem):
    monkeypatch.setattr(matching, "_solve_faces", lambda s, deadline: None)
    result = solve(problem, method="milp")
    assert check(problem, result) == []
    assert objective(result) == brute_force(problem)
    assert result.optimal


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_people=30, max_dwellings=40))
def test_flow_and_milp_agree_on_larger_laminar_problems(problem):
    # Two independent exact methods; without contingents the limits are always laminar.
    problem = Problem(problem.uitstromers, problem.dwellings, problem.neighbourhood_caps, ())
    flow = solve(problem, method="flow")
    milp = solve(problem, method="milp")
    assert flow.method == "flow" and milp.method == "milp"
    assert objective(flow) == objective(milp)
    assert flow.optimal and milp.optimal
    assert check(problem, flow) == [] and check(problem, milp) == []


def test_interchangeable_dwellings_and_people_are_aggregated():
    people = tuple(person(f"u{i}", waiting_days=i) for i in range(6))
    dwellings = tuple(dwelling(f"w{j}", rent=Decimal("600.00") - j) for j in range(8))
    s = matching._build(Problem(people, dwellings, {"BU1": 3}))
    # every rent is within the one rent limit: one class of eight, one profile
    assert list(s.class_size) == [8]
    assert s.compat.shape == (1, 1)
    result = solve(Problem(people, dwellings, {"BU1": 3}))
    assert {a.uitstromer for a in result.assignments} == {"u5", "u4", "u3"}


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(problems())
def test_cell_numbers_from_the_faces_give_an_optimal_proposal_by_themselves(monkeypatch, problem):
    # The faces method alone (no MILP fallback behind it), forced through the cell MILP.
    monkeypatch.setattr(matching, "_whole", lambda values: False)
    s = matching._build(problem)
    if len(s.y_person) == 0:
        return
    faces = matching._solve_faces(s, time.monotonic() + 30)
    if faces is None or not faces.complete:  # no integral point on the face: the fallback's job
        return
    y, z = faces.y, faces.z
    result = matching._explain(s, matching._realise(s, y, z), 0.0, True, 0.0, "milp")
    assert check(problem, result) == []
    assert objective(result) == brute_force(problem)


def test_spare_room_still_counts_for_the_largest_household_cut_off():
    # Household limits above the largest household + 3 are merged; below that they must differ.
    problem = Problem((person("u"),), (dwelling("w4", max_household=4), dwelling("w3", max_household=3)))
    [a] = solve(problem).assignments
    assert a.dwelling == "w3" and a.fit == matching.FIT_MAX - 4


def test_fractional_cell_numbers_are_made_whole_on_the_face(monkeypatch):
    # Found by a random search: the LPs of the four levels are tight, but the last LP splits cells
    # (contingents of Y and Z cross the neighbourhoods); the cell MILP on the face makes them whole.
    def d(did, hood, assoc, feats=()):
        return dwelling(did, municipality="GM1", neighbourhood=hood, association=assoc, features=frozenset(feats))

    def u(pid, wait, needs=()):
        return person(pid, preferred=("GM1",), waiting_days=wait, needs=frozenset(needs))

    problem = Problem(
        (u("u0", 3, {"b"}), u("u1", 1), u("u2", 0), u("u3", 3, {"a"}), u("u4", 3)),
        (
            d("d0", "B2", "X"),
            d("d1", "B1", "Z", {"a", "b"}),
            d("d2", "B2", "X"),
            d("d3", "B3", "Z"),
            d("d4", "B3", "Y", {"a", "b"}),
            d("d5", "B1", "Y", {"a", "c"}),
            d("d6", "B2", "X", {"a"}),
        ),
        {"B2": 1, "B3": 1},
        (Contingent("Y", "GM1", 1), Contingent("Z", "GM1", 1)),
    )
    s = matching._build(problem)
    whole = []
    real_whole = matching._whole

    def spy(values):
        whole.append(real_whole(values))
        return whole[-1]

    monkeypatch.setattr(matching, "_whole", spy)
    faces = matching._solve_faces(s, time.monotonic() + 30)
    assert whole[0] is False  # the LP split a cell
    assert faces is not None and faces.complete
    y, z, bounds = faces.y, faces.z, faces.bounds
    result = matching._explain(s, matching._realise(s, y, z), 0.0, True, 0.0, "milp")
    assert objective(result) == brute_force(problem) == (3, 3, 9, 26)
    assert list(bounds) == [3 * 6 + 3, 9, 26]
    assert check(problem, result) == []


def test_a_face_without_integral_point_still_gives_a_feasible_proposal_then_the_milp_decides():
    # Three people compete for cells in an odd cycle of limits: the LP of level 1 houses 2.5.
    def d(did, hood, assoc, feats=()):
        return dwelling(did, municipality="GM1", neighbourhood=hood, association=assoc, features=frozenset(feats))

    def u(pid, wait, needs=()):
        return person(pid, preferred=("GM1",), waiting_days=wait, needs=frozenset(needs))

    problem = Problem(
        (u("u0", 2), u("u1", 3), u("u2", 3, {"b"})),
        (d("d0", "B1", "Y"), d("d1", "B2", "Y", {"a", "b"}), d("d2", "B2", "Z"), d("d3", "B3", "X", {"a"})),
        {"B1": 1, "B2": 1, "B3": 1},
        (Contingent("Y", "GM1", 1),),
    )
    s = matching._build(problem)
    faces = matching._solve_faces(s, time.monotonic() + 30)
    assert faces is not None and not faces.complete
    assert faces.bounds[0] == 4 * 2 + 2 + 2  # 2.5 people housed, all in GM1: (3 + 1) * 2.5 + 2.5
    partial = matching._explain(s, matching._realise(s, faces.y, faces.z), 0.0, False, 1.0, "milp")
    assert check(problem, partial) == []
    result = solve(problem, method="milp")
    assert result.optimal and objective(result) == brute_force(problem) == (2, 2, 6, 16)


def test_time_limit_after_the_first_lp_keeps_a_feasible_proposal(monkeypatch):
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
    clock = iter([0.0, 0.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0])
    monkeypatch.setattr(matching.time, "monotonic", lambda: next(clock, 100.0))
    result = solve(problem, time_limit=10.0, method="milp")
    assert check(problem, result) == []
    assert result.housed == 2  # the rounded-down cell numbers of the first LP already house 2
    assert not result.optimal and result.gap == 1.0  # level 3 has no bound yet


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(problems(max_people=25, max_dwellings=35))
def test_faces_and_the_full_milp_agree_on_larger_crossing_problems(monkeypatch, problem):
    faces = solve(problem, method="milp")
    monkeypatch.setattr(matching, "_solve_faces", lambda s, deadline: None)
    full = solve(problem, method="milp")
    monkeypatch.undo()
    assert faces.optimal and full.optimal
    assert objective(faces) == objective(full)
    assert check(problem, faces) == []
