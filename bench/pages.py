"""Server time of the main pages of every role, at demo scale, with a trivial page as baseline.

Run:
    .venv/bin/python bench/pages.py                      # fresh SQLite test database, scale 0.3
    .venv/bin/python bench/pages.py --scale 1            # the demo's own size (Centraal Gelderland)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bwmo_x .venv/bin/python bench/pages.py \\
        --scale 40                                       # national scale on PostgreSQL (hours)
    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py --reuse   # measure an existing demo

Without `--reuse` the data is built in a throwaway test database (`test_<name>` on PostgreSQL):
the reference data, then `demo-data --region centraal-gelderland --scale S`. With `--reuse` the
database of DATABASE_URL is measured as it is (it must hold demo data; nothing is written except
access-log rows and sessions of the bench users).

Each page is requested RUNS times in-process through Django's test client by the demo user of the
role that uses it (the full middleware stack, templates and access log: the server's share of a
request, without network). Printed: one line per page with p50, p95 and the number of SQL queries,
then the baseline (`/health/`), and as the last line one JSON object:
    {"clients", "pages": {name: {"p50_ms", "p95_ms", "queries"}}, "worst_page", "worst_p95_ms",
     "baseline_p95_ms", "database", "scale", "target_ms"}
The exit status is 1 when a page's p95 exceeds TARGET_MS (500 ms).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwmo.conf.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 7
TARGET_MS = 500.0
REGION = "centraal-gelderland"


def build(scale: float) -> None:
    from bwmo.demo.generator import demo_data_generate

    call_command("load-reference-data", verbosity=0)
    demo_data_generate(region_slug=REGION, seed=42, scale=scale, today=timezone.localdate())


def _user(username_prefix: str):  # type: ignore[no-untyped-def]
    from bwmo.accounts.models import User

    user = User.objects.filter(username__startswith=username_prefix, is_active=True).order_by(
        "username").first()
    if user is None:
        raise SystemExit(f"No demo user {username_prefix}…: build the demo data first.")
    return user


def _monitor_uncached() -> None:
    """Forget the kwartaalmonitor's reused extraction, suppression and realisation: the next
    request computes everything, as the first one after a change in the case history does."""
    from bwmo.monitor import facts, finance_source

    facts._CACHE.clear()
    getattr(finance_source, "_CACHE", {}).clear()  # (absent before the realisation was reused)


# per page: "warm" = one untimed request first (the monitor then serves its reused extraction);
# "before" = called ahead of every timed request (not timed)
PageOptions = dict[str, object]


def pages() -> list[tuple[str, str, str, PageOptions]]:
    """(name, user prefix, url, options) of the main pages of each role."""
    from bwmo.clients.models import Client as Person
    from bwmo.journeys.models import Beschikking, Melding
    from bwmo.placements.models import Placement

    consulent = _user("consulent.arnhem")
    municipality = consulent.organisation.municipality
    person = Person.objects.filter(responsible_municipality=municipality).order_by("pk").first()
    melding = Melding.objects.filter(municipality=municipality).order_by("-pk").first()
    beschikking = Beschikking.objects.filter(
        responsible_municipality=municipality).order_by("-pk").first()
    placement = Placement.objects.filter(responsible_municipality=municipality).order_by(
        "-pk").first()
    surname = person.surname[:4] if person else "Jan"
    rows = [
        ("home (consulent)", "consulent.arnhem", reverse("home")),
        ("client search", "consulent.arnhem", reverse("clients:search") + f"?q={surname}"),
        ("worklist", "consulent.arnhem", reverse("journeys:worklist")),
        ("my cases", "consulent.arnhem", reverse("journeys:my-cases")),
        ("decisions", "consulent.arnhem", reverse("journeys:decisions")),
        ("placements (consulent)", "consulent.arnhem", reverse("placements:list")),
        ("waiting list", "consulent.arnhem", reverse("placements:waiting_list")),
        ("signals", "consulent.arnhem", reverse("placements:signals")),
        ("herindicaties", "consulent.arnhem", reverse("followups:herindicatie-list")),
        ("capacity", "consulent.arnhem", reverse("capacity:overview")),
        ("home (ct)", "ct.", reverse("home")),
        ("placements (ct)", "ct.", reverse("placements:list")),
        ("advice queue", "ct.", reverse("journeys:advice-queue")),
        ("placements (provider)", "aanbieder.", reverse("placements:list")),
        ("my locations", "aanbieder.", reverse("capacity:my_locations")),
        ("woonplaatsbeginsel", "beleid.", reverse("finance:settlement")),
        ("spreading", "beleid.", reverse("capacity:spreading")),
        ("access log", "privacy.", reverse("audit:log")),
        ("home (beheer)", "beheer.", reverse("home")),
    ]
    rows = [(*row, {}) for row in rows]
    # the kwartaalmonitor of the region (8 trend quarters, the municipalities' table): with the
    # extraction reused (while the case history is unchanged) and computed afresh every time
    monitor = reverse("monitor:dashboard")
    rows += [
        ("kwartaalmonitor", "beleid.", monitor, {"warm": True}),
        ("kwartaalmonitor (zonder cache)", "beleid.", monitor, {"before": _monitor_uncached}),
    ]
    if person is not None:
        rows.append(("client dossier", "consulent.arnhem",
                     reverse("clients:detail", args=[person.pk]), {}))
    if melding is not None:
        rows.append(("melding", "consulent.arnhem",
                     reverse("journeys:melding-detail", args=[melding.pk]), {}))
    if beschikking is not None:
        rows.append(("beschikking", "consulent.arnhem",
                     reverse("journeys:beschikking-detail", args=[beschikking.pk]), {}))
    if placement is not None:
        rows.append(("placement", "consulent.arnhem",
                     reverse("placements:detail", args=[placement.pk]), {}))
    return rows


def measure(web: Client, url: str, options: PageOptions | None = None,
            ) -> dict[str, float | int]:
    options = options or {}
    times = []
    queries = 0
    status = 0
    if options.get("warm"):
        web.get(url)
    for _ in range(RUNS):
        before = options.get("before")
        if callable(before):
            before()
        with CaptureQueriesContext(connection) as ctx:
            began = time.perf_counter()
            response = web.get(url)
            times.append((time.perf_counter() - began) * 1000)
        queries = len(ctx.captured_queries)
        status = response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
            "queries": queries, "status": status}


def run(only: str = "") -> dict[str, object]:
    from bwmo.clients.models import Client as Person
    from bwmo.testing.auth import force_login_verified

    results: dict[str, dict[str, float | int]] = {}
    sessions: dict[str, Client] = {}
    for name, prefix, url, options in pages():
        if only not in name:
            continue
        if prefix not in sessions:
            web = Client()
            force_login_verified(web, _user(prefix))
            sessions[prefix] = web
        results[name] = measure(sessions[prefix], url, options)
    baseline = measure(Client(), reverse("health"))
    worst = max(results, key=lambda n: results[n]["p95_ms"])
    width = max(len(n) for n in results)
    print(f"{'page':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'queries':>7}  status")
    for name, row in results.items():
        flag = "  > target" if row["p95_ms"] > TARGET_MS else ""
        print(f"{name:<{width}}  {row['p50_ms']:>8}  {row['p95_ms']:>8}  {row['queries']:>7}  "
              f"{row['status']}{flag}")
    print(f"{'baseline /health/':<{width}}  {baseline['p50_ms']:>8}  {baseline['p95_ms']:>8}  "
          f"{baseline['queries']:>7}  {baseline['status']}")
    return {
        "clients": Person.objects.count(),
        "pages": {n: {k: r[k] for k in ("p50_ms", "p95_ms", "queries")} for n, r in results.items()},
        "worst_page": worst,
        "worst_p95_ms": results[worst]["p95_ms"],
        "baseline_p95_ms": baseline["p95_ms"],
        "database": connection.vendor,
        "target_ms": TARGET_MS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.3,
                        help="demo-data scale (1 = the demo, 40 = national scale)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database of DATABASE_URL as it is")
    parser.add_argument("--only", default="",
                        help="measure only the pages whose name contains this text")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    if args.reuse:
        result = run(args.only)
        result["scale"] = None
    else:
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            db["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="bwmo-pages-")) / "pages.sqlite3")
        old = setup_databases(verbosity=0, interactive=False)
        try:
            began = time.perf_counter()
            build(args.scale)
            print(f"demo data (scale {args.scale:g}) built in {time.perf_counter() - began:.0f} s")
            result = run(args.only)
            result["scale"] = args.scale
        finally:
            connection.close()
            teardown_databases(old, verbosity=0)
    print(json.dumps(result))
    return 1 if float(result["worst_p95_ms"]) > TARGET_MS else 0  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
