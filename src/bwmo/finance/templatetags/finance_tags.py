from django import template

register = template.Library()


@register.simple_tag
def municipality_name(report, code: str) -> str:  # type: ignore[no-untyped-def]
    """The municipality's name for a CBS code in a settlement report."""
    return report.name(code)


def dutch_number(value, decimals: int) -> str:  # type: ignore[no-untyped-def]
    """1234567.5 → '1.234.567,50' (exact for Decimal; no float)."""
    from decimal import Decimal

    number = Decimal(value)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.{decimals}f}"
    return sign + text.replace(",", " ").replace(".", ",").replace(" ", ".")


@register.simple_tag
def cell(row, column) -> str:  # type: ignore[no-untyped-def]
    """A report cell for display: money as € 1.234,56, percent as 10,00 %, counts with dots."""
    value = row.get(column.key) if row else None
    if value is None or value == "":
        return ""
    if column.type == "money":
        return "€ " + dutch_number(value, 2)
    if column.type == "percent":
        return dutch_number(value, 2) + " %"
    if column.type == "decimal":
        return str(value).replace(".", ",")
    if column.type == "int":
        return dutch_number(value, 0)
    return str(value)


@register.simple_tag
def money(value) -> str:  # type: ignore[no-untyped-def]
    """A decimal string or Decimal as 1.234,56 (no euro sign)."""
    return "" if value in (None, "") else dutch_number(value, 2)
