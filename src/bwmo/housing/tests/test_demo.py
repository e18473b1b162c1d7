"""The housing demo data (bwmo.demo.housing): valid offers, contingents and uitstromers that the
transfer point can match at once; a second run adds nothing."""

import random

import pytest

from bwmo.demo.housing import ARRANGEMENT_120, write_housing_demo
from bwmo.housing import matching, rules, services
from bwmo.housing.constants import Need
from bwmo.housing.models import Contingent, DwellingOffer, Neighbourhood, Uitstromer

from .helpers import TODAY, build_world

pytestmark = pytest.mark.django_db


def test_demo_housing_data_is_valid_matchable_and_written_once(region):
    world = build_world(region)
    Neighbourhood.objects.all().delete()
    world.association.municipalities.add(region.centrumgemeente)
    for _ in range(6):
        world.placement()
    counts = write_housing_demo(region, today=TODAY, rng=random.Random(7))
    assert counts["buurten"] == Neighbourhood.objects.count() >= 9
    assert counts["woningaanbod"] == DwellingOffer.objects.count() > 0
    assert counts["uitstromers"] == Uitstromer.objects.count() > 0
    arnhem = Contingent.objects.get(municipality=region.centrumgemeente)
    assert (arnhem.agreed, arnhem.agreement) == (120, f"{ARRANGEMENT_120} {TODAY.year}")
    for offer in DwellingOffer.objects.select_related("neighbourhood__municipality"):
        n = offer.neighbourhood
        assert rules.neighbourhood_code_error(n.code, n.municipality.code) is None
        assert set(offer.features) <= set(Need.values)
    for u in Uitstromer.objects.all():
        assert u.rent_limit is not None and u.preferred_municipalities.exists()

    built = services.build_problem(region, TODAY)
    result = matching.solve(built.problem)
    assert result.housed > 0 and matching.check(built.problem, result) == []
    assert write_housing_demo(region, today=TODAY, rng=random.Random(7)) == {}


def test_the_demo_generator_gives_a_region_uitstromers_offers_and_contingents(db):
    """The whole generator for the smallest region: the transfer point's demo user can match."""
    from datetime import date

    from bwmo.accounts.constants import Role
    from bwmo.accounts.models import User
    from bwmo.demo.generator import demo_data_generate
    from bwmo.regions.models import Region
    from bwmo.regions.services import reference_data_load

    reference_data_load()
    today = date(2026, 6, 30)
    report = demo_data_generate(region_slug="zuidoost-drenthe", seed=42, scale=0.3, today=today)
    assert report.counts["uitstromers"] > 0 and report.counts["woningaanbod"] > 0
    assert report.counts["contingenten"] > 0
    region = Region.objects.get(slug="zuidoost-drenthe")
    ct = User.objects.get(role=Role.CT_ADVISEUR, organisation__region=region)
    run = services.matching_run(region=region, acting_user=ct, today=today)
    assert run.housed > 0 and run.optimal
