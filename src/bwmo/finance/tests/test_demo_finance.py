"""The demo's finance data: budgets 2022-2032, pots with a deficit split, realised cost,
issued statements and saved scenarios (issue 11, "Done when")."""

import random
from datetime import date
from decimal import Decimal

import pytest

from bwmo.demo.finance import write_finance_demo
from bwmo.finance.models import Budget, PotYear, Scenario, Statement
from bwmo.finance.realisation import realised_cost
from bwmo.finance.report_builders import pot_figures
from bwmo.finance.statements import statement_is_intact

TODAY = date(2026, 6, 30)
pytestmark = pytest.mark.django_db


def test_the_demo_region_gets_every_part_of_finance(world):
    region = world["region"]
    Budget.objects.all().delete()
    counts = write_finance_demo(region, today=TODAY, rng=random.Random(42))

    for municipality in region.municipalities.all():
        years = sorted(Budget.objects.filter(municipality=municipality)
                       .values_list("year", flat=True))
        assert years == list(range(2022, 2033))
    assert sorted(PotYear.objects.filter(region=region).values_list("year", flat=True)) == [
        2022, 2023, 2024, 2025]
    pot = pot_figures(region, 2025, today=TODAY)
    assert pot.result < 0  # a deficit …
    assert sum(pot.settlement.values()) == -pot.result  # … split to the cent
    assert realised_cost(region=region, year=2025).total > Decimal(0)
    statements = Statement.objects.filter(region=region)
    assert sorted({(s.year, s.version) for s in statements}) == [(2024, 1), (2025, 1)]
    assert statements.count() == 2 * region.municipalities.count()
    assert all(statement_is_intact(s) for s in statements)
    assert Scenario.objects.filter(region=region).count() == 2
    assert counts["afrekeningen"] == 6 and counts["scenario's"] == 2

    assert write_finance_demo(region, today=TODAY, rng=random.Random(42)) == {}
