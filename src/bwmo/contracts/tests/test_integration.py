"""What other screens read from contract management: the PGB condition "de kwaliteit van de
aanbieder is voldoende" (Toekomstvisie beschermd wonen IJssel-Vecht §1.1) and the rule that a
placement or ZIN beschikking needs a valid contract for the product."""

from datetime import date

import pytest

from bwmo.contracts.models import ContractSettings, KeurmerkEvidence, KeurmerkRequirement
from bwmo.core.exceptions import DomainError
from bwmo.journeys import services as journey_services
from bwmo.journeys.models import Beschikking
from bwmo.journeys.tests.conftest import TODAY, products, provider  # noqa: F401  (fixtures)
from bwmo.journeys.tests.journey import granted, melding_for, ready_for_decision
from bwmo.placements import services as placement_services
from bwmo.placements.models import Placement
from bwmo.placements.tests.helpers import client_of
from bwmo.placements.tests.helpers import granted as granted_beschikking
from bwmo.testing.factories import LocationFactory, PlaceCapacityFactory

from .conftest import line, make_contract

pytestmark = pytest.mark.django_db

PGB = {"financing": "pgb", "pgb_contracted_supply_unsuitable": True,
       "pgb_budget_holder_available": True}


def _keurmerk(region, for_provider, valid_until):  # type: ignore[no-untyped-def]
    requirement = KeurmerkRequirement.objects.create(region=region, title="Cliëntenraad actief")
    KeurmerkEvidence.objects.create(provider=for_provider, requirement=requirement,
                                    evidence="Auditrapport 2025", recorded_on=date(2025, 1, 10),
                                    valid_until=valid_until)


def test_an_expired_keurmerk_blocks_pgb_with_that_provider_and_says_why(
    region, client_rheden, consulent_rheden, products, provider  # noqa: F811
):
    _keurmerk(region, provider, date(2026, 10, 31))
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    with pytest.raises(journey_services.FormErrors) as refused:
        journey_services.beschikking_register(
            melding=melding, data=granted(provider, **PGB), acting_user=consulent_rheden, today=TODAY
        )
    assert any(
        field == "financing" and "kwaliteit van de gekozen aanbieder is onvoldoende. Keurmerk: "
        "'Cliëntenraad actief' is verlopen op 31-10-2026." in message
        for field, message in refused.value.errors
    ), refused.value.errors
    assert not Beschikking.objects.exists()


def test_a_valid_keurmerk_allows_pgb(region, client_rheden, consulent_rheden, products, provider):  # noqa: F811
    _keurmerk(region, provider, date(2027, 12, 31))
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = journey_services.beschikking_register(
        melding=melding, data=granted(provider, **PGB), acting_user=consulent_rheden, today=TODAY
    )
    assert beschikking.pgb_provider_quality_sufficient is True


def test_zin_needs_a_valid_contract_once_the_region_requires_it(
    region, client_rheden, consulent_rheden, products, provider  # noqa: F811
):
    ContractSettings.objects.create(region=region, required_from=date(2026, 1, 1))
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    with pytest.raises(journey_services.FormErrors) as refused:
        journey_services.beschikking_register(
            melding=melding, data=granted(provider), acting_user=consulent_rheden, today=TODAY
        )
    assert any(field == "provider" and "geen geldig contract" in message
               for field, message in refused.value.errors)


def test_a_placement_with_a_provider_without_contract_for_the_product_is_refused(world, manager, rheden):
    ContractSettings.objects.create(region=world.region, required_from=date(2026, 1, 1))
    client = client_of(rheden)
    beschikking = granted_beschikking(client, world.bw, provider=world.provider)
    from bwmo.testing.factories import consulent_for

    consulent = consulent_for(rheden)
    with pytest.raises(DomainError, match="geen geldig contract met tarief voor 'Beschermd wonen'"):
        placement_services.placement_start(beschikking=beschikking, location=world.location,
                                           start_date=date(2026, 3, 1), acting_user=consulent)
    assert not Placement.objects.exists()
    make_contract(world, manager, lines=[line(world.bw)])
    placement = placement_services.placement_start(
        beschikking=beschikking, location=world.location, start_date=date(2026, 3, 1),
        acting_user=consulent,
    )
    assert placement.pk


def test_before_the_regions_contract_date_nothing_is_refused(world, rheden):
    ContractSettings.objects.create(region=world.region, required_from=date(2027, 1, 1))
    from bwmo.testing.factories import consulent_for

    client = client_of(rheden)
    beschikking = granted_beschikking(client, world.bw, provider=world.provider)
    other = LocationFactory(provider=world.provider, municipality=rheden, name="Tweede huis")
    PlaceCapacityFactory(location=other, product=world.bw, places=1)
    placement = placement_services.placement_start(
        beschikking=beschikking, location=other, start_date=date(2026, 3, 1),
        acting_user=consulent_for(rheden),
    )
    assert placement.pk
