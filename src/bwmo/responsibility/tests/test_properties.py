"""Property-based tests (hypothesis) of the responsibility engine and the JSON case format."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwmo.responsibility.cases import case_to_json, decide_case, decide_many, decision_to_json
from bwmo.responsibility.engine import (
    LOOKBACK_DAYS,
    ClientStatus,
    Decision,
    EntryKind,
    HistoryEntry,
    Melding,
    OutsideRegionPayer,
    RegionConfig,
    Rule,
    RuleSet,
    RuleSetPeriod,
    Track,
    decide,
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

MEMBER_POOL = [f"GM{n:04d}" for n in range(1, 8)]
OUTSIDE_POOL = [f"GM{n:04d}" for n in range(900, 904)]
BASE = dt.date(2022, 1, 1)


def days(lo: int, hi: int) -> st.SearchStrategy[dt.date]:
    return st.integers(lo, hi).map(lambda n: BASE + dt.timedelta(days=n))


@st.composite
def regions(draw: st.DrawFn) -> RegionConfig:
    members = tuple(draw(st.lists(st.sampled_from(MEMBER_POOL), min_size=1, max_size=5, unique=True)))
    decentralisation = draw(days(-400, 400))
    starts = draw(
        st.lists(st.integers(0, 2500), max_size=3, unique=True).map(
            lambda offsets: [decentralisation + dt.timedelta(days=n) for n in offsets]
        )
    )
    rule_sets = tuple(RuleSetPeriod(start, draw(st.sampled_from(RuleSet))) for start in starts)
    return RegionConfig(
        municipalities=members,
        centrumgemeente=draw(st.sampled_from(members)),
        decentralisation_date=decentralisation,
        outside_region_payer=draw(st.sampled_from(OutsideRegionPayer)),
        mo_decentralised_from=draw(
            st.none() | st.integers(0, 2500).map(lambda n: decentralisation + dt.timedelta(days=n))
        ),
        rule_sets=rule_sets,
    )


@st.composite
def meldingen(draw: st.DrawFn, region: RegionConfig) -> Melding:
    return Melding(
        date=draw(days(-800, 2800)),
        municipality=draw(st.sampled_from(region.municipalities)),
        origin=draw(st.none() | st.sampled_from(MEMBER_POOL + OUTSIDE_POOL)),
        track=draw(st.sampled_from(Track)),
    )


@st.composite
def entries(
    draw: st.DrawFn,
    around: dt.date,
    municipalities: list[str],
    lo: int = -900,
    hi: int = 60,
) -> HistoryEntry:
    """An entry starting near ``around`` (the melding day), often near the window edges."""
    edge = draw(
        st.sampled_from([-LOOKBACK_DAYS - 1, -LOOKBACK_DAYS, -1, 0])
        | st.integers(lo, hi)
    )
    start = around + dt.timedelta(days=max(lo, min(hi, edge)))
    end = draw(st.none() | st.integers(0, 800).map(lambda n: start + dt.timedelta(days=n)))
    return HistoryEntry(
        kind=draw(st.sampled_from(EntryKind)),
        track=draw(st.sampled_from(Track)),
        municipality=draw(st.sampled_from(municipalities)),
        start=start,
        end=end,
        responsible=draw(st.none() | st.sampled_from(MEMBER_POOL + OUTSIDE_POOL)),
    )


@st.composite
def valid_cases(draw: st.DrawFn) -> tuple[RegionConfig, Melding, list[HistoryEntry]]:
    region = draw(regions())
    melding = draw(meldingen(region))
    history = draw(st.lists(entries(melding.date, MEMBER_POOL + OUTSIDE_POOL), max_size=6))
    return region, melding, history


def covered_days(entry: HistoryEntry, horizon: dt.date) -> set[dt.date]:
    """Brute-force oracle: every day an entry covers, up to ``horizon``."""
    last = entry.end if entry.end is not None else entry.start
    if entry.end is None and entry.kind is EntryKind.USE:
        last = horizon
    last = min(last, horizon)
    return {entry.start + dt.timedelta(days=n) for n in range((last - entry.start).days + 1)}


def key(decision: Decision) -> tuple[str, str, str]:
    return decision.responsible, decision.client_status.value, decision.rule.value


# --------------------------------------------------------------------------------------------


@SETTINGS
@given(valid_cases())
def test_responsible_is_a_member_or_the_documented_outside_payer(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]],
) -> None:
    region, melding, history = case
    decision = decide(region, melding, history)
    if decision.responsible in region.municipalities:
        return
    if decision.rule is Rule.CONTINUING_RESPONSIBILITY:
        counted = decision.facts["entries_in_window"]
        assert isinstance(counted, list)
        assert decision.responsible in {e["responsible"] for e in counted}  # type: ignore[index]
        return
    origin = melding.origin
    assert origin is not None and origin not in region.municipalities
    assert decision.responsible == origin
    assert decision.rule is Rule.WOONPLAATSBEGINSEL_36288 or (
        decision.rule is Rule.NEW_CLIENT_OUTSIDE_REGION
        and region.outside_region_payer is OutsideRegionPayer.ORIGIN
    )


@SETTINGS
@given(valid_cases(), st.data())
def test_history_in_other_regions_never_changes_the_decision(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]], data: st.DataObject
) -> None:
    region, melding, history = case
    others = [code for code in MEMBER_POOL + OUTSIDE_POOL if code not in region.municipalities]
    extra = data.draw(st.lists(entries(melding.date, others), min_size=1, max_size=4))
    assert decide(region, melding, history + extra) == decide(region, melding, history)


@SETTINGS
@given(valid_cases(), st.data())
def test_history_from_the_melding_day_on_never_matters(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]], data: st.DataObject
) -> None:
    region, melding, history = case
    later = data.draw(st.lists(entries(melding.date, MEMBER_POOL, lo=0, hi=400), max_size=4))
    assert all(entry.start >= melding.date for entry in later)
    assert decide(region, melding, history + later) == decide(region, melding, history)


@SETTINGS
@given(valid_cases())
def test_existing_iff_an_entry_under_the_centrumgemeente_covers_a_day_of_the_window(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]],
) -> None:
    """Seed 000 §4.1: existing = BW (of the track) under the centrumgemeente in the window; other
    in-window history keeps its own municipality responsible (no flip back)."""
    region, melding, history = case
    decision = decide(region, melding, history)
    window = {melding.date - dt.timedelta(days=n) for n in range(1, LOOKBACK_DAYS + 1)}
    touching = [
        entry
        for entry in history
        if entry.track is melding.track
        and entry.municipality in region.municipalities
        and covered_days(entry, melding.date) & window
    ]
    if decision.client_status is ClientStatus.NOT_APPLICABLE:
        assert decision.rule in {
            Rule.BEFORE_DECENTRALISATION,
            Rule.MO_REGIONAL,
            Rule.WOONPLAATSBEGINSEL_36288,
        }
        return
    assert (decision.rule in {Rule.EXISTING_CLIENT, Rule.CONTINUING_RESPONSIBILITY}) == bool(
        touching
    )
    if touching and all(entry.responsible is not None for entry in touching):
        under_centrum = any(entry.responsible == region.centrumgemeente for entry in touching)
        assert (decision.rule is Rule.EXISTING_CLIENT) == under_centrum
    if decision.rule is Rule.EXISTING_CLIENT:
        assert decision.responsible == region.centrumgemeente
        assert decision.client_status is ClientStatus.EXISTING


@SETTINGS
@given(valid_cases())
def test_inferring_who_was_responsible_equals_recording_it_at_each_date(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]],
) -> None:
    """A history item without "responsible" is decided by the rules at its own date; recording
    those decisions one by one (as bwmo stores them) gives the same outcome."""
    region, melding, history = case
    bare = [replace(entry, responsible=None) for entry in history]
    recorded: list[HistoryEntry] = []
    for entry in sorted(bare, key=lambda e: e.start):
        municipality = (
            entry.municipality if entry.municipality in region.municipalities
            else melding.municipality
        )
        then = Melding(entry.start, municipality, melding.origin, entry.track)
        earlier = [e for e in recorded if e.start < entry.start]
        recorded.append(replace(entry, responsible=decide(region, then, earlier).responsible))
    assert key(decide(region, melding, recorded)) == key(decide(region, melding, bare))


@SETTINGS
@given(valid_cases(), st.randoms(use_true_random=False))
def test_decisions_are_deterministic_and_independent_of_history_order(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]], rnd: Any
) -> None:
    region, melding, history = case
    shuffled = list(history)
    rnd.shuffle(shuffled)
    first = decide(region, melding, history)
    assert decide(region, melding, shuffled) == first
    assert decide(region, melding, tuple(history)) == first


@SETTINGS
@given(valid_cases(), st.integers(-3000, 3000))
def test_shifting_every_date_by_the_same_days_keeps_the_outcome(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]], shift: int
) -> None:
    region, melding, history = case
    delta = dt.timedelta(days=shift)

    def moved(day: dt.date) -> dt.date:
        return day + delta

    shifted_region = RegionConfig(
        region.municipalities,
        region.centrumgemeente,
        moved(region.decentralisation_date),
        region.outside_region_payer,
        None if region.mo_decentralised_from is None else moved(region.mo_decentralised_from),
        tuple(RuleSetPeriod(moved(p.start), p.rule_set) for p in region.rule_sets),
    )
    shifted_melding = Melding(moved(melding.date), melding.municipality, melding.origin, melding.track)
    shifted_history = [
        HistoryEntry(
            e.kind, e.track, e.municipality, moved(e.start), e.end and moved(e.end), e.responsible
        )
        for e in history
    ]
    assert key(decide(shifted_region, shifted_melding, shifted_history)) == key(
        decide(region, melding, history)
    )


@SETTINGS
@given(valid_cases())
def test_before_decentralisation_bw_is_always_the_centrumgemeente(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]],
) -> None:
    region, melding, history = case
    decision = decide(region, melding, history)
    before = melding.track is Track.BW and melding.date < region.decentralisation_date
    assert (decision.rule is Rule.BEFORE_DECENTRALISATION) == before
    if before:
        assert decision.responsible == region.centrumgemeente


@SETTINGS
@given(valid_cases())
def test_rule_set_in_force_is_the_latest_started_one(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]],
) -> None:
    region, melding, history = case
    decision = decide(region, melding, history)
    if melding.track is not Track.BW or melding.date < region.decentralisation_date:
        return
    started = [p for p in region.rule_sets if p.start <= melding.date]
    expected = max(started, key=lambda p: p.start).rule_set if started else RuleSet.SEED_2022
    assert decision.facts["rule_set"] == expected.value
    assert (decision.rule is Rule.WOONPLAATSBEGINSEL_36288) == (
        expected is RuleSet.WOONPLAATSBEGINSEL_36288
    )


@SETTINGS
@given(valid_cases())
def test_json_round_trip_gives_the_same_decision(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]],
) -> None:
    region, melding, history = case
    text = json.dumps(case_to_json(region, melding, history))
    [result] = decide_many([json.loads(text)])
    assert result == decision_to_json(decide(region, melding, history))
    assert "explanation" in result
    json.dumps(result)


# --------------------------------------------------------------------------------------------
# decide_many never raises


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["BW", "MO", "use", "application", "GM0001", "2023-03-01", "2023-02-30"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def check_results(value: object, results: list[dict[str, Any]]) -> None:
    assert isinstance(results, list)
    assert len(results) == (len(value) if isinstance(value, list) else 1)
    for result in results:
        json.dumps(result)
        if "error" in result:
            assert isinstance(result["error"], str)
            assert result["error"].startswith("Ongeldige ")
            assert "Interne fout" not in result["error"]
        else:
            assert {"responsible", "client_status", "rule", "explanation", "facts"} <= set(result)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_decide_many_never_raises_on_arbitrary_json(value: object) -> None:
    check_results(value, decide_many(value))
    check_results([value], decide_many([value]))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


@settings(max_examples=300, deadline=None)
@given(valid_cases(), st.data())
def test_decide_case_never_raises_on_a_mutated_valid_case(
    case: tuple[RegionConfig, Melding, list[HistoryEntry]], data: st.DataObject
) -> None:
    document: Any = case_to_json(*case)
    paths = [path for path in _paths(document) if path]
    path = data.draw(st.sampled_from(paths))
    target = document
    for part in path[:-1]:
        target = target[part]
    if data.draw(st.booleans()) and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = data.draw(json_values)
    result = decide_case(document)
    check_results([document], [result])
