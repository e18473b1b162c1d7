"""The one rule that decides a day's tariff: the provider's contract tariff, else the product's."""

from datetime import date
from decimal import Decimal

import pytest

from bwmo.contracts.models import Contract, ContractProduct, ExtensionOption
from bwmo.finance.realisation import realised_cost
from bwmo.finance.settlement import TariffBasis
from bwmo.finance.tariffs import (
    TariffBook,
    TariffSource,
    TariffWindow,
    decide_tariff,
    priced_runs,
)
from bwmo.placements.models import Placement
from bwmo.regions.models import Tariff
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory

D = Decimal
DAY, MONTH = TariffBasis.DAY, TariffBasis.MONTH


def window(first, last, amount, source=TariffSource.PRODUCT, basis=DAY, order=0):  # type: ignore[no-untyped-def]
    return TariffWindow(first, last, D(amount), basis, source, order)


REGIONAL = [window(date(2020, 1, 1), None, "100.00")]
CONTRACT = [window(date(2025, 1, 1), date(2025, 6, 30), "120.00", TariffSource.CONTRACT)]


def test_a_contract_tariff_wins_on_the_days_it_holds_and_the_product_tariff_elsewhere():
    assert decide_tariff(date(2025, 3, 1), contract=CONTRACT, product=REGIONAL).amount == D("120.00")
    assert decide_tariff(date(2025, 7, 1), contract=CONTRACT, product=REGIONAL).amount == D("100.00")
    assert decide_tariff(date(2024, 12, 31), contract=CONTRACT, product=REGIONAL).source == "product"
    assert decide_tariff(date(2019, 1, 1), contract=CONTRACT, product=REGIONAL) is None


def test_of_two_contract_lines_on_one_day_the_latest_start_wins():
    lines = [window(date(2025, 1, 1), date(2025, 12, 31), "120.00", TariffSource.CONTRACT, order=2),
             window(date(2025, 4, 1), date(2025, 12, 31), "125.00", TariffSource.CONTRACT, order=1)]
    assert decide_tariff(date(2025, 5, 1), contract=lines, product=REGIONAL).amount == D("125.00")
    assert decide_tariff(date(2025, 3, 31), contract=lines, product=REGIONAL).amount == D("120.00")


def test_runs_split_where_the_tariff_changes_and_merge_equal_neighbours():
    runs = priced_runs(date(2024, 12, 1), date(2025, 8, 31), contract=CONTRACT, product=REGIONAL)
    assert [(a, b, v[0], s) for a, b, v, s in runs] == [
        (date(2024, 12, 1), date(2024, 12, 31), D("100.00"), "product"),
        (date(2025, 1, 1), date(2025, 6, 30), D("120.00"), "contract"),
        (date(2025, 7, 1), date(2025, 8, 31), D("100.00"), "product"),
    ]
    same = [window(date(2025, 1, 1), date(2025, 6, 30), "100.00", TariffSource.CONTRACT)]
    assert len(priced_runs(date(2024, 12, 1), date(2025, 8, 31), contract=same,
                           product=REGIONAL)) == 1


@pytest.fixture
def contracted(region, rheden):  # type: ignore[no-untyped-def]
    product = ProductFactory(region=region, code="BW", name="Beschermd wonen")
    Tariff.objects.create(product=product, valid_from=date(2020, 1, 1), amount=D("100.00"))
    location = LocationFactory(municipality=region.centrumgemeente)
    contract = Contract.objects.create(
        region=region, provider=location.provider, reference="BW-2025", form="aanbesteding",
        start_date=date(2025, 1, 1), initial_end_date=date(2025, 3, 31))
    ContractProduct.objects.create(contract=contract, product=product, tariff=D("120.00"),
                                   valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31))
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden)
    Placement.objects.create(client=client, location=location, product=product,
                             responsible_municipality=rheden, start_date=date(2025, 1, 1),
                             end_date=date(2025, 6, 30))
    other = LocationFactory(municipality=region.centrumgemeente)  # a provider without contract
    Placement.objects.create(client=ClientFactory(registration_municipality=rheden,
                                                  origin_municipality=rheden),
                             location=other, product=product, responsible_municipality=rheden,
                             start_date=date(2025, 1, 1), end_date=date(2025, 1, 31))
    return {"region": region, "contract": contract, "product": product, "location": location}


@pytest.mark.django_db
def test_realised_cost_uses_the_contract_within_its_running_period(contracted):
    # contract runs to 31-03 (no extension exercised): Q1 at € 120, Q2 at the product's € 100;
    # the provider without a contract: January at € 100
    cost = realised_cost(region=contracted["region"], year=2025).municipalities["GM0275"]
    assert cost.by_quarter[1].amount == 90 * D("120.00") + 31 * D("100.00")
    assert cost.by_quarter[2].amount == 91 * D("100.00")


@pytest.mark.django_db
def test_an_exercised_extension_keeps_the_contract_tariff(contracted):
    ExtensionOption.objects.create(contract=contracted["contract"], order=1, months=12,
                                   exercised_on=date(2025, 2, 1))
    cost = realised_cost(region=contracted["region"], year=2025).municipalities["GM0275"]
    assert cost.by_quarter[2].amount == 91 * D("120.00")
    runs = TariffBook(contracted["region"]).runs(
        provider_id=contracted["location"].provider_id, product_id=contracted["product"].pk,
        first=date(2025, 1, 1), last=date(2025, 6, 30))
    assert [(source, value) for _, _, value, source in runs] == [("contract", (D("120.00"), DAY))]


@pytest.mark.django_db
def test_a_monthly_contract_tariff_is_billed_per_calendar_month(contracted):
    ContractProduct.objects.filter(contract=contracted["contract"]).update(
        tariff=D("3100.00"), unit="month")
    cost = realised_cost(region=contracted["region"], year=2025, quarter=1)
    # three whole months at € 3.100 plus the other provider's January at € 100 a day
    assert cost.municipalities["GM0275"].zin.amount == 3 * D("3100.00") + 31 * D("100.00")


def assert_realised_by_quarter_is_realised_cost(region, first_year, last_year):  # type: ignore[no-untyped-def]
    """Every cell of the one-pass pricing equals `realised_cost` of its year, its quarter
    (ZIN and PGB apart) and its product."""
    from bwmo.finance.money import sum_money
    from bwmo.finance.realisation import QUARTERS, realised_by_quarter

    cells = realised_by_quarter(region=region, first_year=first_year, last_year=last_year)

    def cell(code, year, q, pgb=None, product=None):  # type: ignore[no-untyped-def]
        return sum_money(v for (c, y, qq, is_pgb, p), v in cells.items()
                         if (c, y, qq) == (code, year, q) and pgb in (None, is_pgb)
                         and product in (None, p))

    products = {p.product.code for p in Placement.objects.filter(
        responsible_municipality__region=region).select_related("product")}
    assert products
    for year in range(first_year, last_year + 1):
        for code, m in realised_cost(region=region, year=year).municipalities.items():
            assert [cell(code, year, q) for q in QUARTERS] == \
                [m.by_quarter[q].amount for q in QUARTERS], (code, year)
        for q in QUARTERS:
            for code, m in realised_cost(region=region, year=year, quarter=q).municipalities.items():
                assert (cell(code, year, q, False), cell(code, year, q, True)) == \
                    (m.zin.amount, m.pgb.amount), (code, year, q)
        for product in products:
            cost = realised_cost(region=region, year=year, product_codes={product})
            for code, m in cost.municipalities.items():
                assert [cell(code, year, q, product=product) for q in QUARTERS] == \
                    [m.by_quarter[q].amount for q in QUARTERS], (code, year, product)
    return cells


@pytest.mark.django_db
def test_the_monitor_s_one_pass_pricing_of_all_quarters_equals_the_realised_cost(contracted):
    cells = assert_realised_by_quarter_is_realised_cost(contracted["region"], 2024, 2026)
    assert sum(cells.values()) == 90 * D("120.00") + 31 * D("100.00") + 91 * D("100.00")
    # a monthly contract tariff with an exercised extension: months cut by the contract's days
    ExtensionOption.objects.create(contract=contracted["contract"], order=1, months=12,
                                   exercised_on=date(2025, 2, 1))
    ContractProduct.objects.filter(contract=contracted["contract"]).update(
        tariff=D("3100.00"), unit="month", valid_from=date(2025, 2, 10))
    assert_realised_by_quarter_is_realised_cost(contracted["region"], 2025, 2025)
