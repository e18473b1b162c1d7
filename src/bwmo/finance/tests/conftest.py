"""The finance test world: a region with three municipalities, ZIN (daily and monthly tariffs)
and PGB placements in 2024-2025 and budgets for 2025."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bwmo.finance.models import PgbBudget
from bwmo.finance.services import budget_save
from bwmo.journeys.models import Beschikking, Melding
from bwmo.placements.models import Placement
from bwmo.regions.models import Tariff
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory

D = Decimal


@pytest.fixture
def world(region, rheden, renkum):
    arnhem = region.centrumgemeente
    arnhem.inhabitants = 165000
    arnhem.save()
    bw = ProductFactory(region=region, code="BW", name="Beschermd wonen")
    Tariff.objects.create(product=bw, valid_from=date(2020, 1, 1), amount=D("100.00"))
    bwi = ProductFactory(region=region, code="BWI", name="Intensief")
    Tariff.objects.create(product=bwi, valid_from=date(2020, 1, 1), amount=D("6000.00"),
                          unit="month")
    location = LocationFactory(municipality=arnhem)

    def place(responsible, start, end=None, product=bw, pgb_monthly=None):
        client = ClientFactory(registration_municipality=responsible,
                               origin_municipality=responsible)
        beschikking = None
        if pgb_monthly is not None:
            melding = Melding.objects.create(client=client, track="BW", source="huisarts",
                                             reported_on=start - timedelta(days=30),
                                             municipality=responsible)
            beschikking = Beschikking.objects.create(
                melding=melding, client=client, outcome="granted", product=product,
                financing="pgb", start_date=start, decided_on=start - timedelta(days=5),
                responsible_municipality=responsible)
            PgbBudget.objects.create(beschikking=beschikking, monthly_amount=pgb_monthly)
        return Placement.objects.create(
            client=client, location=location, product=product, beschikking=beschikking,
            responsible_municipality=responsible, start_date=start, end_date=end,
            is_pgb=pgb_monthly is not None)

    # Rheden: all of 2025 at € 100 a day = 36.500,00 (Q1 9.000, Q2 9.100, Q3 9.200, Q4 9.200)
    place(rheden, date(2024, 5, 1))
    # Arnhem: intensive, monthly € 6.000, 15-01 t/m 31-03-2025: 17/31 × 6.000 + 2 × 6.000
    place(arnhem, date(2025, 1, 15), date(2025, 3, 31), product=bwi)
    # Renkum: PGB € 1.500 a month, 01-07 t/m 31-12-2025: 6 × 1.500
    place(renkum, date(2025, 7, 1), date(2025, 12, 31), pgb_monthly=D("1500.00"))
    # 2024 for the base year of the variance: Rheden from 01-05-2024 at € 100 (245 days)
    for code, hist, obj in (("GM0202", "50000.00", "40000.00"), ("GM0275", "30000.00", "40000.00"),
                            ("GM0274", "20000.00", "20000.00")):
        budget_save(region=region, municipality=region.municipalities.get(code=code), year=2025,
                    historical=D(hist), objective=D(obj))
    return {"region": region, "arnhem": arnhem, "rheden": rheden, "renkum": renkum}
