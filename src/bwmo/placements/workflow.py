"""The workflow of a placement and of a waiting-list entry as transition tables (DOMAIN §3.5-§3.7,
§5; in the style of Signalen's ``workflow.py``, like `bwmo.journeys.workflow`).

States are derived from the record (end date and outflow destination of a placement; removal
date and reason of a waiting-list entry). The services call `placement_check` /
`waiting_check` before they write; the placement page shows `placement_next_step`.
"""

from collections.abc import Callable

from django.db import models

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.core.dates import nl_date
from bwmo.journeys.workflow import NextStep, Transition, WorkflowError, refusals

from .constants import OutflowDestination, WaitingRemovalReason
from .models import Placement, WaitingListEntry

CASE_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR})
PLACING_ROLES = CASE_ROLES | {Role.ZORGAANBIEDER}


def _in_scope(query: Callable[[User], models.QuerySet]) -> Callable[[User, object], bool]:  # type: ignore[type-arg]
    def guard(user: User, obj: object) -> bool:
        assert isinstance(obj, models.Model)
        return query(user).filter(pk=obj.pk).exists()

    return guard


def _placements_for(user: User) -> models.QuerySet:  # type: ignore[type-arg]
    from bwmo.scoping import placements_for

    return placements_for(user)


def _waiting_for(user: User) -> models.QuerySet:  # type: ignore[type-arg]
    from bwmo.scoping import waiting_list_for

    return waiting_list_for(user)


# --------------------------------------------------------------------------------------------
# Placement
# --------------------------------------------------------------------------------------------


class PlacementState(models.TextChoices):
    IN_CARE = "in_care", "In zorg"
    ENDED = "ended", "Zorg beëindigd"
    MOVED_ON = "moved_on", "Doorgestroomd naar een ander product"


def placement_state(placement: Placement) -> PlacementState:
    if placement.end_date is None:
        return PlacementState.IN_CARE
    if placement.outflow_destination == OutflowDestination.DOORSTROOM:
        return PlacementState.MOVED_ON
    return PlacementState.ENDED


_placement_guard = _in_scope(_placements_for)

PLACEMENT_TRANSITIONS: dict[str, Transition] = {
    t.name: t for t in (
        Transition(
            "end", "Zorg beëindigen", frozenset({PlacementState.IN_CARE}), PlacementState.ENDED,
            PLACING_ROLES, "de toegang of de zorgaanbieder", _placement_guard,
            "U mag deze plaatsing niet wijzigen.",
        ),
        Transition(
            "doorstroom", "Doorstroom", frozenset({PlacementState.IN_CARE}),
            PlacementState.MOVED_ON, PLACING_ROLES, "de toegang of de zorgaanbieder",
            _placement_guard, "U mag deze plaatsing niet wijzigen.",
        ),
        Transition(
            "housing_update", "Wonen na uitstroom", frozenset(PlacementState.values), None,
            PLACING_ROLES, "de toegang of de zorgaanbieder", _placement_guard,
            "U mag deze plaatsing niet wijzigen.",
        ),
    )
}


def placement_refusals(name: str, user: User, placement: Placement) -> list[str]:
    state = placement_state(placement)
    problem = ""
    if state != PlacementState.IN_CARE and name in ("end", "doorstroom"):
        problem = (f"Deze plaatsing is al beëindigd per {nl_date(placement.end_date)}. Er is "
                   "niets gewijzigd.")
    return refusals(PLACEMENT_TRANSITIONS, dict(PlacementState.choices), state, name, user,
                    placement, state_problem=problem)


def placement_check(name: str, user: User, placement: Placement) -> None:
    if problems := placement_refusals(name, user, placement):
        raise WorkflowError(*problems)


def placement_next_step(placement: Placement, user: User) -> NextStep:
    state = placement_state(placement)
    if state == PlacementState.MOVED_ON:
        return NextStep(state, state.label, "Verder op de volgende plaatsing.", "–")
    if state == PlacementState.ENDED:
        return NextStep(state, state.label, "Geen: de zorg is afgesloten. Bij een nieuwe "
                        "hulpvraag registreert de toegang een nieuwe melding.", "de toegang")
    beschikking = placement.beschikking
    step = "De cliënt is in zorg. Het einde van de zorg of een doorstroom legt u hier vast."
    if beschikking is not None and beschikking.end_date is not None:
        step += (f" De beschikking loopt tot en met {nl_date(beschikking.end_date)}; is daarna "
                 "nog zorg nodig, dan volgt een herindicatie.")
    may_end = not placement_refusals("end", user, placement)
    return NextStep(state, state.label, step, "de toegang of de zorgaanbieder",
                    waiting=not may_end)


# --------------------------------------------------------------------------------------------
# Waiting-list entry
# --------------------------------------------------------------------------------------------


class WaitingState(models.TextChoices):
    WAITING = "waiting", "Wacht op een plaats"
    PLACED = "placed", "Geplaatst"
    REMOVED = "removed", "Van de wachtlijst af"


def waiting_state(entry: WaitingListEntry) -> WaitingState:
    if entry.removed_on is None:
        return WaitingState.WAITING
    if entry.removal_reason == WaitingRemovalReason.PLACED:
        return WaitingState.PLACED
    return WaitingState.REMOVED


_waiting_guard = _in_scope(_waiting_for)


WAITING_TRANSITIONS: dict[str, Transition] = {
    t.name: t for t in (
        Transition(
            "place", "Plaatsen vanaf de wachtlijst", frozenset({WaitingState.WAITING}),
            WaitingState.PLACED, PLACING_ROLES, "de toegang of de zorgaanbieder", _waiting_guard,
            "U mag deze cliënt niet plaatsen.",
        ),
        Transition(
            "remove", "Van de wachtlijst afvoeren", frozenset({WaitingState.WAITING}),
            WaitingState.REMOVED, CASE_ROLES, "de toegang", _waiting_guard,
            "U mag deze wachtlijstregel niet wijzigen.",
        ),
    )
}


def waiting_refusals(name: str, user: User, entry: WaitingListEntry) -> list[str]:
    state = waiting_state(entry)
    problem = ""
    if state != WaitingState.WAITING:
        problem = (f"{entry.client.full_name} staat sinds {nl_date(entry.removed_on)} niet meer "
                   "op de wachtlijst. Er is niets gewijzigd.")
    return refusals(WAITING_TRANSITIONS, dict(WaitingState.choices), state, name, user, entry,
                    state_problem=problem)


def waiting_check(name: str, user: User, entry: WaitingListEntry) -> None:
    if problems := waiting_refusals(name, user, entry):
        raise WorkflowError(*problems)
