"""WMO301 out, 305/307/315/317/323 in, each answered with its retour (docs/iwmo.md)."""

from datetime import date

import pytest
from lxml import etree

from bwmo.iwmo import xml
from bwmo.iwmo.incoming import bericht_import
from bwmo.iwmo.models import Bericht, Declaratie, Levering, Prestatie, Toewijzing, Verzoek
from bwmo.iwmo.outgoing import export_301, toewijzing_withdraw
from bwmo.placements.models import Placement

from . import messages as m
from .conftest import AGB, TODAY

pytestmark = pytest.mark.django_db
GEMEENTE = "0275"  # Rheden, the responsible municipality of the scenario


def _export(chain, tmp_path, **kwargs):  # type: ignore[no-untyped-def]
    return export_301(chain.region, tmp_path, today=TODAY, **kwargs)


def _reader(content: bytes | str) -> xml.Reader:
    kind, root = xml.parse(content.encode() if isinstance(content, str) else content)
    return xml.Reader(kind, root)


def _toewijzing(chain, tmp_path) -> Toewijzing:  # type: ignore[no-untyped-def]
    _export(chain, tmp_path)
    return Toewijzing.objects.get(beschikking=chain.beschikking)


def _start(chain, toewijzing, ident="S1", begindatum=date(2026, 10, 1), **kw):  # type: ignore[no-untyped-def]
    return bericht_import(
        m.start_305(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, nummer=toewijzing.nummer,
                    begindatum=begindatum, ident=ident, day=TODAY, **kw),
        filename=f"{ident}.xml", today=TODAY,
    )


# --- WMO301 -----------------------------------------------------------------------------------

def test_export_writes_one_valid_301_per_client_and_provider_once(chain, tmp_path):
    result = _export(chain, tmp_path)

    assert len(result.files) == 1
    r = _reader(result.files[0].read_bytes())  # validates against the official schema
    toewijzing = Toewijzing.objects.get(beschikking=chain.beschikking)
    assert r.kind == "WMO301"
    assert r.text("m:Header/m:Afzender") == GEMEENTE
    assert r.text("m:Header/m:Ontvanger") == AGB
    assert r.text("m:Client/m:Bsn") == chain.client.bsn
    product = r.one("m:Client/m:ToegewezenProducten/m:ToegewezenProduct")
    assert r.int("m:ToewijzingNummer", product) == toewijzing.nummer
    assert r.text("m:Product/iwmo:Categorie", product) == "15"
    assert r.date("m:Ingangsdatum", product) == date(2026, 10, 1)
    assert r.date("m:Einddatum", product) == date(2027, 9, 30)
    assert r.text("m:RedenWijziging", product) == ""
    # nothing new: the second export writes nothing
    assert _export(chain, tmp_path / "again").files == []
    # --all writes every current toewijzing again
    assert len(_export(chain, tmp_path / "all", send_all=True).files) == 1


def test_extension_moves_einddatum_of_the_same_toewijzing(chain, tmp_path):
    first = _toewijzing(chain, tmp_path)
    chain.beschikking.end_date = date(2028, 3, 31)
    chain.beschikking.save()

    result = _export(chain, tmp_path / "2")

    product = _reader(result.files[0].read_bytes()).one(
        "m:Client/m:ToegewezenProducten/m:ToegewezenProduct")
    r = _reader(result.files[0].read_bytes())
    assert r.int("m:ToewijzingNummer", product) == first.nummer
    assert r.date("m:Einddatum", product) == date(2028, 3, 31)
    assert r.text("m:RedenWijziging", product) == "04"
    assert Toewijzing.objects.count() == 1
    chain.beschikking.end_date = date(2027, 6, 30)
    chain.beschikking.save()
    product_xml = _export(chain, tmp_path / "3").files[0].read_bytes()
    assert b"<wmo301:RedenWijziging>05</wmo301:RedenWijziging>" in product_xml


def test_withdrawn_toewijzing_is_sent_with_reden_13_and_einddatum_ingangsdatum(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)

    toewijzing_withdraw(toewijzing)
    result = _export(chain, tmp_path / "2")

    r = _reader(result.files[0].read_bytes())
    product = r.one("m:Client/m:ToegewezenProducten/m:ToegewezenProduct")
    assert r.text("m:RedenWijziging", product) == "13"
    assert r.date("m:Einddatum", product) == r.date("m:Ingangsdatum", product)


def test_round_trip_301_generate_validate_reimport_same_data(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)
    content = Bericht.objects.get(kind="WMO301").content.encode()

    r = _reader(content)
    product = r.one("m:Client/m:ToegewezenProducten/m:ToegewezenProduct")
    read_back = {
        "nummer": r.int("m:ToewijzingNummer", product),
        "categorie": r.text("m:Product/iwmo:Categorie", product),
        "code": r.text("m:Product/iwmo:Code", product),
        "ingangsdatum": r.date("m:Ingangsdatum", product),
        "einddatum": r.date("m:Einddatum", product),
        "volume": r.int("m:Omvang/iwmo:Volume", product),
        "eenheid": r.text("m:Omvang/iwmo:Eenheid", product),
        "bsn": r.text("m:Client/m:Bsn"),
        "surname": r.text("m:Client/m:Naam/iwmo:Geslachtsnaam/iwmo:Achternaam"),
        "born": r.date("m:Client/m:Geboortedatum/iwmo:Datum"),
    }
    assert read_back == {
        "nummer": toewijzing.nummer, "categorie": "15", "code": "BW",
        "ingangsdatum": toewijzing.ingangsdatum, "einddatum": toewijzing.einddatum,
        "volume": 1, "eenheid": "14", "bsn": chain.client.bsn, "surname": chain.client.surname,
        "born": chain.client.date_of_birth,
    }
    # and the provider's answer on it (WMO302, accepted) is taken in against our message
    retour = _retour_302(content)
    outcome = bericht_import(retour, filename="302.xml", today=TODAY)
    assert outcome.applied and outcome.error is None
    assert Bericht.objects.get(kind="WMO302").in_reply_to.kind == "WMO301"


def _retour_302(content_301: bytes) -> bytes:
    root = etree.fromstring(content_301)
    ns301, ns302 = xml.message_namespace("WMO301"), xml.message_namespace("WMO302")
    new = etree.Element(f"{{{ns302}}}Bericht", nsmap={"wmo302": ns302, "iwmo": xml.NS_BASIS})
    header = root[0]
    new.append(header)
    for el in new.iter():
        if etree.QName(el).namespace == ns301:
            el.tag = f"{{{ns302}}}{etree.QName(el).localname}"
    b = xml.Builder("WMO302")
    header.find(f"{{{ns302}}}BerichtCode").text = "415"
    b.sub(header, "IdentificatieRetour", "R1")
    b.sub(header, "DagtekeningRetour", TODAY)
    v = b.sub(header, "XsdVersieRetour")
    b.b(v, "BasisschemaXsdVersie", "1.0.0")
    b.b(v, "BerichtXsdVersie", "1.0.0")
    etree.cleanup_namespaces(new)
    return xml.serialize(new)


# --- WMO305 / WMO307 ----------------------------------------------------------------------------

def test_accepted_start_has_a_retour_without_codes_and_is_applied(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)

    outcome = _start(chain, toewijzing)

    assert outcome.applied and outcome.error is None
    assert outcome.retour_codes == []
    r = _reader(outcome.retour.content)
    assert r.kind == "WMO306"
    assert r.one("m:Client") is None  # header alone
    assert Levering.objects.get().begindatum == date(2026, 10, 1)


def test_reused_identification_gets_9056_and_has_no_second_effect(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)
    _start(chain, toewijzing, ident="S1")

    again = _start(chain, toewijzing, ident="S1", begindatum=date(2026, 10, 2))

    assert not again.applied
    assert again.retour_codes == ["9056"]
    assert Levering.objects.count() == 1
    assert "nieuwe identificatie" in again.report[0]


def test_same_start_with_a_new_identification_gets_9074(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)
    _start(chain, toewijzing, ident="S1")

    again = _start(chain, toewijzing, ident="S2")

    assert not again.applied
    assert "9074" in again.retour_codes
    assert Levering.objects.count() == 1


def test_unknown_toewijzing_nummer_gets_9019_and_nothing_applied(chain, tmp_path):
    _toewijzing(chain, tmp_path)

    outcome = bericht_import(
        m.start_305(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, nummer=999999,
                    begindatum=date(2026, 10, 1), ident="S9", day=TODAY),
        today=TODAY,
    )

    assert not outcome.applied
    assert outcome.retour_codes == ["0200", "9019"]  # client: no remark; the product: 9019
    r = _reader(outcome.retour.content)
    assert r.text("m:Client/m:StartProducten/m:StartProduct/m:RetourCodes/m:RetourCode") == "9019"
    assert Levering.objects.count() == 0
    assert any("niets verwerkt" in line for line in outcome.report)


def test_unknown_bsn_gets_9019(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)

    outcome = bericht_import(
        m.start_305(agb=AGB, gemeente=GEMEENTE, bsn="999990019", nummer=toewijzing.nummer,
                    begindatum=date(2026, 10, 1), ident="S8", day=TODAY),
        today=TODAY,
    )

    assert not outcome.applied and "9019" in outcome.retour_codes


def test_stop_maps_reden_to_outflow_and_ends_the_placement(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)
    _start(chain, toewijzing)

    outcome = bericht_import(
        m.stop_307(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, nummer=toewijzing.nummer,
                   begindatum=date(2026, 10, 1), einddatum=date(2026, 11, 20), reden="31",
                   ident="E1", day=TODAY),
        today=TODAY,
    )

    assert outcome.applied and outcome.retour_codes == []
    assert _reader(outcome.retour.content).kind == "WMO308"
    placement = Placement.objects.get(pk=chain.placement.pk)
    assert placement.end_date == date(2026, 11, 20)
    assert placement.outflow_destination == "other_region"
    assert Levering.objects.get().reden_beeindiging == "31"


def test_stop_before_start_is_rejected_and_changes_nothing(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)
    _start(chain, toewijzing, begindatum=date(2026, 10, 5))

    outcome = bericht_import(
        m.stop_307(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, nummer=toewijzing.nummer,
                   begindatum=date(2026, 10, 5), einddatum=date(2026, 10, 1), reden="19",
                   ident="E2", day=TODAY),
        today=TODAY,
    )

    assert not outcome.applied
    assert "0001" in outcome.retour_codes
    assert any("vóór de begindatum" in line for line in outcome.report)
    assert Placement.objects.get(pk=chain.placement.pk).end_date is None
    assert Levering.objects.get().einddatum is None


def test_stop_without_start_gets_9069(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)

    outcome = bericht_import(
        m.stop_307(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, nummer=toewijzing.nummer,
                   begindatum=date(2026, 10, 1), einddatum=date(2026, 11, 1), reden="19",
                   ident="E3", day=TODAY),
        today=TODAY,
    )

    assert not outcome.applied and "9069" in outcome.retour_codes


def test_schema_failure_gets_no_retour_and_stores_nothing(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)
    content = m.start_305(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn,
                          nummer=toewijzing.nummer, begindatum=date(2026, 10, 1), ident="S1",
                          day=TODAY).replace(b"<wmo305:StatusAanlevering>1", b"<wmo305:StatusAanlevering>7")
    before = Bericht.objects.count()

    outcome = bericht_import(content, filename="kapot.xml", today=TODAY)

    assert outcome.retour is None and not outcome.applied
    assert outcome.error.startswith("Het bericht voldoet niet aan het iWmo 3.2-schema van WMO305")
    assert Bericht.objects.count() == before


def test_not_xml_and_entities_are_refused(chain):
    assert "geen geldige XML" in bericht_import(b"<niet", today=TODAY).error
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    assert "DOCTYPE" in bericht_import(bomb, today=TODAY).error


# --- WMO323 -------------------------------------------------------------------------------------

def _line(chain, assigned, **kw):  # type: ignore[no-untyped-def]
    line = {"bsn": chain.client.bsn, "ref": "P1", "toewijzing": assigned.nummer,
            "begin": date(2026, 10, 1), "end": date(2026, 10, 31), "volume": 31, "tarief": 15000}
    line.update(kw)
    return line


def _declare(chain, lines, ident="D1", nummer="DN1", **kw):  # type: ignore[no-untyped-def]
    return bericht_import(
        m.declaratie_323(agb=AGB, gemeente=GEMEENTE, ident=ident, day=TODAY, nummer=nummer,
                         periode=(date(2026, 10, 1), date(2026, 10, 31)), lines=lines, **kw),
        today=TODAY,
    )


def test_fully_granted_declaratie_gets_8001(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)

    outcome = _declare(chain, [_line(chain, toewijzing)])

    assert outcome.applied
    assert outcome.retour_codes == ["0200", "8001"]
    r = _reader(outcome.retour.content)
    assert r.kind == "WMO325"
    assert r.int("m:DeclaratieAntwoord/m:TotaalToegekendBedrag/iwmo:TotaalBedrag") == 31 * 15000
    assert r.one("m:DeclaratieAntwoord/m:Clienten") is None  # TR342: only rejected lines
    assert Declaratie.objects.get().toegekend_cents == 465000


@pytest.mark.parametrize(("change", "code"), [
    ({"volume": 32, "end": date(2026, 10, 31)}, "9321"),  # more than assigned (31 days)
    ({"bedrag": 100}, "9346"),  # amount is not volume × tariff
    ({"tarief": 14000}, "0611"),  # not the contract tariff
    ({"code": "BWI"}, "9340"),
    ({"toewijzing": 999999}, "9338"),
    ({"bsn": "999990019"}, "8187"),
    ({"begin": date(2026, 9, 1), "end": date(2026, 9, 30)}, "9307"),
])
def test_rejected_declaratie_line_gets_its_code_and_nothing_is_applied(chain, tmp_path, change, code):
    toewijzing = _toewijzing(chain, tmp_path)

    outcome = _declare(chain, [_line(chain, toewijzing, **change)])

    assert code in outcome.retour_codes
    assert not outcome.applied
    assert Declaratie.objects.count() == 0 and Prestatie.objects.count() == 0
    r = _reader(outcome.retour.content)
    assert r.int("m:DeclaratieAntwoord/m:TotaalToegekendBedrag/iwmo:TotaalBedrag") == 0
    assert code in r.all("m:DeclaratieAntwoord/m:Clienten/m:Client/m:Prestaties/m:Prestatie"
                         "/m:RetourCodes/m:RetourCode/text()")


def test_partly_granted_declaratie_grants_the_sound_line_only(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)

    outcome = _declare(chain, [
        _line(chain, toewijzing, ref="P1"),
        _line(chain, toewijzing, ref="P2", toewijzing=999999),
    ])

    assert outcome.applied
    assert outcome.retour_codes == ["0200", "9338"]
    assert Declaratie.objects.get().toegekend_cents == 31 * 15000
    assert list(Prestatie.objects.filter(granted=True).values_list("referentie", flat=True)) == ["P1"]


def test_declaring_the_same_month_twice_is_refused(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)
    _declare(chain, [_line(chain, toewijzing)])

    again = _declare(chain, [_line(chain, toewijzing, ref="P9")], ident="D2", nummer="DN2")

    assert not again.applied
    assert {"9322", "9389"} & set(again.retour_codes)
    reuse = _declare(chain, [_line(chain, toewijzing, ref="P8")], ident="D3", nummer="DN1")
    assert "9333" in reuse.retour_codes


# --- WMO315 / WMO317 ---------------------------------------------------------------------------

def test_verzoek_om_toewijzing_lands_on_the_worklist(chain):
    outcome = bericht_import(
        m.verzoek_315(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, ident="V1", day=TODAY,
                      ref="REF-1"),
        today=TODAY,
    )

    assert outcome.applied and outcome.retour_codes == []
    assert _reader(outcome.retour.content).kind == "WMO316"
    verzoek = Verzoek.objects.get()
    assert verzoek.client == chain.client and verzoek.is_open
    again = bericht_import(
        m.verzoek_315(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, ident="V2", day=TODAY,
                      ref="REF-1"),
        today=TODAY,
    )
    assert "9347" in again.retour_codes and Verzoek.objects.count() == 1


def test_verzoek_om_wijziging_must_name_every_current_toewijzing(chain, tmp_path):
    toewijzing = _toewijzing(chain, tmp_path)

    bad = bericht_import(
        m.verzoek_317(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, ident="W1", day=TODAY,
                      ref="W-1", wijzigen=[(999999, date(2027, 1, 1), None)]),
        today=TODAY,
    )
    good = bericht_import(
        m.verzoek_317(agb=AGB, gemeente=GEMEENTE, bsn=chain.client.bsn, ident="W2", day=TODAY,
                      ref="W-2", wijzigen=[(toewijzing.nummer, toewijzing.ingangsdatum,
                                            date(2028, 9, 30))]),
        today=TODAY,
    )

    assert {"9351", "9349"} <= set(bad.retour_codes) and not bad.applied
    assert _reader(bad.retour.content).kind == "WMO318"
    assert good.applied and good.retour_codes == []
    assert Verzoek.objects.get().kind == "WMO317"
