"""The outflow and housing screens: privacy of the association's view, bad input on the forms,
the stalled signal and the access log."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.housing import services
from bwmo.housing.models import Contingent, DwellingOffer, Proposal, TransferPointSettings

from .helpers import TODAY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(region):
    return build_world(region)


def proposed(world):
    u = world.uitstromer(needs=("ground_floor",), support_after="Ambulante begeleiding door De Brug")
    world.offer(features=("ground_floor",))
    services.matching_run(region=world.region, acting_user=world.transfer_point, today=TODAY)
    return Proposal.objects.get(uitstromer=u)


def test_the_association_sees_only_confirmed_candidates_and_only_their_housing_needs(client, world):
    proposal = proposed(world)
    url = reverse("housing:proposal", args=[proposal.pk])
    client.force_login(world.association_user)
    assert client.get(url).status_code == 404  # not before the uitstroomtafel confirmed it
    services.proposal_committee_decide(proposal=proposal, confirm=True, reason="In orde.",
                                       acting_user=world.transfer_point, today=TODAY)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert proposal.uitstromer.placement.client.full_name in body
    assert "Begane grond of lift" in body
    for hidden in ("Huize Velp", "De Brug", "Beschermd wonen", "Ambulante begeleiding",
                   proposal.explanation):
        assert hidden not in body, hidden
    assert AccessLogEntry.objects.filter(user=world.association_user,
                                         client=proposal.uitstromer.placement.client).exists()


def test_the_association_decides_through_the_screen(client, world):
    proposal = proposed(world)
    services.proposal_committee_decide(proposal=proposal, confirm=True, reason="In orde.",
                                       acting_user=world.transfer_point, today=TODAY)
    client.force_login(world.association_user)
    url = reverse("housing:proposal", args=[proposal.pk])
    response = client.post(url, {"decision": "decline"})
    assert "Geef een reden." in response.content.decode()
    assert Proposal.objects.get().status == "confirmed"
    response = client.post(url, {"decision": "decline", "reason": "Woning past niet bij huisdier."})
    assert response.status_code == 302
    assert Proposal.objects.get().status == "declined"


def test_a_malformed_offer_is_refused_with_a_dutch_message(client, world):
    client.force_login(world.association_user)
    response = client.post(reverse("housing:offer-create"), {
        "neighbourhood": world.velp.pk, "address": "Hoofdstraat 1", "rooms": "2",
        "max_household": "2", "rent": "zeshonderd", "available_on": "2026-12-01",
    })
    assert "Vul een bedrag in, bijvoorbeeld 650,00." in response.content.decode()
    response = client.post(reverse("housing:offer-create"), {
        "neighbourhood": world.velp.pk, "address": "Hoofdstraat 1", "rooms": "2",
        "max_household": "0", "rent": "650,00", "available_on": "2026-12-01",
    })
    assert response.status_code == 200
    assert not DwellingOffer.objects.exists()
    response = client.post(reverse("housing:offer-create"), {
        "neighbourhood": world.velp.pk, "address": "Hoofdstraat 1", "rooms": "2",
        "max_household": "2", "rent": "€ 1.050,50", "available_on": "2026-12-01",
        "features": ["ground_floor"],
    })
    assert response.status_code == 302
    assert DwellingOffer.objects.get().rent == Decimal("1050.50")


def test_withdrawing_through_the_screen_voids_the_proposal_and_the_provider_sees_why(client, world):
    proposal = proposed(world)
    client.force_login(world.association_user)
    url = reverse("housing:offer-withdraw", args=[proposal.dwelling.pk])
    assert "voor deze woning loopt een voorstel" in client.get(url).content.decode()
    assert client.post(url, {"reason": "Brand in de woning"}).status_code == 302
    client.force_login(world.provider_user)
    body = client.get(reverse("housing:uitstromer-detail", args=[proposal.uitstromer.pk])).content.decode()
    assert "Vervallen" in body and "Brand in de woning" in body


def test_the_uitstroomtafel_signals_a_stalled_step(client, world):
    TransferPointSettings.objects.create(region=world.region, stall_days=3)
    proposal = proposed(world)
    Proposal.objects.filter(pk=proposal.pk).update(step_since=timezone.localdate() - timedelta(days=4))
    client.force_login(world.transfer_point)
    body = client.get(reverse("housing:uitstroomtafel")).content.decode()
    assert "Stilstand (langer dan 3 dagen)" in body
    assert "wacht 4 dagen op de uitstroomtafel" in body


def test_the_transfer_point_records_a_contingent_and_sees_its_use(client, world):
    client.force_login(world.transfer_point)
    url = reverse("housing:contingents")
    response = client.post(url, {"association": world.association.pk, "municipality": world.rheden.pk,
                                 "year": "2026", "agreed": "120", "agreement": "Regeling 120 woningen"})
    assert response.status_code == 302
    assert Contingent.objects.get().agreed == 120
    client.force_login(world.association_user)
    assert "Regeling 120 woningen" in client.get(url).content.decode()
    assert client.post(url, {"agreed": "1"}).status_code == 404  # an association only reads


def test_the_matching_page_shows_explanations_and_logs_the_clients(client, world):
    proposal = proposed(world)
    client.force_login(world.transfer_point)
    body = client.get(reverse("housing:matching")).content.decode()
    assert proposal.explanation in body
    assert "Bewezen optimaal" in body
    assert AccessLogEntry.objects.filter(user=world.transfer_point, action="list",
                                         client=proposal.uitstromer.placement.client).exists()


def test_functioneel_beheer_sets_the_draagkracht_of_its_own_region_only(client, world, region):
    from django.contrib.auth.models import Permission

    from bwmo.accounts.constants import Role
    from bwmo.testing.factories import RegionFactory, user_with_role

    beheer = user_with_role(Role.FUNCTIONEEL_BEHEER, region)
    beheer.is_staff = True
    beheer.save()
    beheer.user_permissions.set(Permission.objects.filter(
        content_type__app_label="housing", codename__in=["view_transferpointsettings",
                                                         "change_transferpointsettings"]))
    own = TransferPointSettings.objects.create(region=region, draagkracht_max_per_year=4)
    other = TransferPointSettings.objects.create(region=RegionFactory(slug="elders", name="Elders"))
    client.force_login(beheer)
    assert client.get(f"/beheer/housing/transferpointsettings/{own.pk}/change/").status_code == 200
    assert client.get(f"/beheer/housing/transferpointsettings/{other.pk}/change/").status_code in (302, 403, 404)


def test_the_home_page_counts_what_outflow_asks_of_each_role(client, world):
    proposal = proposed(world)
    client.force_login(world.transfer_point)
    body = client.get(reverse("home")).content.decode()
    assert "Voorstellen voor de uitstroomtafel" in body
    client.force_login(world.association_user)
    assert "Kandidaten te beoordelen" in client.get(reverse("home")).content.decode()
    services.proposal_committee_decide(proposal=proposal, confirm=True, reason="In orde.",
                                       acting_user=world.transfer_point, today=TODAY)
    from bwmo.home.counters import home_counters

    [count] = home_counters(world.association_user, TODAY)
    assert (count.label, count.count) == ("Kandidaten te beoordelen", 1)
    services.proposal_association_decide(proposal=proposal, accept=True, reason="",
                                         acting_user=world.association_user, today=TODAY)
    counts = {c.label: c.count for c in home_counters(world.provider_user, TODAY)}
    assert counts["Uitstroom te registreren"] == 1
