"""Write use cases for clients: registration, update and the case history.

Every service validates all rules before writing, runs in one transaction, appends to the case
history and writes the access-log entry, so a refused action changes nothing.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.core import crypto
from bwmo.core.bsn import InvalidBSN, normalise_bsn
from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Municipality
from bwmo.scoping import clients_for

from .constants import EventKind
from .models import Client, ClientEvent, DuplicateReferral

OLDEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class ClientData:
    given_names: str
    surname: str
    date_of_birth: date
    registration_municipality: Municipality
    surname_prefix: str = ""
    bsn: str = ""
    no_bsn_reason: str = ""
    origin_municipality: Municipality | None = None


def _validate(
    data: ClientData, *, today: date, exclude_pk: int | None = None, keeps_bsn: bool = False,
    user: User | None = None,
) -> tuple[str, Client | None]:
    """Check every rule; return the normalised BSN ('' when none) and, when the BSN belongs to a
    client outside the user's scope, that client. Raises DomainError.

    `keeps_bsn`: the client already has a BSN, and an empty BSN field means "keep it".
    BSN uniqueness answers only within the user's scope (bwmo.scoping): telling a user that
    a BSN exists elsewhere would reveal that a person is a BW/MO client in another region or
    municipality. Outside the scope the registration goes on, and the match goes to a duplicate
    review by the central access (`_refer_duplicate`).
    """
    errors: dict[str, str] = {}
    if not data.given_names.strip():
        errors["given_names"] = "Vul de voornamen in."
    if not data.surname.strip():
        errors["surname"] = "Vul de achternaam in."
    if data.date_of_birth > today:
        errors["date_of_birth"] = "De geboortedatum ligt in de toekomst."
    elif data.date_of_birth.year < OLDEST_BIRTH_YEAR:
        errors["date_of_birth"] = f"Een geboortedatum voor {OLDEST_BIRTH_YEAR} is niet mogelijk."
    if data.registration_municipality.region_id is None:
        errors["registration_municipality"] = (
            f"{data.registration_municipality} hoort niet bij een BW/MO-regio in bwmo."
        )
    bsn = ""
    outside: Client | None = None
    if data.bsn.strip():
        try:
            bsn = normalise_bsn(data.bsn)
        except InvalidBSN as exc:
            errors["bsn"] = str(exc)
        else:
            duplicates = Client.objects.filter(bsn_index=crypto.blind_index(bsn))
            if exclude_pk is not None:
                duplicates = duplicates.exclude(pk=exclude_pk)
            existing = duplicates.first()
            if existing is not None and (user is None or clients_for(user).filter(
                    pk=existing.pk).exists()):
                errors["bsn"] = "Er is al een cliënt met dit BSN geregistreerd. Zoek de cliënt op."
            elif existing is not None:
                outside = existing
    elif keeps_bsn and data.no_bsn_reason:
        errors["no_bsn_reason"] = "Deze cliënt heeft een BSN: laat de reden geen BSN leeg."
    elif not data.no_bsn_reason and not keeps_bsn:
        errors["bsn"] = "Vul het BSN in, of kies waarom er geen BSN is."
    if errors:
        raise FieldErrors(errors)
    return bsn, outside


def _refer_duplicate(*, client: Client, existing: Client, bsn: str, acting_user: User) -> None:
    """The BSN is already registered outside the user's scope: the new registration keeps the
    BSN (encrypted) but not its search index, so it is not a second 'owner' of the BSN, and the
    match is logged for both clients for a duplicate review by the central access. The user is
    told nothing about the other client."""
    client.bsn_encrypted = crypto.encrypt(bsn)
    client.bsn_index = None
    client.no_bsn_reason = ""
    client.save(update_fields=["bsn_encrypted", "bsn_index", "no_bsn_reason"])
    detail = (f"BSN bij registratie al bekend bij cliënt {existing.pk}, buiten de reikwijdte van "
              f"de gebruiker: dubbele registratie {client.pk} ter beoordeling door de centrale "
              "toegang")
    referral = DuplicateReferral.objects.create(
        new_client=client, existing_client=existing, region_id=client.region_id,
        referred_by=acting_user,
    )
    for subject in (existing, client):
        access_log_write(user=acting_user, action=AccessAction.SEARCH,
                         purpose=Purpose.DUPLICATE_CHECK, client=subject, detail=detail,
                         object_type="dubbele registratie", object_id=referral.pk)


@transaction.atomic
def duplicate_referral_resolve(
    *, referral: DuplicateReferral, acting_user: User, outcome: str, note: str,
) -> DuplicateReferral:
    """The central access closes a referral with its outcome; logged for both registrations."""
    from django.utils import timezone

    from .models import ReferralOutcome

    referral = DuplicateReferral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    errors: dict[str, str] = {}
    if referral.resolved_at is not None:
        errors["outcome"] = "Deze doorverwijzing is al afgehandeld."
    elif outcome not in ReferralOutcome.values:
        errors["outcome"] = "Kies de uitkomst van de beoordeling."
    if outcome == ReferralOutcome.WRONG_BSN and not note.strip():
        errors["note"] = "Noteer hoe de registratie is gecorrigeerd."
    if errors:
        raise FieldErrors(errors)
    referral.outcome, referral.note = outcome, note.strip()
    referral.resolved_at, referral.resolved_by = timezone.now(), acting_user
    referral.save()
    for subject in (referral.new_client, referral.existing_client):
        access_log_write(user=acting_user, action=AccessAction.UPDATE,
                         purpose=Purpose.DUPLICATE_CHECK, client=subject,
                         object_type="dubbele registratie", object_id=referral.pk,
                         detail=f"Dubbel BSN beoordeeld: {referral.get_outcome_display()}")
    return referral


class FieldErrors(DomainError):
    """Validation errors per form field (field name → Dutch message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(*errors.values())


def client_event_add(
    *, client: Client, kind: EventKind, occurred_on: date, summary: str,
    actor: User | None = None, data: dict[str, Any] | None = None,
) -> ClientEvent:
    return ClientEvent.objects.create(
        client=client, kind=kind, occurred_on=occurred_on, summary=summary, actor=actor,
        data=data or {},
    )


@transaction.atomic
def client_register(*, data: ClientData, acting_user: User, today: date, purpose: Purpose =
                    Purpose.CASE_WORK, is_demo: bool = False) -> Client:
    bsn, outside = _validate(data, today=today, user=acting_user)
    client = Client(
        given_names=data.given_names.strip(),
        surname_prefix=data.surname_prefix.strip(),
        surname=data.surname.strip(),
        date_of_birth=data.date_of_birth,
        registration_municipality=data.registration_municipality,
        origin_municipality=data.origin_municipality,
        region=data.registration_municipality.region,
        no_bsn_reason="" if bsn else data.no_bsn_reason,
        is_demo=is_demo,
    )
    if bsn and outside is None:
        client.set_bsn(bsn)
    elif bsn:
        client.bsn_encrypted = crypto.encrypt(bsn)  # index left empty: see _refer_duplicate
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError as exc:  # a concurrent registration of the same BSN
        raise FieldErrors({"bsn": "Er is al een cliënt met dit BSN geregistreerd."}) from exc
    client_event_add(
        client=client, kind=EventKind.REGISTERED, occurred_on=today, actor=acting_user,
        summary=f"Geregistreerd bij {data.registration_municipality}.",
    )
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=purpose, client=client)
    if outside is not None:
        _refer_duplicate(client=client, existing=outside, bsn=bsn, acting_user=acting_user)
    return client


@transaction.atomic
def client_update(*, client: Client, data: ClientData, acting_user: User, today: date) -> Client:
    bsn, outside = _validate(data, today=today, exclude_pk=client.pk,
                             keeps_bsn=bool(client.bsn_encrypted), user=acting_user)
    changed = []
    for field in ("given_names", "surname_prefix", "surname", "date_of_birth",
                  "origin_municipality"):
        new = getattr(data, field)
        new = new.strip() if isinstance(new, str) else new
        if getattr(client, field) != new:
            setattr(client, field, new)
            changed.append(str(getattr(client._meta.get_field(field), "verbose_name", field)))
    if bsn and bsn != client.bsn:
        if outside is None:
            client.set_bsn(bsn)
        else:
            client.bsn_encrypted, client.bsn_index, client.no_bsn_reason = crypto.encrypt(bsn), None, ""
        changed.append("BSN")
    elif not bsn and data.no_bsn_reason and client.no_bsn_reason != data.no_bsn_reason:
        client.no_bsn_reason = data.no_bsn_reason
        changed.append("reden geen BSN")
    if not changed:
        return client
    client.save()
    client_event_add(
        client=client, kind=EventKind.UPDATED, occurred_on=today, actor=acting_user,
        summary="Gewijzigd: " + ", ".join(str(c) for c in changed) + ".",
    )
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=Purpose.CASE_WORK,
                     client=client, detail="Gewijzigd: " + ", ".join(str(c) for c in changed))
    if outside is not None:
        _refer_duplicate(client=client, existing=outside, bsn=bsn, acting_user=acting_user)
    return client
