"""Messages from providers in: validate, check the technical rules, apply whole, answer with a retour.

`bericht_import` handles one file. Order of work:
1. parse and validate against the schema (a failure: no retour, nothing stored, the schema error);
2. identify sender (AGB code) and receiver (gemeente); in one transaction, with the provider row
   locked so that the same message arriving twice is serialised:
3. a reused BerichtIdentificatie (TR056) is answered with 9056 on the header and has no effect;
4. the handler of the kind checks every part against the technical rules (retour codes per part);
5. the message is applied only when no part is rejected (WMO305/307/315/317: whole), and the
   retour lists the rejected parts with their codes, their parent classes with 0200 and the sound
   sibling parts with 0233 (not processed, because the message is handled as a whole); a fully
   accepted message gets a retour of the header alone, without codes. WMO323 is answered with a
   WMO325 per line as iWmo prescribes: rejected lines (with their codes) are not granted, the rest
   is; 8001 when the whole declaratie is granted.
"""

from __future__ import annotations

import calendar
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from lxml import etree

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.capacity.models import Provider
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client
from bwmo.clients.services import client_event_add
from bwmo.contracts.checks import tariff_for
from bwmo.core import crypto
from bwmo.core.dates import nl_date
from bwmo.placements.models import Placement
from bwmo.regions.constants import TariffUnit
from bwmo.regions.models import Municipality, Product

from . import xml
from .constants import (
    ACCEPTED_PARENT,
    BERICHT_CODE,
    BW_MO_CATEGORIES,
    DECLARATIE_GRANTED,
    EENHEID_ETMAAL,
    EENHEID_STUKS_OUTPUT,
    INCOMING_KINDS,
    NOT_ASSESSED,
    RETOUR_OF,
    TECHNICAL,
    XSD_VERSIE,
    Direction,
    RedenBeeindiging,
    RedenWijziging,
    VerzoekStatus,
    message_namespace,
    outflow_for,
    retour_code_texts,
)
from .models import Bericht, Declaratie, Levering, Prestatie, Toewijzing, Verzoek
from .outgoing import new_identificatie, numbered


@dataclass
class ImportResult:
    """One line of `bwmo iwmo import` (docs/iwmo.md)."""

    file: str
    message: str | None = None
    applied: bool = False
    retour_file: str | None = None
    retour_codes: list[str] = field(default_factory=list)
    error: str | None = None
    report: list[str] = field(default_factory=list)
    bericht: Bericht | None = None
    retour: Bericht | None = None

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "message": self.message, "applied": self.applied,
                "retour_file": self.retour_file, "retour_codes": self.retour_codes,
                "error": self.error}


@dataclass
class Verdict:
    """What a handler found: codes per part (elements of the incoming tree) and how to apply."""

    codes: dict[etree._Element, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    apply: Callable[[], None] = lambda: None
    client: Client | None = None
    granted_any: bool = False  # WMO323: at least one line granted
    retour_xml: etree._Element | None = None  # WMO323: the WMO325 answer

    def reject(self, element: etree._Element, code: str, problem: str) -> None:
        self.codes.setdefault(element, [])
        if code not in self.codes[element]:
            self.codes[element].append(code)
        self.problems.append(f"{problem} (retourcode {code}: {retour_code_texts().get(code, '')})")

    @property
    def rejected(self) -> bool:
        return bool(self.codes)


@dataclass
class Context:
    reader: xml.Reader
    provider: Provider
    municipality: Municipality
    bericht: Bericht
    today: date
    user: User | None


def client_by_bsn(bsn: str) -> Client | None:
    if not bsn:
        return None
    return Client.objects.filter(bsn_index=crypto.blind_index(bsn), merged_into__isnull=True).first()


def find_toewijzing(ctx: Context, nummer: int | None, client: Client | None) -> Toewijzing | None:
    if nummer is None or client is None:
        return None
    return (Toewijzing.objects.select_related("product", "beschikking")
            .filter(pk=nummer, provider=ctx.provider, municipality=ctx.municipality, client=client)
            .first())


# --------------------------------------------------------------------------------------------
# entry point


def bericht_import(content: bytes, *, filename: str = "", acting_user: User | None = None,
                   provider: Provider | None = None, today: date | None = None) -> ImportResult:
    """Process one incoming message. `provider`: the portal user's own organisation (required match)."""
    today = today or timezone.localdate()
    result = ImportResult(file=filename)
    try:
        kind, root = xml.parse(content, INCOMING_KINDS)
    except xml.SchemaError as exc:
        result.error = str(exc)
        return result
    result.message = kind
    reader = xml.Reader(kind, root)
    sender = reader.text("m:Header/m:Afzender")
    receiver = reader.text("m:Header/m:Ontvanger")
    if kind in ("WMO302", "WMO320"):
        sender, receiver = receiver, sender  # a retour keeps the header of our own message
    sender_provider = Provider.objects.filter(agb_code=sender).first()
    if sender_provider is None:
        result.error = (f"De afzender met AGB-code {sender} is geen bekende zorgaanbieder; het "
                        "bericht is niet verwerkt. Controleer de AGB-code.")
        return result
    if provider is not None and sender_provider.pk != provider.pk:
        result.error = ("Dit bericht is afkomstig van een andere zorgaanbieder (AGB-code "
                        f"{sender}); u kunt alleen berichten van uw eigen organisatie inlezen.")
        return result
    if kind in ("WMO302", "WMO320"):
        return _import_retour(result, reader, sender_provider, content, filename, acting_user)
    with transaction.atomic():
        Provider.objects.select_for_update().filter(pk=sender_provider.pk).first()
        return _import_locked(result, reader, sender_provider, receiver, content, filename,
                              acting_user, today)


def _import_locked(result: ImportResult, reader: xml.Reader, provider: Provider, receiver: str,
                   content: bytes, filename: str, user: User | None, today: date) -> ImportResult:
    kind = reader.kind
    identificatie = reader.text("m:Header/m:BerichtIdentificatie/iwmo:Identificatie")
    dagtekening = reader.date("m:Header/m:BerichtIdentificatie/iwmo:Dagtekening") or today
    municipality = Municipality.objects.filter(code=f"GM{receiver}").first()
    reused = Bericht.objects.filter(
        direction=Direction.IN, kind=kind, sender=provider.agb_code, identificatie=identificatie,
        reused_identification=False,
    ).exists()
    bericht = Bericht.objects.create(
        direction=Direction.IN, kind=kind, identificatie=identificatie, dagtekening=dagtekening,
        sender=provider.agb_code, receiver=receiver, provider=provider, municipality=municipality,
        filename=filename[:200], content=content.decode("utf-8", errors="replace"),
        reused_identification=reused, created_by=user,
    )
    result.bericht = bericht
    header_codes: list[str] = []
    verdict = Verdict()
    if reused:
        header_codes.append("9056")
        result.report.append(
            f"Berichtidentificatie {identificatie} is al eerder door u gebruikt voor een "
            f"{kind}-bericht. Dit bericht is niet verwerkt; het eerdere bericht geldt. Stuurt u "
            "een gecorrigeerd bericht, geef het dan een nieuwe identificatie (retourcode 9056)."
        )
    elif municipality is None:
        header_codes.append("S300")
        result.report.append(f"Gemeentecode {receiver} komt niet voor in de lijst van het CBS "
                             "(retourcode S300). Het bericht is niet verwerkt.")
    elif dagtekening > today:
        header_codes.append("8848")
        result.report.append(f"De dagtekening ({nl_date(dagtekening)}) ligt in de toekomst "
                             "(retourcode 8848). Het bericht is niet verwerkt.")
    else:
        ctx = Context(reader, provider, municipality, bericht, today, user)
        verdict = HANDLERS[kind](ctx)
        result.report.extend(verdict.problems)
        if kind == "WMO323":
            # per line, as iWmo prescribes: rejected lines are not granted, the rest is
            result.applied = verdict.granted_any
        else:
            result.applied = not verdict.rejected
        if result.applied:
            verdict.apply()
    if kind == "WMO323":
        retour_root = verdict.retour_xml if verdict.retour_xml is not None else _build_325(
            reader, provider.agb_code, receiver, bericht, today, header_codes=header_codes
        )
    else:
        retour_root = _retour_from_heen(reader, header_codes, verdict)
    if not result.applied and not result.report:
        result.report.append("Het bericht is niet verwerkt.")
    if result.applied and not result.report:
        result.report.append("Het bericht is volledig goedgekeurd en verwerkt.")
    elif not result.applied and not reused and municipality is not None and kind != "WMO323":
        result.report.append("Er is niets verwerkt: het bericht wordt in zijn geheel verwerkt of "
                             "niet. Herstel de genoemde punten en stuur het bericht opnieuw, met "
                             "een nieuwe berichtidentificatie.")
    retour_kind = RETOUR_OF[kind]
    xml.validate(retour_kind, retour_root)
    codes = _codes_in(retour_root)
    bericht.applied = result.applied
    bericht.client = verdict.client
    bericht.retour_codes = codes
    bericht.report = "\n".join(result.report)
    bericht.save(update_fields=["applied", "client", "retour_codes", "report"])
    retour = Bericht.objects.create(
        direction=Direction.OUT, kind=retour_kind, identificatie=new_identificatie(),
        dagtekening=today, sender=municipality.iwmo_code if municipality else receiver,
        receiver=provider.agb_code, provider=provider, municipality=municipality,
        client=verdict.client, content="", applied=True, retour_codes=codes, in_reply_to=bericht,
        created_by=user,
    )
    numbered(retour)
    _set_retour_identification(retour_kind, retour_root, retour.identificatie, today)
    xml.validate(retour_kind, retour_root)
    retour.content = xml.serialize(retour_root).decode()
    retour.filename = retour.download_name
    retour.save(update_fields=["content", "filename"])
    result.retour = retour
    result.retour_codes = codes
    if verdict.client is not None and user is not None:
        access_log_write(user=user, action=AccessAction.UPDATE if result.applied else AccessAction.VIEW,
                         purpose=Purpose.PLACEMENT, client=verdict.client,
                         detail=f"iWmo {kind} {identificatie} ingelezen")
    return result


def _codes_in(root: etree._Element) -> list[str]:
    """The distinct retour codes anywhere in a retour, sorted."""
    seen: list[str] = []
    for el in root.iter():
        is_code = isinstance(el.tag, str) and etree.QName(el).localname == "RetourCode"
        if is_code and el.text not in seen:
            seen.append(el.text or "")
    return sorted(seen)


# --------------------------------------------------------------------------------------------
# retour built on the heen message (306, 308, 316, 318)

RETOUR_CLASSES = {
    "WMO305": ("Client", "StartProduct"),
    "WMO307": ("Client", "StopProduct"),
    "WMO315": ("Client", "AangevraagdProduct"),
    "WMO317": ("Client", "Verzoek", "OngewijzigdProduct", "TeWijzigenProduct", "NieuwProduct"),
}
PARENT_CLASSES = ("Client", "Verzoek")


def _retour_from_heen(reader: xml.Reader, header_codes: list[str], verdict: Verdict) -> etree._Element:
    kind = reader.kind
    retour_kind = RETOUR_OF[kind]
    heen_ns, ns = message_namespace(kind), message_namespace(retour_kind)
    source = reader.root
    tree = source.getroottree()
    paths = {tree.getpath(el): codes for el, codes in verdict.codes.items()}
    body = copy.deepcopy(source)
    copy_tree = body.getroottree()
    include_parts = verdict.rejected and not header_codes
    if include_parts:
        classes = RETOUR_CLASSES[kind]
        for el in list(body.iter()):
            if not isinstance(el.tag, str) or etree.QName(el).namespace != heen_ns:
                continue
            name = etree.QName(el).localname
            if name in classes:
                own = paths.get(copy_tree.getpath(el))
                codes = own or [ACCEPTED_PARENT if name in PARENT_CLASSES else NOT_ASSESSED]
                holder = etree.SubElement(el, f"{{{heen_ns}}}RetourCodes")
                for code in codes:
                    etree.SubElement(holder, f"{{{heen_ns}}}RetourCode").text = code
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={retour_kind.lower(): ns, "iwmo": xml.NS_BASIS})
    for child in list(body):
        if not include_parts and etree.QName(child).localname != "Header":
            continue
        root.append(child)
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).namespace == heen_ns:
            el.tag = f"{{{ns}}}{etree.QName(el).localname}"
    etree.cleanup_namespaces(root, top_nsmap={retour_kind.lower(): ns, "iwmo": xml.NS_BASIS})
    header = root[0]
    header.find(f"{{{ns}}}BerichtCode").text = BERICHT_CODE[retour_kind]
    b = xml.Builder(retour_kind)
    b.sub(header, "IdentificatieRetour", "0")
    b.sub(header, "DagtekeningRetour", timezone.localdate())
    versie = b.sub(header, "XsdVersieRetour")
    b.b(versie, "BasisschemaXsdVersie", XSD_VERSIE)
    b.b(versie, "BerichtXsdVersie", XSD_VERSIE)
    if header_codes:
        b.retour_codes(header, header_codes)
    return root


def _set_retour_identification(kind: str, root: etree._Element, identificatie: str, day: date) -> None:
    ns = message_namespace(kind)
    header = root.find(f"{{{ns}}}Header")
    if kind == "WMO325":
        ident = header.find(f"{{{ns}}}BerichtIdentificatie")
        ident.find(f"{{{xml.NS_BASIS}}}Identificatie").text = identificatie
        ident.find(f"{{{xml.NS_BASIS}}}Dagtekening").text = day.isoformat()
        return
    header.find(f"{{{ns}}}IdentificatieRetour").text = identificatie
    header.find(f"{{{ns}}}DagtekeningRetour").text = day.isoformat()


# --------------------------------------------------------------------------------------------
# WMO305 start zorg


def _duplicates(reader: xml.Reader, parts: list[etree._Element], verdict: Verdict) -> set[int]:
    """TR101: no duplicate lines within a message (0001)."""
    seen: dict[bytes, int] = {}
    dupes: set[int] = set()
    for i, part in enumerate(parts):
        key = etree.tostring(part, method="c14n")
        if key in seen:
            dupes.add(i)
            verdict.reject(part, TECHNICAL, "Deze regel staat twee keer in het bericht")
        seen[key] = i
    return dupes


def handle_305(ctx: Context) -> Verdict:
    r = ctx.reader
    verdict = Verdict()
    client_el = r.one("m:Client")
    client = client_by_bsn(r.text("m:Bsn", client_el))
    verdict.client = client
    dagtekening = ctx.bericht.dagtekening
    actions: list[Callable[[], None]] = []
    parts = r.all("m:StartProducten/m:StartProduct", client_el)
    dupes = _duplicates(r, parts, verdict)
    for i, part in enumerate(parts):
        if i in dupes:
            continue
        nummer = r.int("m:ToewijzingNummer", part)
        begindatum = r.date("m:Begindatum", part)
        status = r.text("m:StatusAanlevering", part)
        label = f"Start zorg toewijzing {nummer or '(geen nummer)'} per {nl_date(begindatum)}"
        toewijzing = find_toewijzing(ctx, nummer, client)
        if toewijzing is None:
            verdict.reject(part, "9019", f"{label}: er is geen toewijzing met dit nummer voor deze "
                                         "cliënt (BSN) bij uw organisatie en deze gemeente")
            continue
        if begindatum > dagtekening:
            verdict.reject(part, TECHNICAL, f"{label}: de begindatum ligt na de dagtekening van het "
                                            "bericht")
            continue
        key = Levering.objects.filter(toewijzing=toewijzing, begindatum=begindatum, deleted=False)
        existing = key.first()
        if status == "1":
            if existing is not None:
                verdict.reject(part, "9074", f"{label}: deze start is al eerder ontvangen")
            elif Levering.objects.filter(toewijzing=toewijzing, deleted=False,
                                         einddatum__isnull=True).exists():
                verdict.reject(part, "9326", f"{label}: de lopende levering op deze toewijzing is "
                                             "nog niet gestopt met een stopbericht")
            elif begindatum < toewijzing.ingangsdatum or (
                toewijzing.einddatum is not None and begindatum > toewijzing.einddatum
            ):
                verdict.reject(part, "9019", f"{label}: de begindatum ligt buiten de periode van de "
                                             f"toewijzing ({nl_date(toewijzing.ingangsdatum)} – "
                                             f"{nl_date(toewijzing.einddatum)})")
            else:
                actions.append(_start_action(ctx, toewijzing, begindatum))
        elif status == "2":
            if existing is None:
                verdict.reject(part, "9063", f"{label}: er is geen eerdere start met deze sleutel om "
                                             "te wijzigen")
        elif status == "3":
            if existing is None:
                verdict.reject(part, "9063", f"{label}: er is geen eerdere start met deze sleutel om "
                                             "te verwijderen")
            elif existing.einddatum is not None:
                verdict.reject(part, "9071", f"{label}: de start kan niet worden verwijderd, want de "
                                             "zorg is al gestopt")
            else:
                actions.append(lambda lev=existing: Levering.objects.filter(pk=lev.pk).update(deleted=True))
        else:
            verdict.reject(part, TECHNICAL, f"{label}: StatusAanlevering {status} kan hier niet")

    def apply() -> None:
        for action in actions:
            action()

    verdict.apply = apply
    return verdict


def _start_action(ctx: Context, toewijzing: Toewijzing, begindatum: date) -> Callable[[], None]:
    def action() -> None:
        Levering.objects.create(toewijzing=toewijzing, begindatum=begindatum,
                                start_bericht=ctx.bericht)
        client_event_add(
            client=toewijzing.client, kind=EventKind.PLACEMENT_STARTED, occurred_on=begindatum,
            actor=ctx.user,
            summary=f"{ctx.provider}: start zorg {toewijzing.product} per {nl_date(begindatum)} "
                    f"gemeld (iWmo, toewijzing {toewijzing.nummer}).",
            data={"toewijzing": toewijzing.nummer, "bericht": ctx.bericht.pk},
        )
    return action


# --------------------------------------------------------------------------------------------
# WMO307 stop zorg


def handle_307(ctx: Context) -> Verdict:
    r = ctx.reader
    verdict = Verdict()
    client_el = r.one("m:Client")
    client = client_by_bsn(r.text("m:Bsn", client_el))
    verdict.client = client
    actions: list[Callable[[], None]] = []
    parts = r.all("m:StopProducten/m:StopProduct", client_el)
    dupes = _duplicates(r, parts, verdict)
    for i, part in enumerate(parts):
        if i in dupes:
            continue
        nummer = r.int("m:ToewijzingNummer", part)
        begindatum = r.date("m:Begindatum", part)
        einddatum = r.date("m:Einddatum", part)
        reden = r.text("m:RedenBeeindiging", part)
        status = r.text("m:StatusAanlevering", part)
        label = f"Stop zorg toewijzing {nummer or '(geen nummer)'} per {nl_date(einddatum)}"
        toewijzing = find_toewijzing(ctx, nummer, client)
        if toewijzing is None:
            verdict.reject(part, "9019", f"{label}: er is geen toewijzing met dit nummer voor deze "
                                         "cliënt (BSN) bij uw organisatie en deze gemeente")
            continue
        if einddatum < begindatum:
            verdict.reject(part, TECHNICAL, f"{label}: de einddatum ligt vóór de begindatum "
                                            f"({nl_date(begindatum)})")
            continue
        if einddatum > ctx.bericht.dagtekening:
            verdict.reject(part, TECHNICAL, f"{label}: de einddatum ligt na de dagtekening van het "
                                            "bericht")
            continue
        levering = Levering.objects.filter(toewijzing=toewijzing, begindatum=begindatum,
                                           deleted=False).first()
        if levering is None:
            verdict.reject(part, "9069", f"{label}: er is geen start zorg per {nl_date(begindatum)} "
                                         "op deze toewijzing ontvangen")
            continue
        stopped = levering.einddatum is not None
        if status == "1":
            if stopped and levering.reden_beeindiging != RedenBeeindiging.TIJDELIJK:
                verdict.reject(part, "9415", f"{label}: deze levering is al gestopt")
                continue
            if stopped and reden == RedenBeeindiging.TIJDELIJK:
                verdict.reject(part, "9413", f"{label}: de levering is al tijdelijk beëindigd")
                continue
            if stopped and einddatum < levering.einddatum:
                verdict.reject(part, "9414", f"{label}: de einddatum ligt vóór de eerder gemelde "
                                             f"einddatum {nl_date(levering.einddatum)}")
                continue
        elif status in ("2", "3") and not stopped:
            verdict.reject(part, "9063", f"{label}: er is geen eerdere stop met deze sleutel")
            continue
        elif status not in ("1", "2", "3"):
            verdict.reject(part, TECHNICAL, f"{label}: StatusAanlevering {status} kan hier niet")
            continue
        placement = None
        if status != "3" and reden != RedenBeeindiging.TIJDELIJK:
            placement = Placement.objects.filter(
                beschikking_id=toewijzing.beschikking_id, end_date__isnull=True
            ).first()
            if placement is not None and einddatum < placement.start_date:
                verdict.reject(part, TECHNICAL, f"{label}: de einddatum ligt vóór de start van de "
                                                f"plaatsing ({nl_date(placement.start_date)})")
                continue
        actions.append(_stop_action(ctx, levering, einddatum, reden, status, placement))

    def apply() -> None:
        for action in actions:
            action()

    verdict.apply = apply
    return verdict


def _stop_action(ctx: Context, levering: Levering, einddatum: date, reden: str, status: str,
                 placement: Placement | None) -> Callable[[], None]:
    def action() -> None:
        if status == "3":
            Levering.objects.filter(pk=levering.pk).update(einddatum=None, reden_beeindiging="",
                                                           stop_bericht=None)
            return
        Levering.objects.filter(pk=levering.pk).update(
            einddatum=einddatum, reden_beeindiging=reden, stop_bericht=ctx.bericht
        )
        toewijzing = levering.toewijzing
        reden_label = RedenBeeindiging(reden).label if reden in RedenBeeindiging.values else reden
        summary = (f"{ctx.provider}: stop zorg {toewijzing.product} per {nl_date(einddatum)} "
                   f"gemeld (iWmo, reden: {reden_label}).")
        if placement is not None:
            destination = outflow_for(reden)
            Placement.objects.filter(pk=placement.pk).update(
                end_date=einddatum, outflow_destination=destination, updated_at=timezone.now()
            )
            summary += " De plaatsing is beëindigd."
        client_event_add(
            client=toewijzing.client, kind=EventKind.PLACEMENT_ENDED, occurred_on=einddatum,
            actor=ctx.user, summary=summary,
            data={"toewijzing": toewijzing.nummer, "bericht": ctx.bericht.pk, "reden": reden},
        )
    return action


# --------------------------------------------------------------------------------------------
# WMO315 verzoek om toewijzing, WMO317 verzoek om wijziging


def _open_request_exists(ctx: Context, bsn: str) -> bool:
    return Verzoek.objects.filter(
        provider=ctx.provider, municipality=ctx.municipality, bsn_index=crypto.blind_index(bsn),
        status__in=[VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK],
    ).exists()


def _client_name(r: xml.Reader, client_el: etree._Element) -> str:
    naam = r.one("m:Naam", client_el)
    if naam is None:
        return ""
    parts = [r.text("iwmo:Voornamen", naam) or r.text("iwmo:Voorletters", naam),
             r.text("iwmo:Geslachtsnaam/iwmo:Voorvoegsel", naam),
             r.text("iwmo:Geslachtsnaam/iwmo:Achternaam", naam)]
    return " ".join(p for p in parts if p)


def handle_315(ctx: Context) -> Verdict:
    r = ctx.reader
    verdict = Verdict()
    client_el = r.one("m:Client")
    bsn = r.text("m:Bsn", client_el)
    client = client_by_bsn(bsn)
    verdict.client = client
    name = _client_name(r, client_el) or "onbekend"
    born = r.date("m:Geboortedatum/iwmo:Datum", client_el)
    open_request = _open_request_exists(ctx, bsn)
    refs: set[str] = set()
    new: list[Verzoek] = []
    for part in r.all("m:AangevraagdeProducten/m:AangevraagdProduct", client_el):
        ref = r.text("m:ReferentieAanbieder", part)
        categorie = r.text("m:Product/iwmo:Categorie", part)
        code = r.text("m:Product/iwmo:Code", part)
        label = f"Aangevraagd product (referentie {ref})"
        if ref in refs:
            verdict.reject(part, TECHNICAL, f"{label}: de referentie komt twee keer voor in het bericht")
            continue
        refs.add(ref)
        if Verzoek.objects.filter(provider=ctx.provider, referentie_aanbieder=ref).exists():
            verdict.reject(part, "9347", f"{label}: deze referentie heeft u al eerder gebruikt")
            continue
        if open_request:
            verdict.reject(part, "9374", f"{label}: er is al een verzoek van uw organisatie voor "
                                         "deze cliënt in behandeling")
            continue
        if categorie not in BW_MO_CATEGORIES:
            verdict.reject(part, TECHNICAL, f"{label}: productcategorie {categorie or '(leeg)'} is "
                                            "geen beschermd wonen of opvang (15-18)")
            continue
        if code and not Product.objects.filter(region=ctx.municipality.region, code=code,
                                               iwmo_category=categorie).exists():
            verdict.reject(part, "S329", f"{label}: productcode {code} hoort niet bij "
                                         f"productcategorie {categorie} in de productenlijst van "
                                         "de regio")
            continue
        new.append(Verzoek(
            bericht=ctx.bericht, kind="WMO315", provider=ctx.provider,
            municipality=ctx.municipality, client=client, client_name=name,
            client_birth_date=born, bsn_index=crypto.blind_index(bsn), referentie_aanbieder=ref,
            products=[{
                "categorie": categorie, "code": code,
                "ingangsdatum": r.text("m:ToewijzingIngangsdatum", part),
                "einddatum": r.text("m:ToewijzingEinddatum", part),
                "volume": r.text("m:Omvang/iwmo:Volume", part),
                "eenheid": r.text("m:Omvang/iwmo:Eenheid", part),
                "frequentie": r.text("m:Omvang/iwmo:Frequentie", part),
                "commentaar": r.text("m:Commentaar", part),
            }],
        ))

    def apply() -> None:
        Verzoek.objects.bulk_create(new)
        if client is not None:
            client_event_add(client=client, kind=EventKind.AANVRAAG, occurred_on=ctx.today,
                             actor=ctx.user,
                             summary=f"{ctx.provider}: verzoek om toewijzing ontvangen (iWmo).",
                             data={"bericht": ctx.bericht.pk})

    verdict.apply = apply
    return verdict


def _current_toewijzingen(ctx: Context, client: Client) -> dict[int, Toewijzing]:
    rows = Toewijzing.objects.filter(
        provider=ctx.provider, municipality=ctx.municipality, client=client,
    ).filter(Q(einddatum__isnull=True) | Q(einddatum__gte=ctx.today)).exclude(
        reden_wijziging=RedenWijziging.VERWIJDERD
    )
    return {t.pk: t for t in rows}


def handle_317(ctx: Context) -> Verdict:
    r = ctx.reader
    verdict = Verdict()
    client_el = r.one("m:Client")
    verzoek_el = r.one("m:Verzoek", client_el)
    bsn = r.text("m:Bsn", client_el)
    client = client_by_bsn(bsn)
    verdict.client = client
    if client is None:
        verdict.reject(client_el, "8187", "Het BSN in het verzoek hoort bij geen cliënt van deze "
                                          "gemeente")
        return verdict
    ref = r.text("m:ReferentieAanbieder", verzoek_el)
    if Verzoek.objects.filter(provider=ctx.provider, referentie_aanbieder=ref).exists():
        verdict.reject(verzoek_el, "9347", f"Verzoek {ref}: deze referentie heeft u al eerder gebruikt")
    if _open_request_exists(ctx, bsn):
        verdict.reject(verzoek_el, "9374", f"Verzoek {ref}: er is al een verzoek van uw organisatie "
                                           "voor deze cliënt in behandeling")
    current = _current_toewijzingen(ctx, client)
    unchanged = r.all("m:OngewijzigdeProducten/m:OngewijzigdProduct", verzoek_el)
    changed = r.all("m:TeWijzigenProducten/m:TeWijzigenProduct", verzoek_el)
    added = r.all("m:NieuweProducten/m:NieuwProduct", verzoek_el)
    if not unchanged and not changed:
        verdict.reject(verzoek_el, TECHNICAL, f"Verzoek {ref}: er staat geen ongewijzigd of te "
                                              "wijzigen product in")
    if not changed and not added:
        verdict.reject(verzoek_el, TECHNICAL, f"Verzoek {ref}: er staat geen te wijzigen of nieuw "
                                              "product in")
    named: set[int] = set()
    for part in unchanged:
        nummer = r.int("m:ToewijzingNummer", part)
        named.add(nummer or 0)
        if nummer not in current:
            verdict.reject(part, "9350", f"Ongewijzigd product: toewijzing {nummer} is geen actuele "
                                         "toewijzing van deze cliënt bij uw organisatie")
    products: list[dict[str, str]] = []
    for part in changed:
        nummer = r.int("m:ToewijzingNummer", part)
        named.add(nummer or 0)
        gewenst = r.date("m:GewensteIngangsdatum", part)
        if nummer not in current:
            verdict.reject(part, "9351", f"Te wijzigen product: toewijzing {nummer} is geen actuele "
                                         "toewijzing van deze cliënt bij uw organisatie")
            continue
        if gewenst <= ctx.bericht.dagtekening and gewenst != current[nummer].ingangsdatum:
            verdict.reject(part, "9357", f"Te wijzigen product {nummer}: de gewenste ingangsdatum "
                                         "ligt niet na de dagtekening en is niet gelijk aan de "
                                         "ingangsdatum van de toewijzing")
        products.append({"soort": "wijzigen", "toewijzing": str(nummer),
                         "ingangsdatum": gewenst.isoformat(),
                         "einddatum": r.text("m:Einddatum", part),
                         "volume": r.text("m:Omvang/iwmo:Volume", part)})
    for part in added:
        products.append({"soort": "nieuw", "categorie": r.text("m:Product/iwmo:Categorie", part),
                         "code": r.text("m:Product/iwmo:Code", part),
                         "ingangsdatum": r.text("m:GewensteIngangsdatum", part),
                         "einddatum": r.text("m:Einddatum", part),
                         "volume": r.text("m:Omvang/iwmo:Volume", part)})
    missing = sorted(set(current) - named)
    if missing:
        verdict.reject(verzoek_el, "9349", f"Verzoek {ref}: niet alle actuele toewijzingen staan "
                                           f"erin (ontbreekt: {', '.join(map(str, missing))})")

    def apply() -> None:
        Verzoek.objects.create(
            bericht=ctx.bericht, kind="WMO317", provider=ctx.provider,
            municipality=ctx.municipality, client=client, client_name=client.full_name,
            client_birth_date=client.date_of_birth, bsn_index=crypto.blind_index(bsn),
            referentie_aanbieder=ref, products=products,
        )
        client_event_add(client=client, kind=EventKind.AANVRAAG, occurred_on=ctx.today,
                         actor=ctx.user,
                         summary=f"{ctx.provider}: verzoek om wijziging ontvangen (iWmo).",
                         data={"bericht": ctx.bericht.pk})

    verdict.apply = apply
    return verdict


# --------------------------------------------------------------------------------------------
# WMO323 declaratie → WMO325


def contract_tariff_cents(provider: Provider, product: Product, day: date) -> tuple[int, str, str] | None:
    """The tariff a declaration line is checked against, in cents, with its Eenheid and where it
    comes from: the provider's contract tariff (`bwmo.contracts`), else the region's tariff."""
    tariff = tariff_for(provider, product, day)
    if tariff is None:
        return None
    cents = int((tariff.amount * 100).to_integral_value())
    eenheid = EENHEID_STUKS_OUTPUT if tariff.unit == TariffUnit.MONTH else EENHEID_ETMAAL
    return cents, eenheid, tariff.source_label


def _months(begin: date, end: date) -> int:
    return (end.year - begin.year) * 12 + end.month - begin.month + 1


def allowed_volume(toewijzing: Toewijzing, begin: date, end: date) -> int | None:
    """The assigned volume for the part of [begin, end] inside the toewijzing; None: unbounded."""
    start = max(begin, toewijzing.ingangsdatum)
    stop = min(end, toewijzing.einddatum) if toewijzing.einddatum else end
    if stop < start:
        return 0
    days = (stop - start).days + 1
    frequentie = toewijzing.frequentie
    if frequentie == "1":
        return toewijzing.volume * days
    if frequentie == "2":
        return toewijzing.volume * -(-days // 7)
    if frequentie == "4":
        return toewijzing.volume * _months(start, stop)
    return toewijzing.volume  # 6: in total within the toewijzing


def handle_323(ctx: Context) -> Verdict:
    r = ctx.reader
    verdict = Verdict()
    decl = r.one("m:Declaratie")
    nummer = r.text("m:DeclaratieNummer", decl)
    periode_begin = r.date("m:DeclaratiePeriode/iwmo:Begindatum", decl)
    periode_eind = r.date("m:DeclaratiePeriode/iwmo:Einddatum", decl)
    totaal = r.int("m:TotaalIngediendBedrag/iwmo:TotaalBedrag", decl) or 0
    totaal_dc = r.text("m:TotaalIngediendBedrag/iwmo:DebetCredit", decl)
    decl_codes: list[str] = []
    if Declaratie.objects.filter(provider=ctx.provider, nummer=nummer).exists():
        decl_codes.append("9333")
        verdict.problems.append(f"Declaratienummer {nummer} heeft u al eerder gebruikt "
                                "(retourcode 9333). De declaratie is niet verwerkt.")
    lines = r.all("m:Clienten/m:Client/m:Prestaties/m:Prestatie", decl)
    signed = 0
    for line in lines:
        amount = r.int("m:IngediendBedrag/iwmo:Bedrag", line) or 0
        signed += amount if r.text("m:IngediendBedrag/iwmo:DebetCredit", line) == "D" else -amount
    if (totaal if totaal_dc == "D" else -totaal) != signed:
        decl_codes.append(TECHNICAL)
        verdict.problems.append("Het totaalbedrag van de declaratie is niet gelijk aan de som van "
                                "de prestaties (retourcode 0001). De declaratie is niet verwerkt.")
    rows: list[tuple[etree._Element, Prestatie]] = []
    refs_in_message: set[str] = set()
    granted_volume: dict[int, int] = {}
    for client_el in r.all("m:Clienten/m:Client", decl):
        bsn = r.text("m:Bsn", client_el)
        client = client_by_bsn(bsn)
        if verdict.client is None:
            verdict.client = client
        for line in r.all("m:Prestaties/m:Prestatie", client_el):
            prestatie, codes, problems = _check_prestatie(ctx, r, line, client, periode_eind,
                                                          refs_in_message, granted_volume)
            rows.append((line, prestatie))
            for code, problem in zip(codes, problems, strict=True):
                verdict.reject(line, code, problem)
            if decl_codes:
                prestatie.granted = False
    granted = [p for _, p in rows if p.granted]
    toegekend = sum(p.bedrag_cents if p.debet_credit == "D" else -p.bedrag_cents for p in granted)

    def apply() -> None:
        declaratie = Declaratie.objects.create(
            bericht=ctx.bericht, provider=ctx.provider, municipality=ctx.municipality,
            nummer=nummer, periode_begin=periode_begin, periode_eind=periode_eind,
            ingediend_cents=signed, toegekend_cents=toegekend,
        )
        for _, prestatie in rows:
            prestatie.declaratie = declaratie
        Prestatie.objects.bulk_create([p for _, p in rows])
        credited = [p.vorig_referentie for p in granted if p.debet_credit == "C"]
        if credited:
            Prestatie.objects.filter(declaratie__provider=ctx.provider, referentie__in=credited,
                                     debet_credit="D", granted=True).update(credited=True)

    verdict.apply = apply
    verdict.granted_any = bool(granted) and not decl_codes
    verdict.retour_xml = _build_325(
        r, ctx.provider.agb_code, ctx.municipality.iwmo_code, ctx.bericht, ctx.today,
        answer=(nummer, totaal, totaal_dc, decl_codes, rows, toegekend),
    )
    return verdict


def _check_prestatie(ctx: Context, r: xml.Reader, line: etree._Element, client: Client | None,
                     periode_eind: date, refs_in_message: set[str],
                     granted_volume: dict[int, int]) -> tuple[Prestatie, list[str], list[str]]:
    ref = r.text("m:ProductReferentie/iwmo:ReferentieNummer", line)
    vorig = r.text("m:ProductReferentie/iwmo:VorigReferentieNummer", line)
    nummer = r.int("m:ToewijzingNummer", line)
    categorie = r.text("m:ProductCategorie", line)
    code = r.text("m:ProductCode", line)
    begin = r.date("m:ProductPeriode/iwmo:Begindatum", line)
    end = r.date("m:ProductPeriode/iwmo:Einddatum", line)
    volume = r.int("m:GeleverdVolume", line) or 0
    eenheid = r.text("m:Eenheid", line)
    tarief = r.int("m:ProductTarief", line)
    bedrag = r.int("m:IngediendBedrag/iwmo:Bedrag", line) or 0
    dc = r.text("m:IngediendBedrag/iwmo:DebetCredit", line)
    codes: list[str] = []
    problems: list[str] = []
    label = f"Prestatie {ref} (toewijzing {nummer})"

    def no(code_: str, text: str) -> None:
        codes.append(code_)
        problems.append(f"{label}: {text}")

    toewijzing = None
    if client is None:
        no("8187", "het BSN hoort bij geen cliënt van deze gemeente")
    else:
        toewijzing = find_toewijzing(ctx, nummer, client)
        if toewijzing is None:
            if Toewijzing.objects.filter(pk=nummer or 0, provider=ctx.provider,
                                         municipality=ctx.municipality).exists():
                no("8187", "deze toewijzing hoort bij een andere cliënt")
            else:
                no("9338", "er is geen toewijzing met dit nummer bij uw organisatie en deze gemeente")
    prev_ids = Prestatie.objects.filter(declaratie__provider=ctx.provider)
    if ref in refs_in_message or prev_ids.filter(referentie=ref).exists():
        no("8021", "dit referentienummer is al eerder aangeleverd")
    refs_in_message.add(ref)
    if end < begin or begin.replace(day=1) != end.replace(day=1) or end > periode_eind:
        no("9319", "de productperiode valt niet geheel binnen één declaratieperiode (kalendermaand)")
    if eenheid != "83" and tarief is not None and bedrag != volume * tarief:
        no("9346", f"het bedrag ({_euro(bedrag)}) is niet gelijk aan volume × tarief "
                   f"({volume} × {_euro(tarief)} = {_euro(volume * tarief)})")
    if toewijzing is not None:
        if toewijzing.is_withdrawn:
            no("9384", "deze toewijzing is verwijderd (reden wijziging 13)")
        if categorie != toewijzing.product.iwmo_category:
            no("9339", f"productcategorie {categorie} is niet die van de toewijzing "
                       f"({toewijzing.product.iwmo_category})")
        if code != toewijzing.product.code:
            no("9340", f"productcode {code} is niet die van de toewijzing ({toewijzing.product.code})")
        if eenheid != toewijzing.eenheid:
            no("9341", f"eenheid {eenheid} past niet bij de eenheid van de toewijzing "
                       f"({toewijzing.eenheid})")
        if begin < toewijzing.ingangsdatum:
            no("9307", f"de begindatum ligt vóór de ingangsdatum van de toewijzing "
                       f"({nl_date(toewijzing.ingangsdatum)})")
        if toewijzing.einddatum and end > toewijzing.einddatum:
            no("9308", f"de einddatum ligt na de einddatum van de toewijzing "
                       f"({nl_date(toewijzing.einddatum)})")
        first_ok = begin.day == 1 or begin == toewijzing.ingangsdatum
        last_day = calendar.monthrange(end.year, end.month)[1]
        last_ok = end.day == last_day or end == toewijzing.einddatum or end == periode_eind
        if not first_ok:
            no("9387", "de productperiode begint niet op de eerste dag van de maand of op de "
                       "ingangsdatum van de toewijzing")
        if not last_ok:
            no("9388", "de productperiode eindigt niet op de laatste dag van de maand of op de "
                       "einddatum van de toewijzing")
        if dc == "D":
            contract = contract_tariff_cents(ctx.provider, toewijzing.product, begin)
            if contract is not None and tarief is not None and tarief != contract[0]:
                no("0611", f"het tarief ({_euro(tarief)}) is niet het tarief dat op "
                           f"{nl_date(begin)} geldt: {_euro(contract[0])}, {contract[2]}")
            allowed = allowed_volume(toewijzing, begin, end)
            if allowed is not None and volume > allowed:
                no("9321", f"het volume ({volume}) is meer dan toegewezen voor deze periode ({allowed})")
            elif toewijzing.einddatum or toewijzing.frequentie == "6":
                total = allowed_volume(toewijzing, toewijzing.ingangsdatum,
                                       toewijzing.einddatum or end) or 0
                earlier = (Prestatie.objects.filter(toewijzing=toewijzing, granted=True,
                                                    debet_credit="D", credited=False)
                           .aggregate(s=Sum("volume"))["s"] or 0)
                if earlier + granted_volume.get(toewijzing.pk, 0) + volume > total:
                    no("9322", f"samen met eerder gedeclareerde prestaties is het volume meer dan "
                               f"toegewezen ({total})")
            if Prestatie.objects.filter(toewijzing=toewijzing, granted=True, debet_credit="D",
                                        credited=False, periode_begin=begin,
                                        periode_eind=end).exists():
                no("9389", "voor deze periode is al een prestatie gedeclareerd die niet is "
                           "gecrediteerd")
        else:
            debet = prev_ids.filter(referentie=vorig, debet_credit="D", granted=True).first()
            if debet is None:
                no("8017", f"er is geen goedgekeurde debetprestatie met referentie {vorig or '(leeg)'}")
            elif debet.credited:
                no("9390", "deze prestatie is al gecrediteerd")
    if not codes and toewijzing is not None and dc == "D":
        granted_volume[toewijzing.pk] = granted_volume.get(toewijzing.pk, 0) + volume
    prestatie = Prestatie(
        referentie=ref, vorig_referentie=vorig, toewijzing=toewijzing, client=client,
        productcategorie=categorie, productcode=code, periode_begin=begin, periode_eind=end,
        volume=volume, eenheid=eenheid, tarief_cents=tarief, bedrag_cents=bedrag,
        debet_credit=dc, granted=not codes, retour_codes=codes,
    )
    return prestatie, codes, problems


def _euro(cents: int | None) -> str:
    if cents is None:
        return "—"
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}€ {euros:,}".replace(",", ".") + f",{rest:02d}"


def _build_325(r: xml.Reader, agb: str, gemeente: str, heen_bericht: Bericht, today: date, *,
               header_codes: list[str] | None = None,
               answer: tuple[str, int, str, list[str], list[tuple[etree._Element, Prestatie]], int]
               | None = None) -> etree._Element:
    b = xml.Builder("WMO325")
    root = b.root()
    header = b.sub(root, "Header")
    b.sub(header, "BerichtCode", BERICHT_CODE["WMO325"])
    b.sub(header, "BerichtVersie", 3)
    b.sub(header, "BerichtSubversie", 2)
    b.sub(header, "Afzender", gemeente)
    b.sub(header, "Ontvanger", agb)
    ident = b.sub(header, "BerichtIdentificatie")
    b.b(ident, "Identificatie", "0")
    b.b(ident, "Dagtekening", today)
    versie = b.sub(header, "XsdVersie")
    b.b(versie, "BasisschemaXsdVersie", XSD_VERSIE)
    b.b(versie, "BerichtXsdVersie", XSD_VERSIE)
    heen = b.sub(header, "DeclaratieIdentificatie")
    b.b(heen, "Identificatie", heen_bericht.identificatie)
    b.b(heen, "Dagtekening", heen_bericht.dagtekening)
    heen_versie = b.sub(header, "XsdVersieDeclaratie")
    b.b(heen_versie, "BasisschemaXsdVersie",
        r.text("m:Header/m:XsdVersie/iwmo:BasisschemaXsdVersie") or XSD_VERSIE)
    b.b(heen_versie, "BerichtXsdVersie",
        r.text("m:Header/m:XsdVersie/iwmo:BerichtXsdVersie") or XSD_VERSIE)
    b.retour_codes(header, header_codes or [ACCEPTED_PARENT])
    if answer is None:
        return root
    nummer, totaal, totaal_dc, decl_codes, rows, toegekend = answer
    antwoord = b.sub(root, "DeclaratieAntwoord")
    b.sub(antwoord, "DeclaratieNummer", nummer)
    ingediend = b.sub(antwoord, "TotaalIngediendBedrag")
    b.b(ingediend, "TotaalBedrag", totaal)
    b.b(ingediend, "DebetCredit", totaal_dc or "D")
    toegekend_el = b.sub(antwoord, "TotaalToegekendBedrag")
    b.b(toegekend_el, "TotaalBedrag", abs(toegekend) if not decl_codes else 0)
    b.b(toegekend_el, "DebetCredit", "C" if toegekend < 0 else "D")
    rejected = [(line, p) for line, p in rows if not p.granted and p.retour_codes]
    if rejected and not decl_codes:
        clienten = b.sub(antwoord, "Clienten")
        by_client: dict[int, tuple[etree._Element, list[tuple[etree._Element, Prestatie]]]] = {}
        for line, p in rejected:
            client_el = line.getparent().getparent()
            by_client.setdefault(id(client_el), (client_el, []))[1].append((line, p))
        for client_el, items in by_client.values():
            c = b.sub(clienten, "Client")
            b.sub(c, "Bsn", r.text("m:Bsn", client_el))
            prestaties = b.sub(c, "Prestaties")
            for line, p in items:
                el = b.sub(prestaties, "Prestatie")
                for child in line:
                    clone = copy.deepcopy(child)
                    if etree.QName(clone).namespace == message_namespace("WMO323"):
                        for node in clone.iter():
                            if isinstance(node.tag, str) and \
                                    etree.QName(node).namespace == message_namespace("WMO323"):
                                node.tag = f"{{{b.ns}}}{etree.QName(node).localname}"
                    el.append(clone)
                b.retour_codes(el, p.retour_codes)
            b.retour_codes(c, [ACCEPTED_PARENT])
    if decl_codes:
        b.retour_codes(antwoord, decl_codes)
    elif rejected:
        b.retour_codes(antwoord, [ACCEPTED_PARENT])
    else:
        b.retour_codes(antwoord, [DECLARATIE_GRANTED])
    etree.cleanup_namespaces(root, top_nsmap=b.nsmap)
    return root


HANDLERS: dict[str, Callable[[Context], Verdict]] = {
    "WMO305": handle_305, "WMO307": handle_307, "WMO315": handle_315, "WMO317": handle_317,
    "WMO323": handle_323,
}


# --------------------------------------------------------------------------------------------
# WMO302 / WMO320: the provider's retour on our WMO301 / WMO319


def _import_retour(result: ImportResult, reader: xml.Reader, provider: Provider, content: bytes,
                   filename: str, user: User | None) -> ImportResult:
    heen_kind = "WMO301" if reader.kind == "WMO302" else "WMO319"
    identificatie = reader.text("m:Header/m:BerichtIdentificatie/iwmo:Identificatie")
    with transaction.atomic():
        heen = Bericht.objects.select_for_update().filter(
            direction=Direction.OUT, kind=heen_kind, identificatie=identificatie, provider=provider
        ).first()
        if heen is None:
            result.error = (f"Dit retourbericht hoort bij geen {heen_kind}-bericht dat aan uw "
                            f"organisatie is verzonden (identificatie {identificatie}).")
            return result
        if heen.replies.filter(direction=Direction.IN, kind=reader.kind).exists():
            result.error = f"Op {heen_kind} {identificatie} is al een retourbericht ontvangen."
            return result
        codes = _codes_in(reader.root)
        bericht = Bericht.objects.create(
            direction=Direction.IN, kind=reader.kind,
            identificatie=reader.text("m:Header/m:IdentificatieRetour"),
            dagtekening=reader.date("m:Header/m:DagtekeningRetour") or timezone.localdate(),
            sender=provider.agb_code, receiver=heen.sender, provider=provider,
            municipality=heen.municipality, client=heen.client, filename=filename[:200],
            content=content.decode("utf-8", errors="replace"), applied=True, retour_codes=codes,
            in_reply_to=heen, created_by=user,
            reused_identification=Bericht.objects.filter(
                direction=Direction.IN, kind=reader.kind, sender=provider.agb_code,
                identificatie=reader.text("m:Header/m:IdentificatieRetour"),
                reused_identification=False).exists(),
        )
        rejected = [c for c in codes if c not in (ACCEPTED_PARENT, NOT_ASSESSED)]
        bericht.report = ("Retour ontvangen: " + (
            "afgekeurd met " + ", ".join(rejected) if rejected else "volledig goedgekeurd") + ".")
        bericht.save(update_fields=["report"])
    result.applied = True
    result.retour_codes = codes
    result.bericht = bericht
    return result


def today_plus(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
