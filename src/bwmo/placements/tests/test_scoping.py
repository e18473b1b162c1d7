"""Who sees which locations, placements and waiting-list entries (bwmo.scoping)."""

import pytest

from bwmo.accounts.constants import Role
from bwmo.scoping import (
    locations_for,
    may_change_capacity,
    placements_for,
    waiting_list_for,
)
from bwmo.testing.factories import (
    LocationFactory,
    MunicipalityFactory,
    RegionFactory,
    user_with_role,
)
from bwmo.testing.scenario import build_scenario


@pytest.fixture
def scenario(region):
    return build_scenario(region)


def test_case_workers_see_placements_of_their_clients_only(scenario):
    users = scenario.users
    assert list(placements_for(users["consulent_own"])) == [scenario.placement]
    assert list(placements_for(users["ct_adviseur"])) == [scenario.placement]
    assert not placements_for(users["consulent_other"]).exists()
    assert list(waiting_list_for(users["consulent_own"])) == [scenario.waiting]
    assert not waiting_list_for(users["consulent_other"]).exists()


def test_providers_see_their_own_placements_and_waiting_entries(scenario):
    assert list(placements_for(scenario.users["provider_own"])) == [scenario.placement]
    assert list(waiting_list_for(scenario.users["provider_own"])) == [scenario.waiting]
    assert not placements_for(scenario.users["provider_other"]).exists()
    assert not waiting_list_for(scenario.users["provider_other"]).exists()


@pytest.mark.parametrize("key", ["beleid", "woningcorporatie", "privacy_officer",
                                 "functioneel_beheer"])
def test_other_roles_see_no_placements(scenario, key):
    assert not placements_for(scenario.users[key]).exists()
    assert not waiting_list_for(scenario.users[key]).exists()


def test_locations_by_role(scenario):
    outside = LocationFactory(municipality=MunicipalityFactory(
        region=RegionFactory(centrumgemeente=MunicipalityFactory())))
    for key in ("consulent_own", "consulent_other", "ct_adviseur", "beleid"):
        assert list(locations_for(scenario.users[key])) == [scenario.location], key
    assert list(locations_for(scenario.users["provider_own"])) == [scenario.location]
    assert not locations_for(scenario.users["provider_other"]).exists()
    assert not locations_for(scenario.users["woningcorporatie"]).exists()
    assert outside not in locations_for(scenario.users["beleid"])


def test_only_the_providers_staff_may_change_capacity(scenario):
    allowed = {k for k, u in scenario.users.items() if may_change_capacity(u, scenario.location)}
    assert allowed == {"provider_own"}


def test_an_inactive_user_sees_nothing(scenario):
    user = scenario.users["provider_own"]
    user.is_active = False
    assert not locations_for(user).exists()
    assert not placements_for(user).exists()
    assert not may_change_capacity(user, scenario.location)


def test_a_provider_sees_an_entry_for_its_beschikking_without_a_preferred_location(scenario):
    entry = scenario.waiting
    entry.location = None
    entry.save()
    assert list(waiting_list_for(scenario.users["provider_own"])) == [entry]
    assert not waiting_list_for(user_with_role(Role.ZORGAANBIEDER, scenario.region)).exists()
