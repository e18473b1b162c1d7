"""Placement screens through the real forms, and what each role sees."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.capacity.models import PlaceCapacity
from bwmo.placements import services
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.testing.factories import LocationFactory, user_with_role

from .helpers import build_world, client_of, granted


@pytest.fixture
def world(region):
    return build_world(region, places=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def jan(world):
    return client_of(world.rheden, given_names="Jan", surname="Jansen")


def beschikking_for(client, world, today, **kwargs):
    return granted(client, world.bw, start=today - timedelta(days=30),
                   end=today + timedelta(days=300), **kwargs)


def test_consulent_places_a_client_from_the_waiting_list(client, world, jan, consulent_rheden,
                                                         today):
    entry = services.waiting_list_add(
        beschikking=beschikking_for(jan, world, today), entered_on=today - timedelta(days=10),
        acting_user=consulent_rheden, today=today,
    )
    client.force_login(consulent_rheden)
    listing = client.get(reverse("placements:waiting_list")).content.decode()
    assert "Jan Jansen" in listing and "1 week en 3 dagen" in listing

    url = reverse("placements:waiting_place", kwargs={"pk": entry.pk})
    form_page = client.get(url).content.decode()
    assert "Huize Velp" in form_page and '<td class="num">1</td>' in form_page  # 1 free place
    response = client.post(url, {"location": world.location.pk, "start_date": today.isoformat()})

    placement = Placement.objects.get(client=jan)
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:detail", kwargs={"pk": placement.pk})
    entry.refresh_from_db()
    assert entry.removal_reason == "placed"


def _placing_at_a_full_location(client, world, jan, consulent, today):  # type: ignore[no-untyped-def]
    """Another client takes the only place of Huize Velp; the consulent opens Jan's placement form."""
    services.placement_start(beschikking=beschikking_for(client_of(world.rheden), world, today),
                             location=world.location, start_date=today, acting_user=consulent)
    beschikking = beschikking_for(jan, world, today)
    client.force_login(consulent)
    return beschikking, reverse("placements:beschikking_place", kwargs={"pk": beschikking.pk})


def test_placing_into_a_full_location_shows_the_reason_and_changes_nothing(
    client, world, jan, consulent_rheden, today
):
    _beschikking, url = _placing_at_a_full_location(client, world, jan, consulent_rheden, today)
    assert "vol" in client.get(url).content.decode()

    response = client.post(url, {"location": world.location.pk, "start_date": today.isoformat()})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Er is geen vrije plaats" in body and "Er is niets opgeslagen" in body
    assert "op de wachtlijst" in body
    assert not Placement.objects.filter(client=jan).exists()


def test_a_full_location_puts_the_client_on_its_waiting_list_in_the_same_step(
    client, world, jan, consulent_rheden, today
):
    beschikking, url = _placing_at_a_full_location(client, world, jan, consulent_rheden, today)

    response = client.post(url, {"location": world.location.pk, "actie": "wachtlijst"},
                           follow=True)

    assert "Jan Jansen staat op de wachtlijst voor Huize Velp" in response.content.decode()
    entry = WaitingListEntry.objects.get(client=jan)
    assert (entry.location, entry.beschikking, entry.entered_on) == (world.location, beschikking,
                                                                     today)
    assert not Placement.objects.filter(client=jan).exists()


def test_a_provider_cannot_put_a_client_on_the_waiting_list_from_the_placement_form(
    client, world, jan, consulent_rheden, today
):
    """Only the case roles keep a waiting list; a provider's form places (or refuses), whatever
    button name is sent."""
    beschikking = beschikking_for(jan, world, today, provider=world.provider)
    client.force_login(world.provider_user)
    url = reverse("placements:beschikking_place", kwargs={"pk": beschikking.pk})
    assert 'value="wachtlijst"' not in client.get(url).content.decode()
    client.post(url, {"location": world.location.pk, "actie": "wachtlijst",
                      "start_date": today.isoformat()})
    assert not WaitingListEntry.objects.filter(client=jan).exists()
    assert Placement.objects.filter(client=jan, location=world.location).exists()


def test_a_start_before_the_beschikking_is_refused_on_the_form(client, world, jan,
                                                              consulent_rheden, today):
    beschikking = beschikking_for(jan, world, today)
    client.force_login(consulent_rheden)
    response = client.post(
        reverse("placements:beschikking_place", kwargs={"pk": beschikking.pk}),
        {"location": world.location.pk, "start_date": (today - timedelta(days=31)).isoformat()},
    )
    assert "vóór de ingangsdatum van de beschikking" in response.content.decode()
    assert Placement.objects.count() == 0


def test_ending_twice_through_the_form_is_refused(client, world, jan, consulent_rheden, today):
    placement = services.placement_start(beschikking=beschikking_for(jan, world, today),
                                         location=world.location, start_date=today,
                                         acting_user=consulent_rheden)
    client.force_login(world.provider_user)
    url = reverse("placements:end", kwargs={"pk": placement.pk})
    data = {"end_date": today.isoformat(), "destination": "independent_housing"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, {"end_date": today.isoformat(), "destination": "wlz"})
    assert second.status_code == 200
    assert "al beëindigd" in second.content.decode()
    placement.refresh_from_db()
    assert placement.outflow_destination == "independent_housing"


def test_doorstroom_through_the_form(client, world, jan, consulent_rheden, today):
    placement = services.placement_start(beschikking=beschikking_for(jan, world, today),
                                         location=world.location,
                                         start_date=today - timedelta(days=20),
                                         acting_user=consulent_rheden)
    PlaceCapacity.objects.create(location=world.location, product=world.zwib, places=1,
                                 valid_from=date(2026, 1, 1))
    lighter = granted(jan, world.zwib, start=today - timedelta(days=5))
    client.force_login(consulent_rheden)
    response = client.post(reverse("placements:doorstroom", kwargs={"pk": placement.pk}), {
        "beschikking": lighter.pk, "location": world.location.pk, "start_date": today.isoformat(),
    })
    new = Placement.objects.get(previous=placement)
    assert response["Location"] == reverse("placements:detail", kwargs={"pk": new.pk})
    detail = client.get(response["Location"]).content.decode()
    assert "Vorige plaatsing" in detail


def test_registering_woningzoekende_through_the_form(client, world, jan, consulent_rheden,
                                                     today):
    placement = services.placement_start(beschikking=beschikking_for(jan, world, today),
                                         location=world.location, start_date=today,
                                         acting_user=consulent_rheden)
    client.force_login(world.provider_user)
    response = client.post(reverse("placements:housing", kwargs={"pk": placement.pk}), {
        "perspective_independent": "on", "registered_woningzoekende_on": today.isoformat(),
    })
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.perspective_independent and placement.registered_woningzoekende_on == today


def test_waiting_list_add_and_remove_through_the_forms(client, world, jan, consulent_rheden,
                                                       today):
    beschikking = beschikking_for(jan, world, today)
    client.force_login(consulent_rheden)
    response = client.post(
        reverse("placements:beschikking_waiting", kwargs={"pk": beschikking.pk}),
        {"location": "", "entered_on": today.isoformat(), "priority": "urgent",
         "priority_reason": ""},
    )
    assert "reden voor de urgentie" in response.content.decode()
    response = client.post(
        reverse("placements:beschikking_waiting", kwargs={"pk": beschikking.pk}),
        {"location": world.location.pk, "entered_on": today.isoformat(), "priority": "urgent",
         "priority_reason": "Uit huis gezet"},
    )
    assert response.status_code == 302
    entry = WaitingListEntry.objects.get(client=jan)
    assert entry.location == world.location and entry.priority == "urgent"

    response = client.post(reverse("placements:waiting_remove", kwargs={"pk": entry.pk}),
                           {"reason": "other_solution", "removed_on": today.isoformat()})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.removal_reason == "other_solution"


def test_urgent_entries_come_first_then_the_longest_waiting(client, world, consulent_rheden,
                                                            today):
    names = []
    for i, (priority, days) in enumerate([("normal", 40), ("urgent", 2), ("normal", 60)]):
        person = client_of(world.rheden, given_names=f"Persoon{i}", surname="Test")
        names.append(person.full_name)
        services.waiting_list_add(beschikking=beschikking_for(person, world, today),
                                  entered_on=today - timedelta(days=days), priority=priority,
                                  priority_reason="Acuut" if priority == "urgent" else "",
                                  acting_user=consulent_rheden, today=today)
    client.force_login(consulent_rheden)
    body = client.get(reverse("placements:waiting_list")).content.decode()
    positions = [body.index(name) for name in (names[1], names[2], names[0])]
    assert positions == sorted(positions)


def test_a_provider_sees_only_its_own_placements_and_no_case_data(client, world, jan,
                                                                  consulent_rheden, today):
    mine = services.placement_start(beschikking=beschikking_for(jan, world, today),
                                    location=world.location, start_date=today,
                                    acting_user=consulent_rheden)
    elsewhere = LocationFactory(municipality=world.rheden, name="Elders")
    PlaceCapacity.objects.create(location=elsewhere, product=world.bw, places=3,
                                 valid_from=date(2026, 1, 1))
    piet = client_of(world.rheden, given_names="Piet", surname="Peters")
    services.placement_start(beschikking=beschikking_for(piet, world, today), location=elsewhere,
                             start_date=today, acting_user=consulent_rheden)

    client.force_login(world.provider_user)
    listing = client.get(reverse("placements:list")).content.decode()
    assert "Jan Jansen" in listing and "Piet Peters" not in listing
    page = client.get(reverse("clients:detail", kwargs={"pk": jan.pk})).content.decode()
    assert "Plaatsing en wachtlijst" in page and "Huize Velp" in page
    assert "huisarts" not in page.lower()  # melding source: case data, not for providers
    other = Placement.objects.exclude(pk=mine.pk).get()
    assert client.get(reverse("placements:detail", kwargs={"pk": other.pk})).status_code == 404
    logged = set(AccessLogEntry.objects.filter(user=world.provider_user).exclude(action="denied")
                 .values_list("client_id", flat=True))
    assert logged == {jan.pk}


def test_signals_screen_lists_overdue_woningzoekende_for_the_consulent(
    client, world, jan, consulent_rheden, today
):
    beschikking = granted(jan, world.bw, start=today - timedelta(days=60),
                          end=today + timedelta(days=300))
    services.placement_start(beschikking=beschikking, location=world.location,
                             start_date=today - timedelta(days=45), perspective_independent=True,
                             acting_user=consulent_rheden)
    client.force_login(consulent_rheden)
    body = client.get(reverse("placements:signals")).content.decode()
    assert "Jan Jansen" in body and "Inschrijving woningzoekende" in body
    assert "Termijn verstreken" in body


def test_beleid_sees_no_client_lists(client, world, region):
    client.force_login(user_with_role(Role.BELEID, region))
    for name in ("placements:list", "placements:waiting_list", "placements:signals"):
        assert client.get(reverse(name)).status_code == 404


def test_the_client_page_offers_placing_a_granted_beschikking(client, world, jan,
                                                              consulent_rheden, today):
    beschikking = beschikking_for(jan, world, today)
    client.force_login(consulent_rheden)
    page = client.get(reverse("clients:detail", kwargs={"pk": jan.pk})).content.decode()
    assert reverse("placements:beschikking_place", kwargs={"pk": beschikking.pk}) in page
    assert reverse("placements:beschikking_waiting", kwargs={"pk": beschikking.pk}) in page


def test_a_refused_form_still_logs_that_the_client_was_shown(client, region):
    """The form page shows the client's name again after an error: that view is logged too."""
    from bwmo.testing.scenario import build_scenario

    scenario = build_scenario(region)
    user = scenario.users["consulent_own"]
    client.force_login(user)
    before = AccessLogEntry.objects.filter(user=user, client=scenario.client).count()
    response = client.post(
        reverse("placements:end", args=[scenario.placement.pk]),
        {"end_date": "2020-01-01", "destination": "unknown"},
    )
    assert response.status_code == 200
    assert "vóór de start van de zorg" in response.content.decode()
    scenario.placement.refresh_from_db()
    assert scenario.placement.end_date is None
    after = AccessLogEntry.objects.filter(user=user, client=scenario.client).count()
    assert after == before + 1
