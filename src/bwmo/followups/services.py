"""Write use cases for the steps after the beschikking: bezwaar and voortgangsgesprek.

Like every service: all rules are checked before anything is written, in one transaction, with a
line in the client's case history and the access log. Errors are `FormErrors` (Dutch, per field).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.capacity.models import Location
from bwmo.clients.constants import EventKind
from bwmo.clients.services import client_event_add
from bwmo.core.dates import nl_date
from bwmo.journeys import workflow as workflow_journeys
from bwmo.journeys.models import Beschikking
from bwmo.journeys.services import FormErrors
from bwmo.placements.models import Placement
from bwmo.regions.models import Product
from bwmo.scoping import placements_for

from . import rules, workflow
from .constants import BezwaarOutcome, ReviewOutcome
from .models import Bezwaar, Review

MIN_TEXT = 10
Errors = list[tuple[str | None, str]]


def _purpose(user: User) -> Purpose:
    return Purpose.ADVICE if user.role == Role.CT_ADVISEUR else Purpose.CASE_WORK


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@transaction.atomic
def bezwaar_register(
    *, beschikking: Beschikking, received_on: date, grounds: str, advisory_committee: bool,
    acting_user: User, today: date,
) -> Bezwaar:
    errors: Errors = []
    if not workflow.may_register(acting_user, beschikking):
        errors.append((None, workflow.REFUSED))
    if received_on > today:
        errors.append(("received_on", "De ontvangstdatum ligt in de toekomst."))
    if received_on < beschikking.decided_on:
        errors.append(("received_on", f"De ontvangstdatum ligt vóór de datum van de beschikking "
                                      f"({nl_date(beschikking.decided_on)})."))
    if len(grounds.strip()) < MIN_TEXT:
        errors.append(("grounds", f"Vat de gronden van het bezwaar samen (minstens {MIN_TEXT} "
                                  "tekens)."))
    if beschikking.bezwaren.filter(decided_on__isnull=True).exists():
        errors.append((None, "Er loopt al een bezwaar tegen deze beschikking."))
    if errors:
        raise FormErrors(errors)
    bezwaar = Bezwaar.objects.create(
        beschikking=beschikking, received_on=received_on, grounds=grounds.strip(),
        advisory_committee=advisory_committee, registered_by=acting_user,
    )
    terms = bezwaar_terms(bezwaar)
    late = " Te laat ingediend (na de bezwaartermijn)." if terms.late else ""
    client_event_add(
        client=beschikking.client, kind=EventKind.UPDATED, occurred_on=received_on,
        actor=acting_user, data={"beschikking": beschikking.pk, "bezwaar": bezwaar.pk},
        summary=_short(f"Bezwaar ontvangen tegen de beschikking van "
                       f"{nl_date(beschikking.decided_on)}; beslissing uiterlijk "
                       f"{nl_date(terms.decision_due)}.{late}"),
    )
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=_purpose(acting_user),
                     client=beschikking.client, detail=f"Bezwaar {bezwaar.pk} geregistreerd")
    return bezwaar


def bezwaar_terms(bezwaar: Bezwaar) -> rules.BezwaarTerms:
    return rules.bezwaar_terms(
        bezwaar.beschikking.decided_on, bezwaar.received_on,
        advisory_committee=bezwaar.advisory_committee, extension_weeks=bezwaar.extension_weeks,
    )


@dataclass(frozen=True)
class BezwaarProgress:
    hearing_on: date | None
    extension_weeks: int
    extension_reason: str
    decided_on: date | None
    outcome: str
    outcome_motivation: str


@transaction.atomic
def bezwaar_update(
    *, bezwaar: Bezwaar, data: BezwaarProgress, acting_user: User, today: date
) -> Bezwaar:
    """Record the hearing, a postponement (once, at most six weeks) or the decision."""
    bezwaar = Bezwaar.objects.select_for_update(of=("self",)).select_related(
        "beschikking__melding__municipality__region", "beschikking__client"
    ).get(pk=bezwaar.pk)
    step = "decide" if data.decided_on is not None or data.outcome else "update"
    errors: Errors = [(None, m) for m in workflow.bezwaar_refusals(step, acting_user, bezwaar)]
    if errors:
        raise FormErrors(errors)
    if data.hearing_on is not None and data.hearing_on < bezwaar.received_on:
        errors.append(("hearing_on", "De hoorzitting ligt vóór de ontvangst van het bezwaar."))
    if not 0 <= data.extension_weeks <= rules.MAX_EXTENSION_WEEKS:
        errors.append(("extension_weeks", f"Verdagen kan één keer met hoogstens "
                                          f"{rules.MAX_EXTENSION_WEEKS} weken (Awb 7:10 lid 3)."))
    if bezwaar.extension_weeks and data.extension_weeks != bezwaar.extension_weeks:
        errors.append(("extension_weeks", "De beslissing is al verdaagd; verdagen kan één keer."))
    if data.extension_weeks and len(data.extension_reason.strip()) < MIN_TEXT:
        errors.append(("extension_reason", "Geef de reden van de verdaging."))
    if step == "decide":
        if data.decided_on is None:
            errors.append(("decided_on", "Vul de datum van de beslissing op bezwaar in."))
        elif data.decided_on > today:
            errors.append(("decided_on", "De datum van de beslissing ligt in de toekomst."))
        elif data.decided_on < bezwaar.received_on:
            errors.append(("decided_on", "De beslissing ligt vóór de ontvangst van het bezwaar."))
        if data.outcome not in BezwaarOutcome.values:
            errors.append(("outcome", "Kies de uitkomst van het bezwaar."))
        if len(data.outcome_motivation.strip()) < MIN_TEXT:
            errors.append(("outcome_motivation", "Motiveer de beslissing op het bezwaar."))
    if errors:
        raise FormErrors(errors)
    bezwaar.hearing_on = data.hearing_on
    bezwaar.extension_weeks = data.extension_weeks
    bezwaar.extension_reason = data.extension_reason.strip()
    bezwaar.decided_on = data.decided_on
    bezwaar.outcome = data.outcome
    bezwaar.outcome_motivation = data.outcome_motivation.strip()
    bezwaar.save()
    if step == "decide":
        assert data.decided_on is not None
        summary = (f"Beslissing op bezwaar ({nl_date(data.decided_on)}): "
                   f"{BezwaarOutcome(data.outcome).label}. {bezwaar.outcome_motivation}")
        occurred = data.decided_on
    else:
        summary = f"Bezwaar bijgewerkt; beslissing uiterlijk {nl_date(bezwaar_terms(bezwaar).decision_due)}."
        occurred = today
    client_event_add(
        client=bezwaar.beschikking.client, kind=EventKind.UPDATED, occurred_on=occurred,
        actor=acting_user, summary=_short(summary),
        data={"beschikking": bezwaar.beschikking_id, "bezwaar": bezwaar.pk},
    )
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=_purpose(acting_user),
                     client=bezwaar.beschikking.client, detail=f"Bezwaar {bezwaar.pk} bijgewerkt")
    return bezwaar


@transaction.atomic
def review_record(
    *, placement: Placement, held_on: date, outcome: str, notes: str, acting_user: User,
    today: date,
) -> Review:
    """Record a voortgangsgesprek during care."""
    errors: Errors = []
    if acting_user.role not in (Role.WMO_CONSULENT, Role.CT_ADVISEUR) or \
            not placements_for(acting_user).filter(pk=placement.pk).exists():
        errors.append((None, "Alleen de toegang van deze cliënt legt een voortgangsgesprek vast."))
    if held_on > today:
        errors.append(("held_on", "De datum van het gesprek ligt in de toekomst."))
    if held_on < placement.start_date:
        errors.append(("held_on", f"Het gesprek ligt vóór de start van de zorg "
                                  f"({nl_date(placement.start_date)})."))
    if placement.end_date is not None and held_on > placement.end_date:
        errors.append(("held_on", f"Het gesprek ligt na het einde van de zorg "
                                  f"({nl_date(placement.end_date)})."))
    if outcome not in ReviewOutcome.values:
        errors.append(("outcome", "Kies de uitkomst van het gesprek."))
    if errors:
        raise FormErrors(errors)
    review = Review.objects.create(placement=placement, held_on=held_on, outcome=outcome,
                                   notes=notes.strip(), held_by=acting_user)
    client_event_add(
        client=placement.client, kind=EventKind.UPDATED, occurred_on=held_on, actor=acting_user,
        summary=_short(f"Voortgangsgesprek: {review.get_outcome_display()}."
                       + (f" {review.notes}" if review.notes else "")),
        data={"placement": placement.pk, "review": review.pk},
    )
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=_purpose(acting_user),
                     client=placement.client, detail=f"Voortgangsgesprek {review.pk}")
    return review


@dataclass(frozen=True)
class CrisisInput:
    location: Location
    product: Product
    start_date: date
    end_date: date
    reason: str


may_place_crisis = workflow_journeys.may_place_crisis


@transaction.atomic
def crisis_place(*, melding, data: CrisisInput, acting_user: User, today: date):  # type: ignore[no-untyped-def]
    """Place the client at once in a temporary provision (Wmo 2.3.3); the melding stays open."""
    from bwmo.core.exceptions import DomainError
    from bwmo.journeys.constants import BeschikkingOutcome, Financing
    from bwmo.journeys.responsible import humanise, melding_decide
    from bwmo.journeys.services import latest_toets
    from bwmo.placements import services as placement_services
    from bwmo.regions.models import Municipality

    from .models import CrisisProvision

    errors: Errors = []
    if not may_place_crisis(acting_user, melding):
        errors.append((None, "Alleen de toegang die de melding behandelt of de centrale toegang "
                             "regelt crisisopvang, en alleen bij een open melding."))
    if data.start_date > today:
        errors.append(("start_date", "De start ligt in de toekomst: crisisopvang begint direct."))
    if data.start_date < melding.reported_on:
        errors.append(("start_date", f"De start ligt vóór de melding "
                                     f"({nl_date(melding.reported_on)})."))
    if data.end_date < data.start_date:
        errors.append(("end_date", "De einddatum ligt vóór de start."))
    if len(data.reason.strip()) < MIN_TEXT:
        errors.append(("reason", "Beschrijf waarom het spoedeisend is (minstens 10 tekens)."))
    decision = None
    try:
        decision = melding_decide(melding)
    except DomainError as exc:
        errors.extend((None, m) for m in exc.messages)
    responsible = (Municipality.objects.filter(code=decision.responsible).first()
                   if decision is not None else None)
    if decision is not None and responsible is None:
        errors.append((None, f"De verantwoordelijke gemeente {decision.responsible} is niet "
                             "bekend in bwmo."))
    if errors:
        raise FormErrors(errors)
    assert decision is not None and responsible is not None
    region = melding.municipality.region
    beschikking = Beschikking.objects.create(
        melding=melding, client=melding.client, outcome=BeschikkingOutcome.GRANTED,
        product=data.product, financing=Financing.ZIN, provider=data.location.provider,
        start_date=data.start_date, end_date=data.end_date, decided_on=today,
        motivation=_short("Tijdelijke maatwerkvoorziening in een spoedeisend geval (Wmo 2015 "
                          f"artikel 2.3.3), in afwachting van het onderzoek. {data.reason}", 2000),
        responsible_municipality=responsible, decided_by=acting_user, toets=latest_toets(melding),
        decision_maker=region.decision_maker if region else "",
        client_status=decision.client_status.value, responsibility_rule=decision.rule.value,
        responsibility_explanation=humanise(decision.explanation),
        responsibility_facts=dict(decision.facts),
    )
    provision = CrisisProvision.objects.create(melding=melding, beschikking=beschikking,
                                               reason=data.reason.strip(), created_by=acting_user)
    try:
        placement_services.placement_start(beschikking=beschikking, location=data.location,
                                           start_date=data.start_date, acting_user=acting_user)
    except DomainError as exc:
        raise FormErrors([(exc.field, m) for m in exc.messages]) from exc
    client_event_add(
        client=melding.client, kind=EventKind.BESCHIKKING, occurred_on=data.start_date,
        actor=acting_user, data={"melding": melding.pk, "beschikking": beschikking.pk,
                                 "crisis": provision.pk},
        summary=_short(f"Crisisopvang (Wmo 2.3.3) bij {data.location} voor {data.product}, "
                       f"{nl_date(data.start_date)} t/m {nl_date(data.end_date)}; het gewone "
                       f"onderzoek loopt door. {data.reason.strip()}"),
    )
    return provision
