"""WMO319 out: the municipality's answer on a WMO315/317 (VerzoekAntwoord 1 afgewezen, 2 in onderzoek).

Honouring a request is not a WMO319: it is a beschikking whose toewijzing (WMO301) carries the
ReferentieAanbieder of the request (TR379, see outgoing._honour_open_request).
"""

from django.db import transaction
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.clients.constants import EventKind
from bwmo.clients.services import client_event_add
from bwmo.core.exceptions import DomainError

from . import xml
from .constants import BERICHT_CODE, XSD_VERSIE, Direction, VerzoekAntwoord, VerzoekStatus
from .models import Bericht, Verzoek
from .outgoing import new_identificatie, numbered


def build_319(verzoek: Verzoek, identificatie: str, antwoord: str, reden: str) -> bytes:
    b = xml.Builder("WMO319")
    root = b.root()
    header = b.sub(root, "Header")
    b.sub(header, "BerichtCode", BERICHT_CODE["WMO319"])
    b.sub(header, "BerichtVersie", 3)
    b.sub(header, "BerichtSubversie", 2)
    b.sub(header, "Afzender", verzoek.municipality.iwmo_code)
    b.sub(header, "Ontvanger", verzoek.provider.agb_code)
    ident = b.sub(header, "BerichtIdentificatie")
    b.b(ident, "Identificatie", identificatie)
    b.b(ident, "Dagtekening", timezone.localdate())
    versie = b.sub(header, "XsdVersie")
    b.b(versie, "BasisschemaXsdVersie", XSD_VERSIE)
    b.b(versie, "BerichtXsdVersie", XSD_VERSIE)
    body = b.sub(root, "Antwoord")
    b.sub(body, "ReferentieAanbieder", verzoek.referentie_aanbieder)
    b.sub(body, "VerzoekAntwoord", antwoord)
    if reden:
        b.sub(body, "RedenAfwijzingVerzoek", reden)
    xml.validate("WMO319", root)
    return xml.serialize(root)


@transaction.atomic
def verzoek_answer(verzoek: Verzoek, *, antwoord: str, reden: str = "",
                   acting_user: User | None = None) -> Bericht:
    """TR359/360/365: no answer once honoured or refused; 'in onderzoek' only as the first answer."""
    verzoek = Verzoek.objects.select_for_update(of=("self",)).select_related(
        "municipality", "provider", "client").get(pk=verzoek.pk)
    if verzoek.status == VerzoekStatus.GEHONOREERD:
        raise DomainError("Op dit verzoek is al een toewijzing gestuurd; een antwoord kan niet meer.")
    if verzoek.status == VerzoekStatus.AFGEWEZEN:
        raise DomainError("Dit verzoek is al afgewezen.")
    if antwoord == VerzoekAntwoord.IN_ONDERZOEK and verzoek.status == VerzoekStatus.IN_ONDERZOEK:
        raise DomainError("U heeft al geantwoord dat de aanvraag in onderzoek is.")
    if antwoord not in VerzoekAntwoord.values:
        raise DomainError("Kies een antwoord.")
    bericht = Bericht.objects.create(
        direction=Direction.OUT, kind="WMO319", identificatie=new_identificatie(),
        dagtekening=timezone.localdate(), sender=verzoek.municipality.iwmo_code,
        receiver=verzoek.provider.agb_code, provider=verzoek.provider,
        municipality=verzoek.municipality, client=verzoek.client, content="", applied=True,
        in_reply_to=verzoek.bericht, created_by=acting_user,
    )
    numbered(bericht)
    bericht.content = build_319(verzoek, bericht.identificatie, antwoord, reden).decode()
    bericht.filename = bericht.download_name
    bericht.save(update_fields=["content", "filename"])
    verzoek.status = (VerzoekStatus.AFGEWEZEN if antwoord == VerzoekAntwoord.AFGEWEZEN
                      else VerzoekStatus.IN_ONDERZOEK)
    verzoek.answer = bericht
    verzoek.save(update_fields=["status", "answer", "updated_at"])
    if verzoek.client is not None:
        client_event_add(client=verzoek.client, kind=EventKind.AANVRAAG,
                         occurred_on=timezone.localdate(), actor=acting_user,
                         summary=f"Verzoek van {verzoek.provider} beantwoord: "
                                 f"{VerzoekAntwoord(antwoord).label}.",
                         data={"verzoek": verzoek.pk, "bericht": bericht.pk})
    return bericht
