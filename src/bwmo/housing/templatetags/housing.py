from django import template

from bwmo.housing.constants import Need

register = template.Library()


@register.filter
def need_labels(codes: list[str]) -> str:
    """Need codes as their Dutch labels, comma-separated."""
    labels = dict(Need.choices)
    return ", ".join(labels.get(c, c) for c in codes)
