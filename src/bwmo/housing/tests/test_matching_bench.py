"""bench/matching.py answers as issue 10 says: its last line is one JSON object with these keys."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[4] / "bench" / "matching.py"
KEYS = {
    "n_uitstromers", "n_dwellings", "optimal_housed", "greedy_housed", "optimal_preferred_share",
    "greedy_preferred_share", "optimal_violations", "greedy_violations", "optimal_seconds",
    "greedy_seconds", "gap",
}


def test_small_bench_run_ends_with_the_json_line():
    done = subprocess.run(  # noqa: S603  (our own script, fixed arguments)
        [sys.executable, str(BENCH), "--people", "150", "--dwellings", "600", "--seed", "7"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    last = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(last) == KEYS
    assert last["n_uitstromers"] == 150 and last["n_dwellings"] == 600
    assert last["optimal_violations"] == 0 and last["gap"] == 0.0
    assert last["optimal_housed"] >= last["greedy_housed"]
