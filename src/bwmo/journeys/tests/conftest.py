"""Fixtures for the klantreis tests: the region's products, a contracted provider, and helpers
that walk a melding through the journey with the real services."""

from datetime import date, timedelta

import pytest

from bwmo.regions.constants import ProductCategory, Track
from bwmo.testing.factories import ProductFactory, ProviderFactory

TODAY = date(2026, 11, 24)

ELIGIBLE_BW = {
    "dutch_or_lawful_residence": True, "psychiatric_problems": True,
    "needs_supervision_nearby": True, "ambulant_support_sufficient": False,
    "acute_crisis": False, "lifelong_need": False, "primarily_treatment": False,
}
ELIGIBLE_MO = {"homeless": True, "cannot_cope_alone": True, "dutch_or_lawful_residence": True}


@pytest.fixture
def products(region):
    """The region offers BW, GWIB, ZWIB, MODV and MOCV — not BWI."""
    made = {}
    for code, name, track, category, iwmo in (
        ("BW", "Beschermd wonen", Track.BW, ProductCategory.BW_INTRAMURAAL, "15"),
        ("GWIB", "Groepswonen met intensieve begeleiding", Track.BW,
         ProductCategory.BW_AMBULANT, "15"),
        ("ZWIB", "Zelfstandig wonen met intensieve begeleiding", Track.BW,
         ProductCategory.BW_AMBULANT, "15"),
        ("MODV", "Opvang dak- en thuisloze volwassenen", Track.MO, ProductCategory.MO, "16"),
        ("MOCV", "Crisisopvang volwassenen", Track.MO, ProductCategory.MO, "17"),
    ):
        made[code] = ProductFactory(region=region, code=code, name=name, track=track,
                                    category=category, iwmo_category=iwmo)
    return made


@pytest.fixture
def provider(region):
    provider = ProviderFactory(name="Pro Persona Wonen")
    provider.regions.add(region)
    return provider


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)
