"""The duplicate review by the central access (issue 8): a registration whose BSN exists outside
the registrant's scope goes to the central access of the new registration's region, which sees
the new registration and, of the other one, only its number, region and municipality."""

from datetime import date

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import DuplicateReferral, ReferralOutcome
from bwmo.clients.services import ClientData, client_register
from bwmo.testing.factories import ClientFactory, MunicipalityFactory, RegionFactory, user_with_role


@pytest.fixture
def other_region(db):  # type: ignore[no-untyped-def]
    return RegionFactory(centrumgemeente=MunicipalityFactory(code="GM0193", name="Zwolle"))


@pytest.fixture
def referral(consulent_rheden, rheden, other_region):  # type: ignore[no-untyped-def]
    existing = ClientFactory(registration_municipality=other_region.centrumgemeente,
                             responsible_municipality=other_region.centrumgemeente,
                             given_names="Geheime", surname="Elders")
    client_register(
        data=ClientData(given_names="Sanne", surname="Visser", date_of_birth=date(1985, 3, 4),
                        registration_municipality=rheden, bsn=existing.bsn),
        acting_user=consulent_rheden, today=date(2026, 12, 1))
    return DuplicateReferral.objects.get()


def test_the_registration_creates_a_referral_for_the_region_of_the_new_registration(
        referral, region):
    assert (referral.region, referral.new_client.surname, referral.resolved_at) == (
        region, "Visser", None)


def test_the_central_access_of_the_region_reviews_it(client, referral, region):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client.force_login(ct)
    page = client.get(reverse("clients:bsn-referrals")).content.decode()
    assert "Sanne Visser" in page and f"Cliënt {referral.existing_client.pk}" in page
    assert "Elders" not in page  # the other registration's identity stays where it is
    detail = client.get(reverse("clients:bsn-referral", args=[referral.pk]))
    assert detail.status_code == 200 and "Geheime" not in detail.content.decode()
    viewed = AccessLogEntry.objects.filter(user=ct, action="view", purpose="duplicate_check")
    assert set(viewed.values_list("client_id", flat=True)) == {
        referral.new_client_id, referral.existing_client_id}


def test_resolving_needs_an_outcome_and_is_logged(client, referral, region):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client.force_login(ct)
    url = reverse("clients:bsn-referral", args=[referral.pk])
    response = client.post(url, {"outcome": ""})
    assert response.status_code == 200
    assert "Kies de uitkomst van de beoordeling." in response.content.decode()
    response = client.post(url, {"outcome": ReferralOutcome.WRONG_BSN, "note": " "})
    assert response.status_code == 200
    assert "Noteer hoe de registratie is gecorrigeerd." in response.content.decode()
    referral.refresh_from_db()
    assert referral.resolved_at is None
    response = client.post(url, {"outcome": ReferralOutcome.OTHER_REGISTRATION,
                                 "note": "Afgestemd met Zwolle"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.resolved_by) == (ReferralOutcome.OTHER_REGISTRATION, ct)
    updates = AccessLogEntry.objects.filter(user=ct, action="update", purpose="duplicate_check")
    assert updates.count() == 2
    again = client.post(url, {"outcome": ReferralOutcome.MERGED})
    assert "Afgestemd met Zwolle" in again.content.decode()  # resolved once, no form any more
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.OTHER_REGISTRATION


@pytest.mark.parametrize("role", [r for r in Role if r != Role.CT_ADVISEUR])
def test_nobody_else_sees_it(client, referral, region, role):
    client.force_login(user_with_role(role, region))
    assert client.get(reverse("clients:bsn-referrals")).status_code == 404
    url = reverse("clients:bsn-referral", args=[referral.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": ReferralOutcome.MERGED}).status_code == 404
    referral.refresh_from_db()
    assert referral.resolved_at is None


def test_the_central_access_of_the_other_region_does_not_see_it(client, referral, other_region):
    client.force_login(user_with_role(Role.CT_ADVISEUR, other_region))
    assert "Visser" not in client.get(reverse("clients:bsn-referrals")).content.decode()
    assert client.get(reverse("clients:bsn-referral", args=[referral.pk])).status_code == 404
