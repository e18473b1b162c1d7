"""Proposing likely duplicate registrations (clients.duplicates): pure rules, no database."""

from datetime import date
from itertools import combinations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bwmo.clients.duplicates import (
    DEFAULT_THRESHOLD,
    PersonRecord,
    compare,
    find_duplicates,
    jaro_winkler,
    normalise_name,
    score,
)

BIRTH = date(1987, 3, 12)


def person(key, given_names, surname, born=BIRTH, prefix="", bsn=None):
    return PersonRecord(key=key, given_names=given_names, surname=surname, date_of_birth=born,
                        surname_prefix=prefix, bsn_key=bsn)


# -- examples a consulent would recognise --------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        (person(1, "Mohamed", "Amrani", prefix="el"), person(2, "Mohammed", "El Amrani"),
         "zelfde achternaam (na weglaten van tussenvoegsels, accenten en leestekens)"),
        (person(1, "Ayşe", "Çelik"), person(2, "Ayse", "Celik"), "zelfde voornaam"),
        (person(1, "Jan-Pieter", "Berg", prefix="van den"), person(2, "Jan Pieter", "v.d. Berg"),
         "zelfde achternaam (na weglaten van tussenvoegsels, accenten en leestekens)"),
        (person(1, "Kees", "Jansen"), person(2, "Kees", "Janssen"), "achternamen lijken op elkaar"),
        (person(1, "Ahmed", "Hassan"), person(2, "Hassan", "Ahmed"),
         "voornaam en achternaam lijken verwisseld"),
        (person(1, "Kees", "Jansen"), person(2, "Kees", "Jansen", born=date(1987, 12, 3)),
         "geboortedatum met dag en maand verwisseld (12-03-1987 / 03-12-1987)"),
        (person(1, "Kees", "de Vries"), person(2, "K.", "de Vries"),
         "voorletter komt overeen met de voornaam"),
    ],
)
def test_spelling_variants_of_one_person_are_proposed_with_the_reason(first, second, reason):
    match = compare(first, second)
    assert match is not None, score(first, second)
    assert reason in " / ".join(match.reasons)
    assert any(r.startswith("zelfde geboortedatum") or "verwisseld" in r for r in match.reasons)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (person(1, "Kees", "Jansen"), person(2, "Piet", "Jansen")),  # brothers (twins)
        (person(1, "Kees", "Jansen"), person(2, "Kees", "Bakker")),
        (person(1, "Kees", "Jansen"), person(2, "Kees", "Jansen", born=date(1987, 3, 13))),
        (person(1, "Kees", "Jansen"), person(2, "Kees", "Jansen", born=date(1988, 3, 12))),
        (person(1, "Sanne", "de Vries"), person(2, "Sara", "de Vries")),  # sisters
    ],
)
def test_different_people_are_not_proposed(first, second):
    assert compare(first, second) is None


def test_two_different_bsns_are_two_people_even_with_the_same_name():
    first = person(1, "Kees", "Jansen", bsn="index-a")
    second = person(2, "Kees", "Jansen", bsn="index-b")
    assert score(first, second) == (0.0, ("verschillend BSN: verschillende personen",))
    assert compare(first, second) is None


def test_one_record_with_and_one_without_bsn_can_be_a_duplicate():
    match = compare(person(1, "Kees", "Jansen", bsn="index-a"), person(2, "Kees", "Jansen"))
    assert match is not None and match.score == 1.0
    assert "één van beide heeft een BSN, de ander niet" in match.reasons


def test_a_record_is_never_its_own_duplicate():
    record = person(7, "Kees", "Jansen")
    assert compare(record, record) is None
    assert find_duplicates([record]) == []


def test_normalising_names():
    assert normalise_name("van den Berg-Çelik", drop_particles=True) == "bergcelik"
    assert normalise_name("'t Hart", drop_particles=True) == "hart"
    assert normalise_name("Van", drop_particles=True) == "van"  # nothing else left: keep it
    assert normalise_name("Ørsted Æbelø") == "orstedaebelo"
    assert normalise_name("O'Brien") == "obrien"


def test_jaro_winkler_known_values():
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.9611, abs=1e-4)
    assert jaro_winkler("dwayne", "duane") == pytest.approx(0.84, abs=1e-4)
    assert jaro_winkler("", "") == 1.0
    assert jaro_winkler("abc", "") == 0.0


def test_find_duplicates_sorts_best_first():
    records = [
        person(1, "Kees", "Jansen"),
        person(2, "Kees", "Janssen"),
        person(3, "Kees", "Jansen"),
        person(4, "Kees", "Jansen", born=date(1990, 1, 1)),
    ]
    matches = find_duplicates(records)
    assert [(m.first, m.second) for m in matches] == [(1, 3), (1, 2), (2, 3)]
    assert matches[0].score == 1.0 and matches[0].percentage == 100


# -- properties ----------------------------------------------------------------------------------

NAME_CHARS = st.sampled_from(list("aabeeiklmnoorstuvyzçéëöüÅ -'."))
names = st.text(NAME_CHARS, min_size=1, max_size=14)
prefixes = st.sampled_from(["", "van", "de", "van der", "el", "'t", "ter"])
dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2008, 12, 31))
bsn_keys = st.one_of(st.none(), st.sampled_from(["bsn-1", "bsn-2"]))


@st.composite
def records(draw, key=None, born=dates):
    return PersonRecord(
        key=draw(st.integers(1, 10_000)) if key is None else key,
        given_names=draw(names), surname=draw(names), surname_prefix=draw(prefixes),
        date_of_birth=draw(born), bsn_key=draw(bsn_keys),
    )


@given(records(key=1), records(key=2))
def test_the_score_is_symmetric(first, second):
    assert score(first, second)[0] == score(second, first)[0]
    assert compare(first, second) == compare(second, first)


@given(records(key=1), records(key=2))
def test_the_score_lies_between_zero_and_one(first, second):
    value, reasons = score(first, second)
    assert 0.0 <= value <= 1.0
    assert reasons


@given(records(key=1), st.integers(2, 100))
def test_an_identical_record_scores_the_maximum(record, other_key):
    twin = PersonRecord(
        key=other_key, given_names=record.given_names, surname=record.surname,
        surname_prefix=record.surname_prefix, date_of_birth=record.date_of_birth,
        bsn_key=record.bsn_key,
    )
    match = compare(record, twin)
    assert match is not None and match.score == 1.0


@given(records(key=1), records(key=2))
def test_different_birth_years_never_match(first, second):
    assume(first.date_of_birth.year != second.date_of_birth.year)
    assume(not (first.bsn_key and first.bsn_key == second.bsn_key))
    assert score(first, second)[0] == 0.0
    assert compare(first, second, threshold=0.01) is None


@given(records(key=1), records(key=2))
def test_birth_dates_that_are_not_equal_or_swapped_never_match(first, second):
    one, two = first.date_of_birth, second.date_of_birth
    assume(one != two and (one.year, one.day, one.month) != (two.year, two.month, two.day))
    assume(not (first.bsn_key and first.bsn_key == second.bsn_key))
    assert compare(first, second, threshold=0.01) is None


@given(records(key=1), records(key=2))
def test_different_bsns_never_match(first, second):
    first = PersonRecord(**{**_fields(first), "bsn_key": "bsn-1"})
    second = PersonRecord(**{**_fields(second), "bsn_key": "bsn-2"})
    assert score(first, second)[0] == 0.0
    assert compare(first, second, threshold=0.01) is None


def _fields(record):
    return {name: getattr(record, name) for name in PersonRecord.__slots__}


@given(records(key=1), st.sampled_from(["upper", "accents", "hyphen", "prefix_in_surname"]))
def test_notation_variants_of_the_same_name_score_the_maximum(record, variant):
    if variant == "upper":
        other = PersonRecord(2, record.given_names.upper(), record.surname.upper(),
                             record.date_of_birth, record.surname_prefix.upper(), record.bsn_key)
    elif variant == "accents":
        other = PersonRecord(
            2, record.given_names.replace("e", "é"), record.surname.replace("o", "ö"),
            record.date_of_birth, record.surname_prefix, record.bsn_key,
        )
    elif variant == "hyphen":
        other = PersonRecord(2, record.given_names.replace(" ", "-"), record.surname,
                             record.date_of_birth, record.surname_prefix, record.bsn_key)
    else:
        other = PersonRecord(2, record.given_names, f"{record.surname_prefix} {record.surname}",
                             record.date_of_birth, "", record.bsn_key)
    value, _ = score(record, other)
    assert value == 1.0


@given(st.lists(records(born=st.sampled_from([date(1980, 2, 3), date(1980, 3, 2),
                                               date(1980, 2, 4), date(1981, 2, 3)])),
                max_size=8, unique_by=lambda r: r.key))
def test_find_duplicates_finds_exactly_what_comparing_every_pair_finds(people):
    expected = {
        (m.first, m.second)
        for a, b in combinations(people, 2)
        if (m := compare(a, b, threshold=DEFAULT_THRESHOLD)) is not None
    }
    found = find_duplicates(people)
    assert {(m.first, m.second) for m in found} == expected
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
