"""When a stay occupies a place: the one definition that capacity counts with and that placements
filter with (`placements.query`). Capacity reads occupancy through the locations' reverse relation
to their placements, so it does not depend on the placements app's code."""

from datetime import date

from django.db.models import Q


def occupying_on(day: date, prefix: str = "") -> Q:
    """Stays occupying a place on `day`: start ≤ day and (no end or end ≥ day)."""
    return Q(**{f"{prefix}start_date__lte": day}) & not_ended_before(day, prefix)


def not_ended_before(day: date, prefix: str = "") -> Q:
    """Stays that occupy a place on `day` or later."""
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
