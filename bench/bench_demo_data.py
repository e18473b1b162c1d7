"""Benchmark `bwmo demo-data` at scale 1 and at national size, on fresh temporary SQLite databases.

Run: `.venv/bin/python bench/bench_demo_data.py` (about 3-6 minutes on 2 cores). The last line
of the output is one JSON object with the figures.

What it measures
1. Centraal Gelderland at scale 1 (≈ 1,141 BW clients in care): seconds, rows, rows/s.
2. National size: Centraal Gelderland at `--scale 40` (≈ 46,000 BW clients in care, > 100,000
   MO stays, ≈ 4.5 million rows) in a second fresh database: seconds, rows, rows/s, and the
   check that it reaches ≥ 40,000 BW clients in care and ≥ 100,000 MO stays.
3. Baselines, in the same run:
   - linear: the scale-1 time × 40, against the measured national time;
   - write paths on one sample of case-history rows (`ClientEvent`): per-row `save()`,
     `bulk_create(batch_size=…)`, and the generator's column-oriented `Inserter`, in rows/s.
Wall-clock seconds and the process's CPU seconds are both reported: on a shared machine the
wall clock also counts time the process waited for a CPU.
"""

import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="bwmo-bench-demo-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'scale1.sqlite3'}"
os.environ["BWMO_VAR_DIR"] = str(WORK / "var")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwmo.conf.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402

REGION = "centraal-gelderland"
NATIONAL_SCALE = 40.0
SEED = 42
TODAY = date(2026, 11, 24)
SAMPLE_SAVE = 2_000
SAMPLE_BULK = 20_000


def fresh_database(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = str(WORK / name)
    call_command("migrate", verbosity=0, interactive=False)
    from bwmo.regions.services import reference_data_load

    reference_data_load()


def timed_generate(scale: float) -> dict[str, object]:
    from bwmo.demo.generator import demo_data_generate

    wall, cpu = time.perf_counter(), time.process_time()
    report = demo_data_generate(region_slug=REGION, seed=SEED, scale=scale, today=TODAY)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    from bwmo.placements.models import Placement

    in_care = (Placement.objects.filter(product__track="BW", start_date__lte=TODAY)
               .filter(Q(end_date__isnull=True) | Q(end_date__gte=TODAY))
               .values("client").distinct().count())
    return {
        "scale": scale, "seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
        "rows": report.rows, "rows_per_s": round(report.rows / wall),
        "bw_in_care": in_care, "mo_stays": report.counts.get("verblijven MO", 0),
        "clients": report.counts.get("cliënten", 0),
        "phases": {k: round(v, 1) for k, v in report.timings.items()},
    }


def write_paths() -> dict[str, float]:
    """rows/s of three ways to write the same case-history rows (rolled back afterwards)."""
    from bwmo.clients.models import Client, ClientEvent
    from bwmo.demo.bulk import Inserter

    client = Client.objects.filter(is_demo=True).first()
    assert client is not None

    def rows(n: int) -> list[tuple[object, ...]]:
        return [(client.pk, "melding", date(2020, 1, 1 + i % 28), None, f"Melding {i}.", {})
                for i in range(n)]

    result = {}
    with transaction.atomic():
        start = time.perf_counter()
        for values in rows(SAMPLE_SAVE):
            ClientEvent(client_id=values[0], kind=values[1], occurred_on=values[2],
                        summary=values[4], data=values[5]).save()
        result["save_per_row"] = SAMPLE_SAVE / (time.perf_counter() - start)

        start = time.perf_counter()
        ClientEvent.objects.bulk_create(
            [ClientEvent(client_id=v[0], kind=v[1], occurred_on=v[2], summary=v[4], data=v[5])
             for v in rows(SAMPLE_BULK)], batch_size=2_000)
        result["bulk_create"] = SAMPLE_BULK / (time.perf_counter() - start)

        start = time.perf_counter()
        Inserter(ClientEvent, ("client_id", "kind", "occurred_on", "actor_id", "summary",
                               "data")).insert(rows(SAMPLE_BULK))
        result["inserter"] = SAMPLE_BULK / (time.perf_counter() - start)
        transaction.set_rollback(True)
    return {k: round(v) for k, v in result.items()}


def main() -> None:
    print(f"Tijdelijke databases in {WORK}")
    fresh_database("scale1.sqlite3")
    scale1 = timed_generate(1.0)
    print(f"Schaal 1 ({REGION}): {scale1['seconds']} s (cpu {scale1['cpu_seconds']} s), "
          f"{scale1['rows']} rijen, {scale1['rows_per_s']} rijen/s, "
          f"{scale1['bw_in_care']} BW-cliënten in zorg, {scale1['mo_stays']} MO-verblijven")
    paths = write_paths()
    print("Schrijfpaden (rijen/s, dezelfde ClientEvent-rijen): "
          + ", ".join(f"{k} {v}" for k, v in paths.items()))

    fresh_database("national.sqlite3")
    national = timed_generate(NATIONAL_SCALE)
    linear = float(scale1["seconds"]) * NATIONAL_SCALE  # type: ignore[arg-type]
    print(f"Landelijk (schaal {NATIONAL_SCALE:g}): {national['seconds']} s "
          f"(cpu {national['cpu_seconds']} s), {national['rows']} rijen, "
          f"{national['rows_per_s']} rijen/s, {national['bw_in_care']} BW-cliënten in zorg, "
          f"{national['mo_stays']} MO-verblijven; fasen {national['phases']}")
    print(f"Lineaire basislijn (schaal 1 × {NATIONAL_SCALE:g}): {linear:.0f} s")
    ok = int(national["bw_in_care"]) >= 40_000 and int(national["mo_stays"]) >= 100_000  # type: ignore[call-overload]
    print("Landelijke omvang bereikt." if ok else "LET OP: landelijke omvang niet bereikt.")
    connection.close()
    for name in ("scale1.sqlite3", "national.sqlite3"):
        (WORK / name).unlink(missing_ok=True)
    print(json.dumps({
        "benchmark": "demo_data", "database": "sqlite", "scale_1": scale1,
        "national": national, "linear_baseline_seconds": round(linear, 1),
        "write_paths_rows_per_s": paths, "national_size_reached": ok,
    }, ensure_ascii=False))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
