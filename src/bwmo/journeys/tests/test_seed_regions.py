"""The whole journey on the real reference data, for each of the four seed regions' rules:
who decides (local consulent or the central access under mandate), the region's products from
the catalogue, and the responsibility rules (new BW client → origin, MO → centrumgemeente)."""

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.journeys import permissions, services
from bwmo.regions.models import Region
from bwmo.regions.services import reference_data_load
from bwmo.testing.factories import ClientFactory, ProviderFactory, consulent_for, user_with_role

from .conftest import TODAY
from .journey import granted, melding_for, ready_for_decision

EXPECTED_DECIDER = {
    "centraal-gelderland": Role.CT_ADVISEUR,  # seed 004 Bijlage 4: mandaat
    "ijssel-vecht": Role.WMO_CONSULENT,  # seed 001: lokaal
    "west-brabant-west": Role.WMO_CONSULENT,  # seed 002: lokaal
    "zuidoost-drenthe": Role.WMO_CONSULENT,  # seed 000: default
}


@pytest.fixture
def web(client, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-24 12:00:00+01:00", tick=False)
    return client


@pytest.mark.django_db
def test_the_journey_works_for_each_seed_region(web):
    reference_data_load()
    assert set(Region.objects.values_list("slug", flat=True)) == set(EXPECTED_DECIDER)

    for region in Region.objects.select_related("centrumgemeente"):
        municipality = region.municipalities.exclude(pk=region.centrumgemeente_id).order_by(
            "code").first()
        consulent = consulent_for(municipality)
        ct = user_with_role(Role.CT_ADVISEUR, region)
        provider = ProviderFactory(name=f"Zorg {region.name}")
        provider.regions.add(region)

        # BW: reported and investigated locally; decided by whoever the region configured
        client = ClientFactory(registration_municipality=municipality)
        melding = melding_for(client, consulent)
        ready_for_decision(melding, consulent)
        decider = ct if EXPECTED_DECIDER[region.slug] == Role.CT_ADVISEUR else consulent
        other = consulent if decider is ct else ct
        assert permissions.may_decide(decider, melding), region.slug
        assert not permissions.may_decide(other, melding), region.slug

        web.force_login(decider)
        form = web.get(reverse("journeys:beschikking-create", args=[melding.pk]))
        assert form.status_code == 200, region.slug
        body = form.content.decode()
        assert "Groepswonen met intensieve begeleiding (GWIB)" in body  # catalogue product
        assert "Opvang dak- en thuisloze volwassenen" not in body  # MO product, BW melding

        beschikking = services.beschikking_register(
            melding=melding, data=granted(provider, product_code="BWI"), acting_user=decider,
            today=TODAY,
        )
        assert beschikking.responsible_municipality == municipality, region.slug
        assert beschikking.responsibility_rule == "new_client_origin"
        assert beschikking.decision_maker == region.decision_maker
        assert web.get(reverse("journeys:beschikking-letter", args=[beschikking.pk])).status_code == 200
        assert web.post(reverse("journeys:beschikking-letter",
                                args=[beschikking.pk])).content.startswith(b"%PDF")

        # MO: the central access is the intake point; MO stays regional
        homeless = ClientFactory(registration_municipality=municipality)
        mo = melding_for(homeless, ct, track="MO", municipality=municipality, source="mo")
        ready_for_decision(mo, ct)
        mo_decider = ct if decider is ct else consulent_for(municipality)
        opvang = services.beschikking_register(
            melding=mo, data=granted(provider, product_code="MODV"), acting_user=mo_decider,
            today=TODAY,
        )
        assert opvang.responsibility_rule == "mo_regional"
        assert opvang.responsible_municipality == region.centrumgemeente
