"""The scenario flow model (numpy, no database)."""

import numpy as np
import pytest

from bwmo.finance.flow import FlowInputError, FlowParams, bands, simulate, simulate_loop


def params(m=4, **kwargs):
    return FlowParams(inhabitants=np.full(m, 50_000.0),
                      inflow_per_10k=np.tile([2.0, 1.0], (m, 1)),
                      start_clients=np.tile([30, 15], (m, 1)), **kwargs)


def test_same_seed_same_result_and_bands_are_ordered():
    a = simulate(params(), steps=7, runs=200, seed=3)
    b = simulate(params(), steps=7, runs=200, seed=3)
    assert np.array_equal(a.clients, b.clients) and np.array_equal(a.cost_cents, b.cost_cents)
    band = bands(a.clients)
    assert np.all(band["p10"] <= band["p50"]) and np.all(band["p50"] <= band["p90"])
    assert a.cost_cents.dtype == np.int64  # cost in whole cents, integers only


def test_without_inflow_the_population_shrinks_and_with_more_inflow_it_grows():
    none = simulate(params(inflow_factor=0.0, sigma=0.0), steps=5, runs=10)
    assert np.all(np.diff(none.clients.sum(axis=2), axis=1) <= 0)
    low = simulate(params(inflow_factor=0.5), steps=5, runs=300).clients[:, -1].sum(axis=1)
    high = simulate(params(inflow_factor=2.0), steps=5, runs=300).clients[:, -1].sum(axis=1)
    assert np.median(high) > np.median(low)


def test_the_shift_moves_clients_from_intramural_to_ambulant():
    no_shift = simulate(params(shift_per_year=0.0), steps=8, runs=200).by_product_clients
    shift = simulate(params(shift_per_year=0.1), steps=8, runs=200).by_product_clients
    assert np.median(shift[:, -1, 0]) < np.median(no_shift[:, -1, 0])
    assert np.median(shift[:, -1, 1]) > np.median(no_shift[:, -1, 1])


def test_more_wlz_transfer_means_fewer_clients():
    low = simulate(params(wlz_share=0.0), steps=8, runs=200).clients[:, -1].sum(axis=1)
    high = simulate(params(wlz_share=0.5), steps=8, runs=200).clients[:, -1].sum(axis=1)
    assert np.median(high) < np.median(low)


def test_the_vectorised_engine_and_the_per_run_loop_agree():
    vec = simulate(params(), steps=6, runs=400, seed=1).clients.sum(axis=2)
    loop = simulate_loop(params(), steps=6, runs=400, seed=2).sum(axis=2)
    assert abs(np.median(vec[:, -1]) - np.median(loop[:, -1])) <= 0.05 * np.median(loop[:, -1])


@pytest.mark.parametrize(("name", "value", "message"), [
    ("inflow_factor", 6.0, "Instroomfactor moet tussen 0 en 5 liggen"),
    ("wlz_share", -0.1, "Aandeel naar de Wlz moet tussen 0 en 1 liggen"),
    ("shift_per_year", 0.5, "Verschuiving intramuraal naar ambulant per jaar moet tussen 0 en 0,2"),
])
def test_a_parameter_out_of_range_is_refused_in_dutch(name, value, message):
    with pytest.raises(FlowInputError, match=message):
        simulate(params(**{name: value}), steps=1, runs=10)


def test_the_stock_divides_over_the_cohorts_by_their_length_of_stay():
    from bwmo.finance.flow import stock_shares

    shares = stock_shares((1.8, 4.0, 10.0))
    assert sum(shares) == pytest.approx(1.0)
    assert shares[2] == pytest.approx(10.0 / 15.8)  # the long cohort is most of the stock
    # a steady state: 300 a year in, a third to each cohort, and the stock split by length of
    # stay: quarter by quarter the intramural clients stay level (with equal thirds of the stock
    # they would drop by about 180 in two years)
    steady = FlowParams(inhabitants=np.array([50_000.0]), inflow_per_10k=np.array([[60.0, 0.0]]),
                        start_clients=np.array([[1580, 0]]), wlz_share=0.0, shift_per_year=0.0,
                        sigma=0.0)
    result = simulate(steady, steps=8, runs=3, dt=0.25, seed=1)
    assert all(abs(int(v) - 1580) < 40 for v in result.by_product_clients[0, :, 0])
