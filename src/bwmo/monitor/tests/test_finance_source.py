"""The monitor's realisation is reused between requests only while what it is priced from is
unchanged."""

from datetime import date
from decimal import Decimal

import pytest

from bwmo.finance.money import sum_money
from bwmo.monitor.finance_source import cached_realised
from bwmo.placements.models import Placement
from bwmo.regions.models import Tariff
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory

pytestmark = pytest.mark.django_db
D = Decimal


def total(region) -> Decimal:  # type: ignore[no-untyped-def]
    return sum_money(cached_realised(region, 2025, 2025).values())


def test_a_changed_tariff_or_stay_is_priced_again_not_served_from_the_cache(region, rheden):
    product = ProductFactory(region=region, code="BW")
    Tariff.objects.create(product=product, valid_from=date(2020, 1, 1), amount=D("100.00"))
    stay = Placement.objects.create(
        client=ClientFactory(registration_municipality=rheden, origin_municipality=rheden),
        location=LocationFactory(municipality=region.centrumgemeente), product=product,
        responsible_municipality=rheden, start_date=date(2025, 1, 1), end_date=date(2025, 1, 10))
    assert total(region) == 10 * D("100.00")
    assert total(region) == 10 * D("100.00")  # from the cache
    Tariff.objects.filter(product=product).update(amount=D("110.00"))  # no change time
    assert total(region) == 10 * D("110.00")
    stay.end_date = date(2025, 1, 20)
    stay.save()
    assert total(region) == 20 * D("110.00")
