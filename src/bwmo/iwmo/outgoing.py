"""WMO301 toewijzingen out: from granted beschikkingen to one message per client and provider.

`toewijzingen_sync` keeps one `Toewijzing` per granted ZIN beschikking with a provider and a
BW/MO product (productcategorie 15-18). Its number never changes: an extension or shortening of the
beschikking moves the Einddatum of the same toewijzing (RedenWijziging 04/05, iWmo 3.2), and a
withdrawn toewijzing is sent once more with Einddatum = Ingangsdatum and RedenWijziging 13
(Verwijderd). A WMO301 always carries all current toewijzingen of the client at that provider
from that municipality.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.capacity.models import Provider
from bwmo.contracts.checks import tariff_for
from bwmo.core.exceptions import DomainError
from bwmo.journeys.constants import BeschikkingOutcome, Financing
from bwmo.journeys.models import Beschikking
from bwmo.regions.constants import TariffUnit
from bwmo.regions.models import Product, Region

from . import xml
from .constants import (
    BERICHT_CODE,
    BW_MO_CATEGORIES,
    EENHEID_ETMAAL,
    EENHEID_STUKS_OUTPUT,
    FREQUENTIE_PER_DAG,
    FREQUENTIE_PER_MAAND,
    XSD_VERSIE,
    Direction,
    RedenWijziging,
    VerzoekStatus,
)
from .models import Bericht, Toewijzing, Verzoek


def omvang_for(provider: Provider, product: Product, day: date) -> tuple[int, str, str]:
    """Volume, Eenheid, Frequentie: one etmaal per day, or one unit per month where the tariff
    that holds (the provider's contract tariff, else the region's) is a month tariff."""
    tariff = tariff_for(provider, product, day)
    if tariff is not None and tariff.unit == TariffUnit.MONTH:
        return 1, EENHEID_STUKS_OUTPUT, FREQUENTIE_PER_MAAND
    return 1, EENHEID_ETMAAL, FREQUENTIE_PER_DAG


def _eligible_beschikkingen(region: Region):  # type: ignore[no-untyped-def]
    return Beschikking.objects.filter(
        responsible_municipality__region=region, outcome=BeschikkingOutcome.GRANTED,
        financing=Financing.ZIN, provider__isnull=False, product__isnull=False,
        start_date__isnull=False, product__iwmo_category__in=BW_MO_CATEGORIES,
    ).select_related("product", "provider", "toewijzing")


@transaction.atomic
def toewijzingen_sync(region: Region, *, now: datetime | None = None) -> dict[str, int]:
    """Create or update the toewijzingen of the region's beschikkingen; returns counts."""
    now = now or timezone.now()
    counts = {"created": 0, "changed": 0}
    for beschikking in _eligible_beschikkingen(region):
        toewijzing = getattr(beschikking, "toewijzing", None)
        if toewijzing is None:
            volume, eenheid, frequentie = omvang_for(beschikking.provider, beschikking.product,
                                                    beschikking.start_date)
            toewijzing = Toewijzing.objects.create(
                beschikking=beschikking, client_id=beschikking.client_id,
                municipality_id=beschikking.responsible_municipality_id,
                provider_id=beschikking.provider_id, product_id=beschikking.product_id,
                ingangsdatum=beschikking.start_date, einddatum=beschikking.end_date,
                volume=volume, eenheid=eenheid, frequentie=frequentie, toegewezen_at=now,
            )
            _honour_open_request(toewijzing)
            counts["created"] += 1
            continue
        if toewijzing.is_withdrawn or toewijzing.einddatum == beschikking.end_date:
            continue
        old, new = toewijzing.einddatum, beschikking.end_date
        longer = new is None or (old is not None and new > old)
        toewijzing.einddatum = new
        toewijzing.reden_wijziging = RedenWijziging.VERLENGING if longer else RedenWijziging.VERKORTING
        toewijzing.version += 1
        toewijzing.toegewezen_at = now
        toewijzing.save()
        counts["changed"] += 1
    return counts


def _honour_open_request(toewijzing: Toewijzing) -> None:
    """TR379: a toewijzing that honours a WMO315 carries its ReferentieAanbieder."""
    verzoek = (
        Verzoek.objects.filter(
            kind="WMO315", provider_id=toewijzing.provider_id, client_id=toewijzing.client_id,
            municipality_id=toewijzing.municipality_id,
            status__in=[VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK],
        ).order_by("created_at").first()
    )
    if verzoek is None:
        return
    toewijzing.referentie_aanbieder = verzoek.referentie_aanbieder
    toewijzing.save(update_fields=["referentie_aanbieder", "updated_at"])
    verzoek.status = VerzoekStatus.GEHONOREERD
    verzoek.save(update_fields=["status", "updated_at"])


@transaction.atomic
def toewijzing_withdraw(toewijzing: Toewijzing, *, acting_user: User | None = None,
                        now: datetime | None = None) -> Toewijzing:
    """Withdraw as iWmo 3.2 prescribes: Einddatum = Ingangsdatum, RedenWijziging 13.

    TR385: not allowed while approved (not credited) declaration lines exist on it.
    """
    toewijzing = Toewijzing.objects.select_for_update().get(pk=toewijzing.pk)
    if toewijzing.is_withdrawn:
        raise DomainError("Deze toewijzing is al ingetrokken. Er is niets gewijzigd.")
    if toewijzing.prestaties.filter(granted=True, debet_credit="D", credited=False).exists():
        raise DomainError(
            "Op deze toewijzing zijn declaraties goedgekeurd. Een toewijzing met goedgekeurde "
            "declaraties kan niet worden verwijderd; verkort haar in plaats daarvan. Er is niets "
            "gewijzigd."
        )
    toewijzing.einddatum = toewijzing.ingangsdatum
    toewijzing.reden_wijziging = RedenWijziging.VERWIJDERD
    toewijzing.version += 1
    toewijzing.toegewezen_at = now or timezone.now()
    toewijzing.save()
    return toewijzing


def new_identificatie() -> str:
    """A temporary value until the row has its primary key (see `_numbered`)."""
    return "t" + uuid.uuid4().hex[:11]


def numbered(bericht: Bericht) -> Bericht:
    bericht.identificatie = f"{bericht.pk:012d}"
    bericht.save(update_fields=["identificatie"])
    return bericht


def build_301(toewijzingen: list[Toewijzing], identificatie: str, dagtekening: date) -> bytes:
    first = toewijzingen[0]
    client, municipality, provider = first.client, first.municipality, first.provider
    b = xml.Builder("WMO301")
    root = b.root()
    header = b.sub(root, "Header")
    b.sub(header, "BerichtCode", BERICHT_CODE["WMO301"])
    b.sub(header, "BerichtVersie", 3)
    b.sub(header, "BerichtSubversie", 2)
    b.sub(header, "Afzender", municipality.iwmo_code)
    b.sub(header, "Ontvanger", provider.agb_code)
    ident = b.sub(header, "BerichtIdentificatie")
    b.b(ident, "Identificatie", identificatie)
    b.b(ident, "Dagtekening", dagtekening)
    versie = b.sub(header, "XsdVersie")
    b.b(versie, "BasisschemaXsdVersie", XSD_VERSIE)
    b.b(versie, "BerichtXsdVersie", XSD_VERSIE)

    el = b.sub(root, "Client")
    b.sub(el, "Bsn", client.bsn)
    geboren = b.sub(el, "Geboortedatum")
    b.b(geboren, "Datum", client.date_of_birth)
    b.sub(el, "Geslacht", 0)  # bwmo does not record sex; 0 = onbekend
    naam = b.sub(el, "Naam")
    geslachtsnaam = b.b(naam, "Geslachtsnaam")
    b.b(geslachtsnaam, "Achternaam", client.surname[:200])
    if client.surname_prefix:
        b.b(geslachtsnaam, "Voorvoegsel", client.surname_prefix[:10])
    if client.given_names:
        b.b(naam, "Voornamen", client.given_names[:200])
    b.b(naam, "NaamGebruik", 1)
    contacten = b.sub(el, "Contactgegevens")
    contact = b.sub(contacten, "Contact")
    b.sub(contact, "Soort", "03")  # verblijfadres: the municipality the client is placed in
    adres = b.sub(contact, "Adres")
    b.b(adres, "Plaatsnaam", _place_name(first)[:80])
    producten = b.sub(el, "ToegewezenProducten")
    for toewijzing in toewijzingen:
        p = b.sub(producten, "ToegewezenProduct")
        b.sub(p, "ToewijzingNummer", toewijzing.nummer)
        if toewijzing.referentie_aanbieder:
            b.sub(p, "ReferentieAanbieder", toewijzing.referentie_aanbieder)
        product = b.sub(p, "Product")
        b.b(product, "Categorie", toewijzing.product.iwmo_category)
        b.b(product, "Code", toewijzing.product.code)
        moment = timezone.localtime(toewijzing.toegewezen_at)
        b.sub(p, "Toewijzingsdatum", moment.date())
        b.sub(p, "Toewijzingstijd", moment.strftime("%H:%M:%S"))
        b.sub(p, "Ingangsdatum", toewijzing.ingangsdatum)
        if toewijzing.einddatum:
            b.sub(p, "Einddatum", toewijzing.einddatum)
        if toewijzing.reden_wijziging:
            b.sub(p, "RedenWijziging", toewijzing.reden_wijziging)
        omvang = b.sub(p, "Omvang")
        b.b(omvang, "Volume", toewijzing.volume)
        b.b(omvang, "Eenheid", toewijzing.eenheid)
        b.b(omvang, "Frequentie", toewijzing.frequentie)
    xml.validate("WMO301", root)
    return xml.serialize(root)


def _place_name(toewijzing: Toewijzing) -> str:
    placement = toewijzing.beschikking.placements.select_related("location__municipality").first()
    if placement is not None:
        return placement.location.municipality.name
    return toewijzing.client.registration_municipality.name


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Dutch reasons


def _current(toewijzing: Toewijzing, today: date) -> bool:
    return toewijzing.einddatum is None or toewijzing.einddatum >= today


def export_301(region: Region, out_dir: Path, *, send_all: bool = False,
               today: date | None = None, acting_user: User | None = None) -> ExportResult:
    """Write the WMO301 messages not yet sent (or, with `send_all`, every current one)."""
    today = today or timezone.localdate()
    out_dir.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    with transaction.atomic():
        toewijzingen_sync(region)
        groups: dict[tuple[int, int, int], list[Toewijzing]] = defaultdict(list)
        rows = (
            Toewijzing.objects.filter(municipality__region=region)
            .select_related("client__registration_municipality", "municipality", "provider",
                            "product", "beschikking")
            .order_by("municipality_id", "provider_id", "client_id", "id")
        )
        for t in rows:
            groups[(t.municipality_id, t.provider_id, t.client_id)].append(t)
        for members in groups.values():
            if not (send_all or any(t.needs_sending for t in members)):
                continue
            # all current toewijzingen, plus the changed ones (a shortening or withdrawal)
            message = [t for t in members if _current(t, today) or t.needs_sending]
            first = message[0]
            problem = _cannot_send(first)
            if problem:
                result.skipped.append(problem)
                continue
            bericht = Bericht.objects.create(
                direction=Direction.OUT, kind="WMO301", identificatie=new_identificatie(),
                dagtekening=today, sender=first.municipality.iwmo_code,
                receiver=first.provider.agb_code, provider=first.provider,
                municipality=first.municipality, client=first.client, content="",
                applied=True, created_by=acting_user,
            )
            numbered(bericht)
            bericht.content = build_301(message, bericht.identificatie, today).decode()
            bericht.filename = bericht.download_name
            bericht.save(update_fields=["content", "filename"])
            for t in message:
                if t.sent_version != t.version:
                    Toewijzing.objects.filter(pk=t.pk).update(sent_version=t.version)
            path = out_dir / bericht.filename
            path.write_text(bericht.content, encoding="utf-8")
            result.files.append(path)
    return result


def _cannot_send(toewijzing: Toewijzing) -> str:
    agb = toewijzing.provider.agb_code
    if not (len(agb) == 8 and agb.isdigit()):
        return (f"Toewijzing {toewijzing.nummer}: {toewijzing.provider} heeft geen geldige AGB-code "
                "(8 cijfers); vul die in bij functioneel beheer.")
    if not toewijzing.client.bsn_encrypted:
        return (f"Toewijzing {toewijzing.nummer}: de cliënt heeft geen BSN; een toewijzing in iWmo "
                "vraagt een BSN.")
    code = toewijzing.product.code
    if not (1 <= len(code) <= 5):
        return f"Toewijzing {toewijzing.nummer}: productcode {code} is langer dan 5 tekens."
    return ""
