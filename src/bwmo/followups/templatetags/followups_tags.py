"""Sections for the beschikking and placement pages (one include line each)."""

from django import template
from django.utils import timezone

from .. import rules, selectors, workflow
from ..models import Bezwaar

register = template.Library()


@register.inclusion_tag("followups/_bezwaar_section.html")
def bezwaar_section(beschikking, user):  # type: ignore[no-untyped-def]
    bezwaren = [
        (b, rules.bezwaar_terms(beschikking.decided_on, b.received_on,
                                advisory_committee=b.advisory_committee,
                                extension_weeks=b.extension_weeks))
        for b in Bezwaar.objects.filter(beschikking=beschikking).order_by("-received_on", "-id")
    ]
    return {
        "beschikking": beschikking, "bezwaren": bezwaren,
        "term_end": rules.objection_term_end(beschikking.decided_on),
        "may_register": workflow.may_register(user, beschikking)
        and not any(b.decided_on is None for b, _ in bezwaren),
        "today": timezone.localdate(),
    }


@register.inclusion_tag("followups/_review_section.html")
def review_section(placement, user):  # type: ignore[no-untyped-def]
    reviews = list(placement.reviews.order_by("-held_on", "-id"))
    months = selectors.settings_for(placement.location.municipality.region).review_interval_months
    due = None
    if placement.end_date is None:
        due = rules.review_due(placement.start_date, reviews[0].held_on if reviews else None, months)
    return {
        "placement": placement, "reviews": reviews, "due": due, "months": months,
        "may_record": placement.end_date is None and user.role in selectors.CASE_ROLES,
        "today": timezone.localdate(),
    }
