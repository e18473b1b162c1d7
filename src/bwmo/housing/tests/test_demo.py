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
