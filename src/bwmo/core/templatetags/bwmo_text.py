from django import template

from bwmo.core.sources import cite

register = template.Library()


@register.filter(name="cite")
def cite_filter(value: object) -> str:
    """A source reference with the document's title: `{{ rule.source|cite }}`."""
    return cite(str(value or ""))
