"""Places per 10,000 inhabitants against the regional average (seed 004 §3.3)."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from bwmo.capacity.spreading import Population, spreading_table

CATEGORIES = ["bw_intramuraal", "bw_ambulant", "mo"]


def test_worked_example_centraal_gelderland_like():
    """Arnhem 165,770 and Renkum 31,461 inhabitants (CBS 2023), Rheden without places."""
    members = [Population("GM0202", "Arnhem", 165_770), Population("GM0274", "Renkum", 31_461),
               Population("GM0275", "Rheden", 43_570)]
    places = {("GM0202", "bw_intramuraal"): 120, ("GM0274", "bw_intramuraal"): 90,
              ("GM0202", "mo"): 60}
    table = spreading_table(members, places, CATEGORIES)

    arnhem, renkum, rheden = table.rows
    assert [r.name for r in table.rows] == ["Arnhem", "Renkum", "Rheden"]
    assert arnhem.cells["bw_intramuraal"].per_10000 == Decimal("7.2")  # 120 / 16.577
    assert renkum.cells["bw_intramuraal"].per_10000 == Decimal("28.6")  # 90 / 3.1461
    assert rheden.cells["bw_intramuraal"].per_10000 == Decimal("0.0")
    assert table.regional["bw_intramuraal"].per_10000 == Decimal("8.7")  # 210 / 24.0801
    assert renkum.cells["bw_intramuraal"].level == "high"
    assert rheden.cells["bw_intramuraal"].level == "low"
    assert table.regional["mo"].places == 60 and arnhem.total.places == 180
    assert table.inhabitants == 240_801


def test_a_municipality_without_population_is_left_out_of_the_average():
    members = [Population("GM0001", "Met", 10_000), Population("GM0002", "Zonder", None)]
    places = {("GM0001", "mo"): 5, ("GM0002", "mo"): 50}
    table = spreading_table(members, places, CATEGORIES)
    assert table.regional["mo"].per_10000 == Decimal("5.0")
    assert table.rows[1].cells["mo"].per_10000 is None and table.rows[1].cells["mo"].places == 50
    assert table.without_population == ("Zonder",)


populations = st.lists(
    st.tuples(st.integers(1_000, 200_000), st.integers(0, 200), st.integers(0, 50)),
    min_size=1, max_size=8,
)


@given(populations)
def test_the_regional_average_lies_between_the_municipalities_and_adds_up(rows):
    members = [Population(f"GM{i:04d}", f"Gemeente {i}", inh) for i, (inh, _, _) in enumerate(rows)]
    places = {}
    for i, (_, bw, mo) in enumerate(rows):
        places[(f"GM{i:04d}", "bw_intramuraal")] = bw
        places[(f"GM{i:04d}", "mo")] = mo
    table = spreading_table(members, places, CATEGORIES)
    for category in CATEGORIES:
        ratios = [r.cells[category].ratio for r in table.rows]
        regional = table.regional[category].ratio
        assert min(ratios) <= regional <= max(ratios)
        assert table.regional[category].places == sum(r.cells[category].places for r in table.rows)
        # weighted by inhabitants the municipalities' ratios give the regional ratio exactly
        weighted = sum(r.cells[category].ratio * r.inhabitants for r in table.rows)
        assert weighted / table.inhabitants == regional
        if regional:
            assert all(r.cells[category].index == r.cells[category].ratio / regional
                       for r in table.rows)
    assert table.regional_total.ratio == sum(
        (table.regional[c].ratio for c in CATEGORIES), Fraction(0)
    )
