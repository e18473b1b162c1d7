"""Benchmark the follow-up worklists of issue 7 at demo scale.

Run: `.venv/bin/python bench/bench_followups.py` (SQLite in a temporary file) or with
`DATABASE_URL=postgres://…` (a throwaway `test_<name>` database). The last line is one JSON object.

A municipality with CLIENTS clients in care (a granted beschikking ending somewhere in the next
year and an open placement each). Measured, as the consulent of that municipality:
- `followups.selectors.herindicaties` (one query with an Exists subquery) against the naive
  baseline it replaced (one query per candidate beschikking for a newer melding);
- `followups.selectors.reviews_due` (one annotated query);
- `journeys.workflow.melding_next_step` for one melding (the panel on every case page).
"""

import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwmo.conf.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

CLIENTS = 3000
TODAY = date(2026, 11, 24)
RUNS = 5


def build(n: int):  # type: ignore[no-untyped-def]
    from bwmo.capacity.models import PlaceCapacity
    from bwmo.clients.models import Client
    from bwmo.journeys.models import Beschikking, Melding
    from bwmo.placements.models import Placement
    from bwmo.testing.factories import (
        LocationFactory,
        MunicipalityFactory,
        ProductFactory,
        RegionFactory,
        consulent_for,
    )

    arnhem = MunicipalityFactory(code="GM0202", name="Arnhem")
    rheden = MunicipalityFactory(code="GM0275", name="Rheden")
    region = RegionFactory(slug="bench", name="Bench", centrumgemeente=arnhem, members=[rheden])
    product = ProductFactory(region=region, code="BW", name="Beschermd wonen")
    location = LocationFactory(municipality=rheden)
    PlaceCapacity.objects.create(location=location, product=product, places=n,
                                 valid_from=date(2025, 1, 1))
    clients = Client.objects.bulk_create([
        Client(given_names="Bench", surname=f"Client {i}", date_of_birth=date(1990, 1, 1),
               registration_municipality=rheden, responsible_municipality=rheden,
               region_id=region.pk, no_bsn_reason="unknown")
        for i in range(n)
    ])
    meldingen = Melding.objects.bulk_create([
        Melding(client=c, track="BW", source="huisarts", reported_on=date(2025, 12, 1),
                municipality=rheden, status="decided")
        for c in clients
    ])
    beschikkingen = Beschikking.objects.bulk_create([
        Beschikking(melding=m, client=m.client, outcome="granted", product=product,
                    financing="zin", start_date=date(2026, 1, 1),
                    end_date=TODAY + timedelta(days=i % 365), decided_on=date(2025, 12, 20),
                    responsible_municipality=rheden)
        for i, m in enumerate(meldingen)
    ])
    Placement.objects.bulk_create([
        Placement(client=b.client, beschikking=b, location=location, product=product,
                  responsible_municipality=rheden, start_date=date(2026, 1, 1) + timedelta(days=i % 200))
        for i, b in enumerate(beschikkingen)
    ])
    return consulent_for(rheden), meldingen[0]


def naive_herindicaties(user, today):  # type: ignore[no-untyped-def]
    from bwmo.followups import selectors
    from bwmo.journeys.models import Melding

    weeks = selectors.settings_for(user.organisation.region).herindicatie_signal_weeks
    rows = []
    for b in selectors.beschikkingen_for(user).filter(
        outcome="granted", end_date__gte=today - timedelta(weeks=8),
        end_date__lte=today + timedelta(weeks=weeks),
    ).select_related("melding"):
        if not Melding.objects.filter(client_id=b.client_id, track=b.melding.track,
                                      reported_on__gte=b.decided_on).exclude(
                                          pk=b.melding_id).exists():
            rows.append(b)
    return rows


def timed(fn):  # type: ignore[no-untyped-def]
    best = None
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            began = time.perf_counter()
            out = fn()
            ms = (time.perf_counter() - began) * 1000
        best = ms if best is None or ms < best else best
    return {"best_ms": round(best, 1), "queries": len(ctx.captured_queries), "rows": len(out)}


def main() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="bwmo-bench-")) / "bench.sqlite3")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from bwmo.followups import selectors
        from bwmo.journeys import workflow

        user, melding = build(CLIENTS)
        result = {
            "database": connection.vendor,
            "clients_in_care": CLIENTS,
            "herindicaties": timed(lambda: selectors.herindicaties(user, today=TODAY)),
            "herindicaties_naive_baseline": timed(lambda: naive_herindicaties(user, TODAY)),
            "reviews_due": timed(lambda: selectors.reviews_due(user, today=TODAY)),
            "melding_next_step": timed(lambda: [workflow.melding_next_step(melding, user)]),
        }
        for key, value in result.items():
            print(f"{key}: {value}")
        print(json.dumps(result))
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
