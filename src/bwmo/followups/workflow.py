"""The workflow of a bezwaar as a transition table (like `bwmo.journeys.workflow`).

A bezwaar is received, may get a hearing and one postponement, and is decided with an outcome.
It is handled by whoever issued the beschikking (the same bestuursorgaan): the consulent of the
municipality of the melding, or the central access under regional mandate.
"""

from django.db import models

from bwmo.accounts.models import User
from bwmo.journeys import permissions
from bwmo.journeys.models import Beschikking
from bwmo.journeys.workflow import CASE_ROLES, Transition, WorkflowError, refusals

from .models import Bezwaar


class BezwaarState(models.TextChoices):
    RECEIVED = "received", "In behandeling"
    DECIDED = "decided", "Beslist"


def bezwaar_state(bezwaar: Bezwaar) -> BezwaarState:
    return BezwaarState.DECIDED if bezwaar.decided_on is not None else BezwaarState.RECEIVED


def _decider(user: User, obj: object) -> bool:
    beschikking = obj.beschikking if isinstance(obj, Bezwaar) else obj
    assert isinstance(beschikking, Beschikking)
    return permissions.may_decide(user, beschikking.melding)


WHO = "wie de beschikking gaf: de consulent van de gemeente, of de centrale toegang onder mandaat"
REFUSED = "Alleen wie de beschikking gaf, behandelt het bezwaar."

BEZWAAR_TRANSITIONS: dict[str, Transition] = {
    t.name: t for t in (
        Transition("update", "Hoorzitting of verdaging vastleggen",
                   frozenset({BezwaarState.RECEIVED}), BezwaarState.RECEIVED, CASE_ROLES, WHO,
                   _decider, REFUSED),
        Transition("decide", "Beslissen op het bezwaar", frozenset({BezwaarState.RECEIVED}),
                   BezwaarState.DECIDED, CASE_ROLES, WHO, _decider, REFUSED),
    )
}


def bezwaar_refusals(name: str, user: User, bezwaar: Bezwaar) -> list[str]:
    state = bezwaar_state(bezwaar)
    problem = ""
    if state == BezwaarState.DECIDED:
        problem = (f"Op dit bezwaar is al beslist op {bezwaar.decided_on:%d-%m-%Y}; er kan niets "
                   "meer aan worden gewijzigd.")
    return refusals(BEZWAAR_TRANSITIONS, dict(BezwaarState.choices), state, name, user, bezwaar,
                    state_problem=problem)


def may_register(user: User, beschikking: object) -> bool:
    return user.is_authenticated and user.role in CASE_ROLES and _decider(user, beschikking)


def bezwaar_check(name: str, user: User, bezwaar: Bezwaar) -> None:
    if problems := bezwaar_refusals(name, user, bezwaar):
        raise WorkflowError(*problems)
