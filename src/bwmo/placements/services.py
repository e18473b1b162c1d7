"""Write use cases for the waiting list and placements (DOMAIN §3.5-§3.7, §5).

A granted beschikking either puts the client on the waiting list for its product
(`waiting_list_add`) or places the client directly at a location with a free place
(`placement_start`). Placing from the waiting list takes the entry off the list ("geplaatst") in the
same transaction. Care ends with an outflow destination (`placement_end`); a doorstroom to a lighter
or heavier product ends the old placement the day before the new one starts and links the two
(`placement_doorstroom`), all in one transaction.

The end date of a placement is the last day of care and counts (see `capacity.rules`).

Concurrency: two users (or API clients) taking the last free place at the same moment. Each
placement locks, in this order, the client row and then the capacity rows of the target
(location, product) (`capacity.services.lock_places`), and only then counts the occupancy and
inserts. The second transaction waits for the first to commit, then sees its placement and is
refused with `NoFreePlace`. The same lock serialises capacity changes. A partial unique index (one
open placement per client) backs up the client lock.

Every service checks every rule before writing, so refused input changes nothing; it writes the
case history (ClientEvent) and the access log.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.capacity import rules as capacity_rules
from bwmo.capacity.models import Location, PlaceCapacity
from bwmo.capacity.services import capacity_steps, lock_places, stays_from
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client
from bwmo.clients.services import client_event_add
from bwmo.contracts import checks as contract_checks
from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError
from bwmo.journeys import workflow as journey_workflow
from bwmo.journeys.constants import BeschikkingOutcome, Financing
from bwmo.journeys.models import Beschikking
from bwmo.regions.models import Product
from bwmo.scoping import clients_for, locations_for, placements_for, waiting_list_for

from . import rules, workflow
from .constants import OutflowDestination, WaitingPriority, WaitingRemovalReason
from .models import Placement, WaitingListEntry

CASE_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR})
PLACING_ROLES = CASE_ROLES | {Role.ZORGAANBIEDER}
MAX_TEXT = 300


def _step(check, *args) -> None:  # type: ignore[no-untyped-def]
    """Run a workflow check (`placements.workflow`, `journeys.workflow`) as a `DomainError`."""
    try:
        check(*args)
    except journey_workflow.WorkflowError as exc:
        raise DomainError(*exc.messages) from exc


class NoFreePlace(DomainError):
    """There is no free place for the whole period; the user may use the waiting list instead."""


def purpose_for(user: User, *, api: bool = False) -> Purpose:
    if api:
        return Purpose.API
    if user.role == Role.CT_ADVISEUR:
        return Purpose.ADVICE
    if user.role == Role.ZORGAANBIEDER:
        return Purpose.PLACEMENT
    return Purpose.CASE_WORK


# --- permission checks (defence in depth; views already fetch objects through the scope) --------


def _ensure_may_place(user: User, beschikking: Beschikking, location: Location) -> None:
    if user.role not in PLACING_ROLES:
        raise DomainError("U mag geen cliënten plaatsen.")
    if not clients_for(user).filter(pk=beschikking.client_id).exists():
        raise DomainError("U mag deze cliënt niet plaatsen.")
    if user.role == Role.ZORGAANBIEDER:
        assert user.organisation is not None
        provider_id = user.organisation.provider_id
        if location.provider_id != provider_id:
            raise DomainError("U kunt alleen plaatsen op locaties van uw eigen organisatie.")
        if beschikking.provider_id not in (None, provider_id):
            raise DomainError("Deze beschikking is afgegeven voor een andere zorgaanbieder.")
    elif not locations_for(user).filter(pk=location.pk).exists():
        raise DomainError(f"{location.name} ligt niet in uw regio.")


def _ensure_may_act_on(user: User, placement: Placement) -> None:
    if user.role not in PLACING_ROLES or not placements_for(user).filter(pk=placement.pk).exists():
        raise DomainError("U mag deze plaatsing niet wijzigen.")


def _ensure_case_worker_for(user: User, client_id: int) -> None:
    if user.role not in CASE_ROLES or not clients_for(user).filter(pk=client_id).exists():
        raise DomainError("Alleen de toegang van deze cliënt beheert de wachtlijst.")


# --- shared rules -------------------------------------------------------------------------------


def _ensure_plausible(day: date | None, what: str) -> None:
    if day is not None and capacity_rules.date_out_of_range(day):
        raise DomainError(
            f"{what} moet tussen {nl_date(capacity_rules.EARLIEST_DATE)} en "
            f"{nl_date(capacity_rules.LATEST_DATE)} liggen."
        )


def _beschikking_errors(beschikking: Beschikking, start_date: date) -> list[str]:
    if beschikking.outcome != BeschikkingOutcome.GRANTED:
        return ["Alleen een toegekende beschikking geeft recht op een plaats."]
    if beschikking.product_id is None:
        return ["De beschikking noemt geen product."]
    errors = []
    if beschikking.start_date and start_date < beschikking.start_date:
        errors.append(
            f"De startdatum ({nl_date(start_date)}) ligt vóór de ingangsdatum van de beschikking "
            f"({nl_date(beschikking.start_date)})."
        )
    if beschikking.end_date and start_date > beschikking.end_date:
        errors.append(
            f"De startdatum ({nl_date(start_date)}) ligt na de einddatum van de beschikking "
            f"({nl_date(beschikking.end_date)})."
        )
    assert beschikking.product is not None  # a granted beschikking names its product
    errors += [v.message for v in rules.placement_start_violations(
        track=beschikking.product.track, start=start_date,
        birth_date=beschikking.client.date_of_birth,
    )]
    return errors


def _location_errors(
    beschikking: Beschikking, location: Location, start_date: date | None = None
) -> list[str]:
    """Why `location` cannot take this beschikking; with `start_date` (a placement, not a waiting
    list preference) also a missing contract of the provider for the product (ZIN)."""
    errors = []
    if not location.active:
        errors.append(f"{location.name} is niet meer in gebruik.")
    if beschikking.provider_id and location.provider_id != beschikking.provider_id:
        errors.append(
            f"De beschikking is afgegeven voor {beschikking.provider}; {location.name} hoort bij "
            f"{location.provider}."
        )
    if (
        start_date is not None and beschikking.financing == Financing.ZIN
        and beschikking.product is not None
    ):
        refusal = contract_checks.contract_refusal(location.provider, beschikking.product, start_date)
        if refusal:
            errors.append(refusal)
    return errors


def _lock_client(client_id: int) -> None:
    list(Client.objects.select_for_update().filter(pk=client_id).values_list("pk", flat=True))


def _ensure_no_overlap(client: Client, start_date: date) -> None:
    current = (
        Placement.objects.filter(client=client).not_ended_before(start_date)
        .select_related("location").order_by("start_date").first()
    )
    if current is not None:
        raise DomainError(
            f"{client.full_name} heeft al een plaatsing bij {current.location.name} vanaf "
            f"{nl_date(current.start_date)}"
            + (f" tot en met {nl_date(current.end_date)}" if current.end_date else "")
            + ". Beëindig die eerst of registreer een doorstroom."
        )


def _ensure_place_free(location: Location, product: Product, start_date: date) -> None:
    """Lock the (location, product) pair, then check a place is free on every day from start."""
    lock_places(location.pk, product.pk)
    shortage = capacity_rules.first_shortage(
        capacity_steps(location.pk, product.pk), stays_from(location.pk, product.pk, start_date),
        capacity_rules.Stay(start=start_date),
    )
    if shortage is None:
        return
    if shortage.places == 0 and not PlaceCapacity.objects.filter(
        location=location, product=product
    ).exists():
        raise NoFreePlace(f"{location.name} biedt geen plaatsen voor {product}.")
    raise NoFreePlace(
        f"Er is geen vrije plaats voor {product} bij {location.name} op "
        f"{nl_date(shortage.day)}: {shortage.places} plaatsen, {shortage.occupied} bezet. "
        "Zet de cliënt op de wachtlijst of kies een andere locatie."
    )


def _create_placement(**fields: object) -> Placement:
    try:
        with transaction.atomic():
            return Placement.objects.create(**fields)
    except IntegrityError as exc:  # the unique index behind the client lock
        raise DomainError("Deze cliënt heeft al een lopende plaatsing.") from exc


def _take_off_waiting_list(
    client: Client, product: Product, placed_on: date, acting_user: User,
) -> None:
    """Remove the client's open entries for `product` with reason 'geplaatst'."""
    for entry in WaitingListEntry.objects.open().filter(client=client, product=product):
        entry.removed_on = max(entry.entered_on, placed_on)
        entry.removal_reason = WaitingRemovalReason.PLACED
        entry.save(update_fields=["removed_on", "removal_reason", "updated_at"])
        days = (entry.removed_on - entry.entered_on).days
        client_event_add(
            client=client, kind=EventKind.WAITING_LIST_REMOVED, occurred_on=entry.removed_on,
            actor=acting_user,
            summary=f"Van de wachtlijst voor {product} af: geplaatst (gewacht: "
                    f"{rules.describe_waiting_time(days)}).",
            data={"waiting_list_entry": entry.pk, "reason": WaitingRemovalReason.PLACED},
        )


# --- placements ---------------------------------------------------------------------------------


@transaction.atomic
def placement_start(
    *, beschikking: Beschikking, location: Location, start_date: date, acting_user: User,
    waiting_entry: WaitingListEntry | None = None, perspective_independent: bool = False,
    request: HttpRequest | None = None, api: bool = False,
) -> Placement:
    """Place the client of a granted beschikking at a free place of `location`."""
    _ensure_may_place(acting_user, beschikking, location)
    if waiting_entry is not None:
        _step(workflow.waiting_check, "place", acting_user, waiting_entry)
    # the beschikking's state on the first day of care: granted, not run out, not in care yet
    _step(journey_workflow.beschikking_check, "place", acting_user, beschikking, start_date)
    _ensure_plausible(start_date, "De startdatum")
    errors = _beschikking_errors(beschikking, start_date) + _location_errors(
        beschikking, location, start_date
    )
    if waiting_entry is not None and (
        waiting_entry.client_id != beschikking.client_id
        or waiting_entry.product_id != beschikking.product_id
    ):
        errors.append("Deze wachtlijstregel hoort niet bij deze beschikking.")
    if errors:
        raise DomainError(*errors)
    client = beschikking.client
    product = beschikking.product
    assert product is not None

    _lock_client(client.pk)
    if waiting_entry is not None:
        waiting_entry.refresh_from_db()
        if waiting_entry.removed_on is not None:
            raise DomainError(
                f"{client.full_name} staat sinds {nl_date(waiting_entry.removed_on)} niet meer op "
                "de wachtlijst."
            )
    _ensure_no_overlap(client, start_date)
    _ensure_place_free(location, product, start_date)

    placement = _create_placement(
        client=client, beschikking=beschikking, location=location, product=product,
        responsible_municipality_id=beschikking.responsible_municipality_id,
        start_date=start_date, is_pgb=beschikking.financing == Financing.PGB,
        perspective_independent=perspective_independent,
    )
    _take_off_waiting_list(client, product, start_date, acting_user)
    client_event_add(
        client=client, kind=EventKind.PLACEMENT_STARTED, occurred_on=start_date, actor=acting_user,
        summary=f"Geplaatst bij {location.name} ({location.municipality}) voor {product}, "
                f"start zorg {nl_date(start_date)}.",
        data={"placement": placement.pk, "location": location.pk, "product": product.code},
    )
    access_log_write(
        user=acting_user, action=AccessAction.CREATE, purpose=purpose_for(acting_user, api=api),
        client=client, request=request, detail=f"Plaatsing gestart bij {location.name}",
    )
    return placement


@transaction.atomic
def placement_end(
    *, placement: Placement, end_date: date, destination: str, acting_user: User,
    request: HttpRequest | None = None,
) -> Placement:
    """End care: `end_date` is the last day of care; `destination` where the client goes."""
    _ensure_may_act_on(acting_user, placement)
    _ensure_plausible(end_date, "De einddatum")
    placement = Placement.objects.select_for_update(of=("self",)).select_related(
        "client", "location", "product"
    ).get(pk=placement.pk)
    _step(workflow.placement_check, "end", acting_user, placement)
    errors = []
    if destination == OutflowDestination.DOORSTROOM:
        errors.append("Een doorstroom naar een ander product registreert u met 'Doorstroom'.")
    elif destination not in OutflowDestination.values:
        errors.append("Kies waar de cliënt naartoe gaat.")
    if end_date < placement.start_date:
        errors.append(
            f"De einddatum ({nl_date(end_date)}) ligt vóór de start van de zorg "
            f"({nl_date(placement.start_date)})."
        )
    if errors:
        raise DomainError(*errors)
    placement.end_date = end_date
    placement.outflow_destination = destination
    placement.save(update_fields=["end_date", "outflow_destination", "updated_at"])
    label = OutflowDestination(destination).label
    client_event_add(
        client=placement.client, kind=EventKind.PLACEMENT_ENDED, occurred_on=end_date,
        actor=acting_user,
        summary=f"Zorg bij {placement.location.name} ({placement.product}) beëindigd; laatste "
                f"dag {nl_date(end_date)}. Uitstroom: {label}.",
        data={"placement": placement.pk, "destination": destination},
    )
    access_log_write(
        user=acting_user, action=AccessAction.UPDATE, purpose=purpose_for(acting_user),
        client=placement.client, request=request, detail="Plaatsing beëindigd",
    )
    return placement


@transaction.atomic
def placement_doorstroom(
    *, placement: Placement, beschikking: Beschikking, location: Location, start_date: date,
    acting_user: User, request: HttpRequest | None = None,
) -> Placement:
    """Move the client to another product: the old placement ends on the day before `start_date`
    with destination 'doorstroom', the new one starts on `start_date` and points back to it."""
    _ensure_may_act_on(acting_user, placement)
    _ensure_may_place(acting_user, beschikking, location)
    _ensure_plausible(start_date, "De doorstroomdatum")
    _lock_client(placement.client_id)
    old = Placement.objects.select_for_update(of=("self",)).select_related(
        "client", "location", "product"
    ).get(pk=placement.pk)
    _step(workflow.placement_check, "doorstroom", acting_user, old)
    errors = []
    if beschikking.client_id != old.client_id:
        errors.append("De beschikking hoort bij een andere cliënt.")
    elif beschikking.product_id == old.product_id:
        errors.append(
            f"Doorstroom gaat naar een ander product; de cliënt heeft al {old.product}. Kies een "
            "beschikking voor een lichter of zwaarder product."
        )
    if start_date <= old.start_date:
        errors.append(
            f"De doorstroomdatum moet na de start van de huidige plaatsing "
            f"({nl_date(old.start_date)}) liggen."
        )
    errors += _beschikking_errors(beschikking, start_date) + _location_errors(
        beschikking, location, start_date
    )
    if errors:
        raise DomainError(*errors)
    product = beschikking.product
    assert product is not None

    old.end_date = rules.day_before(start_date)
    old.outflow_destination = OutflowDestination.DOORSTROOM
    old.save(update_fields=["end_date", "outflow_destination", "updated_at"])
    _ensure_no_overlap(old.client, start_date)
    _ensure_place_free(location, product, start_date)
    new = _create_placement(
        client=old.client, beschikking=beschikking, location=location, product=product,
        responsible_municipality_id=beschikking.responsible_municipality_id,
        start_date=start_date, is_pgb=beschikking.financing == Financing.PGB, previous=old,
        perspective_independent=old.perspective_independent,
        registered_woningzoekende_on=old.registered_woningzoekende_on,
    )
    _take_off_waiting_list(old.client, product, start_date, acting_user)
    direction = rules.doorstroom_direction(old.product.code, product.code)
    client_event_add(
        client=old.client, kind=EventKind.DOORSTROOM, occurred_on=start_date, actor=acting_user,
        summary=f"Doorstroom ({direction}) van {old.product} bij {old.location.name} naar "
                f"{product} bij {location.name} per {nl_date(start_date)}.",
        data={"from": old.pk, "to": new.pk, "direction": direction},
    )
    access_log_write(
        user=acting_user, action=AccessAction.CREATE, purpose=purpose_for(acting_user),
        client=old.client, request=request, detail=f"Doorstroom naar {location.name}",
    )
    return new


@transaction.atomic
def placement_housing_update(
    *, placement: Placement, perspective_independent: bool,
    registered_woningzoekende_on: date | None, acting_user: User, today: date,
    request: HttpRequest | None = None,
) -> Placement:
    """Record the perspective on independent living and the registration as woningzoekende
    (seed 004 Bijlage 3: within a month of inflow)."""
    _ensure_may_act_on(acting_user, placement)
    placement = Placement.objects.select_for_update(of=("self",)).select_related("client").get(
        pk=placement.pk
    )
    _step(workflow.placement_check, "housing_update", acting_user, placement)
    registered = registered_woningzoekende_on
    _ensure_plausible(registered, "De inschrijfdatum")
    if registered is not None and registered > today:
        raise DomainError("De inschrijfdatum ligt in de toekomst.", field="registered_woningzoekende_on")
    if registered is not None and registered < placement.client.date_of_birth:
        raise DomainError("De inschrijfdatum ligt vóór de geboortedatum.",
                          field="registered_woningzoekende_on")
    if (placement.perspective_independent == perspective_independent
            and placement.registered_woningzoekende_on == registered):
        return placement
    newly_registered = registered is not None and registered != placement.registered_woningzoekende_on
    placement.perspective_independent = perspective_independent
    placement.registered_woningzoekende_on = registered
    placement.save(update_fields=[
        "perspective_independent", "registered_woningzoekende_on", "updated_at",
    ])
    if newly_registered:
        assert registered is not None
        client_event_add(
            client=placement.client, kind=EventKind.WONINGZOEKENDE, occurred_on=registered,
            actor=acting_user,
            summary=f"Ingeschreven als woningzoekende op {nl_date(registered)}.",
            data={"placement": placement.pk},
        )
    access_log_write(
        user=acting_user, action=AccessAction.UPDATE, purpose=purpose_for(acting_user),
        client=placement.client, request=request, detail="Wonen na uitstroom bijgewerkt",
    )
    return placement


# --- waiting list -------------------------------------------------------------------------------


@transaction.atomic
def waiting_list_add(
    *, beschikking: Beschikking, entered_on: date, acting_user: User, today: date,
    location: Location | None = None, priority: str = WaitingPriority.NORMAL,
    priority_reason: str = "", request: HttpRequest | None = None,
) -> WaitingListEntry:
    """Put the client of a granted beschikking on the waiting list for its product."""
    _ensure_case_worker_for(acting_user, beschikking.client_id)
    _ensure_plausible(entered_on, "De datum")
    errors = []
    if beschikking.outcome != BeschikkingOutcome.GRANTED or beschikking.product_id is None:
        raise DomainError("Alleen een toegekende beschikking met een product kan op de wachtlijst.")
    _step(journey_workflow.beschikking_check, "waiting_list_add", acting_user, beschikking,
          entered_on)
    product = beschikking.product
    assert product is not None
    if entered_on > today:
        errors.append("De datum waarop de cliënt op de wachtlijst komt ligt in de toekomst.")
    if priority not in WaitingPriority.values:
        errors.append("Kies een prioriteit.")
    priority_reason = (priority_reason or "").strip()
    if priority == WaitingPriority.URGENT and not priority_reason:
        errors.append("Geef de reden voor de urgentie.")
    if len(priority_reason) > MAX_TEXT:
        errors.append(f"De reden is te lang (hoogstens {MAX_TEXT} tekens).")
    if location is not None:
        errors += _location_errors(beschikking, location)
        if not location.capacities.filter(product=product).exists():
            errors.append(f"{location.name} biedt geen plaatsen voor {product}.")
        if not locations_for(acting_user).filter(pk=location.pk).exists():
            errors.append(f"{location.name} ligt niet in uw regio.")
    if errors:
        raise DomainError(*errors)

    client = beschikking.client
    _lock_client(client.pk)
    existing = WaitingListEntry.objects.open().filter(client=client, product=product).first()
    if existing is not None:
        raise DomainError(
            f"{client.full_name} staat al op de wachtlijst voor {product} sinds "
            f"{nl_date(existing.entered_on)}."
        )
    placed = Placement.objects.filter(client=client, product=product).not_ended_before(today)
    if placed.exists():
        raise DomainError(f"{client.full_name} is al geplaatst voor {product}.")
    entry = WaitingListEntry.objects.create(
        client=client, product=product, location=location, beschikking=beschikking,
        responsible_municipality_id=beschikking.responsible_municipality_id,
        entered_on=entered_on, priority=priority, priority_reason=priority_reason,
    )
    where = f" (voorkeur: {location.name})" if location is not None else ""
    urgent = " Urgent: " + priority_reason if priority == WaitingPriority.URGENT else ""
    client_event_add(
        client=client, kind=EventKind.WAITING_LIST, occurred_on=entered_on, actor=acting_user,
        summary=f"Op de wachtlijst voor {product}{where}.{urgent}",
        data={"waiting_list_entry": entry.pk, "product": product.code},
    )
    access_log_write(
        user=acting_user, action=AccessAction.CREATE, purpose=purpose_for(acting_user),
        client=client, request=request, detail=f"Op wachtlijst {product}",
    )
    return entry


@transaction.atomic
def waiting_list_remove(
    *, entry: WaitingListEntry, removed_on: date, reason: str, acting_user: User, today: date,
    request: HttpRequest | None = None,
) -> WaitingListEntry:
    """Take a client off the waiting list without a placement (other solution, withdrawn, …)."""
    _ensure_case_worker_for(acting_user, entry.client_id)
    _ensure_plausible(removed_on, "De datum")
    if not waiting_list_for(acting_user).filter(pk=entry.pk).exists():
        raise DomainError("U mag deze wachtlijstregel niet wijzigen.")
    entry = WaitingListEntry.objects.select_for_update(of=("self",)).select_related("client", "product").get(
        pk=entry.pk
    )
    _step(workflow.waiting_check, "remove", acting_user, entry)
    errors = []
    if reason == WaitingRemovalReason.PLACED:
        errors.append("Plaatsen gaat via 'Plaatsen'; dan gaat de cliënt vanzelf van de wachtlijst.")
    elif reason not in WaitingRemovalReason.values:
        errors.append("Kies de reden waarom de cliënt van de wachtlijst gaat.")
    if removed_on < entry.entered_on:
        errors.append(
            f"De datum ligt vóór de datum waarop de cliënt op de wachtlijst kwam "
            f"({nl_date(entry.entered_on)})."
        )
    if removed_on > today:
        errors.append("De datum ligt in de toekomst.")
    if errors:
        raise DomainError(*errors)
    entry.removed_on = removed_on
    entry.removal_reason = reason
    entry.save(update_fields=["removed_on", "removal_reason", "updated_at"])
    days = (removed_on - entry.entered_on).days
    client_event_add(
        client=entry.client, kind=EventKind.WAITING_LIST_REMOVED, occurred_on=removed_on,
        actor=acting_user,
        summary=f"Van de wachtlijst voor {entry.product} af: "
                f"{WaitingRemovalReason(reason).label.lower()} (gewacht: "
                f"{rules.describe_waiting_time(days)}).",
        data={"waiting_list_entry": entry.pk, "reason": reason},
    )
    access_log_write(
        user=acting_user, action=AccessAction.UPDATE, purpose=purpose_for(acting_user),
        client=entry.client, request=request, detail="Van wachtlijst af",
    )
    return entry
