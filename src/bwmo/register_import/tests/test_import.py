"""Migration import of a centrumgemeente's client register: dry run, all-or-nothing, Dutch report
per row, and the imported history feeding the responsibility rules (docs/register-import.md)."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import Client
from bwmo.core import crypto
from bwmo.core.exceptions import DomainError
from bwmo.journeys.models import Beschikking, Melding
from bwmo.journeys.responsible import melding_decide
from bwmo.placements.models import Placement
from bwmo.placements.tests.helpers import build_world
from bwmo.register_import.models import ImportedBeschikking, RegisterImport
from bwmo.register_import.services import register_import
from bwmo.testing.factories import ClientFactory, RegionFactory, user_with_role

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)
HEADER = ("bsn;voornamen;tussenvoegsel;achternaam;geboortedatum;herkomst;gemeente;beschikking;"
          "product;financiering;aanbieder;locatie;ingangsdatum;einddatum;uitstroom")


def bsn(n: int) -> str:
    """The n-th valid test BSN (elfproef) of the 9999xxxxx range."""
    found = 0
    for candidate in range(999900000, 999999999):
        digits = f"{candidate:09d}"
        total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True))
        if total % 11 == 0:
            if found == n:
                return digits
            found += 1
    raise AssertionError


@pytest.fixture
def world(region):  # type: ignore[no-untyped-def]
    return build_world(region)


@pytest.fixture
def beheer(region):  # type: ignore[no-untyped-def]
    return user_with_role(Role.FUNCTIONEEL_BEHEER, region)


def sound_file() -> str:
    """Three rows: Jansen with a doorstroom BW → (PGB) … and an open BW stay; De Vries, MO before
    the decentralisation, ended."""
    return "\n".join([
        HEADER,
        f"{bsn(0)};Piet;;Jansen;12-03-1980;GM0275;;BS-2019-001;BW;ZIN;De Brug Zorg;;01-02-2019;"
        "31-12-2020;",
        f"{bsn(0)};Piet;;Jansen;12-03-1980;GM0275;;BS-2021-014;BW;ZIN;De Brug Zorg;Huize Velp;"
        "01-01-2021;;",
        f"{bsn(1)};Anna;de;Vries;1975-07-30;Renkum;GM0202;BS-2020-100;GWIB;PGB;;;01-06-2020;"
        "31-05-2021;Zelfstandige woning",
    ]) + "\n"


def run(region, user, content, *, dry_run=False, filename="register.csv"):  # type: ignore[no-untyped-def]
    data = content.encode() if isinstance(content, str) else content
    return register_import(region=region, data=data, filename=filename, acting_user=user,
                           today=TODAY, dry_run=dry_run)


def test_dry_run_reports_every_row_and_saves_nothing(region, world, beheer):
    report = run(region, beheer, sound_file(), dry_run=True)

    assert report.ok and not report.applied
    assert [row.line for row in report.rows] == [2, 3, 4]
    assert report.rows[0].result.startswith("nieuwe cliënt; beschikking Beschermd wonen 01-02-2019 "
                                            "t/m 31-12-2020; plaatsing bij Huize Velp")
    assert "plaatsing bij Huize Velp (doorstroom)" in report.rows[1].result
    assert report.rows[1].result.startswith("zelfde cliënt als rij 2")
    assert report.counts == {"clients_created": 2, "clients_existing": 0, "beschikkingen": 3,
                                                 "placements": 2,
                                                 "toewijzingen_history": 1}
    assert not Client.objects.exists() and not Beschikking.objects.exists()
    assert not RegisterImport.objects.exists() and not Placement.objects.exists()


def test_import_writes_clients_beschikkingen_and_placements_with_their_history(region, world, beheer):
    report = run(region, beheer, sound_file())

    assert report.applied and report.run is not None
    jansen = Client.objects.get(bsn_index=crypto.blind_index(bsn(0)))
    assert (jansen.surname, jansen.date_of_birth, jansen.origin_municipality.code) == (
        "Jansen", date(1980, 3, 12), "GM0275")
    first, second = Placement.objects.filter(client=jansen).order_by("start_date")
    assert (first.end_date, first.outflow_destination) == (date(2020, 12, 31), "doorstroom")
    assert second.previous == first and second.end_date is None
    # before the decentralisation (2022-01-01): the centrumgemeente, new/existing not applicable
    assert {b.responsible_municipality.code for b in Beschikking.objects.filter(client=jansen)} == {"GM0202"}
    assert Beschikking.objects.filter(client=jansen, responsibility_rule="before_decentralisation").count() == 2
    vries = Client.objects.get(bsn_index=crypto.blind_index(bsn(1)))
    pgb = Beschikking.objects.get(client=vries)
    assert (pgb.financing, pgb.provider, pgb.responsible_municipality.code) == ("pgb", None, "GM0202")
    assert not Placement.objects.filter(client=vries).exists()
    assert ImportedBeschikking.objects.filter(run=report.run).count() == 3
    assert (report.run.clients_created, report.run.beschikkingen, report.run.placements) == (2, 3, 2)
    assert Melding.objects.filter(source="register").count() == 3
    logged = AccessLogEntry.objects.filter(user=beheer, object_type="overname register")
    assert {e.client_id for e in logged} == {jansen.pk, vries.pk}


def test_the_imported_history_makes_a_new_melding_an_existing_clients(region, world, beheer):
    run(region, beheer, sound_file())
    jansen = Client.objects.get(bsn_index=crypto.blind_index(bsn(0)))
    melding = Melding.objects.create(
        client=jansen, track="BW", source="huisarts", reported_on=date(2026, 11, 2),
        municipality=region.municipalities.get(code="GM0275"),
        origin_municipality=region.municipalities.get(code="GM0275"),
    )

    decision = melding_decide(melding)

    # the open imported BW placement under the centrumgemeente lies in the 365-day window
    assert (decision.rule, decision.responsible, decision.client_status) == (
        "existing_client", "GM0202", "existing")


def test_after_the_decentralisation_an_empty_gemeente_is_decided_by_the_engine(region, world, beheer):
    content = "\n".join([HEADER, f"{bsn(2)};Kees;;Bakker;01-01-1990;GM0275;;BS-2023-7;BW;ZIN;"
                                 "De Brug Zorg;;01-04-2023;30-09-2023;Wlz"])

    report = run(region, beheer, content)

    assert report.applied
    beschikking = Beschikking.objects.get()
    assert (beschikking.responsibility_rule, beschikking.responsible_municipality.code,
            beschikking.client_status) == ("new_client_origin", "GM0275", "new")
    assert "Rheden (GM0275)" in beschikking.responsibility_explanation
    assert Placement.objects.get().outflow_destination == "wlz"
    assert "verantwoordelijk: Rheden (nieuwe cliënt)" in report.rows[0].result


def _one_row(**change: str) -> str:
    values = {"bsn": bsn(3), "voornamen": "Els", "tussenvoegsel": "", "achternaam": "Smit",
              "geboortedatum": "02-02-1985", "herkomst": "GM0274", "gemeente": "",
              "beschikking": "BS-1", "product": "BW", "financiering": "ZIN",
              "aanbieder": "De Brug Zorg", "locatie": "", "ingangsdatum": "01-03-2021",
              "einddatum": "", "uitstroom": ""}
    values.update(change)
    return ";".join(values.values())


@pytest.mark.parametrize(("change", "problem"), [
    ({"bsn": "123456789"}, "BSN: dit BSN klopt niet (de elfproef faalt)"),
    ({"achternaam": ""}, "de achternaam is leeg"),
    ({"geboortedatum": "31-02-1985"}, "geboortedatum '31-02-1985' is geen datum (gebruik dd-mm-jjjj)"),
    ({"herkomst": "GM9999"}, "gemeente van herkomst 'GM9999' is onbekend"),
    ({"gemeente": "Utrecht"}, "verantwoordelijke gemeente 'Utrecht' is onbekend"),
    ({"product": "XYZ"}, "product 'XYZ' is geen product van regio Centraal Gelderland"),
    ({"financiering": "contant"}, "financiering 'contant' is onbekend (ZIN of PGB)"),
    ({"aanbieder": "Onbekend Huis"}, "zorgaanbieder 'Onbekend Huis' is onbekend in bwmo"),
    ({"aanbieder": ""}, "bij zorg in natura is de zorgaanbieder verplicht"),
    ({"locatie": "Villa Elders"}, "locatie 'Villa Elders' is geen locatie van De Brug Zorg"),
    ({"product": "GWIB"}, "De Brug Zorg heeft geen locatie met plaatsen voor 'Groepswonen"),
    ({"einddatum": "28-02-2021"}, "de einddatum 28-02-2021 ligt vóór de ingangsdatum 01-03-2021"),
    ({"ingangsdatum": "01-01-2027"}, "de ingangsdatum 01-01-2027 ligt in de toekomst"),
    ({"uitstroom": "Wlz"}, "een uitstroombestemming hoort bij een beëindigde beschikking"),
    ({"beschikking": ""}, "het kenmerk van de beschikking (kolom beschikking) is leeg"),
])
def test_a_bad_row_is_reported_in_dutch_and_nothing_is_imported(region, world, beheer, change, problem):
    content = "\n".join([HEADER, _one_row(bsn=bsn(4), beschikking="BS-0"), _one_row(**change)])

    report = run(region, beheer, content)

    assert not report.applied and not report.ok
    assert report.rows[0].problems == []  # the sound row …
    assert any(p.startswith(problem) for p in report.rows[1].problems), report.rows[1].problems
    assert not Client.objects.exists() and not Beschikking.objects.exists()  # … is not imported either
    assert not RegisterImport.objects.exists()


def test_problems_across_rows_name_the_other_row(region, world, beheer):
    content = "\n".join([
        HEADER,
        _one_row(),
        _one_row(beschikking="BS-1", ingangsdatum="01-01-2022"),  # same kenmerk, overlaps the open row
        _one_row(beschikking="BS-2", achternaam="Smid", ingangsdatum="01-01-2000",
                 einddatum="31-12-2000"),
    ])

    rows = run(region, beheer, content, dry_run=True).rows

    assert "beschikking BS-1 staat meer dan eens in het bestand (rijen 2, 3)" in rows[0].problems
    assert "de periode overlapt met rij 2 van dezelfde cliënt (01-03-2021 t/m open)" in rows[1].problems
    assert "hetzelfde BSN als rij 2, maar een andere naam of geboortedatum" in rows[2].problems


def test_the_same_file_twice_is_refused_the_second_time(region, world, beheer):
    assert run(region, beheer, sound_file()).applied
    before = Beschikking.objects.count()

    again = run(region, beheer, sound_file())

    assert not again.applied
    assert again.rows[0].problems[0].startswith("beschikking BS-2019-001 is al ingelezen op ")
    assert Beschikking.objects.count() == before


def test_a_client_bwmo_already_has_in_the_region_is_added_to(region, world, beheer):
    known = ClientFactory(registration_municipality=world.rheden, surname="Smit",
                          date_of_birth=date(1985, 2, 2))
    known.set_bsn(bsn(3))
    known.save()

    report = run(region, beheer, "\n".join([HEADER, _one_row()]))

    assert report.applied
    assert report.rows[0].result.startswith("bestaande cliënt in bwmo aangevuld")
    assert Client.objects.count() == 1 and Beschikking.objects.get().client == known
    assert report.run.clients_existing == 1


def test_a_known_bsn_with_another_name_is_a_problem(region, world, beheer):
    known = ClientFactory(registration_municipality=world.rheden, surname="Anders",
                          date_of_birth=date(1985, 2, 2))
    known.set_bsn(bsn(3))
    known.save()

    report = run(region, beheer, "\n".join([HEADER, _one_row()]))

    assert report.rows[0].problems == ["dit BSN is in bwmo bekend bij een cliënt met een andere "
                                       "achternaam of geboortedatum; controleer het BSN"]


def test_missing_columns_and_empty_files_are_one_clear_error(region, world, beheer):
    report = run(region, beheer, "bsn;achternaam\n123;X\n")
    assert report.file_error.startswith("Kolommen ontbreken: voornamen, geboortedatum, beschikking, "
                                        "product, ingangsdatum.")
    assert run(region, beheer, "").file_error == "Het bestand is leeg."
    assert "geen UTF-8" in run(region, beheer, "bsn;x\n\xe9".encode("latin-1")).file_error
    assert "kan niet worden gelezen" in run(region, beheer, b"PK\x03\x04 kapot",
                                            filename="r.xlsx").file_error


def test_an_excel_register_with_date_cells_imports(region, world, beheer):
    book = Workbook()
    sheet = book.active
    sheet.append(["BSN", "Voornamen", "Achternaam", "Geboortedatum", "Gemeente van herkomst",
                  "Kenmerk", "Product", "Zorgaanbieder", "Startdatum", "Einddatum"])
    sheet.append([int(bsn(5)), "Jan", "Visser", date(1970, 1, 1), "Rheden", "X-1", "Beschermd wonen",
                  "De Brug Zorg", date(2020, 1, 1), None])
    buffer = io.BytesIO()
    book.save(buffer)

    report = run(region, beheer, buffer.getvalue(), filename="register.xlsx")

    assert report.applied, [r.problems for r in report.rows]
    assert Placement.objects.get().start_date == date(2020, 1, 1)


def test_only_functioneel_beheer_of_the_region_imports(region, world):
    with pytest.raises(DomainError):
        run(region, user_with_role(Role.WMO_CONSULENT, region), sound_file())
    assert not Client.objects.exists()


def test_a_bsn_known_only_in_another_region_is_not_revealed_and_goes_to_duplicate_review(
        region, world, beheer):
    elsewhere = RegionFactory(slug="elders")
    other = ClientFactory(registration_municipality=elsewhere.centrumgemeente, surname="Anders")
    other.set_bsn(bsn(3))
    other.save()

    report = run(region, beheer, "\n".join([HEADER, _one_row()]))

    assert report.applied and report.rows[0].result.startswith("nieuwe cliënt")
    imported = Beschikking.objects.get().client
    assert imported != other and imported.bsn == bsn(3) and imported.bsn_index is None
    review = AccessLogEntry.objects.filter(purpose="duplicate_check", object_id=str(imported.pk))
    assert {e.client_id for e in review} == {other.pk, imported.pk}


def test_iwmo_export_sends_the_running_beschikking_but_not_the_history(region, world, beheer, tmp_path):
    from bwmo.iwmo.models import Toewijzing
    from bwmo.iwmo.outgoing import export_301

    world.provider.agb_code = "12345678"
    world.provider.save()
    run(region, beheer, sound_file())
    ended = Beschikking.objects.get(register_source__kenmerk="BS-2019-001")
    assert Toewijzing.objects.get(beschikking=ended).sent_version == 1  # known to the provider

    result = export_301(region, tmp_path, today=TODAY)

    assert len(result.files) == 1
    running = Beschikking.objects.get(register_source__kenmerk="BS-2021-014")
    assert Toewijzing.objects.get(beschikking=running).sent_version == 1
    content = result.files[0].read_text()
    assert f"<wmo301:ToewijzingNummer>{running.toewijzing.nummer}<" in content
    assert f"<wmo301:ToewijzingNummer>{ended.toewijzing.nummer}<" not in content


def test_a_running_zin_row_needs_a_valid_contract_where_the_region_requires_one(region, world, beheer):
    from bwmo.contracts.models import ContractSettings

    ContractSettings.objects.create(region=region, required_from=date(2026, 1, 1))
    content = "\n".join([HEADER, _one_row(), _one_row(bsn=bsn(4), beschikking="BS-9",
                                                       einddatum="31-12-2023")])

    report = run(region, beheer, content)

    assert not report.applied
    assert report.rows[0].problems == [
        f"De Brug Zorg heeft op {TODAY:%d-%m-%Y} geen geldig contract met tarief voor 'Beschermd "
        "wonen'. Kies een aanbieder met een contract voor dit product, of laat de contractmanager "
        "het contract vastleggen"]
    assert report.rows[1].problems == []  # history: no contract check

    from decimal import Decimal

    from bwmo.contracts.models import Contract, ContractProduct
    contract = Contract.objects.create(region=region, provider=world.provider, reference="BW-1",
                                       form="aanbesteding", start_date=date(2026, 1, 1),
                                       initial_end_date=date(2026, 12, 31))
    ContractProduct.objects.create(contract=contract, product=world.bw, tariff=Decimal("150.00"),
                                   valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    assert run(region, beheer, content).applied
