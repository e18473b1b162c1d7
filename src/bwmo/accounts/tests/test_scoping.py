"""Who sees which client: the rules in bwmo/scoping.py, in the users' terms."""

from datetime import date

from django.core.exceptions import ValidationError

import pytest

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.clients.models import Client
from bwmo.journeys.models import AdviceRequest, Melding
from bwmo.scoping import CaseAccess, case_access, client_get_for, clients_for
from bwmo.testing.factories import ClientFactory, OrganisationFactory, UserFactory, user_with_role
from bwmo.testing.scenario import build_scenario


def test_a_consulent_sees_clients_registered_at_or_responsibility_of_their_municipality(
    consulent_rheden, rheden, renkum, region
):
    registered = ClientFactory(registration_municipality=rheden)
    responsible = ClientFactory(registration_municipality=renkum, responsible_municipality=rheden)
    elsewhere = ClientFactory(registration_municipality=renkum)
    assert set(clients_for(consulent_rheden)) == {registered, responsible}
    with pytest.raises(Client.DoesNotExist):
        client_get_for(consulent_rheden, elsewhere.pk)


def test_a_consulent_sees_a_client_who_reported_at_their_municipality(consulent_rheden, rheden, renkum):
    client = ClientFactory(registration_municipality=renkum)
    Melding.objects.create(client=client, track="BW", source="self", reported_on=date(2026, 1, 5),
                           municipality=rheden)
    assert client in clients_for(consulent_rheden)


def test_the_central_access_sees_only_referred_cases_and_mo(region, rheden):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    referred = ClientFactory(registration_municipality=rheden)
    melding = Melding.objects.create(client=referred, track="BW", source="self",
                                     reported_on=date(2026, 1, 5), municipality=rheden)
    AdviceRequest.objects.create(melding=melding, question="?", requested_on=date(2026, 1, 6))
    mo_client = ClientFactory(registration_municipality=rheden)
    Melding.objects.create(client=mo_client, track="MO", source="mo", reported_on=date(2026, 1, 5),
                           municipality=rheden)
    plain_bw = ClientFactory(registration_municipality=rheden)
    Melding.objects.create(client=plain_bw, track="BW", source="self", reported_on=date(2026, 1, 5),
                           municipality=rheden)
    assert set(clients_for(ct)) == {referred, mo_client}


def test_under_a_regional_mandate_the_central_access_sees_all_bw_meldingen(region, rheden):
    region.decision_maker = "regional"
    region.save()
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client = ClientFactory(registration_municipality=rheden)
    Melding.objects.create(client=client, track="BW", source="self", reported_on=date(2026, 1, 5),
                           municipality=rheden)
    assert client in clients_for(ct)


def test_a_provider_sees_only_clients_placed_waiting_or_assigned_to_it(region):
    scenario = build_scenario(region)
    assert list(clients_for(scenario.users["provider_own"])) == [scenario.client]
    assert case_access(scenario.users["provider_own"]) is CaseAccess.PLACEMENT
    assert not clients_for(scenario.users["provider_other"]).exists()


@pytest.mark.parametrize("key", ["woningcorporatie", "beleid", "privacy_officer", "functioneel_beheer"])
def test_roles_without_case_work_see_no_named_client(region, key):
    scenario = build_scenario(region)
    user = scenario.users[key]
    assert case_access(user) is CaseAccess.NONE
    assert not clients_for(user).exists()


def test_a_superuser_without_a_role_sees_no_client_either(region, client_rheden):
    admin = UserFactory(organisation=None, role="", is_superuser=True, is_staff=True)
    assert not clients_for(admin).exists()


def test_a_role_must_fit_its_organisation(region):
    municipality_org = OrganisationFactory(region=region)
    user = UserFactory.build(organisation=municipality_org, role=Role.ZORGAANBIEDER)
    with pytest.raises(ValidationError, match="past niet"):
        user.clean()
    provider_org = OrganisationFactory.build(region=region, kind=OrganisationKind.PROVIDER,
                                             municipality=None, provider=None)
    with pytest.raises(ValidationError):
        provider_org.clean()
