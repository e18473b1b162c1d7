"""Capacity screens through the real forms: the provider portal, the overview and spreading."""

from datetime import date

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.capacity.models import PlaceCapacity
from bwmo.placements.models import Placement
from bwmo.placements.tests.helpers import build_world, client_of
from bwmo.testing.factories import user_with_role


@pytest.fixture
def world(region):
    return build_world(region, places=2)


def post_change(client, world, **data):
    values = {"product": world.bw.pk, "places": "5", "valid_from": "2026-11-24",
              "reason": "Uitbreiding"}
    values.update(data)
    return client.post(reverse("capacity:change", kwargs={"pk": world.location.pk}), values)


def test_provider_changes_places_and_sees_the_new_free_places(client, world):
    client.force_login(world.provider_user)
    response = post_change(client, world)
    assert response.status_code == 302
    assert response["Location"] == reverse("capacity:location_detail",
                                           kwargs={"pk": world.location.pk})
    page = client.get(response["Location"] + "?peildatum=2026-11-24").content.decode()
    assert "Uitbreiding" in page and ">5<" in page
    assert PlaceCapacity.objects.filter(places=5, changed_by=world.provider_user).exists()


@pytest.mark.parametrize(
    ("places", "message"),
    [("2.5", "Vul een heel getal in"), ("-3", "kan niet negatief zijn"), ("", "Vul het aantal")],
)
def test_bad_numbers_get_a_dutch_message_and_change_nothing(client, world, places, message):
    client.force_login(world.provider_user)
    response = post_change(client, world, places=places)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Er is niets opgeslagen" in response.content.decode()
    assert PlaceCapacity.objects.count() == 1


def test_a_rule_violation_is_shown_on_the_form(client, world):
    for _ in range(2):
        Placement.objects.create(client=client_of(world.rheden), location=world.location,
                                 product=world.bw, responsible_municipality=world.rheden,
                                 start_date=date(2026, 3, 1))
    client.force_login(world.provider_user)
    response = post_change(client, world, places="1")
    assert response.status_code == 200
    assert "kan niet lager zijn dan 2" in response.content.decode()
    assert PlaceCapacity.objects.count() == 1


def test_other_users_cannot_change_the_places(client, world, region, consulent_rheden):
    for user in (user_with_role(Role.ZORGAANBIEDER, region), consulent_rheden):
        client.force_login(user)
        assert client.get(reverse("capacity:change", kwargs={"pk": world.location.pk})).status_code == 404
        assert post_change(client, world).status_code == 404
    assert PlaceCapacity.objects.count() == 1


def test_my_locations_lists_the_providers_locations_with_free_places(client, world):
    client.force_login(world.provider_user)
    page = client.get(reverse("capacity:my_locations")).content.decode()
    assert "Huize Velp" in page and "Beschermd wonen" in page


def test_overview_for_consulent_and_beleid_but_not_for_a_housing_association(
    client, world, region, consulent_rheden
):
    for user in (consulent_rheden, user_with_role(Role.BELEID, region)):
        client.force_login(user)
        page = client.get(reverse("capacity:overview")).content.decode()
        assert "Huize Velp" in page
    client.force_login(user_with_role(Role.WONINGCORPORATIE, region))
    assert client.get(reverse("capacity:overview")).status_code == 404


def test_overview_filters_on_product_and_reports_a_bad_date(client, world, consulent_rheden):
    client.force_login(consulent_rheden)
    page = client.get(reverse("capacity:overview"), {"product": world.gwib.pk}).content.decode()
    assert "Geen locaties met plaatsen" in page
    page = client.get(reverse("capacity:overview"), {"peildatum": "31-02-2026"}).content.decode()
    assert "Vul een geldige datum in" in page


def test_spreading_shows_a_table_and_a_chart_with_the_table_as_text_alternative(
    client, world, region
):
    client.force_login(user_with_role(Role.BELEID, region))
    page = client.get(reverse("capacity:spreading")).content.decode()
    assert "<table" in page and "Regiogemiddelde" in page and "Rheden" in page
    assert 'role="img"' in page and "spreiding-data" in page
    assert "chart.umd.min.js" in page


def test_providers_do_not_get_the_spreading_view(client, world):
    client.force_login(world.provider_user)
    assert client.get(reverse("capacity:spreading")).status_code == 404
