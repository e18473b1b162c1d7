"""Write use cases of outflow and housing (DOMAIN §6, issue 10).

The journey: the provider registers an uitstromer on a placement (`uitstromer_register`); a
housing association offers dwellings (`offer_create`) under its contingents (`contingent_save`);
the regional transfer point runs the matching (`matching_run`), which stores one explained
proposal per match; the uitstroomtafel confirms or rejects each (`proposal_committee_decide`);
only confirmed proposals reach the association, which accepts or declines (`proposal_association_decide`);
the provider registers the outflow on the placement (`outflow_register`, through
`placements.services.placement_end`), which starts the aftercare (strippenkaart, checks, the
omklapwoning's flip).

Never double-assigned: a matching run locks the region row first, so two runs of one region
queue; the second builds its problem without the dwellings and people the first one proposed.
Partial unique indexes (one holding proposal per dwelling and per person) back this up. Every
decision locks its proposal row. A withdrawn offer voids its open proposal with the reason.

Every service checks every rule before writing (nothing half-saved) and writes the access log
for the client it touches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.http import HttpRequest

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.capacity import rules as capacity_rules
from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError
from bwmo.journeys.services import FormErrors
from bwmo.placements import services as placement_services
from bwmo.placements.constants import OutflowDestination
from bwmo.placements.models import Placement
from bwmo.regions.models import HousingAssociation, Municipality, Region
from bwmo.scoping import placements_for

from . import matching, rules, selectors
from .constants import (
    OPEN_STATUSES,
    CheckMoment,
    CheckOutcome,
    IncomeClass,
    Need,
    OfferStatus,
    ProposalStatus,
    UitstromerStatus,
)
from .models import (
    Aftercare,
    AftercareCheck,
    AftercareContact,
    Contingent,
    DwellingOffer,
    MatchingRun,
    Neighbourhood,
    Proposal,
    Uitstromer,
)

PURPOSE = Purpose.PLACEMENT  # outflow is the end of the placement (detail says which step)
MAX_TEXT = 500


def _plausible(day: date | None, what: str, name: str, errors: list[tuple[str | None, str]]) -> None:
    if day is not None and capacity_rules.date_out_of_range(day):
        errors.append((name, f"{what} moet tussen {nl_date(capacity_rules.EARLIEST_DATE)} en "
                             f"{nl_date(capacity_rules.LATEST_DATE)} liggen."))


def _log(user: User, client, action: AccessAction, detail: str,  # type: ignore[no-untyped-def]
         request: HttpRequest | None) -> None:
    access_log_write(user=user, action=action, purpose=PURPOSE, client=client, request=request,
                     detail=detail)


# --- uitstromers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UitstromerData:
    ready_on: date
    household_size: int
    support_after: str
    max_rent: Decimal | None = None
    income_class: str = ""
    preferred: tuple[Municipality, ...] = ()
    only_preferred: bool = False
    needs: tuple[str, ...] = ()
    registered_woningzoekende_on: date | None = None


@transaction.atomic
def uitstromer_register(
    *, placement: Placement, data: UitstromerData, acting_user: User, today: date,
    request: HttpRequest | None = None,
) -> Uitstromer:
    """The provider registers that the client of `placement` is ready to move to a dwelling."""
    if not selectors.is_provider(acting_user) or not placements_for(acting_user).filter(
            pk=placement.pk).exists():
        raise FormErrors([(None, "Alleen de zorgaanbieder van deze plaatsing meldt een uitstromer aan.")])
    placement = Placement.objects.select_for_update(of=("self",)).select_related("client").get(
        pk=placement.pk)
    errors: list[tuple[str | None, str]] = []
    if placement.end_date is not None:
        errors.append((None, "Deze plaatsing is beëindigd."))
    if Uitstromer.objects.filter(placement=placement).exists():
        errors.append((None, "Voor deze plaatsing is al een uitstromer aangemeld."))
    _plausible(data.ready_on, "De datum klaar voor uitstroom", "ready_on", errors)
    if not 1 <= data.household_size <= rules.MAX_HOUSEHOLD:
        errors.append(("household_size", f"De huishoudgrootte ligt tussen 1 en {rules.MAX_HOUSEHOLD}."))
    if data.max_rent is None and not data.income_class:
        errors.append(("max_rent", "Vul de maximale huur in of kies een inkomensklasse."))
    if data.max_rent is not None and not Decimal("0") <= data.max_rent <= rules.MAX_RENT:
        errors.append(("max_rent", f"De maximale huur ligt tussen € 0 en {matching.money(rules.MAX_RENT)}."))
    if data.income_class and data.income_class not in IncomeClass.values:
        errors.append(("income_class", "Kies een inkomensklasse uit de lijst."))
    unknown = set(data.needs) - set(Need.values)
    if unknown:
        errors.append(("needs", f"Onbekende woonwens: {', '.join(sorted(unknown))}."))
    if not data.support_after.strip():
        errors.append(("support_after", "Beschrijf de ondersteuning na uitstroom."))
    elif len(data.support_after) > 300:
        errors.append(("support_after", "De ondersteuning na uitstroom is te lang (ten hoogste 300 tekens)."))
    origin = placement.client.origin_municipality or placement.responsible_municipality
    preferred = list(data.preferred) or [origin]
    w = data.registered_woningzoekende_on
    _plausible(w, "De inschrijfdatum als woningzoekende", "registered_woningzoekende_on", errors)
    if w is not None and w > today:
        errors.append(("registered_woningzoekende_on", "De inschrijfdatum ligt in de toekomst."))
    if errors:
        raise FormErrors(errors)
    if w is not None and w != placement.registered_woningzoekende_on:
        placement_services.placement_housing_update(
            placement=placement, perspective_independent=True, registered_woningzoekende_on=w,
            acting_user=acting_user, today=today, request=request,
        )
    uitstromer = Uitstromer.objects.create(
        placement=placement, ready_on=data.ready_on, household_size=data.household_size,
        max_rent=data.max_rent, income_class=data.income_class, only_preferred=data.only_preferred,
        needs=sorted(set(data.needs)), support_after=data.support_after.strip(),
        registered_by=acting_user,
    )
    uitstromer.preferred_municipalities.set(preferred)
    _log(acting_user, placement.client, AccessAction.CREATE, "Uitstromer aangemeld", request)
    return uitstromer


@transaction.atomic
def uitstromer_withdraw(*, uitstromer: Uitstromer, reason: str, acting_user: User, today: date,
                        request: HttpRequest | None = None) -> Uitstromer:
    """The provider withdraws an uitstromer (no longer ready, other housing found); an open
    proposal is voided with the reason and its dwelling is offered again."""
    if not selectors.is_provider(acting_user) or not selectors.uitstromers_for(acting_user).filter(
            pk=uitstromer.pk).exists():
        raise FormErrors([(None, "Alleen de zorgaanbieder van deze plaatsing trekt de aanmelding in.")])
    errors: list[tuple[str | None, str]] = []
    open_ = list(Proposal.objects.filter(uitstromer=uitstromer, status__in=OPEN_STATUSES))
    proposals = [_locked(p) for p in open_]
    uitstromer = Uitstromer.objects.select_for_update(of=("self",)).select_related(
        "placement__client").get(pk=uitstromer.pk)
    if uitstromer.status in (UitstromerStatus.HOUSED, UitstromerStatus.WITHDRAWN):
        errors.append((None, f"Deze uitstromer is al {uitstromer.get_status_display().lower()}."))
    if not reason.strip():
        errors.append(("reason", "Geef de reden van de intrekking."))
    elif len(reason) > 300:
        errors.append(("reason", "De reden is te lang (ten hoogste 300 tekens)."))
    if errors:
        raise FormErrors(errors)
    for proposal in proposals:
        if proposal.status not in OPEN_STATUSES:
            continue
        proposal.status, proposal.step_since = ProposalStatus.VOIDED, today
        proposal.voided_reason = f"Aanmelding ingetrokken door de zorgaanbieder op {nl_date(today)}: {reason.strip()}"
        proposal.save(update_fields=["status", "voided_reason", "step_since", "updated_at"])
        DwellingOffer.objects.filter(pk=proposal.dwelling_id, status=OfferStatus.PROPOSED).update(
            status=OfferStatus.AVAILABLE)
    uitstromer.status, uitstromer.withdrawn_reason = UitstromerStatus.WITHDRAWN, reason.strip()
    uitstromer.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    _log(acting_user, uitstromer.placement.client, AccessAction.UPDATE, "Uitstromer ingetrokken", request)
    return uitstromer


# --- offers and contingents --------------------------------------------------------------------


@dataclass(frozen=True)
class OfferData:
    neighbourhood: Neighbourhood
    address: str
    rooms: int
    max_household: int
    rent: Decimal
    available_on: date
    features: tuple[str, ...] = ()
    is_omklapwoning: bool = False


def parse_amount(text: str) -> Decimal | None:
    """A rent as typed in Dutch (`650,50`, `€ 1.250`) or None when it is no amount."""
    cleaned = text.replace("€", "").replace(" ", "").strip()
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


@transaction.atomic
def offer_create(*, data: OfferData, acting_user: User, today: date) -> DwellingOffer:
    association = selectors.association_of(acting_user)
    if association is None:
        raise FormErrors([(None, "Alleen een woningcorporatie biedt woningen aan.")])
    errors: list[tuple[str | None, str]] = []
    if not selectors.neighbourhoods_for(acting_user).filter(pk=data.neighbourhood.pk).exists():
        errors.append(("neighbourhood", f"{data.neighbourhood.name} ligt niet in het werkgebied van "
                                        f"{association.name}."))
    else:
        message = rules.neighbourhood_code_error(data.neighbourhood.code,
                                                 data.neighbourhood.municipality.code)
        if message:
            errors.append(("neighbourhood", message))
    if not data.address.strip():
        errors.append(("address", "Vul het adres van de woning in."))
    if not 1 <= data.rooms <= 12:
        errors.append(("rooms", "Het aantal kamers ligt tussen 1 en 12."))
    if not 1 <= data.max_household <= rules.MAX_HOUSEHOLD:
        errors.append(("max_household", f"De maximale huishoudgrootte ligt tussen 1 en {rules.MAX_HOUSEHOLD}."))
    if not Decimal("0") <= data.rent <= rules.MAX_RENT or data.rent != data.rent.quantize(matching.CENT):
        errors.append(("rent", f"De huur is een bedrag tussen € 0 en {matching.money(rules.MAX_RENT)}, in hele centen."))
    unknown = set(data.features) - set(Need.values)
    if unknown:
        errors.append(("features", f"Onbekend kenmerk: {', '.join(sorted(unknown))}."))
    _plausible(data.available_on, "De beschikbaarheidsdatum", "available_on", errors)
    if data.available_on < today - timedelta(days=365):
        errors.append(("available_on", "De beschikbaarheidsdatum ligt meer dan een jaar terug."))
    if errors:
        raise FormErrors(errors)
    return DwellingOffer.objects.create(
        association=association, neighbourhood=data.neighbourhood, address=data.address.strip(),
        rooms=data.rooms, max_household=data.max_household, rent=data.rent,
        features=sorted(set(data.features)), available_on=data.available_on,
        is_omklapwoning=data.is_omklapwoning, offered_by=acting_user,
    )


def _release(proposal: Proposal) -> None:
    """A proposal that ended without a move frees the person and the dwelling."""
    Uitstromer.objects.filter(pk=proposal.uitstromer_id, status=UitstromerStatus.PROPOSED).update(
        status=UitstromerStatus.WAITING)
    DwellingOffer.objects.filter(pk=proposal.dwelling_id, status=OfferStatus.PROPOSED).update(
        status=OfferStatus.AVAILABLE)


@transaction.atomic
def offer_withdraw(*, offer: DwellingOffer, reason: str, acting_user: User, today: date) -> DwellingOffer:
    """The association withdraws an offer; an open proposal for it is voided with the reason."""
    association = selectors.association_of(acting_user)
    offer = DwellingOffer.objects.select_for_update().get(pk=offer.pk)
    if association is None or offer.association_id != association.pk:
        raise FormErrors([(None, "U kunt alleen uw eigen aanbod intrekken.")])
    errors: list[tuple[str | None, str]] = []
    if offer.status in (OfferStatus.LET, OfferStatus.WITHDRAWN):
        errors.append((None, f"Deze woning is al {offer.get_status_display().lower()}."))
    if not reason.strip():
        errors.append(("reason", "Geef de reden van de intrekking."))
    elif len(reason) > 300:
        errors.append(("reason", "De reden is te lang (ten hoogste 300 tekens)."))
    if errors:
        raise FormErrors(errors)
    for proposal in Proposal.objects.select_for_update().filter(dwelling=offer, status__in=OPEN_STATUSES):
        proposal.status = ProposalStatus.VOIDED
        proposal.voided_reason = f"Woning ingetrokken door {association.name} op {nl_date(today)}: {reason.strip()}"
        proposal.step_since = today
        proposal.save(update_fields=["status", "voided_reason", "step_since", "updated_at"])
        Uitstromer.objects.filter(pk=proposal.uitstromer_id).update(status=UitstromerStatus.WAITING)
    offer.status = OfferStatus.WITHDRAWN
    offer.withdrawn_reason = reason.strip()
    offer.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    return offer


@transaction.atomic
def contingent_save(
    *, association: HousingAssociation, municipality: Municipality, year: int, agreed: int,
    agreement: str, acting_user: User,
) -> Contingent:
    """The transfer point records (or changes) a contingent of the prestatieafspraken."""
    if not selectors.is_transfer_point(acting_user):
        raise FormErrors([(None, "Alleen het transferpunt legt contingenten vast.")])
    region = selectors.region_of(acting_user)
    errors: list[tuple[str | None, str]] = []
    if municipality.region_id != region.pk:
        errors.append(("municipality", f"{municipality.name} hoort niet bij regio {region}."))
    if not 2000 <= year <= 2100:
        errors.append(("year", "Kies een jaar tussen 2000 en 2100."))
    if not 0 <= agreed <= 100_000:
        errors.append(("agreed", "Het aantal woningen ligt tussen 0 en 100.000."))
    existing = Contingent.objects.select_for_update().filter(
        association=association, municipality=municipality, year=year).first()
    if existing is not None and agreed < selectors.contingent_used(existing):
        errors.append(("agreed", f"Er zijn dit jaar al {selectors.contingent_used(existing)} woningen "
                                 "uit dit contingent voorgesteld of verhuurd."))
    if errors:
        raise FormErrors(errors)
    if existing is None:
        return Contingent.objects.create(association=association, municipality=municipality,
                                         year=year, agreed=agreed, agreement=agreement.strip())
    existing.agreed, existing.agreement = agreed, agreement.strip()
    existing.save(update_fields=["agreed", "agreement", "updated_at"])
    return existing


# --- matching ----------------------------------------------------------------------------------


@dataclass
class BuiltProblem:
    problem: matching.Problem
    uitstromers: dict[str, Uitstromer] = field(default_factory=dict)
    dwellings: dict[str, DwellingOffer] = field(default_factory=dict)


def waiting_days(uitstromer: Uitstromer, today: date) -> int:
    """Days since registration as woningzoekende (else since ready for outflow)."""
    since = uitstromer.placement.registered_woningzoekende_on or uitstromer.ready_on
    return min(matching.MAX_WAITING_DAYS, max(0, (today - since).days))


def build_problem(region: Region, today: date) -> BuiltProblem:
    """The engine's problem from the database: waiting uitstromers of the region that are ready,
    available offers, what is left of this year's draagkracht and contingents."""
    settings = selectors.settings_for(region)
    people = (Uitstromer.objects.filter(
        selectors.in_region(region.pk),
        status=UitstromerStatus.WAITING, placement__end_date__isnull=True, ready_on__lte=today,
    ).select_related("placement").prefetch_related("preferred_municipalities").order_by("pk"))
    offers = DwellingOffer.objects.filter(
        neighbourhood__municipality__region=region, status=OfferStatus.AVAILABLE,
    ).select_related("neighbourhood__municipality", "association").order_by("pk")
    built = BuiltProblem(problem=matching.Problem(uitstromers=(), dwellings=()))
    persons = []
    for u in people:
        limit = u.rent_limit
        if limit is None:
            continue
        key = f"U{u.pk}"
        built.uitstromers[key] = u
        persons.append(matching.Uitstromer(
            id=key, household_size=u.household_size, max_rent=limit,
            preferred=tuple(m.code for m in u.preferred_municipalities.all()),
            only_preferred=u.only_preferred, needs=frozenset(u.needs),
            waiting_days=waiting_days(u, today),
        ))
    dwellings = []
    neighbourhoods: dict[str, Neighbourhood] = {}
    for o in offers:
        key = f"W{o.pk}"
        built.dwellings[key] = o
        neighbourhoods[o.neighbourhood.code] = o.neighbourhood
        dwellings.append(matching.Dwelling(
            id=key, municipality=o.neighbourhood.municipality.code, neighbourhood=o.neighbourhood.code,
            association=o.association.name, max_household=o.max_household, rent=o.rent,
            features=frozenset(o.features),
        ))
    caps: dict[str, int] = {}
    for code, n in neighbourhoods.items():
        cap = rules.remaining(rules.neighbourhood_cap(settings.criteria, n.dwellings),
                              selectors.neighbourhood_used(n, today.year))
        if cap is not None:
            caps[code] = cap
    contingents = tuple(
        matching.Contingent(association=c.association.name, municipality=c.municipality.code,
                            remaining=max(0, c.agreed - selectors.contingent_used(c)))
        for c in Contingent.objects.filter(year=today.year, municipality__region=region)
        .select_related("municipality", "association")
    )
    built.problem = matching.Problem(uitstromers=tuple(persons), dwellings=tuple(dwellings),
                                     neighbourhood_caps=caps, contingents=contingents)
    return built


_MUNICIPALITY_CODE = re.compile(r"\bGM\d{4}\b")
_NEIGHBOURHOOD_CODE = re.compile(r"\bBU\d{8}\b")
_NEED_CODE = re.compile(r"\b(" + "|".join(Need.values) + r")\b")
_DWELLING_KEY = re.compile(r"\bW\d+\b")


def _readable(text: str, built: BuiltProblem) -> str:
    """The engine speaks in ids and codes; the screen names the dwelling, municipality, buurt
    and needs (associations are passed to the engine by their unique name already)."""
    municipalities = dict(Municipality.objects.values_list("code", "name"))
    labels = dict(Need.choices)
    hoods = {o.neighbourhood.code: o.neighbourhood.name for o in built.dwellings.values()}
    text = _DWELLING_KEY.sub(
        lambda m: built.dwellings[m[0]].address if m[0] in built.dwellings else m[0], text)
    text = _MUNICIPALITY_CODE.sub(lambda m: municipalities.get(m[0], m[0]), text)
    text = _NEIGHBOURHOOD_CODE.sub(lambda m: f"{hoods[m[0]]} ({m[0]})" if m[0] in hoods else m[0], text)
    return _NEED_CODE.sub(lambda m: labels[m[0]].lower(), text)


@transaction.atomic
def matching_run(*, region: Region, acting_user: User, today: date,
                 time_limit: float = 30.0,
                 progress: Callable[[int, int, str], None] | None = None) -> MatchingRun:
    """Run the engine for the region and store its proposals (each with its explanation).
    `progress(done, total, step)`, if given, hears each step (a background job's progress bar)."""
    report = progress or (lambda done, total, step: None)
    if not selectors.is_transfer_point(acting_user) or selectors.region_of(acting_user).pk != region.pk:
        raise FormErrors([(None, "Alleen het transferpunt van de regio voert de matching uit.")])
    Region.objects.select_for_update().get(pk=region.pk)  # one run per region at a time
    # then the offers it may use, in id order: a withdrawal that committed meanwhile drops out
    list(DwellingOffer.objects.select_for_update(of=("self",)).filter(
        neighbourhood__municipality__region=region, status=OfferStatus.AVAILABLE,
    ).order_by("pk").values_list("pk", flat=True))
    report(0, 1, "Uitstromers en woningen verzamelen")
    built = build_problem(region, today)
    report(0, 1, f"Matching rekent: {len(built.problem.uitstromers)} uitstromers, "
                 f"{len(built.problem.dwellings)} woningen")
    result = matching.solve(built.problem, time_limit=time_limit)
    run = MatchingRun.objects.create(
        region=region, run_by=acting_user, n_uitstromers=len(built.problem.uitstromers),
        n_dwellings=len(built.problem.dwellings), housed=result.housed,
        housed_preferred=result.housed_preferred, optimal=result.optimal, gap=result.gap,
        method=result.method, seconds=result.seconds,
        unmatched=[{"uitstromer": built.uitstromers[u.uitstromer].pk,
                    "reason": _readable(u.reason, built)} for u in result.unmatched],
    )
    total = len(result.assignments)
    for i, a in enumerate(result.assignments, start=1):
        report(i - 1, total, f"Voorstel {i} van {total} opslaan")
        uitstromer, offer = built.uitstromers[a.uitstromer], built.dwellings[a.dwelling]
        Proposal.objects.create(run=run, uitstromer=uitstromer, dwelling=offer,
                                explanation=_readable(a.explanation, built), step_since=today)
        Uitstromer.objects.filter(pk=uitstromer.pk).update(status=UitstromerStatus.PROPOSED)
        DwellingOffer.objects.filter(pk=offer.pk).update(status=OfferStatus.PROPOSED)
        _log(acting_user, uitstromer.placement.client, AccessAction.CREATE,
             f"Matchingsvoorstel: {offer.address}", None)
    return run


# --- the uitstroomtafel and the association ----------------------------------------------------


def _locked(proposal: Proposal) -> Proposal:
    """Lock in the one order every service uses: the dwelling, then its proposal (only those
    rows: `of=("self",)`, never the joined client or placement)."""
    list(DwellingOffer.objects.select_for_update().filter(pk=proposal.dwelling_id).values_list("pk"))
    return Proposal.objects.select_for_update(of=("self",)).select_related(
        "uitstromer__placement__client", "dwelling", "run").get(pk=proposal.pk)


def _reason_errors(reason: str, required: bool, name: str = "reason") -> list[tuple[str | None, str]]:
    if required and not reason.strip():
        return [(name, "Geef een reden.")]
    if len(reason) > MAX_TEXT:
        return [(name, f"De reden is te lang (ten hoogste {MAX_TEXT} tekens).")]
    return []


@transaction.atomic
def proposal_committee_decide(
    *, proposal: Proposal, confirm: bool, reason: str, acting_user: User, today: date,
    request: HttpRequest | None = None,
) -> Proposal:
    """The uitstroomtafel confirms (dwelling and support checked) or rejects a proposal."""
    if not selectors.is_transfer_point(acting_user) or not selectors.proposals_for(acting_user).filter(
            pk=proposal.pk).exists():
        raise FormErrors([(None, "Alleen de uitstroomtafel van de regio besluit over dit voorstel.")])
    proposal = _locked(proposal)
    errors = _reason_errors(reason, required=True)
    if proposal.status != ProposalStatus.PROPOSED:
        errors.insert(0, (None, f"Dit voorstel is al {proposal.get_status_display().lower()}."))
    if errors:
        raise FormErrors(errors)
    proposal.status = ProposalStatus.CONFIRMED if confirm else ProposalStatus.REJECTED
    proposal.committee_by, proposal.committee_on = acting_user, today
    proposal.committee_reason, proposal.step_since = reason.strip(), today
    proposal.save(update_fields=["status", "committee_by", "committee_on", "committee_reason",
                                 "step_since", "updated_at"])
    if not confirm:
        _release(proposal)
    _log(acting_user, proposal.uitstromer.placement.client, AccessAction.UPDATE,
         "Uitstroomtafel: " + ("bevestigd" if confirm else "afgewezen"), request)
    return proposal


@transaction.atomic
def proposal_association_decide(
    *, proposal: Proposal, accept: bool, reason: str, acting_user: User, today: date,
    request: HttpRequest | None = None,
) -> Proposal:
    """The association accepts or declines (with a reason) a proposal the committee confirmed."""
    association = selectors.association_of(acting_user)
    if association is None or not selectors.proposals_for(acting_user).filter(pk=proposal.pk).exists():
        raise FormErrors([(None, "Alleen de corporatie van deze woning besluit over dit voorstel.")])
    proposal = _locked(proposal)
    errors = _reason_errors(reason, required=not accept)
    if proposal.status != ProposalStatus.CONFIRMED:
        errors.insert(0, (None, f"Dit voorstel is al {proposal.get_status_display().lower()}."))
    if errors:
        raise FormErrors(errors)
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.association_by, proposal.association_on = acting_user, today
    proposal.association_reason, proposal.step_since = reason.strip(), today
    proposal.save(update_fields=["status", "association_by", "association_on",
                                 "association_reason", "step_since", "updated_at"])
    if not accept:
        _release(proposal)
    _log(acting_user, proposal.uitstromer.placement.client, AccessAction.UPDATE,
         "Corporatie: " + ("geaccepteerd" if accept else "afgewezen"), request)
    return proposal


# --- outflow and aftercare ---------------------------------------------------------------------


@transaction.atomic
def outflow_register(
    *, proposal: Proposal, moved_on: date, acting_user: User, today: date,
    flip_planned_on: date | None = None, request: HttpRequest | None = None,
) -> Aftercare:
    """The client moves into the accepted dwelling: the placement ends the day before with
    destination 'zelfstandige woning', and the aftercare starts."""
    if not selectors.is_provider(acting_user) or not selectors.proposals_for(acting_user).filter(
            pk=proposal.pk).exists():
        raise FormErrors([(None, "Alleen de zorgaanbieder van de plaatsing registreert de uitstroom.")])
    proposal = _locked(proposal)
    placement = proposal.uitstromer.placement
    errors: list[tuple[str | None, str]] = []
    if proposal.status != ProposalStatus.ACCEPTED:
        errors.append((None, "Alleen een voorstel dat de corporatie heeft geaccepteerd leidt tot uitstroom."))
    _plausible(moved_on, "De verhuisdatum", "moved_on", errors)
    if moved_on <= placement.start_date:
        errors.append(("moved_on", f"De verhuisdatum moet na de start van de zorg "
                                   f"({nl_date(placement.start_date)}) liggen."))
    if moved_on < proposal.dwelling.available_on:
        errors.append(("moved_on", f"De woning is pas beschikbaar per {nl_date(proposal.dwelling.available_on)}."))
    if moved_on > today + timedelta(days=1):
        errors.append(("moved_on", "Registreer de uitstroom op of na de verhuisdag."))
    if proposal.dwelling.is_omklapwoning and flip_planned_on is None:
        errors.append(("flip_planned_on", "Vul in wanneer de omklapwoning op naam van de cliënt komt."))
    if flip_planned_on is not None and flip_planned_on < moved_on:
        errors.append(("flip_planned_on", "Het omklappen ligt op of na de verhuisdatum."))
    if errors:
        raise FormErrors(errors)
    try:
        placement_services.placement_end(
            placement=placement, end_date=moved_on - timedelta(days=1),
            destination=OutflowDestination.INDEPENDENT_HOUSING, acting_user=acting_user,
            request=request,
        )
    except DomainError as exc:
        raise FormErrors([(exc.field, m) for m in exc.messages]) from exc
    proposal.status, proposal.step_since = ProposalStatus.HOUSED, today
    proposal.save(update_fields=["status", "step_since", "updated_at"])
    Uitstromer.objects.filter(pk=proposal.uitstromer_id).update(status=UitstromerStatus.HOUSED)
    DwellingOffer.objects.filter(pk=proposal.dwelling_id).update(status=OfferStatus.LET)
    settings = selectors.settings_for(proposal.run.region)
    aftercare = Aftercare.objects.create(
        proposal=proposal, placement=placement, outflow_on=moved_on,
        contacts_total=settings.strippenkaart_contacts,
        flip_planned_on=flip_planned_on if proposal.dwelling.is_omklapwoning else None,
    )
    _log(acting_user, placement.client, AccessAction.CREATE, "Uitstroom en nazorg geregistreerd", request)
    return aftercare


def _ensure_aftercare_worker(user: User, aftercare: Aftercare) -> None:
    if not selectors.aftercare_for(user).filter(pk=aftercare.pk).exists():
        raise FormErrors([(None, "U mag de nazorg van deze cliënt niet vastleggen.")])


@transaction.atomic
def aftercare_contact_add(*, aftercare: Aftercare, on: date, note: str, acting_user: User,
                          today: date, request: HttpRequest | None = None) -> AftercareContact:
    """Use one contact of the strippenkaart."""
    _ensure_aftercare_worker(acting_user, aftercare)
    aftercare = Aftercare.objects.select_for_update(of=("self",)).select_related(
        "placement__client").get(pk=aftercare.pk)
    errors: list[tuple[str | None, str]] = []
    used = aftercare.contacts.count()
    if used >= aftercare.contacts_total:
        errors.append((None, f"De strippenkaart is op: alle {aftercare.contacts_total} contacten zijn gebruikt."))
    if on < aftercare.outflow_on or on > today:
        errors.append(("on", f"De datum ligt tussen de uitstroom ({nl_date(aftercare.outflow_on)}) en vandaag."))
    if not note.strip():
        errors.append(("note", "Vul het onderwerp van het contact in."))
    elif len(note) > 300:
        errors.append(("note", "Het onderwerp is te lang (ten hoogste 300 tekens)."))
    if errors:
        raise FormErrors(errors)
    contact = AftercareContact.objects.create(aftercare=aftercare, on=on, note=note.strip(),
                                              recorded_by=acting_user)
    _log(acting_user, aftercare.placement.client, AccessAction.CREATE, "Nazorgcontact", request)
    return contact


@transaction.atomic
def aftercare_check_record(
    *, aftercare: Aftercare, moment: int, done_on: date, outcome: str, note: str,
    acting_user: User, today: date, request: HttpRequest | None = None,
) -> AftercareCheck:
    _ensure_aftercare_worker(acting_user, aftercare)
    aftercare = Aftercare.objects.select_for_update(of=("self",)).select_related(
        "placement__client").get(pk=aftercare.pk)
    errors: list[tuple[str | None, str]] = []
    if moment not in CheckMoment.values:
        errors.append(("moment", "Kies het moment: 3, 6 of 12 maanden."))
    elif aftercare.checks.filter(moment=moment).exists():
        errors.append(("moment", f"De check na {CheckMoment(moment).label} is al vastgelegd."))
    if outcome not in CheckOutcome.values:
        errors.append(("outcome", "Kies de uitkomst."))
    if done_on < aftercare.outflow_on or done_on > today:
        errors.append(("done_on", f"De datum ligt tussen de uitstroom ({nl_date(aftercare.outflow_on)}) en vandaag."))
    if len(note) > MAX_TEXT:
        errors.append(("note", f"De toelichting is te lang (ten hoogste {MAX_TEXT} tekens)."))
    if errors:
        raise FormErrors(errors)
    check = AftercareCheck.objects.create(aftercare=aftercare, moment=moment, done_on=done_on,
                                          outcome=outcome, note=note.strip(), recorded_by=acting_user)
    _log(acting_user, aftercare.placement.client, AccessAction.CREATE,
         f"Nazorgcheck {CheckMoment(moment).label}", request)
    return check


@transaction.atomic
def flip_record(*, aftercare: Aftercare, planned_on: date | None, actual_on: date | None,
                acting_user: User, today: date, request: HttpRequest | None = None) -> Aftercare:
    """The omklapwoning: planned and actual date of the lease moving to the client's name."""
    _ensure_aftercare_worker(acting_user, aftercare)
    aftercare = Aftercare.objects.select_for_update(of=("self",)).select_related(
        "placement__client", "proposal__dwelling").get(pk=aftercare.pk)
    errors: list[tuple[str | None, str]] = []
    if not aftercare.proposal.dwelling.is_omklapwoning:
        errors.append((None, "Deze woning is geen omklapwoning."))
    if planned_on is None:
        errors.append(("flip_planned_on", "Vul de geplande datum van het omklappen in."))
    for day, name in ((planned_on, "flip_planned_on"), (actual_on, "flip_actual_on")):
        if day is not None and day < aftercare.outflow_on:
            errors.append((name, f"De datum ligt op of na de uitstroom ({nl_date(aftercare.outflow_on)})."))
    if actual_on is not None and actual_on > today:
        errors.append(("flip_actual_on", "Het omklappen ligt in de toekomst; vul dan alleen de geplande datum in."))
    if errors:
        raise FormErrors(errors)
    aftercare.flip_planned_on, aftercare.flip_actual_on = planned_on, actual_on
    aftercare.save(update_fields=["flip_planned_on", "flip_actual_on", "updated_at"])
    _log(acting_user, aftercare.placement.client, AccessAction.UPDATE, "Omklapwoning bijgewerkt", request)
    return aftercare
