"""`tariff_for`: the tariff declarations (iWmo WMO323) and the WMO301 Omvang use — the provider's
contract tariff where there is one, otherwise the region's tariff of the product."""

from datetime import date
from decimal import Decimal

import pytest

from bwmo.capacity.models import Provider
from bwmo.contracts.checks import tariff_for
from bwmo.regions.models import Tariff

from .conftest import line, make_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional(world):  # type: ignore[no-untyped-def]
    Tariff.objects.create(product=world.bw, valid_from=date(2020, 1, 1), valid_to=date(2025, 12, 31),
                          amount=Decimal("140.00"))
    return Tariff.objects.create(product=world.bw, valid_from=date(2026, 1, 1), amount=Decimal("145.50"))


def test_the_contract_tariff_wins_over_the_regional_tariff(world, manager, regional):
    make_contract(world, manager, lines=[line(world.bw, tariff="151.20")])

    found = tariff_for(world.provider, world.bw, date(2026, 6, 1))

    assert found.amount == Decimal("151.20")
    assert found.source == "contract"
    assert found.source_label == "contracttarief (BW-2026-01)"
    assert (found.valid_from, found.valid_to) == (date(2026, 1, 1), date(2026, 12, 31))


def test_without_a_contract_line_on_that_day_the_regional_tariff_holds(world, manager, regional):
    make_contract(world, manager, option_months=[], lines=[line(world.bw, tariff="151.20")])

    # after the contract ended (no option exercised) and before it: the region's tariff of that day
    assert tariff_for(world.provider, world.bw, date(2027, 2, 1)).amount == Decimal("145.50")
    found = tariff_for(world.provider, world.bw, date(2025, 12, 31))
    assert (found.amount, found.source, found.source_label) == (Decimal("140.00"), "regio",
                                                                 "regionaal tarief")


def test_another_providers_contract_does_not_count(world, manager, regional):
    make_contract(world, manager, lines=[line(world.bw, tariff="151.20")])
    other = Provider.objects.create(name="Ander Huis")

    assert tariff_for(other, world.bw, date(2026, 6, 1)).amount == Decimal("145.50")


def test_no_tariff_at_all_is_none(world):
    assert tariff_for(world.provider, world.bw, date(2026, 6, 1)) is None
