"""A random but reproducible case history in the database, and its plain records for the naive
recomputation (bwmo.monitor.naive)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from bwmo.capacity.models import PlaceCapacity
from bwmo.clients.models import Client
from bwmo.journeys.constants import BeschikkingOutcome, HomelessnessCause, MeldingSource
from bwmo.journeys.deadlines import decision_due, investigation_due
from bwmo.journeys.models import Beschikking, Melding
from bwmo.monitor.naive import MeldingRec, Records, StayRec, WaitRec
from bwmo.placements.constants import OutflowDestination, WaitingRemovalReason
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.regions.constants import ProductCategory, Track
from bwmo.regions.models import Municipality, Region
from bwmo.testing.factories import (
    ClientFactory,
    LocationFactory,
    MunicipalityFactory,
    ProductFactory,
)

DESTINATIONS = [*(d for d in OutflowDestination.values if d != "doorstroom"), ""]
CAUSES = [*HomelessnessCause.values, ""]


def build_history(region: Region, *, clients: int = 80, seed: int = 7) -> None:
    rng = random.Random(seed)
    members = list(region.municipalities.order_by("code"))
    outside = MunicipalityFactory(code="GM0363", name="Amsterdam", inhabitants=918117)
    bw = ProductFactory(region=region, code="BW", name="Beschermd wonen")
    zw = ProductFactory(region=region, code="ZWIB", name="Zelfstandig wonen",
                        category=ProductCategory.BW_AMBULANT)
    mo = ProductFactory(region=region, code="MOVO", name="Opvang volwassenen", track=Track.MO,
                        category=ProductCategory.MO)
    locations = [LocationFactory(municipality=m) for m in members]
    for loc in locations:
        PlaceCapacity.objects.create(location=loc, product=bw, places=rng.randint(5, 30),
                                     valid_from=date(2019, 1, 1))
        PlaceCapacity.objects.create(location=loc, product=bw, places=rng.randint(5, 30),
                                     valid_from=date(2024, 7, 1))
        PlaceCapacity.objects.create(location=loc, product=mo, places=rng.randint(0, 10),
                                     valid_from=date(2020, 1, 1))
    for _n in range(clients):
        home = rng.choice(members)
        origin: Municipality | None = rng.choice([*members, outside, None])
        client = ClientFactory(
            registration_municipality=home, origin_municipality=origin, region=region,
            date_of_birth=date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)))
        day = date(2021, 1, 1) + timedelta(days=rng.randint(0, 1400))
        track = Track.MO if rng.random() < 0.25 else Track.BW
        melding = Melding.objects.create(
            client=client, track=track, source=MeldingSource.SELF, reported_on=day,
            municipality=home, origin_municipality=origin,
            homelessness_cause=rng.choice(CAUSES) if track == Track.MO else "",
            investigation_completed_on=day + timedelta(days=rng.randint(5, 60))
            if rng.random() < 0.85 else None,
            aanvraag_on=day + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.8 else None,
        )
        responsible = rng.choice(members)
        if melding.aanvraag_on and rng.random() < 0.9:
            Beschikking.objects.create(
                melding=melding, client=client, outcome=BeschikkingOutcome.GRANTED,
                decided_on=melding.aanvraag_on + timedelta(days=rng.randint(1, 25)),
                responsible_municipality=responsible, product=bw,
                start_date=day, end_date=day + timedelta(days=rng.randint(200, 900)))
        start = day + timedelta(days=rng.randint(0, 90))
        if rng.random() < 0.4:
            removed = start if rng.random() < 0.7 else None
            WaitingListEntry.objects.create(
                client=client, product=bw if track == Track.BW else mo,
                responsible_municipality=responsible, entered_on=day,
                removed_on=removed,
                removal_reason=WaitingRemovalReason.PLACED if removed else "")
        previous = None
        products = [mo] if track == Track.MO else [bw, zw]
        for i, product in enumerate(products):
            length = rng.randint(20, 400) if track == Track.MO else rng.randint(60, 1100)
            end: date | None = start + timedelta(days=length)
            last_one = i == len(products) - 1 or rng.random() < 0.5
            if end > date(2026, 6, 30):
                end = None
            placement = Placement.objects.create(
                client=client, location=rng.choice(locations), product=product,
                responsible_municipality=responsible, start_date=start, end_date=end,
                is_pgb=rng.random() < 0.2, previous=previous,
                outflow_destination="" if end is None or not last_one
                else rng.choice(DESTINATIONS))
            if end is None or last_one:
                if end is not None and rng.random() < 0.3:  # terugval: a later stay
                    back = end + timedelta(days=rng.choice([30, 300, 365, 366]))
                    Placement.objects.create(
                        client=client, location=rng.choice(locations), product=mo,
                        responsible_municipality=responsible, start_date=back,
                        end_date=back + timedelta(days=20), outflow_destination="unknown")
                break
            # doorstroom: the next stay starts the day after
            Placement.objects.filter(pk=placement.pk).update(outflow_destination="doorstroom")
            previous = placement
            start = end + timedelta(days=1)


def records_of(region: Region) -> Records:
    """Plain records of everything in the database, read without the monitor's code."""
    stays = [
        StayRec(p.pk, p.client_id, p.start_date, p.end_date, p.product.code, p.product.track,
                p.product.region.slug, p.is_pgb, p.responsible_municipality.code,
                p.location.municipality.code, p.previous_id, p.outflow_destination)
        for p in Placement.objects.select_related(
            "product__region", "responsible_municipality", "location__municipality")
    ]
    meldingen = []
    for m in Melding.objects.select_related("municipality"):
        first_decision = min((b.decided_on for b in m.beschikkingen.all()), default=None)
        meldingen.append(MeldingRec(
            m.client_id, m.track, m.reported_on, m.municipality.code, m.homelessness_cause,
            investigation_due(m.reported_on, (), m.extension_days, timezone.localdate()),
            m.investigation_completed_on,
            decision_due(m.aanvraag_on, (), m.extension_days, timezone.localdate(),
                         melding_date=m.reported_on) if m.aanvraag_on else None,
            first_decision))
    waits = [
        WaitRec(w.client_id, w.product.code, w.product.track, w.product.region.slug,
                w.responsible_municipality.code, w.entered_on, w.removed_on, w.removal_reason)
        for w in WaitingListEntry.objects.select_related("product__region",
                                                         "responsible_municipality")
    ]
    clients = list(Client.objects.select_related("origin_municipality"))
    return Records(
        birth={c.pk: c.date_of_birth for c in clients},
        origin={c.pk: c.origin_municipality.code if c.origin_municipality else None
                for c in clients},
        municipality_region={m.code: m.region.slug for m in Municipality.objects.filter(
            region__isnull=False).select_related("region")},
        stays=stays, meldingen=meldingen, waits=waits)
