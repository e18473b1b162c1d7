"""Leak (issue 8): a provider's placement page showed the next placement at another provider."""

from datetime import date

from django.urls import reverse

from bwmo.placements.models import Placement
from bwmo.testing.factories import LocationFactory, ProviderFactory
from bwmo.testing.scenario import build_scenario


def test_provider_does_not_see_the_next_placement_at_another_provider(client, region):
    s = build_scenario(region)
    s.placement.end_date = date(2027, 3, 31)
    s.placement.save()
    elsewhere = LocationFactory(provider=ProviderFactory(name="Elders Zorg"),
                                name="Huize Elders", municipality=s.municipality)
    Placement.objects.create(
        client=s.client, beschikking=s.beschikking, location=elsewhere, product=s.product,
        responsible_municipality=s.municipality, start_date=date(2027, 4, 1), previous=s.placement,
    )
    url = reverse("placements:detail", kwargs={"pk": s.placement.pk})

    client.force_login(s.users["provider_own"])
    page = client.get(url).content.decode()
    assert "Huize Elders" not in page
    assert "Volgende plaatsing" not in page

    client.force_login(s.users["consulent_own"])
    assert "Huize Elders" in client.get(url).content.decode()
