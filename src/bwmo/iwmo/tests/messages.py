"""The provider's side in tests: build WMO305/307/315/317/323 messages as a provider system would."""

from __future__ import annotations

from datetime import date

from bwmo.iwmo import xml
from bwmo.iwmo.constants import BERICHT_CODE, XSD_VERSIE


def _header(b: xml.Builder, root, *, agb: str, gemeente: str, ident: str, day: date):  # type: ignore[no-untyped-def]
    header = b.sub(root, "Header")
    b.sub(header, "BerichtCode", BERICHT_CODE[b.kind])
    b.sub(header, "BerichtVersie", 3)
    b.sub(header, "BerichtSubversie", 2)
    b.sub(header, "Afzender", agb)
    b.sub(header, "Ontvanger", gemeente)
    bid = b.sub(header, "BerichtIdentificatie")
    b.b(bid, "Identificatie", ident)
    b.b(bid, "Dagtekening", day)
    versie = b.sub(header, "XsdVersie")
    b.b(versie, "BasisschemaXsdVersie", XSD_VERSIE)
    b.b(versie, "BerichtXsdVersie", XSD_VERSIE)
    return header


def _client(b: xml.Builder, root, bsn: str, surname: str = "Jansen"):  # type: ignore[no-untyped-def]
    client = b.sub(root, "Client")
    b.sub(client, "Bsn", bsn)
    born = b.sub(client, "Geboortedatum")
    b.b(born, "Datum", date(1990, 5, 17))
    b.sub(client, "Geslacht", 0)
    naam = b.sub(client, "Naam")
    gn = b.b(naam, "Geslachtsnaam")
    b.b(gn, "Achternaam", surname)
    return client


def start_305(*, agb: str, gemeente: str, bsn: str, nummer: int, begindatum: date, ident: str,
              day: date, product: tuple[str, str] = ("15", "BW"), status: str = "1") -> bytes:
    b = xml.Builder("WMO305")
    root = b.root()
    _header(b, root, agb=agb, gemeente=gemeente, ident=ident, day=day)
    client = _client(b, root, bsn)
    producten = b.sub(client, "StartProducten")
    p = b.sub(producten, "StartProduct")
    b.sub(p, "ToewijzingNummer", nummer)
    prod = b.sub(p, "Product")
    b.b(prod, "Categorie", product[0])
    b.b(prod, "Code", product[1])
    b.sub(p, "Begindatum", begindatum)
    b.sub(p, "StatusAanlevering", status)
    return xml.serialize(root)


def stop_307(*, agb: str, gemeente: str, bsn: str, nummer: int, begindatum: date,
             einddatum: date, reden: str, ident: str, day: date, status: str = "1") -> bytes:
    b = xml.Builder("WMO307")
    root = b.root()
    _header(b, root, agb=agb, gemeente=gemeente, ident=ident, day=day)
    client = _client(b, root, bsn)
    producten = b.sub(client, "StopProducten")
    p = b.sub(producten, "StopProduct")
    b.sub(p, "ToewijzingNummer", nummer)
    b.sub(p, "Begindatum", begindatum)
    b.sub(p, "RedenBeeindiging", reden)
    b.sub(p, "Einddatum", einddatum)
    b.sub(p, "StatusAanlevering", status)
    return xml.serialize(root)


def declaratie_323(*, agb: str, gemeente: str, ident: str, day: date, nummer: str,
                   periode: tuple[date, date], lines: list[dict], total: int | None = None) -> bytes:
    """`lines`: dicts with bsn, ref, toewijzing, categorie, code, begin, end, volume, eenheid,
    tarief, bedrag (default volume × tarief), dc (default D), vorig (credit)."""
    b = xml.Builder("WMO323")
    root = b.root()
    _header(b, root, agb=agb, gemeente=gemeente, ident=ident, day=day)
    decl = b.sub(root, "Declaratie")
    b.sub(decl, "DeclaratieNummer", nummer)
    per = b.sub(decl, "DeclaratiePeriode")
    b.b(per, "Begindatum", periode[0])
    b.b(per, "Einddatum", periode[1])
    b.sub(decl, "DeclaratieDagtekening", day)
    signed = 0
    for line in lines:
        line.setdefault("dc", "D")
        line.setdefault("bedrag", line["volume"] * line["tarief"])
        signed += line["bedrag"] if line["dc"] == "D" else -line["bedrag"]
    total = signed if total is None else total
    tot = b.sub(decl, "TotaalIngediendBedrag")
    b.b(tot, "TotaalBedrag", abs(total))
    b.b(tot, "DebetCredit", "D" if total >= 0 else "C")
    clienten = b.sub(decl, "Clienten")
    by_bsn: dict[str, list[dict]] = {}
    for line in lines:
        by_bsn.setdefault(line["bsn"], []).append(line)
    for bsn, items in by_bsn.items():
        c = b.sub(clienten, "Client")
        b.sub(c, "Bsn", bsn)
        prestaties = b.sub(c, "Prestaties")
        for line in items:
            p = b.sub(prestaties, "Prestatie")
            ref = b.sub(p, "ProductReferentie")
            b.b(ref, "ReferentieNummer", line["ref"])
            if line.get("vorig"):
                b.b(ref, "VorigReferentieNummer", line["vorig"])
            b.sub(p, "ToewijzingNummer", line["toewijzing"])
            b.sub(p, "ProductCategorie", line.get("categorie", "15"))
            b.sub(p, "ProductCode", line.get("code", "BW"))
            pp = b.sub(p, "ProductPeriode")
            b.b(pp, "Begindatum", line["begin"])
            b.b(pp, "Einddatum", line["end"])
            b.sub(p, "GeleverdVolume", line["volume"])
            b.sub(p, "Eenheid", line.get("eenheid", "14"))
            b.sub(p, "ProductTarief", line["tarief"])
            bedrag = b.sub(p, "IngediendBedrag")
            b.b(bedrag, "Bedrag", line["bedrag"])
            b.b(bedrag, "DebetCredit", line["dc"])
    return xml.serialize(root)


def verzoek_315(*, agb: str, gemeente: str, bsn: str, ident: str, day: date, ref: str,
                product: tuple[str, str] = ("15", "BW"), ingangsdatum: date | None = None) -> bytes:
    b = xml.Builder("WMO315")
    root = b.root()
    _header(b, root, agb=agb, gemeente=gemeente, ident=ident, day=day)
    client = _client(b, root, bsn)
    producten = b.sub(client, "AangevraagdeProducten")
    p = b.sub(producten, "AangevraagdProduct")
    b.sub(p, "ReferentieAanbieder", ref)
    prod = b.sub(p, "Product")
    b.b(prod, "Categorie", product[0])
    b.b(prod, "Code", product[1])
    b.sub(p, "ToewijzingIngangsdatum", ingangsdatum or day)
    verwijzer = b.sub(p, "Verwijzer")
    b.b(verwijzer, "Type", "01")
    return xml.serialize(root)


def verzoek_317(*, agb: str, gemeente: str, bsn: str, ident: str, day: date, ref: str,
                wijzigen: list[tuple[int, date, date | None]], ongewijzigd: list[int] = ()) -> bytes:  # type: ignore[assignment]
    b = xml.Builder("WMO317")
    root = b.root()
    _header(b, root, agb=agb, gemeente=gemeente, ident=ident, day=day)
    client = b.sub(root, "Client")
    b.sub(client, "Bsn", bsn)
    verzoek = b.sub(client, "Verzoek")
    b.sub(verzoek, "ReferentieAanbieder", ref)
    b.sub(verzoek, "RedenVerzoek", "1")
    if ongewijzigd:
        og = b.sub(verzoek, "OngewijzigdeProducten")
        for nummer in ongewijzigd:
            b.sub(b.sub(og, "OngewijzigdProduct"), "ToewijzingNummer", nummer)
    if wijzigen:
        tw = b.sub(verzoek, "TeWijzigenProducten")
        for nummer, gewenst, eind in wijzigen:
            p = b.sub(tw, "TeWijzigenProduct")
            b.sub(p, "ToewijzingNummer", nummer)
            b.sub(p, "GewensteIngangsdatum", gewenst)
            if eind:
                b.sub(p, "Einddatum", eind)
            omvang = b.sub(p, "Omvang")
            b.b(omvang, "Volume", 1)
            b.b(omvang, "Eenheid", "14")
            b.b(omvang, "Frequentie", "1")
    return xml.serialize(root)
