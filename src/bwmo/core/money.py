"""Money for Dutch screens: exact for Decimal, never through a float."""

from decimal import ROUND_HALF_UP, Decimal


def euro(amount: Decimal | int | str) -> str:
    """Decimal("1234567.5") → "€ 1.234.567,50"; negative amounts keep their sign."""
    number = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{sign}€ {text}"
