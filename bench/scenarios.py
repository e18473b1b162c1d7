"""Benchmark the scenario engine: all 342 municipalities × 11 years × 1,000 runs.

Run: `.venv/bin/python bench/scenarios.py` (no database needed). It prints the vectorised engine's
time for the full national run (target: under 5 s on this machine) and, in the same run, the time
of a straightforward per-run Python loop over the same model (`bwmo.finance.flow.simulate_loop`)
on a small slice (10 municipalities × 11 years × 20 runs), scaled linearly to the full size. The
last line is one JSON object:
`{"municipalities", "years", "runs", "seconds", "loop_seconds_scaled"}`.

Inhabitants are the CBS 2023 figures of the repository's reference data (gemeenten without a
figure get 40,000); the inflow and stock per 10,000 inhabitants are national ballpark demo values
(about 4.5 BW clients per 10,000, 2 new a year). Wall clock and CPU seconds are both reported: on
a shared machine the wall clock also counts time the process waited for a CPU.
"""

import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bwmo.finance.flow import FlowParams, simulate, simulate_loop  # noqa: E402

DATA = ROOT / "src" / "bwmo" / "regions" / "data"
YEARS, RUNS = 11, 1000
SLICE_MUNICIPALITIES, SLICE_RUNS = 10, 20


def national_inhabitants() -> np.ndarray:
    codes = [row["gm_code"] for row in csv.DictReader(
        (DATA / "gemeenten_2026.csv").open(encoding="utf-8"))]
    figures = {}
    geo = json.loads((DATA / "gemeenten_2023_kerncijfers.geojson").read_text(encoding="utf-8"))
    for feature in geo["features"]:
        props = feature["properties"]
        figures[props["gemeentecode"]] = props.get("aantalInwoners") or 0
    return np.array([max(figures.get(code, 0), 0) or 40_000 for code in codes], dtype=float)


def params_for(inhabitants: np.ndarray) -> FlowParams:
    m = inhabitants.shape[0]
    return FlowParams(
        inhabitants=inhabitants,
        inflow_per_10k=np.tile([1.2, 0.8], (m, 1)),
        start_clients=np.rint(np.c_[inhabitants * 2.5e-4, inhabitants * 2.0e-4]).astype(np.int64),
    )


def main() -> None:
    inhabitants = national_inhabitants()
    municipalities = inhabitants.shape[0]
    params = params_for(inhabitants)
    simulate(params_for(inhabitants[:5]), steps=2, runs=10)  # warm up numpy

    wall, cpu = time.perf_counter(), time.process_time()
    result = simulate(params, steps=YEARS, runs=RUNS, seed=2032)
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    national = result.clients.sum(axis=2)
    print(f"vectorised: {municipalities} gemeenten × {YEARS} jaar × {RUNS} runs in "
          f"{seconds:.2f} s wall ({cpu_seconds:.2f} s CPU); target < 5 s")
    print(f"  national BW clients year 1 P50 {int(np.median(national[:, 0]))}, "
          f"year {YEARS} P10/P50/P90 {int(np.percentile(national[:, -1], 10))}/"
          f"{int(np.median(national[:, -1]))}/{int(np.percentile(national[:, -1], 90))}")

    slice_params = params_for(inhabitants[:SLICE_MUNICIPALITIES])
    wall = time.perf_counter()
    simulate_loop(slice_params, steps=YEARS, runs=SLICE_RUNS, seed=2032)
    loop_seconds = time.perf_counter() - wall
    scale = (municipalities / SLICE_MUNICIPALITIES) * (RUNS / SLICE_RUNS)
    loop_scaled = loop_seconds * scale
    print(f"per-run Python loop: {SLICE_MUNICIPALITIES} gemeenten × {YEARS} jaar × {SLICE_RUNS} "
          f"runs in {loop_seconds:.3f} s; scaled × {scale:.0f} = {loop_scaled:.1f} s "
          f"({loop_scaled / seconds:.0f}× the vectorised engine)")
    print(json.dumps({"municipalities": municipalities, "years": YEARS, "runs": RUNS,
                      "seconds": round(seconds, 3), "loop_seconds_scaled": round(loop_scaled, 3)}))


if __name__ == "__main__":
    main()
