from django import template

register = template.Library()


@register.simple_tag
def municipality_name(report, code: str) -> str:  # type: ignore[no-untyped-def]
    """The municipality's name for a CBS code in a settlement report."""
    return report.name(code)
