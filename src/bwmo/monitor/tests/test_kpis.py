"""The monitor's figures against an independent per-client recomputation, and exact cases."""

from datetime import date
from decimal import Decimal

import pytest

from bwmo.core.exceptions import DomainError
from bwmo.monitor.facts import load_facts
from bwmo.monitor.kpis import NOT_YET, Quarter, Scope, compute_kpis, median_days
from bwmo.monitor.naive import fast_as_naive, naive_compared, naive_kpis
from bwmo.placements.models import Placement
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory

from .scenario import build_history, records_of

pytestmark = pytest.mark.django_db

QUARTERS = [Quarter(2022, 1), Quarter(2023, 3), Quarter(2024, 2), Quarter(2025, 4),
            Quarter(2026, 2)]


def test_figures_match_an_independent_recomputation(region):
    build_history(region, clients=150)
    facts = load_facts()
    records = records_of(region)
    scopes = [None] + [m.code for m in region.municipalities.order_by("code")]
    every_quarter = [(Quarter(y, q), None) for y in range(2021, 2027) for q in (1, 2, 3, 4)]
    compared = 0
    for quarter, municipality in every_quarter + [(q, m) for q in QUARTERS for m in scopes]:
        fast = compute_kpis(facts, Scope(region.slug, municipality), quarter)
        naive = naive_kpis(records, region=region.slug, municipality=municipality,
                           first=quarter.first, last=quarter.last)
        assert fast_as_naive(fast.figures) == naive_compared(naive), (quarter, municipality)
        compared += 1
    assert compared == 24 + len(QUARTERS) * 4
    # the scenario is not trivial: there is something to compare
    total = compute_kpis(facts, Scope(region.slug), Quarter(2024, 2))
    assert total.value("clienten_in_zorg") > 10
    assert total.value("doorstroom") + total.value("uitstroom") > 0


def test_municipalities_add_up_to_at_most_the_region(region):
    build_history(region, clients=60, seed=3)
    facts = load_facts()
    q = Quarter(2024, 4)
    whole = compute_kpis(facts, Scope(region.slug), q).value("clienten_in_zorg")
    parts = sum(compute_kpis(facts, Scope(region.slug, m.code), q).value("clienten_in_zorg")
                for m in region.municipalities.all())
    assert parts == whole  # every stay of the scenario has a member as responsible municipality


def _stay(client, location, product, start, end, **kwargs):  # type: ignore[no-untyped-def]
    return Placement.objects.create(
        client=client, location=location, product=product, start_date=start, end_date=end,
        responsible_municipality=kwargs.pop("responsible", location.municipality), **kwargs)


def test_exact_case(region, rheden, arnhem):
    bw = ProductFactory(region=region, code="BW")
    loc = LocationFactory(municipality=arnhem)
    # 24 on 30-06-2024, from Arnhem, in care since 2021: over two years, a twintiger, PGB
    a = ClientFactory(registration_municipality=arnhem, date_of_birth=date(2000, 6, 30))
    _stay(a, loc, bw, date(2021, 1, 1), None, is_pgb=True)
    # 50 on 30-06-2024 (birthday 01-07 not yet: 49!), from Rheden, inflow in Q2 2024
    b = ClientFactory(registration_municipality=rheden, date_of_birth=date(1974, 7, 1))
    first = _stay(b, loc, bw, date(2024, 4, 1), date(2024, 5, 31),
                  outflow_destination="doorstroom")
    _stay(b, loc, ProductFactory(region=region, code="ZWIB"), date(2024, 6, 1), None,
          previous=first)
    # left in Q2 2023 to a dwelling, back in MO in Q1 2024: terugval for Q2 2024
    c = ClientFactory(registration_municipality=rheden, origin_municipality=None)
    _stay(c, loc, bw, date(2022, 1, 1), date(2023, 5, 15), outflow_destination="independent_housing")
    _stay(c, loc, ProductFactory(region=region, code="MO", track="MO", category="mo"),
          date(2024, 2, 1), date(2024, 2, 10))
    k = compute_kpis(load_facts(), Scope(region.slug), Quarter(2024, 2))
    assert k.value("clienten_in_zorg") == 2
    assert k.value("instroom") == 1
    assert k.value("doorstroom") == 1
    assert k.value("uitstroom") == 0
    assert k.value("leeftijd_twintigers") == Decimal("50.0")
    assert k.value("leeftijd_50_plus") == Decimal("0.0")
    assert k["leeftijdsgroepen"].breakdown["40-49"] == 1
    assert k.value("pgb_aandeel") == Decimal("50.0")
    assert k["herkomst"].breakdown == {"eigen_gemeente": 1, "regio": 1, "buiten_regio": 0,
                                       "onbekend": 0}
    # a: 01-01-2021..30-06-2024 = 1277 days; b: since 01-04-2024 = 91 days
    assert k.value("verblijfsduur_mediaan") == Decimal(1277 + 91) / 2
    assert k.value("verblijf_langer_dan_2_jaar") == Decimal("50.0")
    assert k.value("terugval_12_maanden") == Decimal("100.0")
    assert k["terugval_12_maanden"].breakdown == {"uitstromers": 1, "teruggekeerd": 1}
    pgb = compute_kpis(load_facts(), Scope(region.slug, financing="pgb"), Quarter(2024, 2))
    assert pgb.value("clienten_in_zorg") == 1 and pgb.value("instroom") == 0
    zin = compute_kpis(load_facts(), Scope(region.slug, financing="zin"), Quarter(2024, 2))
    assert zin.value("clienten_in_zorg") == 1 and zin.value("instroom") == 1
    zwib = compute_kpis(load_facts(), Scope(region.slug, product="ZWIB"), Quarter(2024, 2))
    assert zwib.value("clienten_in_zorg") == 1 and zwib.value("doorstroom") == 1
    assert zwib.value("instroom") == 0
    q1 = compute_kpis(load_facts(), Scope(region.slug), Quarter(2024, 1))
    assert q1.value("mo_verblijven") == 1 and q1.value("mo_nachten") == 10
    # the municipality scope: only b is Rheden's (responsible = location's municipality here)
    assert compute_kpis(load_facts(), Scope(region.slug, rheden.code),
                        Quarter(2024, 2)).value("clienten_in_zorg") == 0


def test_missing_sources_are_not_yet_available_never_zero(region):
    k = compute_kpis(load_facts(), Scope(region.slug), Quarter(2024, 2))
    for name in ("terugval_na_nazorg", "budget_realisatie"):
        assert not k[name].available and k[name].value is None
        assert k[name].display_note == NOT_YET
    # no denominator: no value, a reason
    assert k.value("wmo_termijn_onderzoek") is None and k["wmo_termijn_onderzoek"].note


def test_bad_scope_is_a_clear_error(region):
    facts = load_facts()
    with pytest.raises(DomainError, match="Onbekende regio"):
        compute_kpis(facts, Scope("nergens"), Quarter(2024, 1))
    with pytest.raises(DomainError, match="hoort niet bij"):
        compute_kpis(facts, Scope(region.slug, "GM0363"), Quarter(2024, 1))
    with pytest.raises(DomainError, match="kwartaal"):
        Quarter(2024, 5)


def test_quarters():
    q = Quarter(2024, 1)
    assert q.last == date(2024, 3, 31) and q.extended
    assert [x.label for x in Quarter(2024, 2).trend(3)] == ["2023-K4", "2024-K1", "2024-K2"]
    assert Quarter.parse("2025-K3") == Quarter(2025, 3)
    assert median_days(__import__("numpy").array([3, 1, 2, 10])) == Decimal("2.5")


def test_partition_equals_per_region_extraction(region):
    build_history(region, clients=30, seed=11)
    facts = load_facts()
    part = facts.partition()[region.slug]
    for quarter in (Quarter(2023, 2), Quarter(2025, 1)):
        assert compute_kpis(part, Scope(region.slug), quarter) == compute_kpis(
            facts, Scope(region.slug), quarter)
        assert compute_kpis(facts.for_region(region.slug), Scope(region.slug), quarter) == \
            compute_kpis(facts, Scope(region.slug), quarter)


def test_cached_extraction_sees_every_change(region, arnhem):
    from bwmo.monitor.facts import cached_facts

    bw = ProductFactory(region=region, code="BW")
    loc = LocationFactory(municipality=arnhem)
    q = Quarter(2024, 2)
    assert compute_kpis(cached_facts([region.slug]), Scope(region.slug), q).value(
        "clienten_in_zorg") == 0
    person = ClientFactory(registration_municipality=arnhem)
    stay = _stay(person, loc, bw, date(2024, 1, 1), None)
    assert compute_kpis(cached_facts([region.slug]), Scope(region.slug), q).value(
        "clienten_in_zorg") == 1
    stay.end_date = date(2024, 3, 31)
    stay.save()
    assert compute_kpis(cached_facts([region.slug]), Scope(region.slug), q).value(
        "clienten_in_zorg") == 0


def test_day_numbers_on_a_database_bwmo_does_not_support_fail_with_a_clear_message() -> None:
    from types import SimpleNamespace

    from django.db import NotSupportedError

    from bwmo.monitor.facts import _day_number

    with pytest.raises(NotSupportedError, match="alleen uit op SQLite en PostgreSQL, niet op mysql"):
        _day_number()("reported_on").as_sql(None, SimpleNamespace(vendor="mysql"))
