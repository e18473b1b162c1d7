from datetime import date
from decimal import Decimal

import pytest

from bwmo.regions.models import Tariff
from bwmo.testing.scenario import build_scenario

AGB = "12345678"
TODAY = date(2026, 12, 2)


@pytest.fixture
def chain(region):  # type: ignore[no-untyped-def]
    """The permission-matrix scenario with an AGB code and a day tariff of € 150,00."""
    s = build_scenario(region)
    s.provider.agb_code = AGB
    s.provider.save()
    Tariff.objects.create(product=s.product, valid_from=date(2020, 1, 1), amount=Decimal("150.00"))
    return s
