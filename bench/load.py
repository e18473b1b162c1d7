"""Load benchmark of the API: the demo dataset on PostgreSQL behind gunicorn, N concurrent clients.

Run: `.venv/bin/python bench/load.py` (defaults: national size = Centraal Gelderland at
`--scale 40`, 50 concurrent clients, 20 s measured after 3 s warm-up). Options:
  --database-url URL   PostgreSQL database to use (default $BWMO_LOAD_DATABASE_URL or
                       postgres://postgres@127.0.0.1:5432/bwmo_load); created when missing,
                       kept afterwards so the next run reuses its demo data
  --scale S            demo scale of Centraal Gelderland (40 ≈ national size; the data set is
                       generated only when the region has no demo data yet)
  --concurrency N      concurrent API clients (threads, one keep-alive connection each)
  --duration SEC       measured seconds of the mix; the baseline runs for a third of it
  --workers W          gunicorn workers (gthread, 4 threads each; default 2 × cores + 1)
  --port P             port for gunicorn on 127.0.0.1 (default 8765)

What it does
1. Migrates the database, loads the reference data and the demo region (once).
2. Issues one personal API token for each of up to N users of the region (Wmo-consulenten, the
   CT-adviseur and provider staff, in turn), as real API clients would have; revoked at the end.
3. Starts gunicorn (`bwmo.wsgi`, settings `bwmo.conf.settings`, DEBUG off) and waits for /health/.
4. Baseline: N clients call the trivial `/health/` (no database) — what this machine can do.
5. The mix, with the same N clients, each request picked at random by weight:
   worklist  35 %  GET /api/v1/meldingen?status=open            (consulent / CT)
   client    30 %  GET /api/v1/clienten/{id} (an id in the user's own scope)
   capacity  20 %  GET /api/v1/capaciteit
   placement 15 %  GET /api/v1/plaatsingen (the user's placements, first page)
   A request is an error when it fails or answers anything but 200.
Prints the figures per kind, then as the last line one JSON object:
{"concurrency", "requests", "errors", "rps", "p50_ms", "p95_ms", "p99_ms", "baseline_rps"}.
Target on the 2-core machine: p95 under 150 ms at 50 concurrent clients with no errors.
The load generator runs on the same machine and takes CPU from the server: the baseline shows
what is left for the application.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
REGION = "centraal-gelderland"
MIX = (("worklist", 35), ("client", 30), ("capacity", 20), ("placement", 15))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default=os.environ.get(
        "BWMO_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bwmo_load"))
    p.add_argument("--scale", type=float, default=40.0)
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--duration", type=float, default=20.0)
    p.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    p.add_argument("--port", type=int, default=8765)
    return p.parse_args()


def log(text: str) -> None:
    print(text, flush=True)


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit("bench/load.py measures on PostgreSQL: give a postgres:// --database-url.")
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        conn = psycopg.connect(admin, autocommit=True)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"PostgreSQL is not reachable at {parsed.hostname}:{parsed.port or 5432} "
                         f"({exc}); give --database-url or start PostgreSQL.") from None
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"database {name} created")


def bwmo(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "bwmo"), *args], env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout


def prepare(env: dict[str, str], scale: float) -> None:
    started = time.monotonic()
    bwmo(env, "migrate", "--noinput")
    bwmo(env, "load-reference-data")
    out = bwmo(env, "demo-data", "--region", REGION, "--seed", "42", "--scale", str(scale))
    log(f"data ready in {time.monotonic() - started:.0f} s ({out.strip().splitlines()[-1] if out.strip() else 'demo data present'})")


def issue_tokens(concurrency: int) -> tuple[list[tuple[str, str]], list[int]]:
    """(role, token) per simulated client and the token ids to revoke afterwards."""
    import django

    django.setup()
    from bwmo.accounts.constants import Role
    from bwmo.accounts.models import User
    from bwmo.api.models import ApiToken

    users = {
        role: list(User.objects.filter(is_active=True, role=role,
                                       organisation__region__slug=REGION).order_by("username"))
        for role in (Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER)
    }
    pool = [u for group in zip(*[users[r] * concurrency for r in users if users[r]], strict=False)
            for u in group]
    if not pool:
        raise SystemExit(f"No consulent, CT or provider users in {REGION}: is the demo data there?")
    chosen = pool[:concurrency]
    tokens, ids = [], []
    issued: dict[int, str] = {}
    for user in chosen:
        if user.pk not in issued:
            row, token = ApiToken.issue(user, "bench/load.py")
            issued[user.pk] = token
            ids.append(row.pk)
        tokens.append((user.role, issued[user.pk]))
    return tokens, ids


def revoke(ids: list[int]) -> None:
    from bwmo.api.models import ApiToken

    for row in ApiToken.objects.filter(pk__in=ids):
        row.revoke()


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "bwmo.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", "4",
         "--keep-alive", "30", "--log-level", "warning", "--chdir", str(ROOT / "src")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("gunicorn did not answer /health/: " + (proc.stderr.read().decode()[-2000:]
                                                             if proc.stderr else ""))


class Client(threading.Thread):
    def __init__(self, port: int, token: str | None, role: str, paths: dict[str, list[str]],
                 stop_at: float, measure_from: float, baseline: bool, seed: int) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.role, self.paths = port, token, role, paths
        self.stop_at, self.measure_from, self.baseline = stop_at, measure_from, baseline
        self.rng = random.Random(seed)
        self.samples: list[tuple[str, float, bool]] = []

    def pick(self) -> tuple[str, str]:
        if self.baseline:
            return "baseline", "/health/"
        kinds = [k for k, _ in MIX if self.paths.get(k)]
        weights = [w for k, w in MIX if self.paths.get(k)]
        kind = self.rng.choices(kinds, weights)[0]
        return kind, self.rng.choice(self.paths[kind])

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        while (now := time.monotonic()) < self.stop_at:
            kind, path = self.pick()
            ok = False
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            elapsed = time.monotonic() - now
            if now >= self.measure_from:
                self.samples.append((kind, elapsed, ok))


def paths_for(port: int, role: str, token: str) -> dict[str, list[str]]:
    """The user's own ids (client page) from its own list, as an API client would find them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/api/v1/clienten?paginaGrootte=200", headers={"Authorization": f"Bearer {token}"})
    body = json.loads(conn.getresponse().read() or b"{}")
    ids = [row["id"] for row in body.get("results", [])]
    paths: dict[str, list[str]] = {
        "client": [f"/api/v1/clienten/{i}" for i in ids],
        "capacity": ["/api/v1/capaciteit"],
        "placement": ["/api/v1/plaatsingen"],
    }
    if role != "zorgaanbieder":
        paths["worklist"] = ["/api/v1/meldingen?status=open"]
    return paths


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def drive(port: int, clients: list[tuple[str, str | None, dict[str, list[str]]]], seconds: float,
          baseline: bool) -> tuple[list[tuple[str, float, bool]], float]:
    warm = 3.0
    start = time.monotonic()
    threads = [Client(port, token, role, paths, start + warm + seconds, start + warm, baseline, i)
               for i, (role, token, paths) in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [s for t in threads for s in t.samples], seconds


def summary(samples: list[tuple[str, float, bool]], seconds: float) -> dict[str, float | int]:
    times = [s[1] * 1000 for s in samples]
    return {
        "requests": len(samples), "errors": sum(1 for s in samples if not s[2]),
        "rps": round(len(samples) / seconds, 1),
        "p50_ms": round(statistics.median(times), 1) if times else 0.0,
        "p95_ms": round(percentile(times, 95), 1), "p99_ms": round(percentile(times, 99), 1),
    }


def main() -> None:
    args = parse_args()
    env = {**os.environ, "DATABASE_URL": args.database_url, "DEBUG": "no",
           "DJANGO_SETTINGS_MODULE": "bwmo.conf.settings", "PYTHONPATH": str(ROOT / "src")}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    os.environ["DEBUG"] = "no"
    sys.path.insert(0, str(ROOT / "src"))
    ensure_database(args.database_url)
    prepare(env, args.scale)
    tokens, ids = issue_tokens(args.concurrency)
    proc = start_gunicorn(env, args.port, args.workers)
    try:
        clients = [(role, token, paths_for(args.port, role, token)) for role, token in tokens]
        log(f"{len(clients)} clients, {len(ids)} users, gunicorn {args.workers} workers × 4 threads, "
            f"scale {args.scale:g}")
        base_samples, base_seconds = drive(args.port, [(r, None, {}) for r, _, _ in clients],
                                           max(5.0, args.duration / 3), baseline=True)
        base = summary(base_samples, base_seconds)
        log(f"baseline /health/: {base['rps']} req/s, p50 {base['p50_ms']} ms, p95 {base['p95_ms']} ms, "
            f"errors {base['errors']}")
        samples, seconds = drive(args.port, clients, args.duration, baseline=False)
        total = summary(samples, seconds)
        for kind, _ in MIX:
            part = [s for s in samples if s[0] == kind]
            if part:
                figures = summary(part, seconds)
                log(f"{kind:9s} {figures['requests']:6d} req  p50 {figures['p50_ms']:7.1f} ms  "
                    f"p95 {figures['p95_ms']:7.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
                    f"errors {figures['errors']}")
        verdict = "met" if total["p95_ms"] < 150 and total["errors"] == 0 else "NOT met"
        log(f"mix: {total['rps']} req/s, p95 {total['p95_ms']} ms, errors {total['errors']} "
            f"(target p95 < 150 ms with no errors at {args.concurrency} clients: {verdict})")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        revoke(ids)
    print(json.dumps({"concurrency": args.concurrency, **total, "baseline_rps": base["rps"]}))


if __name__ == "__main__":
    main()
