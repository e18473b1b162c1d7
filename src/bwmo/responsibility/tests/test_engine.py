"""Example-based tests of the responsibility engine and the JSON case format."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bwmo.responsibility.cases import (
    CaseError,
    case_to_json,
    decide_case,
    decide_many,
    parse_case,
)
from bwmo.responsibility.engine import (
    ClientStatus,
    EntryKind,
    HistoryEntry,
    InvalidCaseError,
    Melding,
    OutsideRegionPayer,
    RegionConfig,
    Rule,
    RuleSet,
    RuleSetPeriod,
    Track,
    check_case,
    decide,
    dutch_date,
    lookback_window,
)

D = dt.date
ARNHEM, RHEDEN, ROZENDAAL, DOESBURG = "GM0202", "GM0275", "GM0277", "GM0221"
NIJMEGEN, UTRECHT = "GM0268", "GM0344"  # not in the region
REGION = RegionConfig(
    municipalities=(ARNHEM, RHEDEN, ROZENDAAL, DOESBURG),
    centrumgemeente=ARNHEM,
    decentralisation_date=D(2022, 1, 1),
)
MELDING_DAY = D(2023, 3, 1)


def melding(
    day: dt.date = MELDING_DAY,
    municipality: str = RHEDEN,
    origin: str | None = RHEDEN,
    track: Track = Track.BW,
) -> Melding:
    return Melding(date=day, municipality=municipality, origin=origin, track=track)


def use(
    start: dt.date,
    end: dt.date | None,
    municipality: str = ARNHEM,
    track: Track = Track.BW,
    responsible: str | None = ARNHEM,
) -> HistoryEntry:
    """Use under the centrumgemeente unless ``responsible`` says otherwise (None: inferred)."""
    return HistoryEntry(EntryKind.USE, track, municipality, start, end, responsible)


def application(
    start: dt.date,
    end: dt.date | None = None,
    municipality: str = ARNHEM,
    track: Track = Track.BW,
    responsible: str | None = ARNHEM,
) -> HistoryEntry:
    """An application under the centrumgemeente unless ``responsible`` says otherwise."""
    return HistoryEntry(EntryKind.APPLICATION, track, municipality, start, end, responsible)


def days_before(n: int, day: dt.date = MELDING_DAY) -> dt.date:
    return day - dt.timedelta(days=n)


# --------------------------------------------------------------------------------------------
# The look-back window


def test_window_is_the_365_days_before_the_melding_day() -> None:
    window = lookback_window(D(2023, 3, 1))
    assert (window.first, window.last) == (D(2022, 3, 1), D(2023, 2, 28))
    assert (window.last - window.first).days + 1 == 365


def test_window_counts_days_not_a_calendar_year_across_29_february() -> None:
    window = lookback_window(D(2024, 3, 1))
    assert window.first == D(2023, 3, 2)
    assert window.last == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        pytest.param(use(D(2021, 1, 1), days_before(365)), "existing", id="use-ends-365-days-before"),
        pytest.param(use(D(2021, 1, 1), days_before(366)), "new", id="use-ends-366-days-before"),
        pytest.param(application(days_before(365)), "existing", id="application-365-days-before"),
        pytest.param(application(days_before(366)), "new", id="application-366-days-before"),
        pytest.param(application(days_before(1)), "existing", id="application-day-before"),
        pytest.param(application(MELDING_DAY), "new", id="application-on-melding-day"),
        pytest.param(use(MELDING_DAY, None), "new", id="use-starting-on-melding-day"),
        pytest.param(use(days_before(1), None), "existing", id="use-starting-day-before"),
        pytest.param(use(D(2015, 1, 1), None), "existing", id="ongoing-use-since-2015"),
        pytest.param(
            application(D(2021, 6, 1), days_before(365)), "existing", id="application-span-edge"
        ),
        pytest.param(
            application(D(2021, 6, 1), days_before(366)), "new", id="application-span-outside"
        ),
    ],
)
def test_window_boundaries(entry: HistoryEntry, status: str) -> None:
    decision = decide(REGION, melding(), [entry])
    assert decision.client_status == status
    expected_rule = Rule.EXISTING_CLIENT if status == "existing" else Rule.NEW_CLIENT_ORIGIN
    assert decision.rule is expected_rule
    assert decision.responsible == (ARNHEM if status == "existing" else RHEDEN)


def test_leap_year_window_entry_on_same_calendar_date_a_year_earlier_is_outside() -> None:
    day = D(2024, 3, 1)
    assert decide(REGION, melding(day), [application(D(2023, 3, 1))]).client_status == "new"
    assert decide(REGION, melding(day), [application(D(2023, 3, 2))]).client_status == "existing"


# --------------------------------------------------------------------------------------------
# What counts: application vs use, other regions, other tracks


@pytest.mark.parametrize("kind", [EntryKind.APPLICATION, EntryKind.USE])
def test_application_and_use_both_make_a_client_existing(kind: EntryKind) -> None:
    entry = HistoryEntry(kind, Track.BW, ROZENDAAL, D(2022, 6, 1), D(2022, 6, 30), ARNHEM)
    decision = decide(REGION, melding(), [entry])
    assert decision.rule is Rule.EXISTING_CLIENT
    assert decision.responsible == ARNHEM
    assert decision.facts["entries_in_window"] == [
        {
            "kind": kind.value,
            "track": "BW",
            "municipality": ROZENDAAL,
            "start": "2022-06-01",
            "end": "2022-06-30",
            "responsible": ARNHEM,
            "responsible_inferred": False,
        }
    ]


def test_use_in_another_region_does_not_count() -> None:
    decision = decide(REGION, melding(), [use(D(2022, 1, 1), None, municipality=NIJMEGEN)])
    assert decision.rule is Rule.NEW_CLIENT_ORIGIN
    assert decision.client_status is ClientStatus.NEW
    assert decision.facts["entries_in_window"] == []


def test_mo_history_does_not_count_for_a_bw_melding() -> None:
    decision = decide(REGION, melding(), [use(D(2022, 6, 1), None, track=Track.MO)])
    assert decision.rule is Rule.NEW_CLIENT_ORIGIN


def test_new_client_explanation_names_the_facts() -> None:
    decision = decide(REGION, melding(), [])
    assert decision.explanation == (
        "Melding voor BW op 01-03-2023, op of na de decentralisatiedatum 01-01-2022; geen "
        "aanvraag of gebruik van BW in de regio in de 365 dagen ervoor (01-03-2022 t/m "
        "28-02-2023): nieuwe cliënt, verantwoordelijk is de gemeente van herkomst GM0275."
    )
    assert decision.facts["window_first"] == "2022-03-01"
    assert decision.facts["window_last"] == "2023-02-28"
    assert decision.facts["rule_set"] == "seed_2022"


def test_existing_client_explanation_lists_entries_in_order_and_counts_the_rest() -> None:
    history = [
        application(D(2022, 4, 1) + dt.timedelta(days=offset), municipality=DOESBURG)
        for offset in (40, 10, 30, 20, 0)
    ]
    decision = decide(REGION, melding(), history)
    assert decision.rule is Rule.EXISTING_CLIENT
    assert "aanvraag in GM0221 op 01-04-2022; aanvraag in GM0221 op 11-04-2022; " in (
        decision.explanation
    )
    assert "; en nog 2 andere)" in decision.explanation
    listed = decision.facts["entries_in_window"]
    assert isinstance(listed, list)
    starts = [str(entry["start"]) for entry in listed if isinstance(entry, dict)]
    assert starts == sorted(starts)
    assert len(starts) == 5


def test_existing_client_explanation_of_ongoing_use() -> None:
    decision = decide(REGION, melding(), [use(D(2020, 5, 1), None, municipality=ROZENDAAL)])
    assert "gebruik in GM0277 sinds 01-05-2020, nog lopend" in decision.explanation
    assert decision.explanation.endswith(
        "bestaande cliënt, verantwoordelijk blijft de centrumgemeente GM0202."
    )


# --------------------------------------------------------------------------------------------
# Before / after the decentralisation date


def test_before_decentralisation_the_centrumgemeente_is_responsible_for_everyone() -> None:
    decision = decide(REGION, melding(D(2021, 12, 31), origin=RHEDEN), [])
    assert decision.responsible == ARNHEM
    assert decision.rule is Rule.BEFORE_DECENTRALISATION
    assert decision.client_status is ClientStatus.NOT_APPLICABLE
    assert "vóór de decentralisatiedatum 01-01-2022" in decision.explanation


def test_on_the_decentralisation_date_the_seed_rule_applies() -> None:
    decision = decide(REGION, melding(D(2022, 1, 1)), [])
    assert decision.rule is Rule.NEW_CLIENT_ORIGIN
    assert decision.responsible == RHEDEN


def test_before_decentralisation_beats_an_outside_origin() -> None:
    decision = decide(REGION, melding(D(2021, 6, 1), origin=UTRECHT), [])
    assert decision.rule is Rule.BEFORE_DECENTRALISATION
    assert decision.responsible == ARNHEM


def test_existing_client_after_decentralisation_with_pre_decentralisation_use() -> None:
    decision = decide(REGION, melding(D(2022, 2, 1)), [use(D(2019, 1, 1), D(2021, 11, 30))])
    assert decision.rule is Rule.EXISTING_CLIENT
    assert decision.responsible == ARNHEM


# --------------------------------------------------------------------------------------------
# Moves inside the region, unknown origin


def test_new_client_who_moved_inside_the_region_goes_to_the_municipality_of_origin() -> None:
    decision = decide(REGION, melding(municipality=ARNHEM, origin=RHEDEN), [])
    assert decision.responsible == RHEDEN
    assert decision.rule is Rule.NEW_CLIENT_ORIGIN
    assert decision.explanation.endswith("gemeente van herkomst GM0275 (gemeld in GM0202).")
    assert decision.facts["melding_municipality"] == ARNHEM


def test_unknown_origin_falls_back_to_the_municipality_of_report() -> None:
    decision = decide(REGION, melding(municipality=DOESBURG, origin=None), [])
    assert decision.responsible == DOESBURG
    assert decision.facts["origin_known"] is False
    assert "herkomst onbekend" in decision.explanation


# --------------------------------------------------------------------------------------------
# Clients from outside the region (landelijke toegankelijkheid)


@pytest.mark.parametrize(
    ("payer", "responsible", "phrase"),
    [
        (OutsideRegionPayer.CENTRUMGEMEENTE, ARNHEM, "de centrumgemeente GM0202."),
        (OutsideRegionPayer.MUNICIPALITY_OF_REPORT, DOESBURG, "de gemeente van melding GM0221."),
        (OutsideRegionPayer.ORIGIN, UTRECHT, "de gemeente van herkomst GM0344."),
    ],
)
def test_outside_region_payer_is_regional_configuration(
    payer: OutsideRegionPayer, responsible: str, phrase: str
) -> None:
    region = RegionConfig(
        REGION.municipalities, ARNHEM, REGION.decentralisation_date, outside_region_payer=payer
    )
    decision = decide(region, melding(municipality=DOESBURG, origin=UTRECHT), [])
    assert decision.rule is Rule.NEW_CLIENT_OUTSIDE_REGION
    assert decision.client_status is ClientStatus.NEW
    assert decision.responsible == responsible
    assert decision.explanation.endswith(phrase)
    assert decision.facts["outside_region_payer"] == payer.value
    assert decision.facts["origin_in_region"] is False


def test_outside_region_payer_defaults_to_the_municipality_of_origin() -> None:
    # seed 000 §4.1: new clients "(… of van buiten de regio)" fall to the gemeente van herkomst
    decision = decide(REGION, melding(municipality=DOESBURG, origin=UTRECHT), [])
    assert decision.responsible == UTRECHT


def test_client_from_outside_with_recent_use_in_the_region_is_existing() -> None:
    decision = decide(REGION, melding(origin=UTRECHT), [use(D(2022, 9, 1), None, RHEDEN)])
    assert decision.rule is Rule.EXISTING_CLIENT
    assert decision.responsible == ARNHEM


# --------------------------------------------------------------------------------------------
# MO


def test_mo_is_regional_by_default() -> None:
    decision = decide(REGION, melding(track=Track.MO, origin=UTRECHT), [])
    assert decision.responsible == ARNHEM
    assert decision.rule is Rule.MO_REGIONAL
    assert decision.client_status is ClientStatus.NOT_APPLICABLE
    assert "geen decentralisatiedatum voor MO ingesteld" in decision.explanation


def test_mo_before_its_configured_decentralisation_stays_regional() -> None:
    region = RegionConfig(
        REGION.municipalities, ARNHEM, D(2022, 1, 1), mo_decentralised_from=D(2027, 1, 1)
    )
    decision = decide(region, melding(D(2026, 12, 31), track=Track.MO), [])
    assert decision.rule is Rule.MO_REGIONAL
    assert "MO wordt pas gedecentraliseerd vanaf 01-01-2027" in decision.explanation


def test_decentralised_mo_follows_new_and_existing_over_mo_history() -> None:
    region = RegionConfig(
        REGION.municipalities, ARNHEM, D(2022, 1, 1), mo_decentralised_from=D(2027, 1, 1)
    )
    day = D(2027, 1, 1)
    new = decide(region, melding(day, track=Track.MO), [use(D(2026, 1, 1), None, track=Track.BW)])
    assert (new.rule, new.responsible, new.client_status) == (
        Rule.NEW_CLIENT_ORIGIN,
        RHEDEN,
        ClientStatus.NEW,
    )
    assert "decentralisatiedatum MO 01-01-2027" in new.explanation
    existing = decide(region, melding(day, track=Track.MO), [use(D(2026, 6, 1), None, track=Track.MO)])
    assert (existing.rule, existing.responsible) == (Rule.EXISTING_CLIENT, ARNHEM)


def test_mo_ignores_the_bw_decentralisation_date() -> None:
    decision = decide(REGION, melding(D(2020, 1, 1), track=Track.MO), [])
    assert decision.rule is Rule.MO_REGIONAL


# --------------------------------------------------------------------------------------------
# Rule sets per region and per date


SWITCHING = RegionConfig(
    REGION.municipalities,
    ARNHEM,
    D(2022, 1, 1),
    rule_sets=(
        RuleSetPeriod(D(2022, 1, 1), RuleSet.SEED_2022),
        RuleSetPeriod(D(2027, 1, 1), RuleSet.WOONPLAATSBEGINSEL_36288),
    ),
)


def test_rule_set_switch_by_melding_date() -> None:
    history = [use(D(2026, 1, 1), None, ARNHEM)]
    before = decide(SWITCHING, melding(D(2026, 12, 31), ARNHEM, RHEDEN), history)
    after = decide(SWITCHING, melding(D(2027, 1, 1), ARNHEM, RHEDEN), history)
    assert (before.rule, before.responsible, before.client_status) == (
        Rule.EXISTING_CLIENT,
        ARNHEM,
        ClientStatus.EXISTING,
    )
    assert (after.rule, after.responsible, after.client_status) == (
        Rule.WOONPLAATSBEGINSEL_36288,
        RHEDEN,
        ClientStatus.NOT_APPLICABLE,
    )
    assert after.facts["rule_set"] == "woonplaatsbeginsel_36288"
    assert after.facts["rule_set_from"] == "2027-01-01"
    assert "Kamerstuk 36 288" in after.explanation


def test_woonplaatsbeginsel_may_name_a_municipality_outside_the_region() -> None:
    decision = decide(SWITCHING, melding(D(2028, 5, 5), ARNHEM, UTRECHT), [])
    assert decision.responsible == UTRECHT
    assert "buiten de regio" in decision.explanation


def test_rule_sets_are_order_independent_and_can_switch_back() -> None:
    region = RegionConfig(
        REGION.municipalities,
        ARNHEM,
        D(2022, 1, 1),
        rule_sets=(
            RuleSetPeriod(D(2029, 1, 1), RuleSet.SEED_2022),
            RuleSetPeriod(D(2027, 1, 1), RuleSet.WOONPLAATSBEGINSEL_36288),
        ),
    )
    assert decide(region, melding(D(2026, 1, 1)), []).facts["rule_set_from"] == "2022-01-01"
    assert decide(region, melding(D(2028, 1, 1)), []).rule is Rule.WOONPLAATSBEGINSEL_36288
    assert decide(region, melding(D(2029, 1, 1)), []).rule is Rule.NEW_CLIENT_ORIGIN


def test_rule_set_from_decentralisation_date_is_the_default() -> None:
    assert REGION.rule_set_on(D(2021, 12, 31)) is None
    assert REGION.rule_set_on(D(2022, 1, 1)) == RuleSetPeriod(D(2022, 1, 1), RuleSet.SEED_2022)


# --------------------------------------------------------------------------------------------
# Validation in the engine


def test_check_case_accepts_a_valid_case() -> None:
    assert check_case(REGION, melding(), [use(D(2022, 1, 1), None)]) == []


@pytest.mark.parametrize(
    ("region", "the_melding", "history", "fragment"),
    [
        (REGION, melding(municipality=NIJMEGEN), [], "niet bij deze regio hoort"),
        (REGION, melding(origin="GM12"), [], "melding.origin: ongeldige gemeentecode 'GM12'"),
        (REGION, melding(municipality="gm0275"), [], "ongeldige gemeentecode 'gm0275'"),
        (REGION, melding(), [use(D(2022, 6, 1), D(2022, 5, 31))], "ligt vóór begindatum"),
        (REGION, melding(), [use(D(2022, 6, 1), None, "GM02755")], "history[0].municipality"),
        (REGION, melding(D(1899, 12, 31)), [], "buiten het toegestane bereik"),
        (REGION, melding(), [application(D(3000, 1, 1))], "history[0].start: datum 01-01-3000"),
        (
            RegionConfig((RHEDEN, ROZENDAAL), ARNHEM, D(2022, 1, 1)),
            melding(),
            [],
            "centrumgemeente: GM0202 hoort niet bij",
        ),
        (
            RegionConfig((ARNHEM, RHEDEN, ARNHEM), ARNHEM, D(2022, 1, 1)),
            melding(),
            [],
            "GM0202 staat er meer dan eens in",
        ),
        (
            RegionConfig((), ARNHEM, D(2022, 1, 1)),
            melding(),
            [],
            "minstens één gemeente",
        ),
        (
            RegionConfig(
                REGION.municipalities,
                ARNHEM,
                D(2022, 1, 1),
                rule_sets=(RuleSetPeriod(D(2021, 1, 1), RuleSet.SEED_2022),),
            ),
            melding(),
            [],
            "ligt vóór de decentralisatiedatum",
        ),
        (
            RegionConfig(
                REGION.municipalities,
                ARNHEM,
                D(2022, 1, 1),
                rule_sets=(
                    RuleSetPeriod(D(2027, 1, 1), RuleSet.SEED_2022),
                    RuleSetPeriod(D(2027, 1, 1), RuleSet.WOONPLAATSBEGINSEL_36288),
                ),
            ),
            melding(),
            [],
            "er begint al een andere regelset op 01-01-2027",
        ),
    ],
)
def test_invalid_cases_are_refused_with_a_dutch_message(
    region: RegionConfig, the_melding: Melding, history: list[HistoryEntry], fragment: str
) -> None:
    errors = check_case(region, the_melding, history)
    assert any(fragment in error for error in errors), errors
    with pytest.raises(InvalidCaseError) as raised:
        decide(region, the_melding, history)
    assert raised.value.messages == tuple(errors)


def test_dutch_date() -> None:
    assert dutch_date(D(2023, 3, 1)) == "01-03-2023"
    assert dutch_date(D(1900, 1, 1)) == "01-01-1900"


# --------------------------------------------------------------------------------------------
# The JSON case format


def json_case(**overrides: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "region": {
            "municipalities": [ARNHEM, RHEDEN, ROZENDAAL, DOESBURG],
            "centrumgemeente": ARNHEM,
            "decentralisation_date": "2022-01-01",
        },
        "melding": {"date": "2023-03-01", "municipality": RHEDEN, "origin": RHEDEN, "track": "BW"},
        "history": [
            {"kind": "use", "track": "BW", "municipality": ARNHEM, "start": "2022-06-01", "end": None,
             "responsible": ARNHEM}
        ],
    }
    for path, value in overrides.items():
        target = case
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return case


def test_decide_many_decides_a_valid_case() -> None:
    [result] = decide_many([json_case()])
    assert result["responsible"] == ARNHEM
    assert result["client_status"] == "existing"
    assert result["rule"] == "existing_client"
    assert isinstance(result["explanation"], str)
    assert isinstance(result["facts"], dict)
    assert "error" not in result
    json.dumps(result)  # JSON-serialisable


def test_decide_many_keeps_order_and_isolates_bad_cases() -> None:
    results = decide_many([json_case(), "nonsense", json_case(melding__track="MO")])
    assert [("error" in result) for result in results] == [False, True, False]
    assert results[2]["rule"] == "mo_regional"


def test_decide_many_on_non_list_input_returns_one_error() -> None:
    values: list[object] = [{"region": {}}, "x", 3, None, True]
    for value in values:
        [result] = decide_many(value)
        assert result["error"].startswith("Ongeldige invoer")  # type: ignore[union-attr]
    assert decide_many([]) == []


def test_case_id_is_echoed() -> None:
    [ok, bad] = decide_many(
        [json_case(id="casus-1"), json_case(id=7, melding__date="2023-02-30")]
    )
    assert ok["id"] == "casus-1"
    assert bad["id"] == 7
    assert "error" in bad


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"melding": KeyError}, "melding: ontbreekt"),
        ({"history": KeyError}, "history: ontbreekt"),
        ({"melding__origin": KeyError}, "melding.origin: ontbreekt"),
        ({"melding__date": "2023-3-1"}, "melding.date: '2023-3-1' is geen geldige datum"),
        ({"melding__date": "20230301"}, "melding.date: '20230301' is geen geldige datum"),
        ({"melding__date": "2023-02-29"}, "melding.date: '2023-02-29' is geen geldige datum"),
        ({"melding__date": "２０２３-03-01"}, "is geen geldige datum"),
        ({"melding__date": 20230301}, "melding.date: moet een datum (JJJJ-MM-DD) zijn"),
        ({"melding__track": "WLZ"}, "melding.track: moet een van 'BW', 'MO' zijn, niet 'WLZ'"),
        ({"melding__municipality": ["GM0275"]}, "melding.municipality: moet tekst zijn"),
        ({"melding__municipality": NIJMEGEN}, "niet bij deze regio hoort"),
        ({"history__0__kind": "indicatie"}, "history[0].kind: moet een van"),
        ({"history__0__end": KeyError}, "history[0].end: ontbreekt"),
        ({"history__0__end": "2022-05-01"}, "ligt vóór begindatum"),
        ({"history__0__colour": "red"}, "history[0]: onbekend veld 'colour'"),
        ({"region__outside_region_payor": "centrumgemeente"}, "onbekend veld 'outside_region_payor'"),
        ({"region__outside_region_payer": "rijk"}, "region.outside_region_payer: moet een van"),
        ({"region__outside_region_payer": None}, "region.outside_region_payer: moet een van"),
        ({"region__centrumgemeente": NIJMEGEN}, "hoort niet bij de gemeenten van de regio"),
        ({"region__municipalities": "GM0202"}, "region.municipalities: moet een lijst zijn"),
        ({"region__municipalities": [ARNHEM, 275]}, "region.municipalities[1]: moet tekst zijn"),
        ({"region__rule_sets": [{"from": "2027-01-01"}]}, "region.rule_sets[0].rule_set: ontbreekt"),
        ({"region__rule_sets": [{"from": "2027-01-01", "rule_set": "x"}]}, "rule_set: moet een van"),
        ({"region__rule_sets": {"from": "2027-01-01"}}, "region.rule_sets: moet een lijst zijn"),
        ({"region__mo_decentralised_from": "soon"}, "region.mo_decentralised_from: 'soon'"),
        ({"id": True}, "id: moet tekst of een geheel getal zijn"),
        ({"extra": 1}, "casus: onbekend veld 'extra'"),
        ({"history": [3]}, "history[0]: moet een object zijn, niet een getal"),
    ],
)
def test_invalid_json_cases_give_a_dutch_error(overrides: dict[str, Any], fragment: str) -> None:
    result = decide_case(json_case(**overrides))
    assert set(result) == {"error"} | ({"id"} & set(result))
    error = result["error"]
    assert isinstance(error, str)
    assert error.startswith("Ongeldige casus: ")
    assert fragment in error, error
    assert "Interne fout" not in error


def test_all_problems_of_a_case_are_reported_together() -> None:
    result = decide_case(
        json_case(melding__date="later", melding__track="XX", history__0__start="ooit")
    )
    error = str(result["error"])
    assert "melding.date" in error
    assert "melding.track" in error
    assert "history[0].start" in error


def test_application_without_end_is_a_single_day_and_null_origin_is_allowed() -> None:
    case = json_case(
        melding__origin=None,
        history=[{"kind": "application", "track": "BW", "municipality": ARNHEM, "start": "2022-03-01"}],
    )
    result = decide_case(case)
    assert result["rule"] == "existing_client", result
    assert result["facts"]["entries_in_window"][0]["end"] is None  # type: ignore[index,call-overload]
    result = decide_case(json_case(history__0__start="2022-02-28", history__0__end=None))
    assert result["rule"] == "existing_client"  # ongoing use
    case["history"][0]["start"] = "2022-02-28"
    assert decide_case(case)["rule"] == "new_client_origin"  # single day, outside the window


def test_optional_region_fields_are_parsed() -> None:
    case = json_case(
        region__name="Centraal Gelderland",
        region__outside_region_payer="municipality_of_report",
        region__mo_decentralised_from=None,
        region__rule_sets=[{"from": "2023-01-01", "rule_set": "woonplaatsbeginsel_36288"}],
        description="toelichting",
    )
    parsed = parse_case(case)
    assert parsed.region.outside_region_payer is OutsideRegionPayer.MUNICIPALITY_OF_REPORT
    assert parsed.region.rule_sets == (
        RuleSetPeriod(D(2023, 1, 1), RuleSet.WOONPLAATSBEGINSEL_36288),
    )
    assert decide_case(case)["rule"] == "woonplaatsbeginsel_36288"


def test_parse_case_raises_case_error_with_all_messages() -> None:
    with pytest.raises(CaseError) as raised:
        parse_case(json_case(melding__date="x", history__0__track="Y"))
    assert len(raised.value.messages) == 2


def test_case_to_json_round_trips() -> None:
    history = (use(D(2022, 6, 1), None), application(D(2022, 3, 3), D(2022, 4, 4), RHEDEN))
    case = case_to_json(SWITCHING, melding(origin=None), history, case_id="x")
    parsed = parse_case(json.loads(json.dumps(case)))
    assert (parsed.region, parsed.melding, parsed.history, parsed.case_id) == (
        SWITCHING,
        melding(origin=None),
        history,
        "x",
    )


def test_decision_json_matches_engine_decision() -> None:
    case = json_case()
    parsed = parse_case(case)
    decision = decide(parsed.region, parsed.melding, parsed.history)
    result = decide_case(case)
    assert result["responsible"] == decision.responsible
    assert result["rule"] == decision.rule.value
    assert result["client_status"] == decision.client_status.value
    assert result["explanation"] == decision.explanation
    assert result["facts"] == decision.facts
    assert result["facts"] is not decision.facts


# --------------------------------------------------------------------------------------------
# Responsibility does not flip back (issue 7 item 1; seed 000 §4.1, DOMAIN §7 "Continuity")

COEVORDEN_REGION = RegionConfig(
    municipalities=("GM0114", "GM0109", "GM1681"),  # Emmen (centrum), Coevorden, Borger-Odoorn
    centrumgemeente="GM0114",
    decentralisation_date=D(2022, 1, 1),
)


def test_a_coevorden_client_since_2022_stays_coevordens_at_a_new_melding() -> None:
    """Seed 000 §4.1: "existing client" means BW under the centrumgemeente (via Stichting de
    Toegang). A client who became Coevorden's own new client in 2022 and gets an extension in
    2023 must not be classed existing_client of Emmen."""
    first = decide(COEVORDEN_REGION, Melding(D(2022, 3, 1), "GM0109", "GM0109", Track.BW), [])
    assert (first.rule, first.responsible) == (Rule.NEW_CLIENT_ORIGIN, "GM0109")
    stay = HistoryEntry(EntryKind.USE, Track.BW, "GM0114", D(2022, 4, 1), None)
    for recorded in (None, "GM0109"):  # inferred at its own date, or as recorded
        history = [
            HistoryEntry(EntryKind.APPLICATION, Track.BW, "GM0109", D(2022, 3, 1), None, recorded),
            HistoryEntry(stay.kind, stay.track, stay.municipality, stay.start, None, recorded),
        ]
        later = decide(COEVORDEN_REGION, Melding(D(2023, 3, 1), "GM0109", "GM0109", Track.BW), history)
        assert later.responsible == "GM0109"
        assert later.rule is Rule.CONTINUING_RESPONSIBILITY
        assert later.client_status is ClientStatus.NEW
        assert "blijft GM0109" in later.explanation


def test_a_client_of_the_centrumgemeente_stays_existing_when_the_use_was_before_2022() -> None:
    """Use from before the decentralisation date is inferred to be under the centrumgemeente."""
    history = [HistoryEntry(EntryKind.USE, Track.BW, "GM0109", D(2021, 6, 1), None)]
    decision = decide(COEVORDEN_REGION, Melding(D(2022, 6, 1), "GM0109", "GM0109", Track.BW), history)
    assert (decision.rule, decision.responsible) == (Rule.EXISTING_CLIENT, "GM0114")
    [entry] = decision.facts["entries_in_window"]  # type: ignore[misc]
    assert entry["responsible"] == "GM0114" and entry["responsible_inferred"] is True  # type: ignore[index]


def test_recorded_responsible_wins_over_inference() -> None:
    """A history item that says who was responsible is taken as recorded."""
    history = [HistoryEntry(EntryKind.USE, Track.BW, "GM0109", D(2022, 6, 1), None, "GM0114")]
    decision = decide(COEVORDEN_REGION, Melding(D(2023, 1, 1), "GM0109", "GM0109", Track.BW), history)
    assert (decision.rule, decision.responsible) == (Rule.EXISTING_CLIENT, "GM0114")


def test_json_history_item_may_carry_responsible_and_a_bad_code_is_an_error() -> None:
    case = json_case(history__0__responsible=RHEDEN)
    assert decide_case(case)["rule"] == "continuing_responsibility"
    assert decide_case(case)["responsible"] == RHEDEN
    error = decide_case(json_case(history__0__responsible="Rheden"))["error"]
    assert "history[0].responsible: ongeldige gemeentecode" in str(error)
    assert parse_case(case_to_json(*_parsed(case))).history[0].responsible == RHEDEN


def _parsed(case: dict[str, Any]) -> tuple[RegionConfig, Melding, tuple[HistoryEntry, ...]]:
    parsed = parse_case(case)
    return parsed.region, parsed.melding, parsed.history


def test_mo_may_not_be_decentralised_before_bw() -> None:
    """Issue 7 item 6: a region cannot configure MO decentralisation before its BW date."""
    region = RegionConfig(REGION.municipalities, ARNHEM, D(2022, 1, 1),
                          mo_decentralised_from=D(2021, 6, 1))
    assert check_case(region, melding(), []) == [
        "region.mo_decentralised_from: 01-06-2021 ligt vóór de decentralisatiedatum 01-01-2022; "
        "MO kan niet eerder gedecentraliseerd worden dan BW"
    ]
