"""Write use cases for the dossier: address and contact, representatives and contact persons,
notes (gespreksverslagen) and documents.

Each service checks everything before it writes, runs in one transaction, appends to the case
history and writes an access-log entry. Uploaded files are checked on their content (the first
bytes), not on the name the browser sends, and stored through Django's storage API, so production
can use S3-compatible storage by setting ``STORAGES["default"]``.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write

from .constants import AddressKind, DocumentKind, EventKind, NoteKind, RelationRole
from .models import Client, ClientDocument, ClientNote, ClientRelation
from .services import FieldErrors, client_event_add

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
"""Uploads above 10 MB are refused (a scanned report of some pages fits easily)."""

# What a file really is, by its first bytes (its "magic number").
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
ALLOWED_EXTENSIONS = {"application/pdf": {"pdf"}, "image/png": {"png"}, "image/jpeg": {"jpg", "jpeg"}}

_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


def sniff_content_type(head: bytes) -> str | None:
    """The content type the bytes show (PDF, PNG or JPEG), or None for anything else."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def normalise_postcode(value: str) -> str | None:
    """``"6811ab"`` → ``"6811 AB"``; None when it is not a Dutch postcode."""
    match = _POSTCODE.match(value)
    if not match or match.group(1).startswith("0"):
        return None
    return f"{match.group(1)} {match.group(2).upper()}"


# ------------------------------------------------------------------------------------------------
# Address and contact
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDetails:
    address_kind: str
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    care_of: str = ""
    phone: str = ""
    email: str = ""


def _validate_contact(data: ContactDetails) -> ContactDetails:
    errors: dict[str, str] = {}
    postcode = data.postcode.strip()
    if data.address_kind not in AddressKind.values:
        errors["address_kind"] = "Kies de soort adres."
    elif data.address_kind == AddressKind.NONE:
        if any(v.strip() for v in (data.street, data.house_number, data.postcode, data.city,
                                   data.care_of)):
            errors["address_kind"] = (
                "U hebt een adres ingevuld maar 'Geen adres bekend' gekozen. Kies woonadres of "
                "briefadres, of maak de adresvelden leeg."
            )
    else:
        if not data.street.strip():
            errors["street"] = "Vul de straat in."
        if not data.house_number.strip():
            errors["house_number"] = "Vul het huisnummer in."
        if not data.city.strip():
            errors["city"] = "Vul de woonplaats in."
        if not postcode:
            errors["postcode"] = "Vul de postcode in, bijvoorbeeld 6811 AB."
        else:
            normalised = normalise_postcode(postcode)
            if normalised is None:
                errors["postcode"] = "Vul een Nederlandse postcode in: 4 cijfers en 2 letters, bijvoorbeeld 6811 AB."
            else:
                postcode = normalised
    if data.care_of.strip() and data.address_kind != AddressKind.BRIEFADRES:
        errors["care_of"] = "Een 'per adres' hoort alleen bij een briefadres."
    if data.phone.strip() and not _PHONE.match(data.phone.strip()):
        errors["phone"] = "Vul een telefoonnummer in met alleen cijfers, bijvoorbeeld 06 12345678."
    if errors:
        raise FieldErrors(errors)
    return ContactDetails(
        address_kind=data.address_kind, street=data.street.strip(),
        house_number=data.house_number.strip(), postcode=postcode, city=data.city.strip(),
        care_of=data.care_of.strip(), phone=data.phone.strip(), email=data.email.strip(),
    )


@transaction.atomic
def contact_details_update(
    *, client: Client, data: ContactDetails, acting_user: User, today: date
) -> Client:
    clean = _validate_contact(data)
    changed = []
    for field in ("address_kind", "street", "house_number", "postcode", "city", "care_of",
                  "phone", "email"):
        if getattr(client, field) != getattr(clean, field):
            setattr(client, field, getattr(clean, field))
            changed.append(str(client._meta.get_field(field).verbose_name))
    if not changed:
        return client
    client.save()
    summary = "Gewijzigd: " + ", ".join(changed) + "."
    client_event_add(client=client, kind=EventKind.CONTACT_DETAILS, occurred_on=today,
                     actor=acting_user, summary=summary)
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=Purpose.CASE_WORK,
                     client=client, detail=summary)
    return client


# ------------------------------------------------------------------------------------------------
# Representatives, budget holder and contact persons
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelationData:
    role: str
    name: str
    organisation: str = ""
    relationship: str = ""
    is_budget_holder: bool = False
    phone: str = ""
    email: str = ""
    address: str = ""


def _validate_relation(data: RelationData) -> None:
    errors: dict[str, str] = {}
    if data.role not in RelationRole.values:
        errors["role"] = "Kies de rol van deze persoon."
    if not data.name.strip():
        errors["name"] = "Vul de naam in."
    if data.phone.strip() and not _PHONE.match(data.phone.strip()):
        errors["phone"] = "Vul een telefoonnummer in met alleen cijfers, bijvoorbeeld 06 12345678."
    if not (data.phone.strip() or data.email.strip() or data.address.strip()):
        errors["phone"] = "Vul minstens één manier in om deze persoon te bereiken: telefoon, e-mail of adres."
    if errors:
        raise FieldErrors(errors)


def _relation_fields(data: RelationData) -> dict[str, object]:
    return {
        "role": data.role, "name": data.name.strip(), "organisation": data.organisation.strip(),
        "relationship": data.relationship.strip(), "is_budget_holder": data.is_budget_holder,
        "phone": data.phone.strip(), "email": data.email.strip(), "address": data.address.strip(),
    }


@transaction.atomic
def relation_save(
    *, client: Client, data: RelationData, acting_user: User, today: date,
    relation: ClientRelation | None = None,
) -> ClientRelation:
    """Add a relation, or change `relation`. Only one budget holder at a time."""
    _validate_relation(data)
    if relation is None:
        relation = ClientRelation(client=client)
    for field, value in _relation_fields(data).items():
        setattr(relation, field, value)
    creating = relation.pk is None
    relation.save()
    if data.is_budget_holder:
        client.relations.exclude(pk=relation.pk).filter(is_budget_holder=True).update(
            is_budget_holder=False
        )
    verb = "toegevoegd" if creating else "gewijzigd"
    summary = f"{relation.get_role_display()} {relation.name} {verb}"
    if data.is_budget_holder:
        summary += " (budgethouder)"
    client_event_add(client=client, kind=EventKind.RELATION, occurred_on=today,
                     actor=acting_user, summary=summary + ".")
    access_log_write(user=acting_user, action=AccessAction.CREATE if creating else AccessAction.UPDATE,
                     purpose=Purpose.CASE_WORK, client=client, detail=summary)
    return relation


@transaction.atomic
def relation_remove(*, relation: ClientRelation, acting_user: User, today: date) -> None:
    client = relation.client
    summary = f"{relation.get_role_display()} {relation.name} verwijderd"
    relation.delete()
    client_event_add(client=client, kind=EventKind.RELATION, occurred_on=today,
                     actor=acting_user, summary=summary + ".")
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=Purpose.CASE_WORK,
                     client=client, detail=summary)


# ------------------------------------------------------------------------------------------------
# Notes and documents
# ------------------------------------------------------------------------------------------------


@transaction.atomic
def note_add(
    *, client: Client, kind: str, held_on: date, subject: str, text: str, acting_user: User,
    today: date,
) -> ClientNote:
    errors: dict[str, str] = {}
    if kind not in NoteKind.values:
        errors["kind"] = "Kies de soort notitie."
    if not subject.strip():
        errors["subject"] = "Vul het onderwerp in."
    if not text.strip():
        errors["text"] = "Schrijf het verslag: een notitie zonder tekst wordt niet opgeslagen."
    if held_on > today:
        errors["held_on"] = "De datum ligt in de toekomst."
    if errors:
        raise FieldErrors(errors)
    note = ClientNote.objects.create(client=client, kind=kind, held_on=held_on,
                                     subject=subject.strip(), text=text.strip(), author=acting_user)
    client_event_add(client=client, kind=EventKind.NOTE, occurred_on=held_on, actor=acting_user,
                     summary=f"{note.get_kind_display()}: {note.subject}")
    access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=Purpose.CASE_WORK,
                     client=client, detail=f"Notitie toegevoegd: {note.subject}")
    return note


def check_upload(*, name: str, size: int, head: bytes) -> str:
    """The checked content type of an upload; raises FieldErrors with a Dutch message."""
    if size == 0:
        raise FieldErrors({"file": "Het bestand is leeg. Kies een ander bestand."})
    if size > MAX_DOCUMENT_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise FieldErrors({"file": (
            f"Het bestand is te groot ({megabytes} MB). "
            f"Het mag hoogstens {MAX_DOCUMENT_BYTES // 1024 // 1024} MB zijn."
        )})
    content_type = sniff_content_type(head)
    if content_type is None:
        raise FieldErrors({"file": (
            "Dit bestandstype kan niet worden toegevoegd. Voeg een PDF, PNG of JPEG toe."
        )})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS[content_type]:
        raise FieldErrors({"file": (
            "De bestandsnaam past niet bij de inhoud van het bestand. Voeg een PDF, PNG of JPEG "
            "toe met de juiste bestandsnaam."
        )})
    return content_type


@transaction.atomic
def document_add(
    *, client: Client, kind: str, title: str, name: str, content: bytes, acting_user: User,
    today: date,
) -> ClientDocument:
    errors: dict[str, str] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = "Kies de soort document."
    if not title.strip():
        errors["title"] = "Vul een titel in, bijvoorbeeld 'Onderzoeksverslag april'."
    try:
        content_type = check_upload(name=name, size=len(content), head=content[:16])
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    document = ClientDocument(
        client=client, kind=kind, title=title.strip(), content_type=content_type,
        size=len(content), original_name=name[-200:], sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=acting_user,
    )
    document.file.save("upload", ContentFile(content), save=False)
    try:
        document.save()
        client_event_add(client=client, kind=EventKind.DOCUMENT, occurred_on=today,
                         actor=acting_user,
                         summary=f"{document.get_kind_display()}: {document.title}")
        access_log_write(user=acting_user, action=AccessAction.CREATE, purpose=Purpose.CASE_WORK,
                         client=client, detail=f"Document toegevoegd: {document.title}")
    except Exception:
        document.file.delete(save=False)  # no stored file without its record
        raise
    return document
