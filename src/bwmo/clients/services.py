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

from .constants import EventKind
from .models import Client, ClientEvent

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
    data: ClientData, *, today: date, exclude_pk: int | None = None, keeps_bsn: bool = False
) -> str:
    """Check every rule; return the normalised BSN ('' when none). Raises DomainError.

    `keeps_bsn`: the client already has a BSN, and an empty BSN field means "keep it".
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
    if data.bsn.strip():
        try:
            bsn = normalise_bsn(data.bsn)
        except InvalidBSN as exc:
            errors["bsn"] = str(exc)
        else:
            duplicates = Client.objects.filter(bsn_index=crypto.blind_index(bsn))
            if exclude_pk is not None:
                duplicates = duplicates.exclude(pk=exclude_pk)
            if duplicates.exists():
                errors["bsn"] = "Er is al een cliënt met dit BSN geregistreerd. Zoek de cliënt op."
    elif keeps_bsn and data.no_bsn_reason:
        errors["no_bsn_reason"] = "Deze cliënt heeft een BSN: laat de reden geen BSN leeg."
    elif not data.no_bsn_reason and not keeps_bsn:
        errors["bsn"] = "Vul het BSN in, of kies waarom er geen BSN is."
    if errors:
        raise FieldErrors(errors)
    return bsn


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
    bsn = _validate(data, today=today)
    client = Client(
        given_names=data.given_names.strip(),
        surname_prefix=data.surname_prefix.strip(),
        surname=data.surname.strip(),
        date_of_birth=data.date_of_birth,
        registration_municipality=data.registration_municipality,
        origin_municipality=data.origin_municipality,
        region_id=data.registration_municipality.region_id,
        no_bsn_reason="" if bsn else data.no_bsn_reason,
        is_demo=is_demo,
    )
    if bsn:
        client.set_bsn(bsn)
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
    return client


@transaction.atomic
def client_update(*, client: Client, data: ClientData, acting_user: User, today: date) -> Client:
    bsn = _validate(data, today=today, exclude_pk=client.pk, keeps_bsn=bool(client.bsn_encrypted))
    changed = []
    for field in ("given_names", "surname_prefix", "surname", "date_of_birth",
                  "origin_municipality"):
        new = getattr(data, field)
        new = new.strip() if isinstance(new, str) else new
        if getattr(client, field) != new:
            setattr(client, field, new)
            changed.append(client._meta.get_field(field).verbose_name)
    if bsn and bsn != client.bsn:
        client.set_bsn(bsn)
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
    return client
