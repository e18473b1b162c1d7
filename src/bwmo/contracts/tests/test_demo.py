"""The demo region has contract management to show: every provider with places has a contract for
its products with the region's tariffs, a quality status and a history of talks."""

from datetime import date

import pytest

from bwmo.capacity.models import PlaceCapacity, Provider
from bwmo.contracts import selectors
from bwmo.contracts.models import AccountTalk, Contract, ContractSettings
from bwmo.demo.generator import demo_data_generate
from bwmo.regions.models import Region, Tariff
from bwmo.regions.services import reference_data_load

TODAY = date(2026, 6, 30)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    reference_data_load()
    demo_data_generate(region_slug="zuidoost-drenthe", seed=42, scale=0.3, today=TODAY)
    return Region.objects.get(slug="zuidoost-drenthe")


def test_every_provider_with_places_has_a_running_contract_with_the_regions_tariffs(demo):
    assert ContractSettings.objects.get(region=demo).required_from == TODAY
    providers = Provider.objects.filter(regions=demo)
    assert providers.exists()
    for provider in providers:
        products = set(PlaceCapacity.objects.filter(location__provider=provider)
                       .values_list("product_id", flat=True))
        for product in demo.products.filter(pk__in=products):
            line = selectors.valid_line(provider, product, TODAY)
            assert line is not None, (provider, product)
            tariff = Tariff.objects.filter(product=product, valid_from__lte=date(2026, 1, 1)).latest("valid_from")
            assert line.tariff == tariff.amount
            assert selectors.contract_refusal(provider, product, TODAY) is None
        assert AccountTalk.objects.filter(provider=provider, region=demo).count() == 5


def test_the_old_tender_ran_with_both_extensions_to_2024(demo):
    old = Contract.objects.filter(region=demo, start_date=date(2017, 1, 1)).first()
    assert old is not None and selectors.current_end(old) == date(2024, 12, 31)


def test_one_demo_provider_has_a_lapsed_keurmerk_that_blocks_pgb(demo):
    blocked = [p for p in Provider.objects.filter(regions=demo)
               if not selectors.pgb_quality(p, demo, TODAY)[0]]
    assert blocked
    assert any("verlopen" in selectors.pgb_quality(p, demo, TODAY)[1] for p in blocked)


def test_talk_figures_are_the_providers_real_figures(demo):
    talk = AccountTalk.objects.filter(region=demo, kind="overlegtafel").order_by("-year", "-quarter").first()
    assert talk is not None
    assert talk.figures == selectors.provider_figures(talk.provider, demo, talk.year, talk.quarter)
    assert talk.figures["placements_active"] > 0
