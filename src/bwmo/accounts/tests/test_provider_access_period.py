"""Leak (issue 8): a provider kept seeing clients whose placements ended years ago. Access now
ends the region's `provider_access_days` after the last placement, waiting-list entry or
beschikking for that provider ended. Time-travel tests (time-machine)."""

from datetime import date

import pytest
import time_machine

from bwmo.scoping import clients_for, placements_for
from bwmo.testing.scenario import build_scenario

ENDED = date(2027, 3, 31)


@pytest.fixture
def ended(region):
    """The scenario's placement, waiting-list entry and beschikking all ended on ENDED."""
    s = build_scenario(region)
    s.placement.end_date = ENDED
    s.placement.save()
    s.waiting.removed_on = ENDED
    s.waiting.save()
    s.beschikking.end_date = ENDED
    s.beschikking.save()
    return s


def _sees(s) -> bool:  # type: ignore[no-untyped-def]
    provider = s.users["provider_own"]
    return clients_for(provider).filter(pk=s.client.pk).exists()


def test_access_lasts_the_configured_period_after_the_care_ended(ended):
    with time_machine.travel(date(2027, 6, 29), tick=False):  # 90 days after
        assert _sees(ended)
        assert placements_for(ended.users["provider_own"]).exists()
    with time_machine.travel(date(2027, 6, 30), tick=False):  # 91 days after
        assert not _sees(ended)
        assert not placements_for(ended.users["provider_own"]).exists()
    # the case workers keep seeing the client
    with time_machine.travel(date(2030, 1, 1), tick=False):
        assert clients_for(ended.users["consulent_own"]).filter(pk=ended.client.pk).exists()


def test_the_period_is_a_region_setting(ended):
    ended.region.provider_access_days = 7
    ended.region.save()
    ended.users["provider_own"].organisation.region.refresh_from_db()
    with time_machine.travel(date(2027, 4, 8), tick=False):
        assert not _sees(ended)


@pytest.mark.parametrize("still_open", ["placement", "waiting", "beschikking"])
def test_any_one_open_link_keeps_access(ended, still_open):
    """Each of the three rules counts on its own; dropping one from the scope fails here."""
    obj = getattr(ended, still_open)
    setattr(obj, "removed_on" if still_open == "waiting" else "end_date", None)
    obj.save()
    with time_machine.travel(date(2030, 1, 1), tick=False):
        assert _sees(ended)


def test_a_waiting_list_entry_removed_long_ago_gives_no_access(ended):
    """Issue 8: 'a removed waiting-list entry in the provider's scope' could lose its rule
    without any test failing. Only the removed entry links client and provider here."""
    ended.placement.delete()
    ended.beschikking.provider = None
    ended.beschikking.save()
    with time_machine.travel(date(2027, 4, 15), tick=False):
        assert _sees(ended)  # recently removed: still within the period
    with time_machine.travel(date(2028, 1, 1), tick=False):
        assert not _sees(ended)
