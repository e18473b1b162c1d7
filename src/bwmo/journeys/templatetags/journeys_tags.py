"""Small presentation helpers for the klantreis templates."""

from django import template

from bwmo.core.dates import nl_date
from bwmo.journeys.deadlines import Deadline, DeadlineState

register = template.Library()

_DEADLINE_BADGES = {
    DeadlineState.ON_TIME: "ok",
    DeadlineState.DUE_SOON: "warning",
    DeadlineState.OVERDUE: "error",
    DeadlineState.MET: "ok",
    DeadlineState.MET_LATE: "warning",
    DeadlineState.NOT_STARTED: "neutral",
}

_OUTCOME_BADGES = {
    "eligible": "ok",
    "granted": "ok",
    "incomplete": "warning",
    "refused": "error",
    "not_eligible": "error",
}


@register.filter
def deadline_badge(state: DeadlineState) -> str:
    return _DEADLINE_BADGES.get(state, "neutral")


@register.filter
def outcome_badge(value: str) -> str:
    return _OUTCOME_BADGES.get(value, "neutral")


@register.filter
def deadline_detail(deadline: Deadline) -> str:
    """The dates behind a deadline badge: 'uiterlijk 28-11-2026 (nog 4 dagen)'."""
    if deadline.due_date is None:
        return "de termijn van 2 weken start bij de aanvraag"
    due = nl_date(deadline.due_date)
    if deadline.completed_on is not None:
        return f"afgerond op {nl_date(deadline.completed_on)} (uiterlijk {due})"
    left = deadline.days_left or 0
    if left < 0:
        late = -left
        return f"uiterlijk {due} ({late} {'dag' if late == 1 else 'dagen'} te laat)"
    if left == 0:
        return f"uiterlijk {due} (vandaag is de laatste dag)"
    return f"uiterlijk {due} (nog {left} {'dag' if left == 1 else 'dagen'})"
