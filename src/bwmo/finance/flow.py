"""Flow model for BW scenarios to 2032 — vectorised Monte Carlo in numpy (no Django).

Per municipality ``m`` and product group ``p`` (intramural, ambulant) the population is kept in
three **Dannenberg cohorts** ``k`` (DOMAIN §8; seed 001 §2.4.1, 004 §2.1): a third moves on to
ambulant support within about 2 years, a third lives independently after 3-5 years, a third needs
long-term intramural care. One step of ``dt`` years, for every run at once:

1. **Inflow** ~ Poisson(inflow per 10,000 inhabitants × inhabitants / 10,000 × dt × the run's
   inflow factor), summed over the product groups and split by their expected shares, then over
   the cohorts 1/3 each. A share ``shift`` (growing each year: the *intramural → ambulant shift*)
   of the intramural inflow starts ambulant instead.
2. **Exit** ~ Binomial(clients, 1 − exp(−dt × hazard)), hazard = 1 / length of stay of the
   cohort; the long intramural cohort also moves to the **Wlz** at ``wlz_share`` a year (it
   leaves the Wmo budget). Of those leaving intramural care, the short cohort moves on
   (**doorstroom**) to ambulant support; the others flow out.
3. **Places** are the average of the clients at the start and end of the step; **cost** is
   places × tariff per year, computed in whole cents with integers (floats are only used for the
   random draws, never for an amount).

Uncertainty: every run draws its own inflow factor and length-of-stay factor (log-normal around
1 with ``sigma``) and its own Poisson inflow each step; exits are the expected flows given the
run's parameters (a mean-field step: it keeps the national run well under 5 s, see
``bench/scenarios.py``). Clients are rounded to whole persons each step. The bands are the
P10/P50/P90 over the runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

PRODUCTS = ("intramuraal", "ambulant")
COHORTS = ("kort", "middel", "lang")
DANNENBERG = (1 / 3, 1 / 3, 1 / 3)


def stock_shares(los_years: tuple[float, float, float]) -> tuple[float, float, float]:
    """How the clients *in care* divide over the cohorts when a third of the inflow enters each:
    in a steady state each cohort's share of the stock is proportional to its length of stay (the
    long cohort is most of the stock, not a third)."""
    total = sum(los_years)
    return tuple(value / total for value in los_years)  # type: ignore[return-value]

PARAMETER_RANGES: dict[str, tuple[float, float, str]] = {
    "inflow_factor": (0.0, 5.0, "Instroomfactor"),
    "los_factor": (0.1, 10.0, "Factor verblijfsduur"),
    "wlz_share": (0.0, 1.0, "Aandeel naar de Wlz"),
    "shift_per_year": (0.0, 0.2, "Verschuiving intramuraal naar ambulant per jaar"),
    "sigma": (0.0, 1.0, "Onzekerheid (spreiding)"),
}


class FlowInputError(ValueError):
    """A scenario parameter out of range; the message is Dutch."""


@dataclass
class FlowParams:
    """Inputs of the flow model; arrays have shape (M,) or (M, P)."""

    inhabitants: np.ndarray  # (M,)
    inflow_per_10k: np.ndarray  # (M, P) per year
    start_clients: np.ndarray  # (M, P) integers
    los_years: tuple[float, float, float] = (1.8, 4.0, 10.0)  # per cohort (intramural)
    ambulant_los_years: float = 2.0
    tariff_cents_per_year: np.ndarray = field(
        default_factory=lambda: np.array([6_400_000, 2_700_000], dtype=np.int64))  # (P,)
    inflow_factor: float = 1.0
    los_factor: float = 1.0
    wlz_share: float = 0.25
    shift_per_year: float = 0.03
    sigma: float = 0.1

    def check(self) -> None:
        for name, (low, high, label) in PARAMETER_RANGES.items():
            value = getattr(self, name)
            if not isinstance(value, int | float) or not low <= float(value) <= high:
                raise FlowInputError(
                    f"{label} moet tussen {_nl(low)} en {_nl(high)} liggen, niet {value!r}."
                )
        if np.any(self.inflow_per_10k < 0) or np.any(self.start_clients < 0):
            raise FlowInputError("Instroom en beginstand mogen niet negatief zijn.")


def _nl(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@dataclass
class FlowResult:
    """Per run, step and municipality: clients (end of step), places and cost in cents."""

    clients: np.ndarray  # (R, S, M) int
    places: np.ndarray  # (R, S, M) float (average)
    cost_cents: np.ndarray  # (R, S, M) int64
    by_product_clients: np.ndarray  # (R, S, P) int (summed over municipalities)


def simulate(params: FlowParams, *, steps: int, runs: int, dt: float = 1.0,
             seed: int = 0) -> FlowResult:
    """Run the model ``runs`` times for ``steps`` steps of ``dt`` years, all runs at once."""
    params.check()
    rng = np.random.default_rng(seed)
    m_count = params.inhabitants.shape[0]
    inflow_rate = (params.inflow_per_10k * params.inhabitants[:, None] / 10_000.0 * dt
                   * params.inflow_factor)  # (M, P)
    run_inflow = rng.lognormal(0.0, params.sigma, size=(runs, 1, 1)) if params.sigma else \
        np.ones((runs, 1, 1))
    run_los = rng.lognormal(0.0, params.sigma / 2, size=(runs, 1, 1)) if params.sigma else \
        np.ones((runs, 1, 1))
    los_intra = np.array(params.los_years) * params.los_factor  # (K,)
    wlz_hazard = np.array([0.0, 0.0, params.wlz_share])  # yearly Wlz transfer, long cohort
    exit_intra = 1.0 - np.exp(-dt * (1.0 / (los_intra[None, None, :] * run_los)
                                     + wlz_hazard[None, None, :]))  # (R, 1, K)
    exit_amb = 1.0 - np.exp(-dt / (params.ambulant_los_years * params.los_factor * run_los))
    # state: expected clients per (R, M, K), one array per product group
    split = np.array(DANNENBERG)
    stock_split = np.array(stock_shares(params.los_years))
    start = params.start_clients.astype(np.float64)
    intra = np.repeat(start[None, :, 0:1] * stock_split[None, None, :], runs, axis=0)
    amb = np.repeat(start[None, :, 1:2] * split[None, None, :], runs, axis=0)
    tariff = params.tariff_cents_per_year.astype(np.int64)
    quarter_units = round(dt * 4)
    clients = np.empty((runs, steps, m_count), dtype=np.int64)
    places = np.empty((runs, steps, m_count), dtype=np.float64)
    cost = np.empty((runs, steps, m_count), dtype=np.int64)
    by_product = np.empty((runs, steps, 2), dtype=np.int64)
    before_intra = np.rint(intra.sum(axis=2)).astype(np.int64)
    before_amb = np.rint(amb.sum(axis=2)).astype(np.int64)
    lam = inflow_rate[None, :, :] * run_inflow  # (R, M, P)
    lam_total = lam.sum(axis=2)  # (R, M)
    intra_fraction = np.divide(lam[:, :, 0], lam_total, out=np.zeros_like(lam_total),
                               where=lam_total > 0)
    for step in range(steps):
        shift = min(1.0, params.shift_per_year * (step + 1) * dt)
        new = rng.poisson(lam_total).astype(np.float64)
        inflow_intra = new * (intra_fraction * (1.0 - shift))
        inflow_amb = new - inflow_intra
        leave_intra = intra * exit_intra
        doorstroom = leave_intra[:, :, 0]  # the short cohort moves on to ambulant support
        intra -= leave_intra
        amb -= amb * exit_amb
        amb[:, :, 0] += doorstroom
        intra += inflow_intra[:, :, None] * split[None, None, :]
        amb += inflow_amb[:, :, None] * split[None, None, :]
        after_intra = np.rint(intra.sum(axis=2)).astype(np.int64)
        after_amb = np.rint(amb.sum(axis=2)).astype(np.int64)
        clients[:, step, :] = after_intra + after_amb
        places[:, step, :] = (before_intra + after_intra + before_amb + after_amb) / 2.0
        # cost in cents: (before + after) / 2 clients × tariff per year × dt, integers only
        cost[:, step, :] = ((before_intra + after_intra) * tariff[0]
                            + (before_amb + after_amb) * tariff[1]) * quarter_units // 8
        by_product[:, step, 0] = after_intra.sum(axis=1)
        by_product[:, step, 1] = after_amb.sum(axis=1)
        before_intra, before_amb = after_intra, after_amb
    return FlowResult(clients, places, cost, by_product)


def simulate_loop(params: FlowParams, *, steps: int, runs: int, dt: float = 1.0,
                  seed: int = 0) -> np.ndarray:
    """The same model as a straightforward per-run, per-municipality Python loop (benchmark
    baseline); returns the clients (R, S, M)."""
    params.check()
    rng = np.random.default_rng(seed)
    m_count = params.inhabitants.shape[0]
    out = np.empty((runs, steps, m_count), dtype=np.int64)
    los_intra = [value * params.los_factor for value in params.los_years]
    for run in range(runs):
        f_in = rng.lognormal(0.0, params.sigma) if params.sigma else 1.0
        f_los = rng.lognormal(0.0, params.sigma / 2) if params.sigma else 1.0
        for m in range(m_count):
            intra = [params.start_clients[m, 0] * s for s in stock_shares(params.los_years)]
            amb = [params.start_clients[m, 1] * s for s in DANNENBERG]
            base = params.inflow_per_10k[m] * params.inhabitants[m] / 10_000 * dt
            lam_i = base[0] * params.inflow_factor * f_in
            lam_a = base[1] * params.inflow_factor * f_in
            for step in range(steps):
                shift = min(1.0, params.shift_per_year * (step + 1) * dt)
                total = rng.poisson(lam_i + lam_a)
                new_i = total * (lam_i / (lam_i + lam_a) if lam_i + lam_a else 0.0) * (1 - shift)
                new_a = total - new_i
                p_a = 1 - math.exp(-dt / (params.ambulant_los_years * params.los_factor * f_los))
                doorstroom = 0.0
                for k in range(3):
                    hazard = 1 / (los_intra[k] * f_los) + (params.wlz_share if k == 2 else 0.0)
                    leave_i = intra[k] * (1 - math.exp(-dt * hazard))
                    intra[k] -= leave_i
                    amb[k] -= amb[k] * p_a
                    if k == 0:
                        doorstroom = leave_i
                amb[0] += doorstroom
                for k in range(3):
                    intra[k] += new_i * DANNENBERG[k]
                    amb[k] += new_a * DANNENBERG[k]
                out[run, step, m] = round(sum(intra)) + round(sum(amb))
    return out


def bands(values: np.ndarray, axis: int = 0) -> dict[str, np.ndarray]:
    """P10/P50/P90 over ``axis`` as values that occur in the runs (no interpolation)."""
    return {name: np.percentile(values, q, axis=axis, method="inverted_cdf")
            for name, q in (("p10", 10), ("p50", 50), ("p90", 90))}
