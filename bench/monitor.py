"""Benchmark the kwartaalmonitor on a national-scale generated case history (ADR 0016).

Run: `.venv/bin/python bench/monitor.py` (about a minute on 2 cores). The last line of the
output is one JSON object:
`{"bw_clients", "mo_stays", "events", "seconds", "naive_seconds_scaled", "identical"}`.

What it does
1. Generates, in memory and seeded, a national dataset in the monitor's column form
   (`bwmo.monitor.facts.Facts`): 342 municipalities (17.8 million inhabitants) in 43 regions,
   at least 40,000 BW clients in care at the end, 100,000 MO stays, 10 years of history
   (2016-2025) of BW stays with doorstroom chains, MO stays, meldingen with Wmo terms, the
   waiting list and capacity steps. No database: the engine under test is the computation, and
   the database extraction is one pass of set-based queries (`load_facts`).
2. Times the full national KPI set for one quarter (2025-K4): every region and every
   municipality of it, with `compute_kpis` over the region's partition of the arrays.
3. Times the naive per-client Python computation (`bwmo.monitor.naive`) of the same figures on
   a slice (one region and its municipalities) and scales it by the slice's share of all
   stays, meldingen and waiting-list entries.
4. Checks that both give identical figures on the slice.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwmo.conf.settings")
os.environ.setdefault("BWMO_VAR_DIR", tempfile.mkdtemp(prefix="bwmo-bench-monitor-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import django

django.setup()

import numpy as np  # noqa: E402

from bwmo.monitor.facts import CAUSES, DESTINATIONS, OPEN, REMOVAL_REASONS, Facts  # noqa: E402
from bwmo.monitor.kpis import Quarter, Scope, compute_kpis  # noqa: E402
from bwmo.monitor.naive import (  # noqa: E402
    MeldingRec,
    Records,
    StayRec,
    WaitRec,
    fast_as_naive,
    naive_compared,
    naive_kpis,
)

SEED = 2026
REGIONS = 43
MUNICIPALITIES = 342
INHABITANTS = 17_800_000
BW_CLIENTS = 140_000  # over the history; ≈ 45,000 in care at the end
MO_STAYS = 100_000
HISTORY = (date(2016, 1, 1).toordinal(), date(2025, 12, 31).toordinal())
QUARTER = Quarter(2025, 4)
PRODUCTS = (("BW", 0), ("GWIB", 0), ("ZWIB", 0), ("MOVO", 1))  # per region: code, track


def generate() -> Facts:
    rng = np.random.default_rng(SEED)
    first, last = HISTORY
    muni_region = (np.arange(MUNICIPALITIES) % REGIONS).astype(np.int32)
    weights = rng.lognormal(0, 1, MUNICIPALITIES)
    inhabitants = np.maximum(1000, (weights / weights.sum() * INHABITANTS)).astype(np.int64)
    product_region = np.repeat(np.arange(REGIONS), len(PRODUCTS)).astype(np.int32)
    product_track = np.tile([t for _c, t in PRODUCTS], REGIONS).astype(np.int32)
    members = [np.nonzero(muni_region == r)[0] for r in range(REGIONS)]

    # BW clients: a chain of 1-3 stays from a start in 2011-2025 (a stock from before 2016)
    n_bw = BW_CLIENTS
    mo_clients = int(MO_STAYS * 0.7)
    n_clients = n_bw + mo_clients
    client_id = np.arange(1, n_clients + 1, dtype=np.int64)
    client_region = rng.integers(0, REGIONS, n_clients)
    home = np.array([members[r][rng.integers(0, members[r].size)] for r in client_region],
                    dtype=np.int32)
    origin = np.where(rng.random(n_clients) < 0.1, -1,
                      np.where(rng.random(n_clients) < 0.85, home,
                               rng.integers(0, MUNICIPALITIES, n_clients))).astype(np.int32)
    birth = first - rng.integers(18 * 365, 70 * 365, n_clients) + rng.integers(0, 3650, n_clients)
    birth_dates = [date.fromordinal(int(b)) for b in birth]

    chain_len = rng.choice([1, 2, 3], n_bw, p=[0.5, 0.3, 0.2])
    chain_start = rng.integers(date(2011, 1, 1).toordinal(), last, n_bw)
    stays_client, stays_start, stays_end, stays_product, has_prev, has_next = [], [], [], [], [], []
    stays_chain = []
    cursor = chain_start.copy()
    alive = np.ones(n_bw, dtype=np.bool_)
    for step in range(3):
        take = alive & (chain_len > step)
        idx = np.nonzero(take)[0]
        length = rng.exponential(1000, idx.size).astype(np.int64) + 30
        start = cursor[idx]
        end = start + length
        more = chain_len[idx] > step + 1
        end_open = end > last
        stays_client.append(client_id[idx])
        stays_start.append(start)
        stays_end.append(np.where(end_open, OPEN, end))
        stays_product.append(client_region[idx] * len(PRODUCTS) + min(step, 2))
        has_prev.append(np.full(idx.size, step > 0))
        has_next.append(more & ~end_open)
        stays_chain.append(chain_start[idx])
        cursor[idx] = end + 1
        alive[idx] = more & ~end_open
    # MO stays: short, 2016-2025, some clients twice
    mo_client = client_id[n_bw + rng.integers(0, mo_clients, MO_STAYS)]
    mo_start = rng.integers(first, last, MO_STAYS)
    mo_len = rng.exponential(70, MO_STAYS).astype(np.int64) + 1
    mo_end = mo_start + mo_len
    mo_region = client_region[mo_client - 1]
    stays_client.append(mo_client)
    stays_start.append(mo_start)
    stays_end.append(np.where(mo_end > last, OPEN, mo_end))
    stays_product.append(mo_region * len(PRODUCTS) + 3)
    has_prev.append(np.zeros(MO_STAYS, dtype=np.bool_))
    has_next.append(np.zeros(MO_STAYS, dtype=np.bool_))
    stays_chain.append(mo_start)
    # MO clients may have overlapping stays in this synthetic data; sort by client and start
    s_client = np.concatenate(stays_client)
    s_start = np.concatenate(stays_start).astype(np.int32)
    s_end = np.concatenate(stays_end).astype(np.int32)
    s_product = np.concatenate(stays_product).astype(np.int32)
    s_prev = np.concatenate(has_prev)
    s_next = np.concatenate(has_next)
    s_chain = np.concatenate(stays_chain).astype(np.int32)
    n_stays = s_client.size
    s_region = product_region[s_product]
    resp = np.where(rng.random(n_stays) < 0.8, home[s_client - 1],
                    np.array([members[r][0] for r in s_region])).astype(np.int32)
    loc = np.array([members[r][rng.integers(0, min(4, members[r].size))] for r in s_region],
                   dtype=np.int32)
    dest = np.where(s_next, DESTINATIONS.index("doorstroom"),
                    np.where(s_end >= OPEN, -1,
                             rng.integers(-1, len(DESTINATIONS) - 1, n_stays))).astype(np.int32)

    # meldingen: one per BW chain and per MO stay
    n_m = n_bw + MO_STAYS
    m_client = np.concatenate([client_id[:n_bw], mo_client])
    m_track = np.concatenate([np.zeros(n_bw), np.ones(MO_STAYS)]).astype(np.int32)
    m_reported = np.concatenate([chain_start - rng.integers(10, 120, n_bw),
                                 mo_start - rng.integers(0, 5, MO_STAYS)]).astype(np.int32)
    m_muni = home[m_client - 1]
    m_cause = np.where(m_track == 1, rng.integers(-1, len(CAUSES), n_m), -1).astype(np.int32)
    inv_due = m_reported + 42
    inv_done = np.where(rng.random(n_m) < 0.9, m_reported + rng.integers(5, 70, n_m), OPEN)
    aanvraag = np.where(rng.random(n_m) < 0.8, m_reported + rng.integers(0, 30, n_m), OPEN)
    dec_due = np.where(aanvraag < OPEN, aanvraag + 14, OPEN)
    decided = np.where((aanvraag < OPEN) & (rng.random(n_m) < 0.95),
                       aanvraag + rng.integers(1, 25, n_m), OPEN)

    # waiting list: 40 % of the BW chains waited before their first stay
    waited = np.nonzero(rng.random(n_bw) < 0.4)[0]
    w_wait = rng.integers(1, 200, waited.size)
    w_removed = np.where(rng.random(waited.size) < 0.9, chain_start[waited], OPEN)
    w_removed = np.where(w_removed > last, OPEN, w_removed)

    # capacity: every (location municipality, BW/MO product) a step in 2016 and one in 2021
    cap_loc, cap_prod, cap_muni, cap_from, cap_places = [], [], [], [], []
    loc_id = 0
    for r in range(REGIONS):
        for m in members[r][:4]:
            for p in range(len(PRODUCTS)):
                loc_id += 1
                for valid_from in (date(2016, 1, 1), date(2021, 1, 1)):
                    cap_loc.append(loc_id)
                    cap_prod.append(r * len(PRODUCTS) + p)
                    cap_muni.append(m)
                    cap_from.append(valid_from.toordinal())
                    cap_places.append(int(rng.integers(5, 120)))

    return Facts(
        municipality_codes=[f"GM{i:04d}" for i in range(MUNICIPALITIES)],
        municipality_names=[f"Gemeente {i}" for i in range(MUNICIPALITIES)],
        municipality_inhabitants=inhabitants, municipality_region=muni_region,
        region_slugs=[f"regio-{r}" for r in range(REGIONS)],
        region_names=[f"Regio {r}" for r in range(REGIONS)],
        product_codes=[c for _r in range(REGIONS) for c, _t in PRODUCTS],
        product_names=[c for _r in range(REGIONS) for c, _t in PRODUCTS],
        product_track=product_track, product_region=product_region,
        provider_names=[f"Aanbieder {i}" for i in range(MUNICIPALITIES)],
        client_id=client_id,
        client_birth_year=np.array([b.year for b in birth_dates], dtype=np.int32),
        client_birth_md=np.array([b.month * 100 + b.day for b in birth_dates], dtype=np.int32),
        client_origin=origin,
        stay_client=s_client, stay_start=s_start, stay_end=s_end, stay_product=s_product,
        stay_pgb=rng.random(n_stays) < 0.06, stay_responsible=resp,
        stay_location_municipality=loc, stay_provider=loc, stay_has_previous=s_prev,
        stay_has_next=s_next, stay_destination=dest, stay_chain_start=s_chain,
        stay_beschikking_end=np.full(n_stays, OPEN, dtype=np.int32),
        melding_client=m_client, melding_track=m_track, melding_reported=m_reported,
        melding_municipality=m_muni, melding_cause=m_cause,
        melding_investigation_due=inv_due.astype(np.int32),
        melding_investigation_done=inv_done.astype(np.int32),
        melding_aanvraag=aanvraag.astype(np.int32), melding_decision_due=dec_due.astype(np.int32),
        melding_decided=decided.astype(np.int32),
        wait_client=client_id[waited], wait_product=(client_region[waited] * len(PRODUCTS))
        .astype(np.int32), wait_responsible=home[waited],
        wait_entered=(chain_start[waited] - w_wait).astype(np.int32),
        wait_removed=w_removed.astype(np.int32),
        wait_reason=np.where(w_removed < OPEN, REMOVAL_REASONS.index("placed"), -1)
        .astype(np.int32),
        cap_location=np.array(cap_loc, dtype=np.int64), cap_product=np.array(cap_prod, np.int32),
        cap_municipality=np.array(cap_muni, np.int32), cap_valid_from=np.array(cap_from, np.int32),
        cap_places=np.array(cap_places, np.int64),
        sources=frozenset({"clients", "meldingen", "placements", "waiting_list", "capacity"}),
    )


def records(facts: Facts) -> Records:
    """Plain records of a (region's) facts for the naive computation; the chain is rebuilt as
    `previous` ids from the order of each client's BW stays."""
    d = date.fromordinal
    codes = facts.municipality_codes
    order = np.lexsort((facts.stay_start, facts.stay_client))
    stays: list[StayRec] = []
    last_bw: dict[int, int] = {}
    for i in order:
        client = int(facts.stay_client[i])
        product = int(facts.stay_product[i])
        track = "BW" if facts.product_track[product] == 0 else "MO"
        previous = last_bw.get(client) if facts.stay_has_previous[i] else None
        end = None if facts.stay_end[i] >= OPEN else d(int(facts.stay_end[i]))
        dest = int(facts.stay_destination[i])
        stays.append(StayRec(
            int(i), client, d(int(facts.stay_start[i])), end, facts.product_codes[product], track,
            facts.region_slugs[facts.product_region[product]], bool(facts.stay_pgb[i]),
            codes[facts.stay_responsible[i]], codes[facts.stay_location_municipality[i]],
            previous, DESTINATIONS[dest] if dest >= 0 else ""))
        if track == "BW":
            last_bw[client] = int(i)
    clients = {int(c) for c in facts.stay_client} | {int(c) for c in facts.melding_client} \
        | {int(c) for c in facts.wait_client}
    rows = np.searchsorted(facts.client_id, np.array(sorted(clients)))
    birth = {int(facts.client_id[r]): date(int(facts.client_birth_year[r]),
                                            int(facts.client_birth_md[r]) // 100,
                                            int(facts.client_birth_md[r]) % 100) for r in rows}
    origin = {int(facts.client_id[r]): codes[facts.client_origin[r]]
              if facts.client_origin[r] >= 0 else None for r in rows}

    def opt(v: int) -> date | None:
        return None if v >= OPEN else d(int(v))

    meldingen = [MeldingRec(
        int(facts.melding_client[i]), "BW" if facts.melding_track[i] == 0 else "MO",
        d(int(facts.melding_reported[i])), codes[facts.melding_municipality[i]],
        CAUSES[facts.melding_cause[i]] if facts.melding_cause[i] >= 0 else "",
        d(int(facts.melding_investigation_due[i])), opt(facts.melding_investigation_done[i]),
        opt(facts.melding_decision_due[i]), opt(facts.melding_decided[i]))
        for i in range(facts.melding_client.size)]
    waits = [WaitRec(
        int(facts.wait_client[i]), facts.product_codes[facts.wait_product[i]],
        "BW" if facts.product_track[facts.wait_product[i]] == 0 else "MO",
        facts.region_slugs[facts.product_region[facts.wait_product[i]]],
        codes[facts.wait_responsible[i]], d(int(facts.wait_entered[i])),
        opt(facts.wait_removed[i]),
        REMOVAL_REASONS[facts.wait_reason[i]] if facts.wait_reason[i] >= 0 else "")
        for i in range(facts.wait_client.size)]
    return Records(birth, origin, {c: facts.region_slugs[r] for c, r in
                                   zip(codes, facts.municipality_region, strict=True) if r >= 0},
                   stays, meldingen, waits)


def scopes_of(facts: Facts, slug: str) -> list[Scope]:
    r = facts.region_index(slug)
    return [Scope(slug)] + [Scope(slug, facts.municipality_codes[m])
                            for m in np.nonzero(facts.municipality_region == r)[0]]


def main() -> None:
    t0 = time.perf_counter()
    facts = generate()
    print(f"generated in {time.perf_counter() - t0:.1f} s: {facts.stay_client.size} stays, "
          f"{facts.melding_client.size} meldingen, {facts.wait_client.size} waiting-list entries",
          flush=True)

    # 1. the fast engine: every region and municipality, one quarter
    t1 = time.perf_counter()
    results = {}
    for slug, part in facts.partition().items():
        for scope in scopes_of(facts, slug):
            results[(slug, scope.municipality)] = compute_kpis(part, scope, QUARTER)
    seconds = time.perf_counter() - t1
    national_scopes = len(results)
    bw_in_care = sum(results[(s, None)].value("clienten_in_zorg") for s in facts.region_slugs)
    bw_clients = int(np.unique(facts.stay_client[facts.product_track[facts.stay_product] == 0])
                     .size)
    mo_stays = int(np.count_nonzero(facts.product_track[facts.stay_product] == 1))
    print(f"fast: {national_scopes} scopes (43 regions + their municipalities) in {seconds:.2f} s; "
          f"BW clients in care at {QUARTER.label}: {bw_in_care}", flush=True)

    # 2. the naive per-client computation on a slice: one region and its municipalities
    slice_slug = facts.region_slugs[0]
    part = facts.for_region(slice_slug)
    slice_records = records(part)
    t2 = time.perf_counter()
    naive = {scope.municipality: naive_kpis(slice_records, region=slice_slug,
                                            municipality=scope.municipality,
                                            first=QUARTER.first, last=QUARTER.last)
             for scope in scopes_of(facts, slice_slug)}
    naive_seconds = time.perf_counter() - t2
    size = lambda f: f.stay_client.size + f.melding_client.size + f.wait_client.size  # noqa: E731
    scale = size(facts) / size(part)
    print(f"naive: slice {slice_slug} ({size(part)} of {size(facts)} records) in "
          f"{naive_seconds:.2f} s, × {scale:.1f} = {naive_seconds * scale:.1f} s", flush=True)

    # 3. identical figures on the slice
    identical = all(
        fast_as_naive(results[(slice_slug, m)].figures) == naive_compared(naive[m])
        for m in naive)
    events = int(facts.stay_client.size + np.count_nonzero(facts.stay_end < OPEN)
                 + facts.melding_client.size + np.count_nonzero(facts.melding_aanvraag < OPEN)
                 + facts.wait_client.size + np.count_nonzero(facts.wait_removed < OPEN))
    print(json.dumps({
        "bw_clients": bw_clients, "mo_stays": mo_stays, "events": events,
        "seconds": round(seconds, 3), "naive_seconds_scaled": round(naive_seconds * scale, 3),
        "identical": identical,
    }))


if __name__ == "__main__":
    main()
