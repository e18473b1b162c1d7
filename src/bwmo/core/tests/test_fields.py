from decimal import Decimal

from django import forms

import pytest

from bwmo.core.fields import EuroField


class AmountForm(forms.Form):
    amount = EuroField(max_digits=14, decimal_places=2, localize=True)


@pytest.mark.parametrize("typed, amount", [
    ("1250,50", "1250.50"), ("1.250,50", "1250.50"), ("€ 1.250.000,00", "1250000.00"),
    ("12.000", "12000"), ("0,5", "0.5"),
])
def test_an_amount_may_be_typed_with_dots_between_the_thousands(typed, amount):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(amount)


@pytest.mark.parametrize("typed", ["12.00,5", "1,250.50", "veel"])
def test_a_dot_that_does_not_group_thousands_is_refused(typed):
    assert not AmountForm({"amount": typed}).is_valid()
