"""Demo outflow and housing data of a region (issue 10): CBS-style neighbourhoods of every member
municipality, the transfer point's draagkracht criteria, contingents of this year per housing
association and municipality of its werkgebied (Arnhem: the "120 woningen" arrangement of
Transformatieplan "Samen aan zet!" Centraal Gelderland, §4.5), dwelling offers and uitstromers
on open placements with a perspective on independent living.

Deterministic (own random stream) and idempotent: a region whose municipalities already have
neighbourhoods is skipped. Neighbourhood names and counts are fictitious demo values.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.housing.constants import IncomeClass, Need
from bwmo.housing.models import (
    Contingent,
    DwellingOffer,
    Neighbourhood,
    TransferPointSettings,
    Uitstromer,
)
from bwmo.placements.models import Placement
from bwmo.regions.models import HousingAssociation, Municipality, Region

PARTS = ("Centrum", "Noord", "Oost", "Zuid", "West", "Buitengebied", "Dorpskern")
STREETS = ("Kerkstraat", "Molenweg", "Stationsstraat", "Beukenlaan", "Julianastraat",
           "Dorpsstraat", "Schoolstraat", "Parallelweg", "Lindelaan", "Wilhelminastraat")
SUPPORT = (
    "Ambulante begeleiding 3 uur per week door de eigen zorgaanbieder, aflopend.",
    "Wijkteam als vast aanspreekpunt; strippenkaart voor terugval.",
    "FACT-team en 2 uur woonbegeleiding per week.",
    "Lichte begeleiding: vinger aan de pols, 1 uur per week.",
)
ARNHEM = "GM0202"
ARRANGEMENT_120 = "Regeling '120 woningen' voor kwetsbare doelgroepen"


def write_housing_demo(region: Region, *, today: date, rng: random.Random) -> dict[str, int]:
    """Write the housing demo data of ``region``; nothing when it already has neighbourhoods."""
    members = list(Municipality.objects.filter(region=region).order_by("code"))
    if not members or Neighbourhood.objects.filter(municipality__in=members).exists():
        return {}
    TransferPointSettings.objects.get_or_create(region=region, defaults={
        "draagkracht_max_per_year": 4, "draagkracht_per_1000_dwellings": Decimal("3.00"),
    })
    hoods = _neighbourhoods(members, rng)
    by_municipality: dict[int, list[Neighbourhood]] = {}
    for n in hoods:
        by_municipality.setdefault(n.municipality_id, []).append(n)
    associations = list(HousingAssociation.objects.filter(
        organisations__region=region).distinct().order_by("pk"))
    users = {u.organisation.housing_association_id: u for u in User.objects.filter(
        role=Role.WONINGCORPORATIE, organisation__region=region).select_related("organisation")}
    contingents, offers = [], []
    arnhem_done = False
    member_ids = {m.pk for m in members}
    for association in associations:
        user = users.get(association.pk)
        if user is None:
            continue
        area = [m for m in association.municipalities.order_by("code") if m.pk in member_ids]
        for municipality in area:
            households = municipality.households or (municipality.inhabitants or 20_000) // 2
            agreed = max(3, min(60, households // 2500))
            agreement = "Prestatieafspraken"
            if municipality.code == ARNHEM and not arnhem_done:
                agreed, agreement, arnhem_done = 120, ARRANGEMENT_120, True
            contingents.append(Contingent(association=association, municipality=municipality,
                                          year=today.year, agreed=agreed,
                                          agreement=f"{agreement} {today.year}"))
            for _ in range(max(2, agreed // 4)):
                offers.append(_offer(association, user, rng.choice(by_municipality[municipality.pk]),
                                     today, rng))
    Contingent.objects.bulk_create(contingents)
    DwellingOffer.objects.bulk_create(offers)
    uitstromers = _uitstromers(region, today, rng, target=max(3, len(offers) * 4 // 5))
    return {"buurten": len(hoods), "contingenten": len(contingents), "woningaanbod": len(offers),
            "uitstromers": uitstromers}


def _neighbourhoods(members: list[Municipality], rng: random.Random) -> list[Neighbourhood]:
    rows = []
    for m in members:
        k = max(3, min(len(PARTS), 3 + (m.inhabitants or 0) // 40_000))
        households = m.households or (m.inhabitants or 20_000) // 2
        for wijk, part in enumerate(PARTS[:k], start=1):
            rows.append(Neighbourhood(
                code=f"BU{m.code[2:]}{wijk:02d}01", name=f"{m.name} {part}", municipality=m,
                dwellings=max(200, int(households / k * rng.uniform(0.6, 1.4))),
            ))
    Neighbourhood.objects.bulk_create(rows)
    return rows


def _offer(association: HousingAssociation, user: User, n: Neighbourhood, today: date,
           rng: random.Random) -> DwellingOffer:
    rooms = rng.choices((1, 2, 3, 4), weights=(30, 40, 20, 10))[0]
    features = [f for f, p in ((Need.GROUND_FLOOR, 0.35), (Need.OWN_FACILITIES, 0.8),
                               (Need.PRIKKELARM, 0.25), (Need.NEAR_SUPPORT, 0.3),
                               (Need.PETS_ALLOWED, 0.2), (Need.WHEELCHAIR, 0.05))
                if rng.random() < p]
    rent = Decimal(rng.randrange(42_000, 88_000)) / 100
    return DwellingOffer(
        association=association, neighbourhood=n, offered_by=user,
        address=f"{rng.choice(STREETS)} {rng.randrange(1, 180)}", rooms=rooms,
        max_household=rooms + (1 if rooms > 1 else 0), rent=rent.quantize(Decimal("0.01")),
        features=sorted(features), available_on=today + timedelta(days=rng.randrange(-20, 60)),
        is_omklapwoning=rng.random() < 0.15,
    )


def _uitstromers(region: Region, today: date, rng: random.Random, *, target: int) -> int:
    providers = {u.organisation.provider_id: u for u in User.objects.filter(
        role=Role.ZORGAANBIEDER, organisation__region=region).select_related("organisation")}
    open_ = (Placement.objects.filter(location__municipality__region=region, end_date__isnull=True,
                                      start_date__lte=today)
             .select_related("client", "location").order_by("pk"))
    candidates = list(open_.filter(perspective_independent=True)[: target * 2])
    if len(candidates) < target:
        candidates += list(open_.filter(perspective_independent=False)[: target * 2])
    rng.shuffle(candidates)
    rows, preferred = [], []
    centrum = region.centrumgemeente
    for placement in candidates:
        if len(rows) >= target:
            break
        user = providers.get(placement.location.provider_id)
        if user is None:
            continue
        by_class = rng.random() < 0.4
        needs = [n for n, p in ((Need.GROUND_FLOOR, 0.2), (Need.OWN_FACILITIES, 0.5),
                                (Need.PRIKKELARM, 0.3), (Need.NEAR_SUPPORT, 0.25)) if rng.random() < p]
        rows.append(Uitstromer(
            placement=placement, registered_by=user,
            ready_on=max(placement.start_date, today - timedelta(days=rng.randrange(0, 120))),
            household_size=rng.choices((1, 2, 3), weights=(80, 15, 5))[0],
            max_rent=None if by_class else Decimal(rng.randrange(50_000, 80_000)) / 100,
            income_class=rng.choice((IncomeClass.AFTOPPING_LOW, IncomeClass.SOCIAL)) if by_class else "",
            only_preferred=rng.random() < 0.15, needs=sorted(needs),
            support_after=rng.choice(SUPPORT),
        ))
        origin = placement.client.origin_municipality_id or placement.responsible_municipality_id
        choice = {origin}
        if centrum is not None and rng.random() < 0.2:
            choice.add(centrum.pk)
        preferred.append(choice)
    Uitstromer.objects.bulk_create(rows)
    through = Uitstromer.preferred_municipalities.through
    through.objects.bulk_create([through(uitstromer_id=u.pk, municipality_id=m)
                                 for u, ms in zip(rows, preferred, strict=True) for m in sorted(ms)])
    return len(rows)
