"""The demo flow simulation on its own (no database): calibration, capacity, determinism."""

import csv
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bwmo.core.dates import age_on
from bwmo.demo import calibration as cal
from bwmo.demo.population import birth_dates
from bwmo.demo.simulation import (
    T0,
    BwSimulation,
    FlowResult,
    MoSimulation,
    Person,
    RegionShape,
    facility_weights,
    in_care_on,
    split_places,
)

TODAY = date(2026, 6, 30)
SEED_REGIONS = Path(__file__).resolve().parents[2] / "regions" / "data" / "seed_regions.csv"
OUTSIDE = (("GM0363", 931_298), ("GM0344", 367_984), ("GM0599", 664_311))


def shape(slug: str) -> RegionShape:
    with SEED_REGIONS.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["region_slug"] == slug]
    members = tuple(sorted((r["gm_code"], int(r["inwoners_2023"])) for r in rows))
    centrum = next(r["gm_code"] for r in rows if r["centrumgemeente"] == "ja")
    return RegionShape(members=members, centrumgemeente=centrum, outside=OUTSIDE,
                       facility_weights=facility_weights(members, centrum))


def simulate(slug: str = "centraal-gelderland", factor: float = 1.0, seed: str = "42",
             ) -> tuple[list[Person], FlowResult, FlowResult]:
    region = shape(slug)
    bw = BwSimulation(rng=random.Random(f"{seed}:bw"), today=TODAY, factor=factor, shape=region)
    bw_result = bw.run()
    mo = MoSimulation(rng=random.Random(f"{seed}:mo"), today=TODAY, factor=factor, shape=region,
                      persons=bw.persons)
    return bw.persons, bw_result, mo.run()


@pytest.fixture(scope="module")
def centraal_gelderland():
    return simulate()


def bw_in_care(persons, day=TODAY):
    d = day.toordinal()
    return [p for p in persons if p.track == "BW" and any(in_care_on(e, d) for e in p.episodes)]


def pgb_in_care(persons, day):
    d = day.toordinal()
    return sum(1 for p in persons for e in p.episodes
               if e.track == "BW" and e.pgb and in_care_on(e, d))


def test_bw_stock_follows_the_centraal_gelderland_figures(centraal_gelderland):
    persons, _, _ = centraal_gelderland
    assert len(bw_in_care(persons, cal.HISTORY_START)) == 1206  # January 2015
    in_2018 = len(bw_in_care(persons, date(2018, 11, 1)))
    assert 1141 * 0.95 <= in_2018 <= 1141 * 1.07
    for year in range(2019, 2027):
        stock = len(bw_in_care(persons, date(year, 1, 1)))
        assert 1100 <= stock <= 1200, (year, stock)
    assert abs(len(bw_in_care(persons)) - 1141) <= 114


def test_pgb_declines_from_316_to_about_five_percent(centraal_gelderland):
    persons, _, _ = centraal_gelderland
    assert pgb_in_care(persons, cal.HISTORY_START) == 316
    assert 40 <= pgb_in_care(persons, cal.PGB_2018_DATE) <= 75
    share = pgb_in_care(persons, TODAY) / len(bw_in_care(persons))
    assert 0.03 <= share <= 0.08


def test_ages_of_clients_in_care_in_2017_match_seed_004(centraal_gelderland):
    """Seed 004 §3.1: "ongeveer 40% van de cliënten een twintiger ... 31% is een 50 plusser",
    figures of the year 2017."""
    persons, _, _ = centraal_gelderland
    births = birth_dates(persons, random.Random(1), TODAY)
    day = cal.AGE_CALIBRATION_DAY
    in_care = {id(p) for p in bw_in_care(persons, day)}
    ages = [age_on(b, day) for p, b in zip(persons, births, strict=True) if id(p) in in_care]
    twenties = sum(20 <= a <= 29 for a in ages) / len(ages)
    over_50 = sum(a >= 50 for a in ages) / len(ages)
    assert abs(twenties - 0.40) <= 0.015
    assert abs(over_50 - 0.31) <= 0.015


def test_every_client_was_an_adult_at_the_first_melding(centraal_gelderland):
    persons, _, _ = centraal_gelderland
    births = birth_dates(persons, random.Random(1), TODAY)
    for person, born in zip(persons, births, strict=True):
        first = date.fromordinal(min(e.reported for e in person.episodes))
        assert age_on(born, first) >= 18


def test_most_places_are_in_arnhem_rheden_renkum_and_lingewaard(centraal_gelderland):
    _, bw, _ = centraal_gelderland
    places = Counter()
    for site in bw.sites:
        places[site.municipality] += site.places
    top_four = sum(places[c] for c in ("GM0202", "GM0275", "GM0274", "GM1705"))
    assert top_four / sum(places.values()) > 0.75
    assert {c for c, _ in places.most_common(4)} == {"GM0202", "GM0275", "GM0274", "GM1705"}


def test_mo_stays_have_a_cause_and_many_clients_are_not_registered(centraal_gelderland):
    persons, _, _ = centraal_gelderland
    mo_episodes = [e for p in persons for e in p.episodes if e.track == "MO"]
    assert all(e.cause for e in mo_episodes)
    stays = sum(len(e.stays) for e in mo_episodes)
    assert stays > 2_500  # about 280-300 a year at scale 1, so > 100,000 at scale 40
    mo_people = [p for p in persons if p.track == "MO"]
    not_registered = sum(p.no_bsn_reason == "not_registered" for p in mo_people)
    assert 0.15 <= not_registered / len(mo_people) <= 0.35
    reported_in_arnhem = sum(e.municipality == "GM0202" for e in mo_episodes)
    assert reported_in_arnhem / len(mo_episodes) > 0.7


def _check_capacity(result: FlowResult, today: int) -> None:
    """Occupancy never exceeds the places, on any day from HISTORY_START to today."""
    changes: dict[int, list[tuple[int, int, int]]] = {}
    for order, (site, day, places, _) in enumerate(result.capacity_rows):
        changes.setdefault(site, []).append((day, order, places))
    occupancy: dict[int, Counter[int]] = {}
    for person in result.persons:
        for episode in person.episodes:
            for stay in episode.stays:
                if stay.site >= len(result.sites) or result.sites[stay.site].product != \
                        stay.product:
                    continue
                delta = occupancy.setdefault(stay.site, Counter())
                delta[max(stay.start, T0)] += 1
                if stay.end is not None:
                    delta[stay.end + 1] -= 1
    for site in result.sites:
        rows = sorted(changes[site.index])
        delta = occupancy.get(site.index, Counter())
        days = sorted({d for d in delta if d <= today} | {d for d, _, _ in rows})
        occupied = 0
        capacity = 0
        by_day: dict[int, int] = {}
        for day, _, places in rows:
            by_day[day] = places  # the last change of a day wins
        for day in days:
            occupied += delta.get(day, 0)
            capacity = by_day.get(day, capacity)
            if day >= T0:
                assert occupied <= capacity, (site, date.fromordinal(day), occupied, capacity)


def test_capacity_is_never_exceeded(centraal_gelderland):
    persons, bw, mo = centraal_gelderland
    bw_only = [p for p in persons if p.track == "BW"]
    mo_only = [p for p in persons if p.track == "MO"]
    _check_capacity(FlowResult(bw_only, bw.locations, bw.sites, bw.capacity_rows),
                    TODAY.toordinal())
    _check_capacity(FlowResult(mo_only, mo.locations, mo.sites, mo.capacity_rows),
                    TODAY.toordinal())


def test_places_shrink_between_2015_and_2018_and_change_later(centraal_gelderland):
    _, bw, _ = centraal_gelderland
    reasons = Counter(reason for _, _, _, reason in bw.capacity_rows)
    assert reasons["beginstand"] == len(bw.sites)
    assert reasons["afbouw plaatsen 2015-2018"] > 0
    assert any(day >= date(2019, 1, 1).toordinal() for _, day, _, _ in bw.capacity_rows)
    assert sum(s.initial for s in bw.sites) > sum(s.places for s in bw.sites)


def test_a_waiting_list_forms_and_people_leave_it(centraal_gelderland):
    persons, _, _ = centraal_gelderland
    waits = [w for p in persons for e in p.episodes if e.track == "BW" for w in e.waits]
    reasons = Counter(w.reason for w in waits)
    assert reasons["placed"] > 0 and reasons["other_solution"] > 0 and reasons["withdrawn"] > 0
    assert 5 <= sum(w.removed is None for w in waits) <= 150


def test_groepswonen_never_lasts_longer_than_two_years(centraal_gelderland):
    persons, _, _ = centraal_gelderland
    from bwmo.journeys.decision_rules import last_day_within_years

    for person in persons:
        for episode in person.episodes:
            for stay in episode.stays:
                if stay.product == "GWIB" and stay.end is not None:
                    limit = last_day_within_years(date.fromordinal(stay.start), 2)
                    assert date.fromordinal(stay.end) <= limit


def test_doorstroom_links_consecutive_placements(centraal_gelderland):
    persons, _, _ = centraal_gelderland
    linked = 0
    for person in persons:
        for episode in person.episodes:
            for stay in episode.stays:
                if stay.previous is not None:
                    linked += 1
                    assert stay.previous.end == stay.start - 1
                    assert stay.previous.destination == "doorstroom"
    assert linked > 500


def test_the_same_seed_gives_the_same_flow_and_another_seed_another():
    def fingerprint(seed):
        persons, _, _ = simulate("zuidoost-drenthe", factor=0.1, seed=seed)
        return [(p.origin, [(e.reported, e.outcome, [(s.start, s.end, s.product)
                                                      for s in e.stays]) for e in p.episodes])
                for p in persons]

    assert fingerprint("1") == fingerprint("1")
    assert fingerprint("1") != fingerprint("2")


def test_split_places_adds_up():
    rng = random.Random(3)
    for total in (1, 2, 7, 55, 301):
        sizes = split_places(rng, total, 8, 28)
        assert sum(sizes) == total
        assert all(size >= 1 for size in sizes)
