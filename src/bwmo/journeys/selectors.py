"""Read use cases of the klantreis, always within the user's scope (`bwmo.scoping`).

The worklist shows a municipality's open meldingen with both Wmo terms (`deadlines.wmo_deadlines`):
investigation 6 weeks after the melding, beschikking 2 weeks after the aanvraag, each marked on
time / due within 7 days / overdue.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Q, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.regions.models import Municipality
from bwmo.scoping import melding_scope

from .constants import MeldingStatus
from .deadlines import (
    DeadlineInputError,
    DeadlineState,
    DeadlineStatus,
    Suspension,
    wmo_deadlines,
)
from .models import AdviceRequest, Beschikking, Melding, Toets


def meldingen_for(user: User) -> QuerySet[Melding]:
    return Melding.objects.filter(melding_scope(user))


def melding_get_for(user: User, pk: int) -> Melding:
    """The melding if the user may see it; raises `Melding.DoesNotExist` otherwise."""
    return meldingen_for(user).select_related(
        "client", "municipality__region__centrumgemeente", "origin_municipality",
        "responsible_municipality", "created_by",
    ).get(pk=pk)


def toets_get_for(user: User, pk: int) -> Toets:
    return Toets.objects.filter(melding__in=meldingen_for(user)).select_related(
        "melding__client", "melding__municipality__region", "performed_by"
    ).get(pk=pk)


def beschikking_get_for(user: User, pk: int) -> Beschikking:
    return Beschikking.objects.filter(melding__in=meldingen_for(user)).select_related(
        "client", "melding__municipality__region", "product", "provider",
        "responsible_municipality", "decided_by", "toets",
    ).get(pk=pk)


def advice_get_for(user: User, pk: int) -> AdviceRequest:
    return advice_in_region(user).select_related(
        "melding__client", "melding__municipality__region", "requested_by", "answered_by"
    ).get(pk=pk)


def _region_id(user: User) -> int | None:
    organisation = user.organisation if user.is_authenticated else None
    return organisation.region_id if organisation is not None else None


def advice_in_region(user: User) -> QuerySet[AdviceRequest]:
    """Advice requests a CT-adviseur works on: meldingen in scope, of the adviser's own region."""
    if user.role != Role.CT_ADVISEUR:
        return AdviceRequest.objects.none()
    return AdviceRequest.objects.filter(
        melding__in=meldingen_for(user), melding__municipality__region_id=_region_id(user)
    )


def advice_queue(user: User, *, answered: bool = False) -> QuerySet[AdviceRequest]:
    queue = advice_in_region(user).filter(answered_on__isnull=not answered)
    order = ["-answered_on", "-id"] if answered else ["requested_on", "id"]
    return queue.select_related(
        "melding__client", "melding__municipality", "requested_by", "answered_by"
    ).order_by(*order)


def worklist_municipalities(user: User) -> QuerySet[Municipality]:
    """The municipalities whose worklist this user sees."""
    organisation = user.organisation if user.is_authenticated else None
    if organisation is None:
        return Municipality.objects.none()
    if user.role == Role.WMO_CONSULENT and organisation.municipality_id:
        return Municipality.objects.filter(pk=organisation.municipality_id)
    if user.role == Role.CT_ADVISEUR:
        return Municipality.objects.filter(region_id=organisation.region_id)
    return Municipality.objects.none()


def melding_deadlines(
    melding: Melding, today: date, decided_on: date | None = None
) -> tuple[DeadlineStatus | None, str]:
    """The Wmo terms of a melding, or (None, Dutch problem) when its dates contradict."""
    try:
        suspensions = tuple(Suspension(s.start, s.end) for s in melding.suspensions.all())
        return wmo_deadlines(
            melding.reported_on, melding.aanvraag_on, melding.investigation_completed_on,
            decided_on, today, suspensions=suspensions, extension_days=melding.extension_days,
        ), ""
    except DeadlineInputError as exc:
        return None, exc.message


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    PROBLEM = "problem"

    @property
    def label(self) -> str:
        return {
            Urgency.OVERDUE: "Termijn verstreken",
            Urgency.DUE_SOON: "Binnen 7 dagen",
            Urgency.ON_TIME: "Op tijd",
            Urgency.PROBLEM: "Datums kloppen niet",
        }[self]

    @property
    def badge(self) -> str:
        return {
            Urgency.OVERDUE: "error",
            Urgency.DUE_SOON: "warning",
            Urgency.ON_TIME: "ok",
            Urgency.PROBLEM: "error",
        }[self]


@dataclass(frozen=True)
class WorklistRow:
    melding: Melding
    deadlines: DeadlineStatus | None
    problem: str
    urgency: Urgency
    next_due: date | None
    open_advice: int


SORTS = {
    "urgentie": "Meest urgent eerst",
    "melding": "Datum melding (oudste eerst)",
    "naam": "Naam cliënt",
}


def _urgency(status: DeadlineStatus | None) -> Urgency:
    if status is None:
        return Urgency.PROBLEM
    states = {d.state for d in status.deadlines}
    if DeadlineState.OVERDUE in states:
        return Urgency.OVERDUE
    if DeadlineState.DUE_SOON in states:
        return Urgency.DUE_SOON
    return Urgency.ON_TIME


def worklist(
    user: User,
    *,
    today: date,
    municipality: Municipality | None = None,
    track: str = "",
    urgency: str = "",
    sort: str = "urgentie",
) -> list[WorklistRow]:
    """Open meldingen of the user's municipality (consulent) or region (CT), with their terms."""
    municipalities = worklist_municipalities(user)
    if municipality is not None:
        municipalities = municipalities.filter(pk=municipality.pk)
    meldingen = (
        meldingen_for(user)
        .filter(status=MeldingStatus.OPEN, municipality__in=municipalities)
        .select_related("client", "municipality")
        .prefetch_related("advice_requests", "suspensions")
    )
    if track:
        meldingen = meldingen.filter(track=track)
    rows = []
    for melding in meldingen:
        status, problem = melding_deadlines(melding, today)
        dues = [d.due_date for d in status.deadlines if d.state.is_open and d.due_date] if status else []
        rows.append(WorklistRow(
            melding=melding, deadlines=status, problem=problem, urgency=_urgency(status),
            next_due=min(dues) if dues else None,
            open_advice=sum(1 for a in melding.advice_requests.all() if a.answered_on is None),
        ))
    if urgency:
        rows = [row for row in rows if row.urgency == urgency]
    if sort == "melding":
        rows.sort(key=lambda r: (r.melding.reported_on, r.melding.pk))
    elif sort == "naam":
        rows.sort(key=lambda r: (r.melding.client.surname.lower(),
                                 r.melding.client.given_names.lower(), r.melding.pk))
    else:
        order = [Urgency.PROBLEM, Urgency.OVERDUE, Urgency.DUE_SOON, Urgency.ON_TIME]
        rows.sort(key=lambda r: (order.index(r.urgency), r.next_due or date.max,
                                 r.melding.reported_on, r.melding.pk))
    return rows


INVOLVEMENT = {
    "verantwoordelijk": "Uw gemeente is verantwoordelijk",
    "gemeld": "Gemeld bij uw gemeente",
}


def decisions_for(user: User, *, outcome: str = "", involvement: str = "") -> QuerySet[Beschikking]:
    """The 'besluiten en cliënten in zorg' list: for a consulent the beschikkingen for which their
    municipality is responsible or that followed a melding at their municipality (`involvement`
    narrows to one of the two); for a CT-adviseur those of the region in scope."""
    beschikkingen = Beschikking.objects.filter(melding__in=meldingen_for(user))
    organisation = user.organisation if user.is_authenticated else None
    if organisation is None:
        return Beschikking.objects.none()
    if user.role == Role.WMO_CONSULENT:
        own = organisation.municipality_id
        responsible = Q(responsible_municipality_id=own)
        reported = Q(melding__municipality_id=own)
        if involvement == "verantwoordelijk":
            beschikkingen = beschikkingen.filter(responsible)
        elif involvement == "gemeld":
            beschikkingen = beschikkingen.filter(reported)
        else:
            beschikkingen = beschikkingen.filter(responsible | reported)
    elif user.role == Role.CT_ADVISEUR:
        beschikkingen = beschikkingen.filter(melding__municipality__region_id=organisation.region_id)
    else:
        return Beschikking.objects.none()
    if outcome:
        beschikkingen = beschikkingen.filter(outcome=outcome)
    return beschikkingen.select_related(
        "client", "product", "provider", "responsible_municipality", "melding__municipality"
    ).order_by("-decided_on", "-id")


def meldingen_of_client(user: User, client_id: int) -> QuerySet[Melding]:
    return meldingen_for(user).filter(client_id=client_id).select_related(
        "municipality", "responsible_municipality"
    ).prefetch_related("beschikkingen__product").order_by("-reported_on", "-id")


@dataclass(frozen=True)
class AwaitingDecisionRow:
    melding: Melding
    deadlines: DeadlineStatus | None
    problem: str
    decision_due: date | None
    urgency: Urgency


def awaiting_decision(user: User, *, today: date) -> list[AwaitingDecisionRow]:
    """The central access's worklist "wacht op besluit": open meldingen of its region, where the
    region mandates the CT to decide, whose aanvraag and toets are on record
    (`workflow.MeldingState.AWAITING_DECISION`). Earliest decision term first."""
    from bwmo.regions.constants import DecisionMaker

    if user.role != Role.CT_ADVISEUR:
        return []
    meldingen = (
        meldingen_for(user)
        .filter(status=MeldingStatus.OPEN, aanvraag_on__isnull=False,
                municipality__region_id=_region_id(user),
                municipality__region__decision_maker=DecisionMaker.REGIONAL,
                toetsen__isnull=False)
        .distinct()
        .select_related("client", "municipality")
    )
    rows = []
    for melding in meldingen:
        status, problem = melding_deadlines(melding, today)
        decision_due = status.decision.due_date if status is not None else None
        rows.append(AwaitingDecisionRow(melding=melding, deadlines=status, problem=problem,
                                        decision_due=decision_due, urgency=_urgency(status)))
    rows.sort(key=lambda r: (r.decision_due or date.max, r.melding.reported_on, r.melding.pk))
    return rows
