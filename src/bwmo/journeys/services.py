"""Write use cases of the klantreis: melding → (advice) → toets → beschikking (DOMAIN §3.1-§3.4).

Every service checks all rules before it writes, runs in one transaction, appends to the
client's case history (`ClientEvent`) and writes the access log, so a refused action changes
nothing. Errors are `FormErrors`: Dutch messages, each with the form field it concerns.

The rules themselves live in pure modules and are only called here:
- `toets.run_toets` / `toets.check_override` — the access criteria and deciding against them;
- `decision_rules.validate_beschikking` — product, PGB, dates and duration of a beschikking;
- `deadlines.wmo_deadlines` — the Wmo terms and the order of the dates;
- `responsible.melding_decide` — the responsibility engine, fed from the database;
- `permissions` — who may register, handle, advise and decide.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.capacity.models import Provider
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client
from bwmo.clients.services import ClientData, FieldErrors, client_event_add, client_register
from bwmo.contracts import checks as contract_checks
from bwmo.core.dates import age_on, nl_date
from bwmo.core.exceptions import DomainError
from bwmo.placements.models import Placement
from bwmo.regions import catalogue
from bwmo.regions.constants import Track
from bwmo.regions.models import Municipality, Product

from . import decision_rules, permissions, workflow
from .constants import (
    BeschikkingOutcome,
    ClientStatus,
    Financing,
    HomelessnessCause,
    MeldingSource,
    MeldingStatus,
)
from .deadlines import DeadlineInputError, Suspension, wmo_deadlines
from .decision_rules import BeschikkingDraft, DeliveryForm, PgbConditions, add_years
from .models import AdviceRequest, Beschikking, Melding, Toets
from .responsible import humanise, melding_decide
from .toets import (
    ADULT_AGE,
    OverrideMotivationError,
    ToetsFacts,
    check_override,
    decides_against,
    run_toets,
)
from .toets import Outcome as ToetsOutcomeValue

MIN_QUESTION_LENGTH = 10
SUMMARY_MAX = 500


class FormErrors(DomainError):
    """One or more Dutch messages, each for a form field (``None``: the form as a whole)."""

    def __init__(self, errors: Iterable[tuple[str | None, str]]) -> None:
        self.errors = list(errors)
        super().__init__(*(message for _, message in self.errors))


def _short(text: str, limit: int = SUMMARY_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _purpose(user: User) -> Purpose:
    return Purpose.ADVICE if user.role == "ct_adviseur" else Purpose.CASE_WORK


# --------------------------------------------------------------------------------------------
# Melding
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeldingData:
    track: str
    source: str
    reported_on: date
    municipality: Municipality
    origin_municipality: Municipality | None = None
    presenting_problems: str = ""
    homelessness_cause: str = ""
    planned_start: date | None = None


def _melding_errors(
    data: MeldingData, *, birth_date: date | None, user: User, today: date
) -> list[tuple[str | None, str]]:
    errors: list[tuple[str | None, str]] = []
    if data.track not in Track.values:
        errors.append(("track", "Kies beschermd wonen (BW) of maatschappelijke opvang (MO)."))
    if data.source not in MeldingSource.values or data.source == MeldingSource.REGISTER:
        errors.append(("source", "Kies waar de melding vandaan komt."))
    if data.reported_on > today:
        errors.append(("reported_on", f"De datum van de melding ({nl_date(data.reported_on)}) "
                                      "ligt in de toekomst."))
    problem = permissions.melding_registration_problem(user, data.municipality, data.track,
                                                       data.source)
    if problem:
        errors.append(("municipality", problem))
    if data.planned_start is not None and data.planned_start < data.reported_on:
        errors.append(("planned_start", f"De beoogde startdatum ({nl_date(data.planned_start)}) "
                                        f"ligt vóór de melding ({nl_date(data.reported_on)})."))
    if data.track == Track.MO and not data.homelessness_cause:
        errors.append(("homelessness_cause", "Kies de oorzaak van de dakloosheid (bij MO "
                                             "verplicht; kies 'Anders' als die niet past)."))
    if data.homelessness_cause and data.homelessness_cause not in HomelessnessCause.values:
        errors.append(("homelessness_cause", "Kies een oorzaak uit de lijst."))
    if birth_date is not None and data.reported_on < birth_date:
        errors.append(("reported_on", f"De datum van de melding ({nl_date(data.reported_on)}) "
                                      f"ligt vóór de geboortedatum ({nl_date(birth_date)})."))
    elif (
        data.track == Track.BW
        and birth_date is not None
        and age_on(birth_date, data.reported_on) < ADULT_AGE
    ):
        birthday = add_years(birth_date, ADULT_AGE)
        if data.planned_start is None:
            errors.append(("planned_start", f"De cliënt is op de meldingsdatum nog geen "
                                            f"{ADULT_AGE}. Vul de beoogde startdatum in: op of na "
                                            f"de {ADULT_AGE}e verjaardag ({nl_date(birthday)})."))
        elif data.planned_start < birthday:
            errors.append(("planned_start", f"Beschermd wonen kan pas starten op of na de "
                                            f"{ADULT_AGE}e verjaardag ({nl_date(birthday)})."))
    return errors


def _melding_create(
    *, client: Client, data: MeldingData, acting_user: User, today: date
) -> Melding:
    melding = Melding.objects.create(
        client=client,
        track=data.track,
        source=data.source,
        reported_on=data.reported_on,
        municipality=data.municipality,
        origin_municipality=data.origin_municipality,
        presenting_problems=data.presenting_problems.strip(),
        homelessness_cause=data.homelessness_cause,
        planned_start=data.planned_start,
        created_by=acting_user,
    )
    parts = [
        f"Melding {melding.get_track_display().lower()} bij {data.municipality}",
        f"bron: {melding.get_source_display()}",
    ]
    if data.origin_municipality:
        parts.append(f"herkomst: {data.origin_municipality}")
    if data.planned_start:
        parts.append(f"beoogde start {nl_date(data.planned_start)}")
    if data.homelessness_cause:
        parts.append(f"oorzaak dakloosheid: {melding.get_homelessness_cause_display()}")
    handed_over = (acting_user.role == "ct_adviseur"
                   and not permissions.may_handle(acting_user, melding))
    if handed_over:
        parts.append(f"aangemeld via de centrale toegang en overgedragen aan "
                     f"{workflow.who_handles(melding)}")
    client_event_add(
        client=client, kind=EventKind.MELDING, occurred_on=data.reported_on, actor=acting_user,
        summary=_short(", ".join(parts) + "."),
        data={"melding": melding.pk, **({"handed_over": True} if handed_over else {})},
    )
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=_purpose(acting_user),
                     client=client, detail=f"Melding {melding.pk} geregistreerd")
    return melding


@transaction.atomic
def melding_register(
    *, client: Client, data: MeldingData, acting_user: User, today: date
) -> Melding:
    """Register a melding for an existing client (client page → "Nieuwe melding")."""
    errors = _melding_errors(data, birth_date=client.date_of_birth, user=acting_user, today=today)
    if client.merged_into_id:
        errors.append((None, "Dit dossier is samengevoegd met een ander dossier; registreer de "
                             "melding bij dat dossier."))
    if errors:
        raise FormErrors(errors)
    return _melding_create(client=client, data=data, acting_user=acting_user, today=today)


@transaction.atomic
def melding_register_with_client(
    *, client_data: ClientData, data: MeldingData, acting_user: User, today: date
) -> Melding:
    """Register a new client and their first melding together; both or neither are saved.

    The client is registered at the municipality of the melding.
    """
    errors = _melding_errors(
        data, birth_date=client_data.date_of_birth, user=acting_user, today=today
    )
    if any(field == "municipality" for field, _ in errors):
        raise FormErrors(errors)
    try:
        client = client_register(data=client_data, acting_user=acting_user, today=today,
                                 purpose=_purpose(acting_user))
    except FieldErrors as exc:
        client_errors = [
            ("municipality" if field == "registration_municipality" else field, message)
            for field, message in exc.errors.items()
        ]
        raise FormErrors([*client_errors, *errors]) from exc
    if errors:
        raise FormErrors(errors)  # rolls back the client registered above
    return _melding_create(client=client, data=data, acting_user=acting_user, today=today)


def _step_refusals(name: str, user: User, melding: Melding) -> list[tuple[str | None, str]]:
    """The workflow's refusals of step `name` (`workflow.MELDING_TRANSITIONS`) as form errors."""
    return [(None, message) for message in workflow.melding_refusals(name, user, melding)]


def _locked_open_melding(melding: Melding) -> Melding:
    locked = Melding.objects.select_for_update(of=("self",)).select_related(
        "municipality__region", "client", "origin_municipality"
    ).get(pk=melding.pk)
    if locked.status != MeldingStatus.OPEN:
        raise FormErrors([(None, f"Deze melding is {locked.get_status_display().lower()}: er "
                                 "kan niets meer aan worden gewijzigd.")])
    return locked


@transaction.atomic
def melding_record_dates(
    *, melding: Melding, aanvraag_on: date | None, investigation_completed_on: date | None,
    acting_user: User, today: date,
) -> Melding:
    """Record the date of the aanvraag and the date the investigation was completed."""
    melding = _locked_open_melding(melding)
    if refused := _step_refusals("record_dates", acting_user, melding):
        raise FormErrors(refused)
    try:
        terms = wmo_deadlines(
            melding.reported_on, aanvraag_on, investigation_completed_on, None, today,
            suspensions=tuple(Suspension(x.start, x.end) for x in melding.suspensions.all()),
            extension_days=melding.extension_days,
        )
    except DeadlineInputError as exc:
        raise FormErrors([(None, m) for m in exc.messages]) from exc
    if melding.aanvraag_on is not None and aanvraag_on is None:
        raise FormErrors([("aanvraag_on", "Een vastgelegde aanvraag kan niet worden gewist; "
                                          "corrigeer de datum.")])
    changes: list[str] = []
    if aanvraag_on != melding.aanvraag_on:
        melding.aanvraag_on = aanvraag_on
        assert aanvraag_on is not None
        client_event_add(
            client=melding.client, kind=EventKind.AANVRAAG, occurred_on=aanvraag_on,
            actor=acting_user, data={"melding": melding.pk},
            summary=f"Aanvraag {melding.get_track_display().lower()} ontvangen op "
                    f"{nl_date(aanvraag_on)}; beschikking uiterlijk "
                    f"{nl_date(terms.decision.due_date)}.",
        )
        changes.append("datum aanvraag")
    if investigation_completed_on != melding.investigation_completed_on:
        melding.investigation_completed_on = investigation_completed_on
        summary = (
            f"Onderzoek afgerond op {nl_date(investigation_completed_on)}."
            if investigation_completed_on else "Datum afronding onderzoek gewist."
        )
        client_event_add(
            client=melding.client, kind=EventKind.UPDATED, actor=acting_user,
            occurred_on=investigation_completed_on or today, summary=summary,
            data={"melding": melding.pk},
        )
        changes.append("onderzoek afgerond")
    if changes:
        melding.save(update_fields=["aanvraag_on", "investigation_completed_on", "updated_at"])
        access_log_write(user=acting_user, action=AccessAction.UPDATE,
                         purpose=_purpose(acting_user), client=melding.client,
                         detail=f"Melding {melding.pk}: " + ", ".join(changes))
    return melding


MIN_WITHDRAW_REASON_LENGTH = 10


@transaction.atomic
def melding_withdraw(*, melding: Melding, reason: str, acting_user: User, today: date) -> Melding:
    """Close an open melding without a decision, e.g. when the client withdraws the request.
    The melding leaves the worklist; its history and any advice or toets stay on record."""
    melding = _locked_open_melding(melding)
    errors = _step_refusals("withdraw", acting_user, melding)
    if len(reason.strip()) < MIN_WITHDRAW_REASON_LENGTH:
        errors.append(("reason", f"Schrijf op waarom de melding wordt ingetrokken (minstens "
                                 f"{MIN_WITHDRAW_REASON_LENGTH} tekens)."))
    if errors:
        raise FormErrors(errors)
    melding.status = MeldingStatus.WITHDRAWN
    melding.save(update_fields=["status", "updated_at"])
    client_event_add(
        client=melding.client, kind=EventKind.MELDING, occurred_on=today, actor=acting_user,
        summary=_short(f"Melding {melding.get_track_display().lower()} van "
                       f"{nl_date(melding.reported_on)} ingetrokken: {reason.strip()}"),
        data={"melding": melding.pk, "withdrawn": True},
    )
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=_purpose(acting_user),
                     client=melding.client, detail=f"Melding {melding.pk} ingetrokken")
    return melding


# --------------------------------------------------------------------------------------------
# Advice of the centrale toegang (advisory, seed 001 §2.4.4)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def advice_request(
    *, melding: Melding, question: str, acting_user: User, today: date
) -> AdviceRequest:
    melding = _locked_open_melding(melding)
    errors = _step_refusals("request_advice", acting_user, melding)
    if len(question.strip()) < MIN_QUESTION_LENGTH:
        errors.append(("question", f"Beschrijf de vraag aan de centrale toegang (minstens "
                                   f"{MIN_QUESTION_LENGTH} tekens)."))
    if errors:
        raise FormErrors(errors)
    advice = AdviceRequest.objects.create(
        melding=melding, question=question.strip(), requested_on=today, requested_by=acting_user
    )
    client_event_add(
        client=melding.client, kind=EventKind.ADVICE_REQUESTED, occurred_on=today,
        actor=acting_user, summary=_short(f"Vraag aan de centrale toegang: {advice.question}"),
        data={"melding": melding.pk, "advice": advice.pk},
    )
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=Purpose.CASE_WORK,
                     client=melding.client, detail=f"Adviesvraag {advice.pk}")
    return advice


@transaction.atomic
def advice_answer(
    *, advice: AdviceRequest, recommendation: str, reasoning: str, acting_user: User, today: date
) -> AdviceRequest:
    advice = AdviceRequest.objects.select_for_update(of=("self",)).select_related(
        "melding__municipality__region", "melding__client"
    ).get(pk=advice.pk)
    errors = _step_refusals("answer_advice", acting_user, advice.melding)
    if advice.answered_on is not None:
        errors.append((None, f"Deze adviesvraag is al beantwoord op "
                             f"{nl_date(advice.answered_on)}."))
    if not recommendation.strip():
        errors.append(("recommendation", "Vul het advies in."))
    if len(reasoning.strip()) < decision_rules.MIN_MOTIVATION_LENGTH:
        errors.append(("reasoning", f"Onderbouw het advies (minstens "
                                    f"{decision_rules.MIN_MOTIVATION_LENGTH} tekens)."))
    if advice.requested_on > today:
        errors.append((None, "De adviesvraag is gedateerd in de toekomst."))
    if errors:
        raise FormErrors(errors)
    advice.recommendation = recommendation.strip()
    advice.reasoning = reasoning.strip()
    advice.answered_on = today
    advice.answered_by = acting_user
    advice.save(update_fields=["recommendation", "reasoning", "answered_on", "answered_by",
                               "updated_at"])
    client_event_add(
        client=advice.melding.client, kind=EventKind.ADVICE_GIVEN, occurred_on=today,
        actor=acting_user,
        summary=_short(f"Advies (niet bindend): {advice.recommendation}. Onderbouwing: "
                       f"{advice.reasoning}"),
        data={"melding": advice.melding_id, "advice": advice.pk},
    )
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=Purpose.ADVICE,
                     client=advice.melding.client, detail=f"Advies gegeven op vraag {advice.pk}")
    return advice


# --------------------------------------------------------------------------------------------
# Toets (DOMAIN §3.3)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToetsAnswers:
    """What the consulent established; ``None`` = not known yet."""

    dutch_or_lawful_residence: bool | None = None
    psychiatric_problems: bool | None = None
    needs_supervision_nearby: bool | None = None
    ambulant_support_sufficient: bool | None = None
    acute_crisis: bool | None = None
    lifelong_need: bool | None = None
    primarily_treatment: bool | None = None
    homeless: bool | None = None
    cannot_cope_alone: bool | None = None


BW_ANSWERS = (
    "dutch_or_lawful_residence", "psychiatric_problems", "needs_supervision_nearby",
    "ambulant_support_sufficient", "acute_crisis", "lifelong_need", "primarily_treatment",
)
MO_ANSWERS = ("homeless", "cannot_cope_alone", "dutch_or_lawful_residence")


def _facts_json(facts: ToetsFacts) -> dict[str, Any]:
    def value(v: Any) -> Any:
        return v.isoformat() if isinstance(v, date) else v

    names = ["birth_date", "planned_start", "assessed_on"]
    names += list(BW_ANSWERS if facts.track is catalogue.Track.BW else MO_ANSWERS)
    return {"track": facts.track.value, **{n: value(getattr(facts, n)) for n in names}}


@transaction.atomic
def toets_record(
    *, melding: Melding, answers: ToetsAnswers, notes: str, acting_user: User, today: date
) -> Toets:
    """Run the toegangstoets on the facts entered and store it with every rule result."""
    melding = _locked_open_melding(melding)
    if refused := _step_refusals("run_toets", acting_user, melding):
        raise FormErrors(refused)
    track = catalogue.Track(melding.track)
    relevant = BW_ANSWERS if track is catalogue.Track.BW else MO_ANSWERS
    facts = ToetsFacts(
        track=track,
        birth_date=melding.client.date_of_birth,
        planned_start=melding.planned_start,
        assessed_on=today,
        **{name: getattr(answers, name) for name in relevant},
    )
    outcome = run_toets(facts)
    toets = Toets.objects.create(
        melding=melding,
        track=melding.track,
        assessed_on=today,
        facts=_facts_json(facts),
        outcome=outcome.outcome.value,
        explanation=outcome.explanation,
        rule_results=[
            {"rule_id": r.rule_id.value, "label": r.label, "kind": r.kind.value,
             "status": r.status.value, "status_label": r.status.label, "facts": r.facts,
             "source": r.source}
            for r in outcome.rules
        ],
        notes=notes.strip(),
        performed_by=acting_user,
    )
    client_event_add(
        client=melding.client, kind=EventKind.TOETS, occurred_on=today, actor=acting_user,
        summary=_short(f"Toegangstoets {melding.get_track_display().lower()}: {outcome.label}. "
                       f"{outcome.explanation}"),
        data={"melding": melding.pk, "toets": toets.pk, "outcome": outcome.outcome.value},
    )
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=_purpose(acting_user),
                     client=melding.client, detail=f"Toegangstoets {toets.pk}")
    return toets


# --------------------------------------------------------------------------------------------
# Beschikking (DOMAIN §3.4)
# --------------------------------------------------------------------------------------------

# decision_rules / toets field names → the beschikking form's field names
_FIELD_MAP = {
    "beschikking_date": "decided_on",
    "product_code": "product",
    "delivery_form": "financing",
    "motivation": "override_motivation",
}


@dataclass(frozen=True)
class BeschikkingInput:
    outcome: str
    decided_on: date
    product_code: str = ""
    financing: str = ""
    provider: Provider | None = None
    start_date: date | None = None
    end_date: date | None = None
    reason: str = ""
    duration_motivation: str = ""
    override_motivation: str = ""
    pgb_contracted_supply_unsuitable: bool | None = None
    pgb_budget_holder_available: bool | None = None


def latest_toets(melding: Melding) -> Toets | None:
    return melding.toetsen.order_by("-assessed_on", "-id").first()


def contracted_in(provider: Provider, region_id: int) -> bool:
    return provider.regions.filter(pk=region_id).exists()


def groepswonen_periods(client: Client) -> tuple[tuple[date, date | None], ...]:
    """The client's earlier groepswonen periods: granted beschikkingen and placements (also of
    files merged into this client), for the 2-year limit per client (seed 004 Bijlage 3)."""
    of_client = Q(client=client) | Q(client__merged_into=client)
    code = decision_rules.GROEPSWONEN_CODE
    beschikkingen = Beschikking.objects.filter(
        of_client, outcome=BeschikkingOutcome.GRANTED, product__code=code,
        start_date__isnull=False,
    ).values_list("start_date", "end_date")
    placements = Placement.objects.filter(of_client, product__code=code).values_list(
        "start_date", "end_date"
    )
    return tuple(sorted({*beschikkingen, *placements}, key=lambda p: p[0]))


def _beschikking_errors(
    melding: Melding, data: BeschikkingInput, toets: Toets | None, acting_user: User, today: date
) -> tuple[list[tuple[str | None, str]], Product | None]:
    region = melding.municipality.region
    if region is None:
        return [(None, f"{melding.municipality} hoort niet bij een BW/MO-regio.")], None
    errors: list[tuple[str | None, str]] = [(None, message) for message in workflow.melding_refusals(
        "decide", acting_user, melding, has_toets=toets is not None)]
    if data.decided_on > today:
        errors.append(("decided_on", f"De datum van de beschikking ({nl_date(data.decided_on)}) "
                                     "ligt in de toekomst."))
    try:
        outcome = decision_rules.BeschikkingOutcome(data.outcome)
    except ValueError:
        errors.append(("outcome", "Kies de uitkomst van de beschikking."))
        return errors, None
    granted = outcome is decision_rules.BeschikkingOutcome.GRANTED

    product: Product | None = None
    if data.product_code:
        product = region.products.filter(code=data.product_code, active=True).first()
        if product is not None and product.track != melding.track:
            errors.append(("product", f"Het product '{product.name}' hoort bij "
                                      f"{product.get_track_display().lower()}; deze melding gaat "
                                      f"over {melding.get_track_display().lower()}."))
    if granted and data.provider is None:
        errors.append(("provider", "Kies de zorgaanbieder."))
    if not granted and data.provider is not None:
        errors.append(("provider", f"Bij de uitkomst '{outcome.label}' hoort geen zorgaanbieder; "
                                   "laat die leeg."))
    if (
        granted and data.provider is not None and data.financing == Financing.ZIN
        and not contracted_in(data.provider, region.pk)
    ):
        errors.append(("provider", f"{data.provider} is niet gecontracteerd in {region}: zorg in "
                                   "natura kan alleen bij een gecontracteerde aanbieder."))
    delivery: DeliveryForm | None = None
    if data.financing:
        try:
            delivery = DeliveryForm(data.financing)
        except ValueError:
            errors.append(("financing", "Kies zorg in natura of pgb."))
    quality_ok, quality_reason = (
        contract_checks.pgb_quality(data.provider, region, data.start_date or data.decided_on)
        if data.provider is not None else (None, "")
    )
    pgb = PgbConditions(
        contracted_supply_unsuitable=data.pgb_contracted_supply_unsuitable,
        budget_holder_available=data.pgb_budget_holder_available,
        provider_quality_sufficient=quality_ok,
        provider_quality_reason=quality_reason,
    )
    if (
        granted and data.provider is not None and data.financing == Financing.ZIN
        and product is not None and data.start_date is not None
    ):
        refusal = contract_checks.contract_refusal(data.provider, product, data.start_date)
        if refusal:
            errors.append(("provider", refusal))
    if melding.aanvraag_on is not None:
        draft = BeschikkingDraft(
            outcome=outcome,
            aanvraag_date=melding.aanvraag_on,
            beschikking_date=data.decided_on,
            product_code=data.product_code or None,
            delivery_form=delivery,
            start_date=data.start_date,
            end_date=data.end_date,
            pgb=pgb,
            duration_motivation=data.duration_motivation,
            reason=data.reason,
            birth_date=melding.client.date_of_birth,
            earlier_groepswonen=groepswonen_periods(melding.client),
        )
        offered = set(region.products.filter(active=True).values_list("code", flat=True))
        for violation in decision_rules.validate_beschikking(draft, offered):
            field = violation.field
            errors.append((_FIELD_MAP.get(field, field) if field else None, violation.message))
    if toets is not None:
        if toets.track != melding.track:
            errors.append((None, "De toets hoort bij een ander spoor dan de melding."))
        try:
            check_override(ToetsOutcomeValue(toets.outcome), granted, data.override_motivation)
        except OverrideMotivationError as exc:
            field = _FIELD_MAP.get(exc.field or "", exc.field)
            errors.extend((field, m) for m in exc.messages)
    return errors, product


def _beschikking_summary(beschikking: Beschikking) -> str:
    parts = [beschikking.get_outcome_display()]
    if beschikking.product:
        parts.append(str(beschikking.product))
    if beschikking.financing:
        parts.append(beschikking.get_financing_display())
    if beschikking.provider:
        parts.append(str(beschikking.provider))
    if beschikking.start_date:
        end = nl_date(beschikking.end_date) if beschikking.end_date else "onbepaalde tijd"
        parts.append(f"{nl_date(beschikking.start_date)} t/m {end}")
    return ", ".join(parts) + "."


@transaction.atomic
def beschikking_register(
    *, melding: Melding, data: BeschikkingInput, acting_user: User, today: date
) -> Beschikking:
    """Decide on the aanvraag: check every rule, then store the beschikking, close the melding
    and record which municipality is responsible (engine decision, with rule and reasons)."""
    melding = _locked_open_melding(melding)
    toets = latest_toets(melding)
    errors, product = _beschikking_errors(melding, data, toets, acting_user, today)
    decision = None
    try:
        decision = melding_decide(melding)
    except DomainError as exc:
        errors.extend((None, m) for m in exc.messages)
    responsible = None
    if decision is not None:
        responsible = Municipality.objects.filter(code=decision.responsible).first()
        if responsible is None:
            errors.append((None, f"De verantwoordelijke gemeente {decision.responsible} is niet "
                                 "bekend in bwmo."))
    if errors:
        raise FormErrors(errors)
    assert decision is not None and responsible is not None and toets is not None
    granted = data.outcome == BeschikkingOutcome.GRANTED
    explanation = humanise(decision.explanation)
    region = melding.municipality.region
    assert region is not None
    beschikking = Beschikking.objects.create(
        melding=melding,
        client=melding.client,
        outcome=data.outcome,
        product=product if granted else None,
        financing=data.financing if granted else "",
        provider=data.provider if granted else None,
        start_date=data.start_date if granted else None,
        end_date=data.end_date if granted else None,
        decided_on=data.decided_on,
        motivation=data.reason.strip(),
        duration_motivation=data.duration_motivation.strip(),
        override_motivation=data.override_motivation.strip(),
        pgb_contracted_supply_unsuitable=(
            data.pgb_contracted_supply_unsuitable if data.financing == Financing.PGB else None
        ),
        pgb_budget_holder_available=(
            data.pgb_budget_holder_available if data.financing == Financing.PGB else None
        ),
        pgb_provider_quality_sufficient=(
            contract_checks.pgb_quality(
                data.provider, region, data.start_date or data.decided_on
            )[0]
            if data.financing == Financing.PGB and data.provider is not None else None
        ),
        responsible_municipality=responsible,
        decided_by=acting_user,
        toets=toets,
        decision_maker=region.decision_maker,
        client_status=decision.client_status.value,
        responsibility_rule=decision.rule.value,
        responsibility_explanation=explanation,
        responsibility_facts=dict(decision.facts),
    )
    melding.status = MeldingStatus.DECIDED
    melding.responsible_municipality = responsible
    melding.client_status = ClientStatus(decision.client_status.value)
    melding.responsibility_rule = decision.rule.value
    melding.responsibility_explanation = explanation
    melding.responsibility_facts = dict(decision.facts)
    melding.save(update_fields=[
        "status", "responsible_municipality", "client_status", "responsibility_rule",
        "responsibility_explanation", "responsibility_facts", "updated_at",
    ])
    client = melding.client
    if granted or client.responsible_municipality_id is None:
        client.responsible_municipality = responsible
        client.save(update_fields=["responsible_municipality", "updated_at"])
    event_data = {"melding": melding.pk, "beschikking": beschikking.pk, "toets": toets.pk}
    client_event_add(
        client=client, kind=EventKind.BESCHIKKING, occurred_on=data.decided_on,
        actor=acting_user, data=event_data,
        summary=_short(f"Beschikking: {_beschikking_summary(beschikking)}"
                       + (f" Motivering: {beschikking.motivation}" if beschikking.motivation
                          else "")),
    )
    if decides_against(ToetsOutcomeValue(toets.outcome), granted):
        client_event_add(
            client=client, kind=EventKind.TOETS_OVERRIDE, occurred_on=data.decided_on,
            actor=acting_user, data=event_data,
            summary=_short(f"Besloten tegen de uitkomst van de toets "
                           f"('{toets.get_outcome_display()}'). Motivering: "
                           f"{beschikking.override_motivation}"),
        )
    client_event_add(
        client=client, kind=EventKind.RESPONSIBILITY, occurred_on=data.decided_on,
        actor=acting_user,
        data={**event_data, "rule": decision.rule.value, "responsible": decision.responsible},
        summary=_short(f"Verantwoordelijk: {responsible} (regel {decision.rule.value}). "
                       f"{explanation}"),
    )
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=_purpose(acting_user),
                     client=client, detail=f"Beschikking {beschikking.pk}")
    return beschikking


@transaction.atomic
def melding_receipt_print(
    *, melding: Melding, acting_user: User, today: date, request: HttpRequest | None = None,
) -> bytes:
    """The ontvangstbevestiging of a melding as a PDF letter dated today; printing is logged and
    noted in the case history (the date it was made is the date it is sent)."""
    from .letter import receipt_pdf

    pdf = receipt_pdf(melding, sent_on=today)
    access_log_write(user=acting_user, action=AccessAction.PRINT, purpose=_purpose(acting_user),
                     client=melding.client, request=request,
                     detail=f"Ontvangstbevestiging melding {melding.pk} afgedrukt")
    client_event_add(
        client=melding.client, kind=EventKind.PRINTED, occurred_on=today, actor=acting_user,
        summary=f"Ontvangstbevestiging van de melding van {nl_date(melding.reported_on)} "
                f"afgedrukt en verstuurd op {nl_date(today)}.",
        data={"melding": melding.pk, "letter": "ontvangstbevestiging"},
    )
    return pdf


def beschikking_print(
    *, beschikking: Beschikking, acting_user: User, today: date,
    request: HttpRequest | None = None,
) -> bytes:
    """The beschikking as a PDF letter; printing is logged and noted in the case history."""
    from .letter import letter_pdf

    if refused := workflow.beschikking_refusals("print_letter", acting_user, beschikking, today):
        raise FormErrors([(None, message) for message in refused])
    pdf = letter_pdf(beschikking)
    access_log_write(user=acting_user, action=AccessAction.PRINT, purpose=_purpose(acting_user),
                     client=beschikking.client, request=request,
                     detail=f"Beschikking {beschikking.pk} afgedrukt")
    client_event_add(
        client=beschikking.client, kind=EventKind.PRINTED, occurred_on=today, actor=acting_user,
        summary=f"Beschikkingsbrief van {nl_date(beschikking.decided_on)} afgedrukt "
                f"({beschikking.get_outcome_display().lower()}).",
        data={"beschikking": beschikking.pk},
    )
    return pdf
