from datetime import date
from decimal import Decimal

import pytest

from bwmo.accounts.constants import Role
from bwmo.contracts import services
from bwmo.placements.tests.helpers import build_world
from bwmo.testing.factories import user_with_role


@pytest.fixture
def world(region):  # type: ignore[no-untyped-def]
    world = build_world(region, places=2)
    world.provider.regions.add(region)  # contracted in the region
    return world


@pytest.fixture
def manager(region):  # type: ignore[no-untyped-def]
    return user_with_role(Role.BELEID, region)


def line(product, start=date(2026, 1, 1), end=date(2026, 12, 31), tariff="150.00"):  # type: ignore[no-untyped-def]
    return services.LineInput(product, Decimal(tariff), "day", start, end)


def make_contract(world, manager, **kwargs):  # type: ignore[no-untyped-def]
    values = {
        "region": world.region, "provider": world.provider, "reference": "BW-2026-01", "lot": "",
        "form": "aanbesteding", "start_date": date(2026, 1, 1),
        "initial_end_date": date(2026, 12, 31), "option_months": [24, 24],
        "lines": [line(world.bw)], "acting_user": manager,
    }
    values.update(kwargs)
    return services.contract_create(**values)
