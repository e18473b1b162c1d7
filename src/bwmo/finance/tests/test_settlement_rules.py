"""Issue 7 item 2: the woonplaatsbeginsel settlement bills only the days for which the gemeente van
herkomst is responsible under the rules in force on those days (seed 000 §4.4.2, DOMAIN §7).

Each test fails on the code before the fix: it billed stays before the decentralisation date (the
2019 statement of Centraal Gelderland totalled about € 18,8 miljoen), stays of existing clients of
the centrumgemeente, MO stays while MO was regional, and monthly tariffs at 12/365 a day.
"""

from datetime import date
from decimal import Decimal

import pytest

from bwmo.accounts.constants import Role
from bwmo.demo.generator import demo_data_generate
from bwmo.finance.selectors import NotSettledReason, settlement_report
from bwmo.finance.tests.test_woonplaatsbeginsel import world  # noqa: F401  (fixture)
from bwmo.placements.models import Placement
from bwmo.regions.models import Region
from bwmo.regions.services import reference_data_load
from bwmo.testing.factories import LocationFactory, user_with_role

D = Decimal
TODAY = date(2026, 6, 30)
# Rules of the responsibility engine under which the centrumgemeente carries the client
CENTRUMGEMEENTE_RULES = {"before_decentralisation", "existing_client", "mo_regional"}


@pytest.fixture
def beleid(region):
    return user_with_role(Role.BELEID, region)


def test_a_year_before_the_decentralisation_bills_nothing(world, beleid):  # noqa: F811
    place = world["place"]
    # A Rheden client in Arnhem in 2019, paid by the centrumgemeente as everything before 2022
    place(world["rheden"], world["in_arnhem"], world["arnhem"], date(2019, 1, 1),
          date(2019, 12, 31), rule="before_decentralisation")
    report = settlement_report(user=beleid, year=2019, today=TODAY)
    assert report.statement.year_total == D("0.00")
    assert report.statement.details == ()
    assert (NotSettledReason.BEFORE_DECENTRALISATION, 1, 365) in {
        (n.reason, n.stays, n.days) for n in report.not_settled}


def test_a_new_client_placed_before_the_decentralisation_date_is_billed_from_that_date(
    region, world, beleid,  # noqa: F811
):
    region.decentralisation_date = date(2025, 7, 1)
    region.save()
    report = settlement_report(user=beleid, year=2025, today=TODAY)
    # the Rheden → Arnhem stay (ongoing since 01-03-2024) only from 01-07-2025: Q3 + Q4
    lines = {(line.quarter, line.debtor): line.amount for line in report.statement.lines
             if line.creditor == "GM0202"}
    assert (1, "GM0275") not in lines and (2, "GM0275") not in lines
    assert lines[(3, "GM0275")] == D("10120.00")


def test_existing_clients_stay_with_the_centrumgemeente_and_are_not_billed(world, beleid):  # noqa: F811
    report = settlement_report(user=beleid, year=2025, today=TODAY)
    existing = Placement.objects.get(beschikking__responsibility_rule="existing_client")
    assert str(existing.pk) not in {d.stay_id for d in report.statement.details}
    assert (NotSettledReason.EXISTING_CLIENT, 1, 365) in {
        (n.reason, n.stays, n.days) for n in report.not_settled}


def test_mo_is_not_billed_while_mo_is_regional_and_is_billed_once_decentralised(
    region, world, beleid,  # noqa: F811
):
    mo_codes = {"MOCV"}
    report = settlement_report(user=beleid, year=2025, today=TODAY)
    assert not {d.product_code for d in report.statement.details} & mo_codes
    # From 01-09-2025 MO is decentralised; a new MO client of Rheden in Renkum is then billed
    region.mo_decentralised_from = date(2025, 9, 1)
    region.save()
    mo = world["bw"].region.products.get(code="MOCV")
    world["place"](world["rheden"], LocationFactory(municipality=world["renkum"]),
                   world["rheden"], date(2025, 8, 1), product=mo)
    report = settlement_report(user=beleid, year=2025, today=TODAY)
    mo_details = [d for d in report.statement.details if d.product_code in mo_codes]
    # only 01-09 t/m 31-12: 30 + 92 days × € 80; the regional MO stay is still not billed
    assert sum(d.days for d in mo_details) == 122
    assert sum(d.amount for d in mo_details) == D("9760.00")


def test_the_demo_regions_settlements_contain_only_the_stays_the_rules_allow(db):
    reference_data_load()
    demo_data_generate(region_slug="centraal-gelderland", seed=42, scale=0.3, today=TODAY)
    region = Region.objects.get(slug="centraal-gelderland")
    beleid = user_with_role(Role.BELEID, region)
    placements = {str(p.pk): p for p in Placement.objects.select_related(
        "client__origin_municipality", "beschikking", "product", "location__municipality")}
    assert settlement_report(user=beleid, year=2019, today=TODAY).statement.year_total == 0
    billed = 0
    for year in range(2019, 2027):
        statement = settlement_report(user=beleid, year=year, today=TODAY).statement
        for detail in statement.details:
            placement = placements[detail.stay_id.split("-")[0]]
            origin = placement.client.origin_municipality
            assert detail.debtor == origin.code
            assert placement.responsible_municipality_id == origin.pk
            assert detail.creditor == placement.location.municipality.code != origin.code
            assert placement.beschikking is None or (
                placement.beschikking.responsibility_rule not in CENTRUMGEMEENTE_RULES)
            assert detail.first_day >= region.decentralisation_date
            assert placement.product.track == "BW"  # MO stays regional in the demo regions
            billed += 1
    assert billed > 0  # the rules do leave stays to settle
