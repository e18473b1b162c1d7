"""Write use cases for retention: proposing, approving and executing destruction, legal holds
and the client's own destruction request (Wmo 2015 art. 5.3.4 and 5.3.5).

Every change by a privacy officer is checked against the region of the client, runs in one
transaction and writes its access-log entry (purpose `retention` or `data_subject_request`).
Destruction itself only happens in `destruction_execute_approved` (run by `bwmo destroy-due`),
for proposals a privacy officer approved; until then every step can be undone.

What destruction does (`client_destroy`): the client's identity (BSN, names, birth date to
1 January of the birth year, address, contact) is anonymised; relations, notes and documents
(with their files) are deleted; every free text and fact set of its cases (see `ERASE`) is
emptied; the case history keeps its dates and kinds, without summaries. The structure (cases,
beschikkingen, placements, days and amounts) stays, without anything that identifies the person,
so that the finance and capacity figures of past years do not change. The access log is kept:
it has its own retention (NEN 7513) and its hash chain must stay intact.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_anonymous
from bwmo.clients.constants import AddressKind, NoBsnReason
from bwmo.clients.models import Client, ClientDocument, ClientNote, ClientRelation
from bwmo.core.exceptions import DomainError

from .constants import OPEN_STATUSES, REQUEST_TERM_MONTHS, ItemSource, ItemStatus, RequestStatus
from .models import DestructionItem, DestructionRecord, DestructionRequest, LegalHold
from .selectors import (
    client_retention,
    due_candidates,
    on_legal_hold,
    region_of_privacy_officer,
)

COMMAND = "bwmo destroy-due"
ANONYMOUS_GIVEN_NAMES = "Vernietigd"
EVENT_SUMMARY = "Vernietigd na afloop van de bewaartermijn of op verzoek."

# Free texts and fact sets that hold personal data, per model: (lookup to the client, fields).
# `test_every_text_field_is_erased_or_named` keeps this list complete.
ERASE: dict[str, tuple[str, dict[str, object]]] = {
    "journeys.Melding": ("client", {
        "presenting_problems": "", "responsibility_explanation": "", "responsibility_facts": {},
        "extension_reason": ""}),
    "journeys.DeadlineSuspension": ("melding__client", {"reason": ""}),
    "journeys.AdviceRequest": ("melding__client", {
        "question": "", "recommendation": "", "reasoning": ""}),
    "journeys.Toets": ("melding__client", {"facts": {}, "explanation": "", "notes": ""}),
    "journeys.Beschikking": ("client", {
        "motivation": "", "duration_motivation": "", "override_motivation": "",
        "responsibility_explanation": "", "responsibility_facts": {}}),
    "followups.Bezwaar": ("beschikking__client", {"grounds": "", "outcome_motivation": ""}),
    "followups.Review": ("placement__client", {"notes": ""}),
    "followups.CrisisProvision": ("melding__client", {"reason": ""}),
    "iwmo.Bericht": ("client", {"content": "", "report": ""}),
    "clients.ClientEvent": ("client", {"summary": EVENT_SUMMARY, "data": {}}),
    "housing.Uitstromer": ("placement__client", {"needs": [], "support_after": "",
                                                 "withdrawn_reason": ""}),
    "housing.Proposal": ("uitstromer__placement__client", {"explanation": ""}),
}


class RetentionError(DomainError):
    pass


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def _check_officer(user: User, client: Client) -> None:
    """Only the privacy officer of the client's region; others get the same answer as for a
    client that does not exist."""
    region_id = region_of_privacy_officer(user)
    if region_id is None or region_id != client.region_id:
        raise Client.DoesNotExist


def _log(user: User, action: AccessAction, client: Client, obj: Model, detail: str,
         reason: str = "", purpose: Purpose = Purpose.RETENTION) -> None:
    access_log_write(user=user, action=action, purpose=purpose, client=client,
                     object_type=str(obj._meta.verbose_name)[:50], object_id=obj.pk, detail=detail,
                     reason=reason)


# --- proposals ----------------------------------------------------------------------------------


def destruction_propose(*, today: date) -> list[DestructionItem]:
    """A proposal for every client all of whose cases are past their destruction date, not on
    legal hold and not yet proposed; a proposal the privacy officer rejected is not made again
    for the same destruction date. Idempotent."""
    created = []
    for client in due_candidates().iterator():
        retention = client_retention(client)
        if not retention.is_due(today):
            continue
        assert retention.destruction_date is not None
        rejected = DestructionItem.objects.filter(
            client=client, status=ItemStatus.REJECTED, source=ItemSource.RETENTION,
            due_on=retention.destruction_date,
        )
        if rejected.exists():
            continue
        with transaction.atomic():
            item = DestructionItem.objects.create(
                client=client, region_id=client.region_id, source=ItemSource.RETENTION,
                retention_class=retention.retention_class, due_on=retention.destruction_date,
                proposed_on=today,
            )
            access_log_write_anonymous(
                username=COMMAND, action=AccessAction.LIST, purpose=Purpose.RETENTION,
                client=client, object_type="vernietigingsvoorstel", object_id=item.pk,
                detail=f"Voorgesteld voor vernietiging: bewaartermijn verstreken op "
                       f"{item.due_on:%d-%m-%Y}",
            )
        created.append(item)
    return created


def _open_item(item_pk: int, user: User, *statuses: ItemStatus) -> DestructionItem:
    item = (DestructionItem.objects.select_for_update(of=("self",)).select_related("client")
            .get(pk=item_pk))
    _check_officer(user, item.client)
    if item.status not in statuses:
        raise RetentionError(
            f"Dit voorstel is {item.get_status_display().lower()} en kan niet meer zo worden "
            "gewijzigd."
        )
    return item


@transaction.atomic
def destruction_approve(*, item_pk: int, user: User, note: str = "") -> DestructionItem:
    item = _open_item(item_pk, user, ItemStatus.PROPOSED)
    if on_legal_hold(item.client):
        raise RetentionError("Voor deze cliënt geldt een bewaarplicht: hef die eerst op.")
    item.status, item.decided_by, item.decided_at = ItemStatus.APPROVED, user, timezone.now()
    item.decision_note = note.strip()
    item.save()
    _log(user, AccessAction.UPDATE, item.client, item,
         "Vernietiging goedgekeurd; uitgevoerd bij de volgende run van destroy-due", note)
    return item


@transaction.atomic
def destruction_withdraw(*, item_pk: int, user: User) -> DestructionItem:
    """Undo an approval before it was executed: the proposal is open again."""
    item = _open_item(item_pk, user, ItemStatus.APPROVED)
    if item.source == ItemSource.REQUEST:
        raise RetentionError("Een toegewezen verzoek van de cliënt trekt u niet hier in.")
    item.status, item.decided_by, item.decided_at = ItemStatus.PROPOSED, None, None
    item.save()
    _log(user, AccessAction.UPDATE, item.client, item, "Goedkeuring van de vernietiging ingetrokken")
    return item


@transaction.atomic
def destruction_reject(*, item_pk: int, user: User, reason: str) -> DestructionItem:
    if not reason.strip():
        raise RetentionError("Geef aan waarom de gegevens bewaard blijven.", field="reason")
    item = _open_item(item_pk, user, ItemStatus.PROPOSED, ItemStatus.APPROVED)
    item.status, item.decided_by, item.decided_at = ItemStatus.REJECTED, user, timezone.now()
    item.decision_note = reason.strip()
    item.save()
    _log(user, AccessAction.UPDATE, item.client, item, "Vernietiging afgewezen", reason)
    return item


# --- legal hold ---------------------------------------------------------------------------------


@transaction.atomic
def legal_hold_place(*, client: Client, user: User, reason: str, today: date) -> LegalHold:
    _check_officer(user, client)
    if not reason.strip():
        raise RetentionError("Geef de reden van de bewaarplicht.", field="reason")
    if on_legal_hold(client):
        raise RetentionError("Voor deze cliënt geldt al een bewaarplicht.")
    hold = LegalHold.objects.create(client=client, reason=reason.strip(), placed_on=today,
                                    placed_by=user)
    lapsed = DestructionItem.objects.filter(client=client, status__in=OPEN_STATUSES).update(
        status=ItemStatus.LAPSED, decision_note="Bewaarplicht ingesteld", updated_at=timezone.now()
    )
    _log(user, AccessAction.CREATE, client, hold,
         "Bewaarplicht ingesteld" + (f"; {lapsed} voorstel vervallen" if lapsed else ""), reason)
    return hold


@transaction.atomic
def legal_hold_lift(*, hold_pk: int, user: User, reason: str, today: date) -> LegalHold:
    hold = (LegalHold.objects.select_for_update(of=("self",)).select_related("client")
            .get(pk=hold_pk))
    _check_officer(user, hold.client)
    if not hold.is_active:
        raise RetentionError("Deze bewaarplicht is al opgeheven.")
    if not reason.strip():
        raise RetentionError("Geef aan waarom de bewaarplicht wordt opgeheven.", field="reason")
    hold.lifted_on, hold.lifted_by, hold.lift_reason = today, user, reason.strip()
    hold.save()
    _log(user, AccessAction.UPDATE, hold.client, hold, "Bewaarplicht opgeheven", reason)
    return hold


# --- the client's request (Wmo 2015 art. 5.3.5) -------------------------------------------------


@transaction.atomic
def destruction_request_register(
    *, client: Client, user: User, reference: str, received_on: date, today: date,
) -> DestructionRequest:
    _check_officer(user, client)
    errors = []
    if not reference.strip():
        errors.append("Vul het kenmerk van het verzoek in.")
    if received_on > today:
        errors.append("De ontvangstdatum ligt in de toekomst.")
    if errors:
        raise RetentionError(*errors)
    request = DestructionRequest.objects.create(
        client=client, reference=reference.strip(), received_on=received_on,
        deadline=add_months(received_on, REQUEST_TERM_MONTHS), registered_by=user,
    )
    _log(user, AccessAction.CREATE, client, request,
         f"Vernietigingsverzoek ontvangen op {received_on:%d-%m-%Y}; uiterlijk "
         f"{request.deadline:%d-%m-%Y} beantwoorden", purpose=Purpose.DATA_SUBJECT_REQUEST)
    return request


@transaction.atomic
def destruction_request_decide(
    *, request_pk: int, user: User, grant: bool, reason: str, today: date,
) -> DestructionRequest:
    """Grant: the client's data is destroyed at the next run of `bwmo destroy-due`. Refuse (with
    the ground of art. 5.3.6: a substantial interest of someone else, or a legal duty to keep)."""
    request = (DestructionRequest.objects.select_for_update(of=("self",))
               .select_related("client").get(pk=request_pk))
    client = request.client
    _check_officer(user, client)
    if request.status != RequestStatus.RECEIVED:
        raise RetentionError("Over dit verzoek is al besloten.")
    if not grant and not reason.strip():
        raise RetentionError("Geef de grond voor het afwijzen van het verzoek.", field="reason")
    if grant and on_legal_hold(client):
        raise RetentionError("Voor deze cliënt geldt een bewaarplicht: het verzoek kan niet "
                             "worden toegewezen zolang die geldt.")
    request.status = RequestStatus.GRANTED if grant else RequestStatus.REFUSED
    request.decided_on, request.decided_by = today, user
    request.decision_reason = reason.strip()
    request.save()
    if grant:
        open_item = DestructionItem.objects.filter(client=client, status__in=OPEN_STATUSES).first()
        item = open_item or DestructionItem(client=client, region_id=client.region_id,
                                            proposed_on=today, due_on=today)
        item.source, item.request, item.status = ItemSource.REQUEST, request, ItemStatus.APPROVED
        item.decided_by, item.decided_at = user, timezone.now()
        item.decision_note = f"Verzoek {request.reference} toegewezen"
        item.save()
    _log(user, AccessAction.UPDATE, client, request,
         "Vernietigingsverzoek " + ("toegewezen" if grant else "afgewezen"), reason,
         purpose=Purpose.DATA_SUBJECT_REQUEST)
    return request


# --- execution ----------------------------------------------------------------------------------


@dataclass
class ExecutionResult:
    executed: list[DestructionRecord] = field(default_factory=list)
    lapsed: list[DestructionItem] = field(default_factory=list)
    pending: list[DestructionItem] = field(default_factory=list)  # dry run: would be executed


def destruction_execute_approved(*, today: date, dry_run: bool = False) -> ExecutionResult:
    """Execute every approved proposal, each in its own transaction. A proposal whose client is
    on legal hold by now, or (for the retention period) is no longer due, lapses instead.
    Executed proposals are never executed again: running twice changes nothing more."""
    result = ExecutionResult()
    pks = list(DestructionItem.objects.filter(status=ItemStatus.APPROVED).values_list("pk", flat=True))
    for pk in pks:
        with transaction.atomic():
            item = (DestructionItem.objects.select_for_update(of=("self",))
                    .select_related("client", "decided_by").filter(pk=pk, status=ItemStatus.APPROVED).first())
            if item is None:
                continue
            reason = _lapse_reason(item, today)
            if reason:
                if not dry_run:
                    item.status, item.decision_note = ItemStatus.LAPSED, reason
                    item.save()
                result.lapsed.append(item)
                continue
            if dry_run:
                result.pending.append(item)
                continue
            removed = client_destroy(item.client)
            record = DestructionRecord.objects.create(
                item=item, client_number=item.client_id, region_id=item.region_id,
                source=item.source, retention_class=item.retention_class, due_on=item.due_on,
                approved_by=item.decided_by.get_username() if item.decided_by else "",
                approved_at=item.decided_at or timezone.now(), removed=removed,
            )
            item.status = ItemStatus.EXECUTED
            item.save()
            if item.request_id:
                DestructionRequest.objects.filter(pk=item.request_id).update(
                    updated_at=timezone.now())
            access_log_write_anonymous(
                username=COMMAND, action=AccessAction.DELETE, purpose=Purpose.RETENTION,
                client=item.client, object_type="vernietigingsverklaring", object_id=record.pk,
                detail=f"Vernietigd ({item.get_source_display()}), goedgekeurd door "
                       f"{record.approved_by}",
            )
            result.executed.append(record)
    return result


def _lapse_reason(item: DestructionItem, today: date) -> str:
    if on_legal_hold(item.client):
        return "Vervallen: bewaarplicht ingesteld"
    if item.source == ItemSource.RETENTION and not client_retention(item.client).is_due(today):
        return "Vervallen: de bewaartermijn is niet meer verstreken (nieuwe melding of voorziening)"
    return ""


def client_destroy(client: Client) -> dict[str, int]:
    """Anonymise the client, and every record merged into it, and erase what identifies them;
    returns the counts per kind."""
    from django.db.models import Q

    from bwmo.clients.models import ClientMerge

    removed: dict[str, int] = {}
    records = [client]
    while True:  # records merged into this one (and into those), which hold the same person
        more = list(Client.objects.filter(merged_into__in=records).exclude(
            pk__in=[r.pk for r in records]))
        if not more:
            break
        records.extend(more)
    for record in records:
        for label, count in _destroy_record(record).items():
            removed[label] = removed.get(label, 0) + count
    # a merge keeps the identity fields it changed, to be undone: nothing to undo any more
    removed["clients.ClientMerge"] = ClientMerge.objects.filter(
        Q(survivor__in=records) | Q(duplicate__in=records)).update(
        survivor_before={}, survivor_after={}, duplicate_before={}, match_reasons=[])
    return removed


def _destroy_record(client: Client) -> dict[str, int]:
    from django.apps import apps

    removed: dict[str, int] = {}
    for document in ClientDocument.objects.filter(client=client):
        if document.file and document.file.name:
            default_storage.delete(document.file.name)
    for model in (ClientDocument, ClientNote, ClientRelation):
        count, _ = model.objects.filter(client=client).delete()
        removed[model._meta.label] = count
    for label, (lookup, values) in ERASE.items():
        model = apps.get_model(label)
        # a queryset update: ClientEvent refuses changes through save() on purpose
        removed[label] = model.objects.filter(**{lookup: client}).update(**values)
    client.bsn_encrypted, client.bsn_index, client.no_bsn_reason = "", None, NoBsnReason.UNKNOWN
    client.given_names, client.surname_prefix = ANONYMOUS_GIVEN_NAMES, ""
    client.surname = f"dossier {client.pk}"
    client.date_of_birth = client.date_of_birth.replace(month=1, day=1)
    client.address_kind = AddressKind.NONE
    for name in ("care_of", "street", "house_number", "postcode", "city", "phone", "email"):
        setattr(client, name, "")
    client.save()
    removed["clients.Client"] = 1
    return removed
