"""Scenario calibration from the region's own history."""

from datetime import date

import pytest

from bwmo.finance.scenarios import DEFAULT_COHORT_MEAN, calibrate
from bwmo.placements.models import Placement
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory

pytestmark = pytest.mark.django_db
START = date(2026, 1, 1)


def test_the_mean_length_of_stay_counts_the_stays_still_running(region, rheden):
    product = ProductFactory(region=region)
    location = LocationFactory(municipality=rheden)

    def place(first, last=None):  # type: ignore[no-untyped-def]
        client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden)
        Placement.objects.create(client=client, location=location, product=product,
                                 responsible_municipality=rheden, start_date=first, end_date=last)

    place(date(2023, 6, 1))  # still in care: 945 days in the window up to 31-12-2025
    place(date(2025, 1, 1), date(2025, 4, 10))  # 100 days, ended
    params = calibrate(region, start=START).params
    # (945 + 100) days in care / 1 stay ended = 1045 days; the mean of completed stays alone
    # would be 100 days and make every cohort ten times shorter
    mean_years = 1045 / 365
    assert params.los_years[1] == pytest.approx(4.0 * mean_years / DEFAULT_COHORT_MEAN)
    assert params.start_clients.sum() == 1


def test_a_move_to_the_wlz_is_its_own_flow_and_not_also_a_shorter_stay(region, rheden):
    product = ProductFactory(region=region)
    location = LocationFactory(municipality=rheden)
    for first, last, destination in ((date(2023, 6, 1), None, ""),
                                     (date(2025, 1, 1), date(2025, 4, 10), ""),
                                     (date(2024, 1, 1), date(2024, 12, 31), "wlz")):
        client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden)
        Placement.objects.create(client=client, location=location, product=product,
                                 responsible_municipality=rheden, start_date=first,
                                 end_date=last, outflow_destination=destination)
    params = calibrate(region, start=START).params
    # (945 + 100 + 366) days / the 1 stay that ended other than to the Wlz
    assert params.los_years[1] == pytest.approx(4.0 * (1411 / 365) / DEFAULT_COHORT_MEAN)
    assert params.wlz_share > 0


def test_a_move_to_another_location_is_no_exit(region, rheden):
    product = ProductFactory(region=region)
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden)
    first = Placement.objects.create(
        client=client, location=LocationFactory(municipality=rheden), product=product,
        responsible_municipality=rheden, start_date=date(2024, 1, 1), end_date=date(2024, 12, 31))
    Placement.objects.create(
        client=client, location=LocationFactory(municipality=rheden), product=product,
        responsible_municipality=rheden, start_date=date(2025, 1, 1), previous=first)
    ended = ClientFactory(registration_municipality=rheden, origin_municipality=rheden)
    Placement.objects.create(
        client=ended, location=LocationFactory(municipality=rheden), product=product,
        responsible_municipality=rheden, start_date=date(2025, 1, 1), end_date=date(2025, 4, 10))
    params = calibrate(region, start=START).params
    # (366 + 365 + 100) days / 1 real exit; the move on 31-12-2024 does not count
    assert params.los_years[1] == pytest.approx(4.0 * (831 / 365) / DEFAULT_COHORT_MEAN)
