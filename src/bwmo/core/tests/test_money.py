from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bwmo.core.money import euro


def test_amounts_are_written_the_dutch_way():
    assert euro(Decimal("1234567.5")) == "€ 1.234.567,50"
    assert euro(Decimal("0")) == "€ 0,00"
    assert euro(Decimal("-12.345")) == "-€ 12,35"  # half a cent rounds away from zero
    assert euro("999.99") == "€ 999,99"


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_every_cent_survives_the_formatting(cents):
    text = euro(Decimal(cents) / 100)
    back = Decimal(text.replace("€ ", "").replace(".", "").replace(",", "."))
    assert back == Decimal(cents) / 100
