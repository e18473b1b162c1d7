"""Benchmark placements under contention and the capacity overview of a large region.

Run: `.venv/bin/python bench/bench_placement.py` (SQLite in a temporary file) or with
`DATABASE_URL=postgres://…` for PostgreSQL (a throwaway `test_<name>` database is created and
dropped). Takes well under a few minutes. The last line of the output is one JSON object.

What it measures
1. Placements per second through `placements.services.placement_start` with THREADS threads
   - contended: every thread places into the same (location, product), so all placements
     serialise on its row lock;
   - uncontended: each thread has its own location;
   - naive: the same contended workload through the same service with its row locks switched
     off (count, then insert), the baseline the lock is measured against.
2. The last places: THREADS threads try to fill LAST_PLACES places with more attempts than
   places. With the lock exactly LAST_PLACES are placed; the naive version may overfill (on
   PostgreSQL; SQLite serialises whole write transactions, so it cannot overfill there).
3. The capacity overview for a region with LOCATIONS locations: `capacity_overview` (a fixed
   number of queries) against a naive loop with queries per location and product.
"""

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwmo.conf.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

THREADS = 8
PER_THREAD = 25
LAST_PLACES = 40
LAST_ATTEMPTS_PER_THREAD = 10
LOCATIONS = 300
START = date(2026, 3, 2)
DAY = date(2026, 11, 24)


def build_region():  # type: ignore[no-untyped-def]
    from bwmo.testing.factories import MunicipalityFactory, ProductFactory, RegionFactory

    arnhem = MunicipalityFactory(code="GM0202", name="Arnhem", inhabitants=165770)
    rheden = MunicipalityFactory(code="GM0275", name="Rheden", inhabitants=43570)
    renkum = MunicipalityFactory(code="GM0274", name="Renkum", inhabitants=31461)
    region = RegionFactory(slug="bench", name="Bench", centrumgemeente=arnhem,
                           members=[rheden, renkum])
    products = [
        ProductFactory(region=region, code=code, name=name)
        for code, name in (("BW", "Beschermd wonen"), ("BWI", "Beschermd wonen intensief"),
                           ("GWIB", "Groepswonen"))
    ]
    return region, [arnhem, rheden, renkum], products


def make_beschikkingen(municipality, product, n):  # type: ignore[no-untyped-def]
    from bwmo.clients.models import Client
    from bwmo.journeys.models import Beschikking, Melding

    clients = Client.objects.bulk_create([
        Client(given_names="Bench", surname=f"Client {i}", date_of_birth=date(1990, 1, 1),
               registration_municipality=municipality, responsible_municipality=municipality,
               region_id=municipality.region_id, no_bsn_reason="unknown")
        for i in range(n)
    ])
    meldingen = Melding.objects.bulk_create([
        Melding(client=c, track="BW", source="huisarts", reported_on=date(2026, 1, 5),
                municipality=municipality)
        for c in clients
    ])
    return list(Beschikking.objects.bulk_create([
        Beschikking(melding=m, client=m.client, outcome="granted", product=product,
                    financing="zin", start_date=date(2026, 3, 1), decided_on=date(2026, 2, 20),
                    responsible_municipality=municipality)
        for m in meldingen
    ]))


def new_location(municipality, product, places, provider=None):  # type: ignore[no-untyped-def]
    from bwmo.capacity.models import PlaceCapacity
    from bwmo.testing.factories import LocationFactory

    kwargs = {"provider": provider} if provider is not None else {}
    location = LocationFactory(municipality=municipality, **kwargs)
    PlaceCapacity.objects.create(location=location, product=product, places=places,
                                 valid_from=date(2026, 1, 1))
    return location


@contextmanager
def without_locks():  # type: ignore[no-untyped-def]
    """The naive baseline: the same service with its two row locks switched off, so the
    difference measures the lock alone (and what goes wrong without it)."""
    from bwmo.placements import services

    saved = services.lock_places, services._lock_client
    services.lock_places = lambda *args: None  # type: ignore[assignment]
    services._lock_client = lambda *args: None  # type: ignore[assignment]
    try:
        yield
    finally:
        services.lock_places, services._lock_client = saved


def naive_placement_start(**kwargs):  # type: ignore[no-untyped-def]
    from bwmo.placements.services import placement_start

    return placement_start(**kwargs)


def run_threads(jobs_per_thread, place, user):  # type: ignore[no-untyped-def]
    """Each thread places its list of (beschikking, location); returns (seconds, placed, refused)."""
    from bwmo.core.exceptions import DomainError

    barrier = threading.Barrier(len(jobs_per_thread) + 1)
    counts = {"placed": 0, "refused": 0, "errors": 0}
    lock = threading.Lock()

    def worker(jobs):  # type: ignore[no-untyped-def]
        placed = refused = errors = 0
        try:
            barrier.wait()
            for beschikking, location in jobs:
                try:
                    place(beschikking=beschikking, location=location, start_date=START,
                          acting_user=user)
                    placed += 1
                except DomainError:
                    refused += 1
                except Exception:  # e.g. SQLite "database is locked" after its timeout
                    errors += 1
        finally:
            connection.close()
            with lock:
                counts["placed"] += placed
                counts["refused"] += refused
                counts["errors"] += errors

    threads = [threading.Thread(target=worker, args=(jobs,)) for jobs in jobs_per_thread]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - began, counts


def bench_placements(municipality, product, user):  # type: ignore[no-untyped-def]
    from bwmo.placements.services import placement_start

    total = THREADS * PER_THREAD
    results = {}

    def contended(place, label):  # type: ignore[no-untyped-def]
        location = new_location(municipality, product, total)
        beschikkingen = make_beschikkingen(municipality, product, total)
        jobs = [[(b, location) for b in beschikkingen[i::THREADS]] for i in range(THREADS)]
        seconds, counts = run_threads(jobs, place, user)
        results[label] = {"placements": counts["placed"], "refused": counts["refused"],
                          "errors": counts["errors"], "seconds": round(seconds, 3),
                          "per_second": round(counts["placed"] / seconds, 1)}

    contended(placement_start, "contended_locked")
    with without_locks():
        contended(naive_placement_start, "contended_naive_unlocked")

    locations = [new_location(municipality, product, PER_THREAD) for _ in range(THREADS)]
    beschikkingen = make_beschikkingen(municipality, product, total)
    jobs = [[(b, locations[i]) for b in beschikkingen[i::THREADS]] for i in range(THREADS)]
    seconds, counts = run_threads(jobs, placement_start, user)
    results["uncontended_locked"] = {"placements": counts["placed"], "refused": counts["refused"],
                                     "errors": counts["errors"], "seconds": round(seconds, 3),
                                     "per_second": round(counts["placed"] / seconds, 1)}
    return results


def bench_last_places(municipality, product, user):  # type: ignore[no-untyped-def]
    from bwmo.placements.models import Placement
    from bwmo.placements.services import placement_start

    attempts = THREADS * LAST_ATTEMPTS_PER_THREAD
    result = {"places": LAST_PLACES, "attempts": attempts}
    for label, place in (("locked", placement_start), ("naive_unlocked", naive_placement_start)):
        location = new_location(municipality, product, LAST_PLACES)
        beschikkingen = make_beschikkingen(municipality, product, attempts)
        jobs = [[(b, location) for b in beschikkingen[i::THREADS]] for i in range(THREADS)]
        with without_locks() if label == "naive_unlocked" else nullcontext():
            run_threads(jobs, place, user)
        placed = Placement.objects.filter(location=location).count()
        result[f"{label}_placed"] = placed
        result[f"{label}_overbooked"] = max(placed - LAST_PLACES, 0)
    return result


def naive_overview(user, day):  # type: ignore[no-untyped-def]
    """Per location: its capacity rows per product, then one count per product."""
    from bwmo.capacity.models import PlaceCapacity
    from bwmo.placements.models import Placement
    from bwmo.scoping import locations_for

    rows = []
    for location in locations_for(user).filter(active=True).order_by("name", "pk"):
        product_ids = set(PlaceCapacity.objects.filter(location=location, valid_from__lte=day)
                          .values_list("product_id", flat=True))
        for product_id in sorted(product_ids):
            places = (PlaceCapacity.objects.filter(location=location, product_id=product_id,
                                                   valid_from__lte=day)
                      .order_by("-valid_from", "-id").values_list("places", flat=True).first())
            occupied = Placement.objects.active_on(day).filter(
                location=location, product_id=product_id).count()
            rows.append((location.pk, product_id, places, occupied))
    return rows


def bench_overview(region, municipalities, products, user):  # type: ignore[no-untyped-def]
    from bwmo.capacity.models import Location, PlaceCapacity, Provider
    from bwmo.capacity.selectors import capacity_overview
    from bwmo.clients.models import Client
    from bwmo.placements.models import Placement

    provider = Provider.objects.create(name="Bench Overview Zorg")
    locations = Location.objects.bulk_create([
        Location(provider=provider, name=f"Bench locatie {i:03d}", address=f"Straat {i}",
                 municipality=municipalities[i % len(municipalities)],
                 location_type="bw_intramuraal")
        for i in range(LOCATIONS)
    ])
    capacities = []
    for i, location in enumerate(locations):
        for j, product in enumerate(products[: 1 + i % 3]):
            capacities.append(PlaceCapacity(location=location, product=product, places=10,
                                            valid_from=date(2025, 1, 1)))
            capacities.append(PlaceCapacity(location=location, product=product, places=8 + j,
                                            valid_from=date(2026, 1, 1), reason="afbouw"))
    PlaceCapacity.objects.bulk_create(capacities)
    municipality = municipalities[0]
    clients = Client.objects.bulk_create([
        Client(given_names="Bench", surname=f"Bewoner {i}", date_of_birth=date(1980, 1, 1),
               registration_municipality=municipality, region_id=region.pk,
               no_bsn_reason="unknown")
        for i in range(LOCATIONS * 4)
    ])
    Placement.objects.bulk_create([
        Placement(client=c, location=locations[i % LOCATIONS], product=products[0],
                  responsible_municipality=municipality, start_date=date(2026, 2, 1),
                  end_date=date(2026, 6, 30) if i % 3 == 0 else None)
        for i, c in enumerate(clients)
    ])

    def timed(fn):  # type: ignore[no-untyped-def]
        runs = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                began = time.perf_counter()
                result = fn()
                runs.append(time.perf_counter() - began)
        return result, statistics.median(runs), len(ctx.captured_queries)

    rows, selector_s, selector_q = timed(lambda: capacity_overview(user, DAY))
    naive_rows, naive_s, naive_q = timed(lambda: naive_overview(user, DAY))
    ours = sorted((r.location.pk, r.product.pk, r.places, r.occupied) for r in rows
                  if r.location.provider_id == provider.pk)
    theirs = sorted(r for r in naive_rows if r[0] in {loc.pk for loc in locations})
    assert ours == theirs, "overview and naive baseline disagree"
    return {
        "locations": Location.objects.filter(municipality__region=region).count(),
        "rows": len(rows),
        "selector_ms": round(selector_s * 1000, 1), "selector_queries": selector_q,
        "naive_ms": round(naive_s * 1000, 1), "naive_queries": naive_q,
        "speedup": round(naive_s / selector_s, 1),
    }


def main() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="bwmo-bench-")) / "bench.sqlite3")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from bwmo.testing.factories import consulent_for

        region, municipalities, products = build_region()
        user = consulent_for(municipalities[1])
        began = time.perf_counter()
        placements = bench_placements(municipalities[1], products[0], user)
        last = bench_last_places(municipalities[1], products[0], user)
        overview = bench_overview(region, municipalities, products, user)
        result = {
            "database": connection.vendor,
            "threads": THREADS,
            "placements": placements,
            "last_places": last,
            "capacity_overview": overview,
            "naive_vs_locked_throughput": round(
                placements["contended_naive_unlocked"]["per_second"]
                / max(placements["contended_locked"]["per_second"], 0.001), 2),
            "total_seconds": round(time.perf_counter() - began, 1),
        }
        for key, value in result.items():
            print(f"{key}: {value}")
        print(json.dumps(result))
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
