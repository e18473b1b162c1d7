"""Leak (issue 8, critical): a region's functioneel beheer saw every user of every region in the
Django admin, could set any password and make itself superuser. Now the admin is scoped to the
region, rights are granted by the platform administrator only, and changes are in the access log."""

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.audit.models import AccessLogEntry
from bwmo.demo.generator import BEHEER_ACTIONS, BEHEER_MODELS
from bwmo.regions.models import Region
from bwmo.testing.factories import (
    LocationFactory,
    MunicipalityFactory,
    ProviderFactory,
    RegionFactory,
    UserFactory,
    user_with_role,
)


def _beheer(region: Region) -> User:
    """A region's functioneel beheer with the permissions the demo gives it."""
    user = _staff(user_with_role(Role.FUNCTIONEEL_BEHEER, region))
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=list(BEHEER_MODELS),
        codename__in=[f"{a}_{m}" for ms in BEHEER_MODELS.values() for m in ms for a in BEHEER_ACTIONS],
    ))
    return user


@pytest.fixture
def other_region(db):
    return RegionFactory(slug="ijssel", name="IJssel-Vecht",
                         centrumgemeente=MunicipalityFactory(code="GM0193", name="Zwolle"))


@pytest.fixture
def beheer(region):
    return _beheer(region)


def _staff(user: User) -> User:
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


def test_beheer_sees_only_its_own_regions_users(client, beheer, region, other_region):
    own = user_with_role(Role.WMO_CONSULENT, region)
    foreign = user_with_role(Role.WMO_CONSULENT, other_region)
    client.force_login(beheer)
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert own.username in listing
    assert foreign.username not in listing
    assert client.get(reverse("admin:accounts_user_change", args=[foreign.pk])).status_code in (302, 404)
    assert client.get(reverse("admin:auth_user_password_change", args=[foreign.pk])).status_code == 404


def test_beheer_cannot_set_a_foreign_users_password(client, beheer, other_region):
    foreign = user_with_role(Role.CT_ADVISEUR, other_region)
    client.force_login(beheer)
    url = reverse("admin:auth_user_password_change", args=[foreign.pk])
    client.post(url, {"password1": "Nieuw-wachtwoord-2026!", "password2": "Nieuw-wachtwoord-2026!",
                      "usable_password": "true"})
    foreign.refresh_from_db()
    assert foreign.check_password("correct-horse-battery-staple")


def test_beheer_cannot_make_itself_superuser_or_grant_a_role(client, beheer, region):
    own = user_with_role(Role.WMO_CONSULENT, region)
    client.force_login(beheer)
    for target in (beheer, own):
        url = reverse("admin:accounts_user_change", args=[target.pk])
        page = client.get(url)
        assert page.status_code == 200
        client.post(url, {
            "username": target.username, "first_name": "X", "last_name": "Y", "email": "",
            "is_active": "on", "is_staff": "on", "is_superuser": "on",
            "organisation": target.organisation_id, "role": Role.PRIVACY_OFFICER,
            "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
        })
        target.refresh_from_db()
        assert not target.is_superuser
        assert target.role != Role.PRIVACY_OFFICER
    beheer.refresh_from_db()
    assert beheer.role == Role.FUNCTIONEEL_BEHEER


def test_beheer_does_not_reach_other_beheerders_or_platform_admins(client, beheer, region):
    colleague = _beheer(region)
    platform = UserFactory(organisation=None, role="", is_superuser=True, is_staff=True)
    client.force_login(beheer)
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert colleague.username not in listing and platform.username not in listing
    assert client.get(reverse("admin:auth_user_password_change", args=[platform.pk])).status_code == 404


def test_beheer_sees_only_its_regions_reference_data(client, beheer, region, other_region):
    here = LocationFactory(name="Huis Hier", municipality=region.centrumgemeente)
    there = LocationFactory(name="Huis Daar", municipality=other_region.centrumgemeente)
    client.force_login(beheer)
    locations = client.get(reverse("admin:capacity_location_changelist")).content.decode()
    assert here.name in locations and there.name not in locations
    regions = client.get(reverse("admin:regions_region_changelist")).content.decode()
    assert region.name in regions and other_region.name not in regions
    municipalities = client.get(reverse("admin:regions_municipality_changelist")).content.decode()
    assert "Zwolle" not in municipalities and "Arnhem" in municipalities


def test_a_provider_contracted_in_two_regions_keeps_the_other_region(client, beheer, region,
                                                                     other_region):
    provider = ProviderFactory(name="Tweeregio Zorg")
    provider.regions.set([region, other_region])
    client.force_login(beheer)
    url = reverse("admin:capacity_provider_change", args=[provider.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert other_region.name not in page.content.decode()
    client.post(url, {"name": "Tweeregio Zorg BV", "agb_code": provider.agb_code or "",
                      "quality_sufficient": "on", "regions": [region.pk],
                      "locations-TOTAL_FORMS": "0", "locations-INITIAL_FORMS": "0"})
    provider.refresh_from_db()
    assert provider.name == "Tweeregio Zorg BV"
    assert set(provider.regions.all()) == {region, other_region}


def test_staff_status_alone_does_not_open_the_admin(client, region):
    consulent = _staff(user_with_role(Role.WMO_CONSULENT, region))
    client.force_login(consulent)
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin login


def test_the_platform_admin_grants_a_role_and_it_is_in_the_access_log(client, region):
    platform = UserFactory(organisation=None, role="", is_superuser=True, is_staff=True,
                           username="platform")
    target = user_with_role(Role.WMO_CONSULENT, region)
    target.role = ""
    target.save()
    client.force_login(platform)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    response = client.post(url, {
        "username": target.username, "first_name": target.first_name,
        "last_name": target.last_name, "email": "", "is_active": "on",
        "organisation": target.organisation_id, "role": Role.WMO_CONSULENT,
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    }, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.role == Role.WMO_CONSULENT
    entry = AccessLogEntry.objects.filter(purpose="administration",
                                          object_id=str(target.pk)).order_by("id").last()
    assert entry.username == "platform" and entry.origin == "192.0.2.44"
    assert "rol:  → wmo_consulent" in entry.detail


def test_a_password_set_in_the_admin_is_in_the_access_log(client, beheer, region):
    own = user_with_role(Role.WMO_CONSULENT, region)
    client.force_login(beheer)
    url = reverse("admin:auth_user_password_change", args=[own.pk])
    response = client.post(url, {"password1": "Nieuw-wachtwoord-2026!",
                                 "password2": "Nieuw-wachtwoord-2026!", "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AccessLogEntry.objects.get(purpose="administration", object_id=str(own.pk))
    assert entry.user == beheer
    assert "wachtwoord gewijzigd" in entry.detail
    assert "Nieuw-wachtwoord" not in entry.detail


def test_a_superuser_made_from_the_command_line_is_logged(db):
    User.objects.create_superuser("eerste.beheerder", password="Lang-genoeg-wachtwoord-1")
    entry = AccessLogEntry.objects.get(purpose="administration")
    assert entry.username == "systeem"
    assert "superuser: True" in entry.detail
