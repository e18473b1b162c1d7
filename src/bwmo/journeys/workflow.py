"""The workflow of a melding and of a beschikking as transition tables (DOMAIN §3; in the style
of Signalen's ``workflow.py``).

Each aggregate has a set of states, derived from what is on record (so no state can disagree with
the dates and decisions it stands for), and one table of transitions. A transition names the
states it may start from, the state it leads to, the roles that may take it and a guard: the
object-level check of `permissions` (the consulent of *this* municipality, the central access of
*this* region, the decision maker set by `Region.decision_maker`).

The same table is used by the services (`check` refuses a forbidden step with a clear Dutch
message and nothing is saved), by the views (which buttons to show) and by the next-step panel
(`melding_next_step`, `beschikking_next_step`): every case page says where the case stands, what
the next step is and who takes it, so no case dead-ends.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.core.dates import nl_date
from bwmo.regions.constants import DecisionMaker, Track

from . import permissions
from .constants import BeschikkingOutcome, MeldingStatus, ToetsOutcome
from .models import Beschikking, Melding

CASE_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR})
PLACING_ROLES = CASE_ROLES | {Role.ZORGAANBIEDER}


class WorkflowError(Exception):
    """A step that the workflow does not allow; `messages` are Dutch sentences."""

    def __init__(self, *messages: str) -> None:
        self.messages = list(messages)
        super().__init__(" ".join(messages))


@dataclass(frozen=True)
class Transition:
    """One allowed step: from `sources` to `target`, by `roles`, when `guard` holds."""

    name: str
    label: str  # Dutch: the button and the next step
    sources: frozenset[str]
    target: str | None  # None: the state is worked out again from the record after the step
    roles: frozenset[str]
    who: str  # Dutch: who takes this step
    guard: Callable[[User, object], bool]
    refused: str  # Dutch: why a user with the right role is still refused (the guard failed)


def _role_names(roles: frozenset[str]) -> str:
    names = sorted(Role(r).label for r in roles)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " of " + names[-1]


def refusals(
    table: dict[str, Transition], state_labels: dict[str, str], state: str, name: str,
    user: User, obj: object, *, state_problem: str = "",
) -> list[str]:
    """Why `user` may not take step `name` on `obj` in `state`, in Dutch; empty when allowed."""
    transition = table[name]
    problems: list[str] = []
    if state not in transition.sources:
        problems.append(state_problem or (
            f"'{transition.label}' kan niet bij de status '{state_labels[state]}'."
        ))
    if not user.is_authenticated or user.role not in transition.roles:
        problems.append(f"'{transition.label}' doet een {_role_names(transition.roles)}.")
    elif not transition.guard(user, obj):
        problems.append(transition.refused)
    return problems


@dataclass(frozen=True)
class NextStep:
    """What the case page shows: where the case stands, the next step and who takes it."""

    state: str
    state_label: str
    step: str  # Dutch: the next step (or that nothing more is needed)
    who: str  # Dutch: who takes it
    url: str = ""  # the page for the step, when this user takes it
    url_label: str = ""
    always_link: bool = False  # the page has no button of its own for this step
    waiting: bool = False  # this user waits for someone else
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Melding
# --------------------------------------------------------------------------------------------


class MeldingState(models.TextChoices):
    REPORTED = "reported", "Gemeld"  # open, no aanvraag yet
    INVESTIGATING = "investigating", "Aanvraag in onderzoek"  # aanvraag on record, no toets
    AWAITING_DECISION = "awaiting_decision", "Wacht op besluit"  # aanvraag and toets on record
    DECIDED = "decided", "Besloten"
    WITHDRAWN = "withdrawn", "Ingetrokken"


OPEN_MELDING = frozenset({
    MeldingState.REPORTED, MeldingState.INVESTIGATING, MeldingState.AWAITING_DECISION,
})


def melding_state(melding: Melding, *, has_toets: bool | None = None) -> MeldingState:
    if melding.status == MeldingStatus.WITHDRAWN:
        return MeldingState.WITHDRAWN
    if melding.status == MeldingStatus.DECIDED:
        return MeldingState.DECIDED
    if melding.aanvraag_on is None:
        return MeldingState.REPORTED
    if has_toets is None:
        has_toets = melding.toetsen.exists()
    return MeldingState.AWAITING_DECISION if has_toets else MeldingState.INVESTIGATING


def _handles(user: User, obj: object) -> bool:
    assert isinstance(obj, Melding)
    return permissions.may_handle(user, obj)


def _asks_advice(user: User, obj: object) -> bool:
    assert isinstance(obj, Melding)
    return permissions.may_request_advice(user, obj)


def _advises(user: User, obj: object) -> bool:
    assert isinstance(obj, Melding)
    return permissions.may_answer_advice(user, obj)


def _decides(user: User, obj: object) -> bool:
    assert isinstance(obj, Melding)
    return permissions.may_decide(user, obj)


HANDLER = "de toegang die de melding behandelt (de consulent; bij MO of mandaat ook de centrale toegang)"

MELDING_TRANSITIONS: dict[str, Transition] = {
    t.name: t for t in (
        Transition(
            "record_dates", "Datum aanvraag en afronding onderzoek vastleggen", OPEN_MELDING,
            None, CASE_ROLES, HANDLER, _handles,
            "Alleen de toegang die de melding behandelt, legt deze datums vast.",
        ),
        Transition(
            "request_advice", "Advies vragen aan de centrale toegang", OPEN_MELDING, None,
            frozenset({Role.WMO_CONSULENT}), "de consulent van de gemeente van de melding",
            _asks_advice,
            "Alleen de consulent van de gemeente van de melding vraagt advies aan de centrale "
            "toegang.",
        ),
        Transition(
            # also after the decision or withdrawal: an open question never blocks the CT's queue
            "answer_advice", "Advies geven", frozenset(MeldingState.values), None,
            frozenset({Role.CT_ADVISEUR}), "de centrale toegang van de regio", _advises,
            "Alleen een adviseur van de centrale toegang van deze regio geeft advies.",
        ),
        Transition(
            "run_toets", "Toegangstoets doen", OPEN_MELDING, None, CASE_ROLES, HANDLER, _handles,
            "Alleen de toegang die de melding behandelt, doet de toets.",
        ),
        Transition(
            "decide", "Beschikking vastleggen", frozenset({MeldingState.AWAITING_DECISION}),
            MeldingState.DECIDED, CASE_ROLES,
            "wie in de regio besluit: de consulent, of de centrale toegang onder mandaat",
            _decides, "U kunt hier niet besluiten.",
        ),
        Transition(
            "withdraw", "Melding intrekken", OPEN_MELDING, MeldingState.WITHDRAWN, CASE_ROLES,
            HANDLER, _handles, "Alleen de toegang die de melding behandelt, kan haar intrekken.",
        ),
    )
}


def _melding_state_problem(name: str, state: MeldingState, has_toets: bool) -> list[str]:
    if state in (MeldingState.DECIDED, MeldingState.WITHDRAWN):
        return [f"Deze melding is {state.label.lower()}: er kan niets meer aan worden "
                "gewijzigd."]
    if name != "decide" or state == MeldingState.AWAITING_DECISION:
        return []
    problems = []
    if not has_toets:
        problems.append("Doe eerst de toegangstoets: de beschikking verwijst naar de gebruikte "
                        "toets.")
    if state == MeldingState.REPORTED:
        problems.append("Leg eerst de datum van de aanvraag vast op de melding.")
    return problems


def melding_refusals(
    name: str, user: User, melding: Melding, *, has_toets: bool | None = None
) -> list[str]:
    """Why `user` may not take step `name` on this melding now, in Dutch; empty when allowed."""
    if has_toets is None:
        has_toets = melding.toetsen.exists()
    state = melding_state(melding, has_toets=has_toets)
    state_problems = _melding_state_problem(name, state, has_toets)
    problems = refusals(
        MELDING_TRANSITIONS, dict(MeldingState.choices), state, name, user, melding,
        state_problem=" ".join(state_problems),
    )
    if state_problems and state not in MELDING_TRANSITIONS[name].sources:
        problems[0:1] = state_problems
    if (name == "decide" and user.is_authenticated and user.role in CASE_ROLES
            and not _decides(user, melding)):
        problems[-1] = (f"U kunt hier niet besluiten: in deze regio besluit "
                        f"{permissions.who_decides(melding)}.")
    return problems


def melding_may(name: str, user: User, melding: Melding, *, has_toets: bool | None = None) -> bool:
    return not melding_refusals(name, user, melding, has_toets=has_toets)


def melding_check(name: str, user: User, melding: Melding) -> None:
    """Raise `WorkflowError` when `user` may not take step `name` on this melding now."""
    if problems := melding_refusals(name, user, melding):
        raise WorkflowError(*problems)


def who_handles(melding: Melding) -> str:
    region = melding.municipality.region
    if region is not None and (melding.track == Track.MO
                               or region.decision_maker == DecisionMaker.REGIONAL):
        return f"de consulent van {melding.municipality} of de centrale toegang van {region}"
    return f"de Wmo-consulent van {melding.municipality}"


def may_place_crisis(user: User, melding: Melding) -> bool:
    """Crisisopvang / spoedopvang at once (Wmo 2.3.3) on an open melding: the handling access, or
    the central access of the region (the crisis and MO intake point, seed 004 §8) when the
    client is in its scope (`bwmo.scoping`: MO, mandate, or an advice request)."""
    from bwmo.scoping import clients_for

    if melding_state(melding) not in OPEN_MELDING:
        return False
    if permissions.may_handle(user, melding):
        return True
    organisation = user.organisation if user.is_authenticated else None
    return (user.role == Role.CT_ADVISEUR and organisation is not None
            and organisation.region_id == melding.municipality.region_id
            and clients_for(user).filter(pk=melding.client_id).exists())


def _adult_on(melding: Melding) -> date | None:
    from .decision_rules import add_years

    birth = melding.client.date_of_birth
    return add_years(birth, 18) if birth is not None and melding.track == Track.BW else None


def ct_decides(melding: Melding) -> bool:
    region = melding.municipality.region
    return region is not None and region.decision_maker == DecisionMaker.REGIONAL


def _url(name: str, pk: int) -> str:
    return reverse(name, kwargs={"pk": pk})


def melding_next_step(melding: Melding, user: User) -> NextStep:
    """The next step of a melding for this user (the panel on the melding and toets pages)."""
    has_toets = melding.toetsen.exists()
    state = melding_state(melding, has_toets=has_toets)
    label = state.label
    if state == MeldingState.AWAITING_DECISION and ct_decides(melding):
        label = "Wacht op besluit centrale toegang"
    notes: list[str] = []
    if melding.advice_requests.filter(answered_on__isnull=True).exists():
        notes.append("Er is een adviesvraag aan de centrale toegang open; het advies is niet "
                     "bindend.")
    if state == MeldingState.WITHDRAWN:
        return NextStep(state, label, "Geen: de melding is ingetrokken. Bij een nieuwe hulpvraag "
                        "registreert u een nieuwe melding.", "de toegang", notes=tuple(notes))
    if state == MeldingState.DECIDED:
        beschikking = melding.beschikkingen.order_by("-decided_on", "-id").first()
        if beschikking is None:
            return NextStep(state, label, "Geen.", "–")
        return NextStep(state, label, "Verder op de beschikking.", "zie de beschikking",
                        url=_url("journeys:beschikking-detail", beschikking.pk),
                        url_label="Naar de beschikking", always_link=True)
    if (melding.created_by is not None and melding.created_by.role == Role.CT_ADVISEUR
            and not permissions.may_handle(melding.created_by, melding)):
        notes.append(f"Aangemeld via de centrale toegang (aanmeldpunt) en overgedragen aan "
                     f"{who_handles(melding)}.")
    birthday = _adult_on(melding)
    if birthday is not None and birthday > timezone.localdate():
        notes.append(f"18-/18+: de cliënt wordt 18 op {nl_date(birthday)}; beschermd wonen start op "
                     "of na die dag. Zorg dat het besluit er vóór die datum is, zodat de zorg "
                     "doorloopt.")
    crisis = melding.crisis_provisions.select_related("beschikking").first()  # followups app
    if crisis is not None:
        notes.append(f"Crisisopvang loopt tot en met {nl_date(crisis.beschikking.end_date)} "
                     "(tijdelijke voorziening, Wmo artikel 2.3.3); het gewone onderzoek loopt door.")
    latest = melding.toetsen.order_by("-assessed_on", "-id").first()
    if crisis is None and latest is not None and latest.outcome == ToetsOutcome.REFER_CRISIS:
        may_crisis = may_place_crisis(user, melding)
        return NextStep(
            state, label, "Eerst crisiszorg: crisisopvang of spoedopvang regelen (Wmo artikel "
            "2.3.3), daarna het gewone onderzoek.",
            f"{who_handles(melding)}, of de centrale toegang",
            url=reverse("followups:crisis-create", kwargs={"pk": melding.pk}) if may_crisis
            else "", url_label="Crisisopvang regelen", always_link=True, waiting=not may_crisis,
            notes=tuple(notes))
    may = {name: melding_may(name, user, melding, has_toets=has_toets)
           for name in ("record_dates", "run_toets", "decide")}
    if state == MeldingState.REPORTED:
        step = "Datum van de aanvraag vastleggen"
        if not has_toets:
            step += " en de toegangstoets doen"
        return NextStep(state, label, step + ".", who_handles(melding),
                        url=_url("journeys:melding-dates", melding.pk) if may["record_dates"]
                        else "", url_label="Datum aanvraag vastleggen",
                        waiting=not may["record_dates"], notes=tuple(notes))
    if state == MeldingState.INVESTIGATING:
        return NextStep(state, label, "Toegangstoets doen.", who_handles(melding),
                        url=_url("journeys:toets-create", melding.pk) if may["run_toets"] else "",
                        url_label="Toegangstoets doen", waiting=not may["run_toets"],
                        notes=tuple(notes))
    if may["decide"]:
        return NextStep(state, label, "Beschikking vastleggen.", permissions.who_decides(melding),
                        url=_url("journeys:beschikking-create", melding.pk),
                        url_label="Beschikking vastleggen", notes=tuple(notes))
    if ct_decides(melding):
        step = "Wacht op besluit centrale toegang."
    else:
        step = "Wacht op de beschikking."
    return NextStep(state, label, step, permissions.who_decides(melding), waiting=True,
                    notes=tuple(notes))


# What a toets outcome leads to (the toets result page): the beschikking to record and the
# follow-up outside bwmo, so a refusing outcome never ends the case.
TOETS_FOLLOW_UP: dict[str, str] = {
    ToetsOutcome.ELIGIBLE: "Leg de beschikking vast (toekenning); daarna plaatsen of op de "
                           "wachtlijst.",
    ToetsOutcome.NOT_ELIGIBLE: "Leg een afwijzende beschikking vast met de motivering; de "
                               "cliënt kan daartegen bezwaar maken. Bespreek welke andere "
                               "ondersteuning past.",
    ToetsOutcome.REFER_CRISIS: "Eerst crisiszorg: regel crisisopvang of spoedopvang (Wmo "
                               "artikel 2.3.3) en doe daarna het gewone onderzoek.",
    ToetsOutcome.REFER_WLZ: "Leg de beschikking 'Verwezen naar Wlz (CIZ)' vast; de cliënt "
                            "vraagt een Wlz-indicatie aan bij het CIZ.",
    ToetsOutcome.REFER_ZVW: "Verwijs naar behandeling via de Zorgverzekeringswet (huisarts, "
                            "GGZ) en leg de beschikking 'Geen BW: andere ondersteuning' vast.",
    ToetsOutcome.AMBULANT: "Leg de beschikking 'Geen BW: andere ondersteuning' vast en zet "
                           "ambulante Wmo-ondersteuning in.",
    ToetsOutcome.INCOMPLETE: "Vul de ontbrekende gegevens aan en doe de toets opnieuw.",
}


# --------------------------------------------------------------------------------------------
# Beschikking
# --------------------------------------------------------------------------------------------


class BeschikkingState(models.TextChoices):
    GRANTED = "granted", "Toegekend, nog niet geplaatst"
    IN_CARE = "in_care", "Toegekend, in zorg"
    EXPIRED = "expired", "Verlopen"
    REFUSED = "refused", "Niet toegekend"


def beschikking_state(
    beschikking: Beschikking, today: date, *, in_care: bool | None = None
) -> BeschikkingState:
    if beschikking.outcome != BeschikkingOutcome.GRANTED:
        return BeschikkingState.REFUSED
    if beschikking.end_date is not None and beschikking.end_date < today:
        return BeschikkingState.EXPIRED
    if in_care is None:
        in_care = beschikking.placements.filter(end_date__isnull=True).exists()
    return BeschikkingState.IN_CARE if in_care else BeschikkingState.GRANTED


def _sees_case(user: User, obj: object) -> bool:
    from bwmo.scoping import clients_for

    assert isinstance(obj, Beschikking)
    return clients_for(user).filter(pk=obj.client_id).exists()


def _places(user: User, obj: object) -> bool:
    assert isinstance(obj, Beschikking)
    if user.role == Role.ZORGAANBIEDER:
        organisation = user.organisation
        provider_id = organisation.provider_id if organisation is not None else None
        if obj.provider_id not in (None, provider_id):
            return False
    return _sees_case(user, obj)


BESCHIKKING_TRANSITIONS: dict[str, Transition] = {
    t.name: t for t in (
        Transition(
            "place", "Plaatsen", frozenset({BeschikkingState.GRANTED}), BeschikkingState.IN_CARE,
            PLACING_ROLES, "de toegang of de zorgaanbieder", _places,
            "U mag deze cliënt niet plaatsen.",
        ),
        Transition(
            "waiting_list_add", "Op de wachtlijst zetten", frozenset({BeschikkingState.GRANTED}),
            BeschikkingState.GRANTED, CASE_ROLES, "de toegang", _sees_case,
            "Alleen de toegang van deze cliënt beheert de wachtlijst.",
        ),
        Transition(
            "print_letter", "Brief afdrukken", frozenset(BeschikkingState.values), None,
            CASE_ROLES, "de toegang", _sees_case, "U mag deze brief niet afdrukken.",
        ),
    )
}


def beschikking_refusals(name: str, user: User, beschikking: Beschikking, today: date) -> list[str]:
    """Why `user` may not take step `name` on the beschikking on day `today` (for placing: the
    first day of care); empty when allowed."""
    state = beschikking_state(beschikking, today)
    problem = ""
    if name in ("place", "waiting_list_add"):
        if state == BeschikkingState.REFUSED:
            problem = "Alleen een toegekende beschikking geeft recht op een plaats."
        elif state == BeschikkingState.EXPIRED:
            problem = (f"De startdatum ({nl_date(today)}) ligt na de einddatum van de beschikking "
                       f"({nl_date(beschikking.end_date)}); er is een nieuwe beschikking nodig "
                       "(herindicatie).")
        elif state == BeschikkingState.IN_CARE:
            current = beschikking.placements.filter(end_date__isnull=True).select_related(
                "location").first()
            where = f" bij {current.location.name} vanaf {nl_date(current.start_date)}" \
                if current is not None else ""
            problem = (f"{beschikking.client.full_name} heeft al een plaatsing{where} op deze "
                       "beschikking. Beëindig die eerst of registreer een doorstroom.")
    return refusals(BESCHIKKING_TRANSITIONS, dict(BeschikkingState.choices), state, name, user,
                    beschikking, state_problem=problem)


def beschikking_check(name: str, user: User, beschikking: Beschikking, today: date) -> None:
    if problems := beschikking_refusals(name, user, beschikking, today):
        raise WorkflowError(*problems)


BEZWAAR_WEEKS = 6  # Awb 6:7: the term to object is six weeks after the decision is sent


def beschikking_next_step(beschikking: Beschikking, user: User, today: date) -> NextStep:
    state = beschikking_state(beschikking, today)
    label = state.label
    if state == BeschikkingState.REFUSED:
        follow_ups: dict[str, str] = {
            BeschikkingOutcome.REFUSED: "Bespreek met de cliënt welke andere ondersteuning past.",
            BeschikkingOutcome.WLZ_REFERRAL: "De cliënt vraagt een Wlz-indicatie aan bij het "
                                             "CIZ; de toegang helpt daarbij.",
            BeschikkingOutcome.OTHER_SUPPORT: "Zet de andere ondersteuning in (Wmo ambulant of "
                                              "behandeling via de Zorgverzekeringswet).",
        }
        follow_up = follow_ups.get(beschikking.outcome, "")
        return NextStep(state, label, follow_up, "de toegang met de cliënt", notes=(
            f"Bezwaar maken kan tot en met {nl_date(_bezwaar_until(beschikking))} (6 weken na de "
            "datum van de beschikking).",
        ))
    if state == BeschikkingState.EXPIRED:
        return NextStep(state, label, "Is er nog zorg nodig, registreer dan een nieuwe melding "
                        "(herindicatie).", "de toegang")
    if state == BeschikkingState.IN_CARE:
        end = (f" tot en met {nl_date(beschikking.end_date)}" if beschikking.end_date
               else " voor onbepaalde tijd")
        return NextStep(state, label, f"De cliënt is in zorg{end}. Einde van de zorg of "
                        "doorstroom legt u vast bij de plaatsing.", "de toegang of de zorgaanbieder")
    may_place = not beschikking_refusals("place", user, beschikking, today)
    may_wait = not beschikking_refusals("waiting_list_add", user, beschikking, today)
    url, url_label = "", ""
    if may_place:
        url = reverse("placements:beschikking_place", kwargs={"pk": beschikking.pk})
        url_label = "Plaatsen"
    elif may_wait:
        url = reverse("placements:beschikking_waiting", kwargs={"pk": beschikking.pk})
        url_label = "Op de wachtlijst zetten"
    return NextStep(state, label, "Plaatsen bij een locatie met een vrije plaats, of op de "
                    "wachtlijst zetten.", "de toegang of de zorgaanbieder", url=url,
                    url_label=url_label, waiting=not url)


def _bezwaar_until(beschikking: Beschikking) -> date:
    from datetime import timedelta

    return beschikking.decided_on + timedelta(weeks=BEZWAAR_WEEKS)
