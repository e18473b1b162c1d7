"""The klantreis screens with the Django test client: forms posted, errors shown, nothing saved."""

import re
from datetime import date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client, ClientEvent
from bwmo.journeys import services
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding, Toets
from bwmo.testing.factories import (
    ClientFactory,
    MunicipalityFactory,
    RegionFactory,
    consulent_for,
    user_with_role,
)

from .conftest import TODAY, days_ago
from .journey import granted, melding_for, ready_for_decision


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-24 12:00:00+01:00", tick=False)


@pytest.fixture
def web(client):  # type: ignore[no-untyped-def]
    """The Django test client (named so it does not clash with the cliënt fixtures)."""
    return client


def counts() -> tuple[int, ...]:
    return (Client.objects.count(), Melding.objects.count(), ClientEvent.objects.count(),
            Toets.objects.count(), Beschikking.objects.count(), AdviceRequest.objects.count())


def pdf_text(content: bytes) -> str | None:
    """The text of a PDF through pdftotext (poppler-utils); None where it is not installed."""
    import shutil
    import subprocess

    if (tool := shutil.which("pdftotext")) is None:
        return None
    done = subprocess.run([tool, "-layout", "-", "-"], input=content,  # noqa: S603
                          capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def pdf_tagged(content: bytes) -> bool | None:
    """Whether the PDF is tagged and claims PDF/UA (pdfinfo); None where it is not installed."""
    import shutil
    import subprocess
    import tempfile

    if (tool := shutil.which("pdfinfo")) is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info, meta = (subprocess.run([tool, *flag, handle.name], capture_output=True,  # noqa: S603
                                     check=True).stdout.decode() for flag in ([], ["-meta"]))
    return re.search(r"^Tagged:\s+yes", info, re.M) is not None and 'pdfuaid:part="1"' in meta


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --------------------------------------------------------------------------------------------
# Melding


def _melding_post(rheden, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "given_names": "Noor", "surname": "Bakker", "date_of_birth": "2001-04-02",
        "bsn": "111222333", "track": "BW", "source": "huisarts", "reported_on": "2026-11-20",
        "municipality": rheden.pk, "origin_municipality": rheden.pk,
        "presenting_problems": "Psychotische klachten",
    }
    data.update(overrides)
    return data


def test_consulent_registers_a_new_client_with_a_melding(web, consulent_rheden, rheden):
    web.force_login(consulent_rheden)
    form = web.get(reverse("journeys:melding-create"))
    assert form.status_code == 200
    assert 'for="id_surname"' in page_text(form) and 'for="id_origin_municipality"' in page_text(form)

    response = web.post(reverse("journeys:melding-create"), _melding_post(rheden), follow=True)

    melding = Melding.objects.get()
    assert response.redirect_chain[-1][0] == reverse("journeys:melding-detail", args=[melding.pk])
    body = page_text(response)
    assert "Noor Bakker" in body
    assert "Onderzoek: op tijd" in body and "uiterlijk 04-01-2027 (nog 41 dagen)" in body
    assert "Nieuwe cliënt: gemeente van herkomst" in body and "voorlopig" in body
    assert "new_client_origin" not in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"origin_municipality": "999999"}, "Deze gemeente is onbekend"),
        ({"municipality": "other-region"}, "Deze gemeente is onbekend"),
        ({"reported_on": "2026-12-01"}, "ligt in de toekomst"),
        ({"reported_on": "31-02-2026"}, "Vul een geldige datum in"),
        ({"track": "MO"}, "oorzaak van de dakloosheid"),
        ({"bsn": "123456789"}, "elfproef"),
        ({"date_of_birth": "9999-12-31"}, "ligt vóór de geboortedatum (31-12-9999)"),
        ({"reported_on": "1999-12-31"}, "ligt vóór de geboortedatum (02-04-2001)"),
        ({"reported_on": "0001-01-01"}, "Vul een datum tussen 01-01-1900 en 31-12-2999 in"),
        ({"planned_start": "9999-12-31"}, "Vul een datum tussen 01-01-1900 en 31-12-2999 in"),
    ],
)
def test_a_bad_melding_shows_a_dutch_message_and_saves_nothing(
    web, consulent_rheden, rheden, overrides, message
):
    if overrides.get("municipality") == "other-region":
        overrides["municipality"] = MunicipalityFactory(region=RegionFactory()).pk
    web.force_login(consulent_rheden)
    before = counts()

    response = web.post(reverse("journeys:melding-create"), _melding_post(rheden, **overrides))

    assert response.status_code == 200
    body = page_text(response)
    assert message in body
    assert "Er is niets opgeslagen" in body
    assert counts() == before


def test_new_melding_from_the_client_page(web, consulent_rheden, client_rheden, rheden):
    web.force_login(consulent_rheden)
    page = web.get(reverse("clients:detail", args=[client_rheden.pk]))
    url = reverse("journeys:client-melding-create", args=[client_rheden.pk])
    assert url in page_text(page) and "Nieuwe melding" in page_text(page)

    response = web.post(url, {"track": "BW", "source": "wijkteam", "reported_on": "2026-11-23",
                              "municipality": rheden.pk})
    melding = Melding.objects.get(client=client_rheden)
    assert response.url == reverse("journeys:melding-detail", args=[melding.pk])
    assert melding.origin_municipality is None  # left empty: unknown

    page = web.get(reverse("clients:detail", args=[client_rheden.pk]))
    assert reverse("journeys:melding-detail", args=[melding.pk]) in page_text(page)


def test_the_client_section_is_not_shown_to_providers(web, region, client_rheden, rheden):
    from bwmo.clients.views import CLIENT_PAGE_SECTIONS
    from bwmo.journeys.sections import klantreis_section

    assert klantreis_section in CLIENT_PAGE_SECTIONS
    provider_user = user_with_role(Role.ZORGAANBIEDER, region)

    class Request:
        user = provider_user

    assert klantreis_section(Request(), client_rheden) is None  # type: ignore[arg-type]


def test_dates_out_of_order_are_shown_on_the_form(web, consulent_rheden, client_rheden):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=days_ago(10))
    web.force_login(consulent_rheden)
    before = counts()
    response = web.post(reverse("journeys:melding-dates", args=[melding.pk]),
                        {"aanvraag_on": "2026-11-01", "investigation_completed_on": ""})
    assert response.status_code == 200
    assert "ligt vóór de melding" in page_text(response)
    assert counts() == before
    melding.refresh_from_db()
    assert melding.aanvraag_on is None


# --------------------------------------------------------------------------------------------
# Advice, toets


def test_advice_is_requested_and_answered_through_the_screens(
    web, region, consulent_rheden, client_rheden
):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    melding = melding_for(client_rheden, consulent_rheden)
    web.force_login(consulent_rheden)
    response = web.post(reverse("journeys:advice-request", args=[melding.pk]),
                        {"question": "Is groepswonen passend?"})
    assert response.status_code == 302
    advice = AdviceRequest.objects.get()

    web.force_login(ct)
    queue = web.get(reverse("journeys:advice-queue"))
    assert client_rheden.full_name in page_text(queue)
    url = reverse("journeys:advice-answer", args=[advice.pk])
    short = web.post(url, {"recommendation": "Groepswonen", "reasoning": "kort"})
    assert "Onderbouw het advies" in page_text(short)
    assert AdviceRequest.objects.get().answered_on is None
    web.post(url, {"recommendation": "Groepswonen",
                   "reasoning": "Heeft steun van medebewoners nodig, doorstroom binnen 2 jaar."})
    advice.refresh_from_db()
    assert advice.recommendation == "Groepswonen"

    web.force_login(consulent_rheden)
    detail = page_text(web.get(reverse("journeys:melding-detail", args=[melding.pk])))
    assert "Is groepswonen passend?" in detail and "Heeft steun van medebewoners" in detail

    web.force_login(user_with_role(Role.CT_ADVISEUR, RegionFactory(name="Elders")))
    assert web.get(url).status_code == 404
    assert web.get(reverse("journeys:advice-queue")).status_code == 200


def test_each_toets_question_is_a_group_of_ja_nee_onbekend_radio_buttons(web, consulent_rheden,
                                                                         client_rheden):
    """WCAG: a question answered by choosing is a fieldset whose legend is the question; until
    the consulent answers, "Onbekend" is chosen."""
    import re

    melding = melding_for(client_rheden, consulent_rheden)
    web.force_login(consulent_rheden)
    html = web.get(reverse("journeys:toets-create", args=[melding.pk])).content.decode()
    crisis = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Is er een acute \(crisis\)situatie\?"
                       r".*?</fieldset>", html, re.S)
    assert crisis is not None
    radios = re.findall(r'<input type="radio" name="acute_crisis" value="(\w*)"[^>]*?( checked)?>',
                        crisis.group(0))
    assert [value for value, _ in radios] == ["ja", "nee", ""]
    assert [value for value, checked in radios if checked] == [""]
    assert "<select" not in crisis.group(0)


def test_the_toets_screen_runs_and_explains_the_toets(web, consulent_rheden, client_rheden):
    melding = melding_for(client_rheden, consulent_rheden)
    web.force_login(consulent_rheden)
    form = page_text(web.get(reverse("journeys:toets-create", args=[melding.pk])))
    assert "Is er een acute (crisis)situatie?" in form

    response = web.post(reverse("journeys:toets-create", args=[melding.pk]), {
        "dutch_or_lawful_residence": "ja", "psychiatric_problems": "ja",
        "needs_supervision_nearby": "ja", "ambulant_support_sufficient": "nee",
        "acute_crisis": "ja", "lifelong_need": "", "primarily_treatment": "",
    }, follow=True)
    toets = Toets.objects.get()
    assert toets.outcome == "refer_crisis"
    body = page_text(response)
    assert "Eerst crisiszorg" in body
    assert "niet voldaan" in body and "onbekend" in body and "voldaan" in body
    assert "Acute (crisis)situatie: ja" in body  # the facts used
    assert "Verantwoordelijke gemeente" in body


def test_central_access_may_not_do_the_toets_in_a_local_region(
    web, region, consulent_rheden, client_rheden
):
    melding = melding_for(client_rheden, consulent_rheden)
    services.advice_request(melding=melding, question="Graag uw advies hierover",
                            acting_user=consulent_rheden, today=TODAY)
    web.force_login(user_with_role(Role.CT_ADVISEUR, region))
    assert web.get(reverse("journeys:melding-detail", args=[melding.pk])).status_code == 200
    assert web.get(reverse("journeys:toets-create", args=[melding.pk])).status_code == 403
    assert web.post(reverse("journeys:beschikking-create", args=[melding.pk]), {}).status_code == 403


# --------------------------------------------------------------------------------------------
# Beschikking


def _beschikking_post(default_provider, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "outcome": "granted", "decided_on": "2026-11-24", "product": "BW", "financing": "zin",
        "provider": default_provider.pk, "start_date": "2026-11-19", "end_date": "2027-11-30",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decided_on": "2026-11-13"}, "ligt vóór de datum van de aanvraag"),
        ({"end_date": "2026-11-18"}, "De einddatum (18-11-2026) ligt vóór de startdatum"),
        ({"product": "BWI"}, "Dit product wordt in deze regio niet aangeboden"),
        ({"product": "MODV"}, "niet aangeboden voor beschermd wonen"),
        ({"financing": "pgb"}, "Een pgb is niet mogelijk"),
        ({"product": "GWIB", "end_date": "2029-01-01"}, "ten hoogste 2 jaar"),
        ({"provider": "424242"}, "Deze zorgaanbieder is onbekend"),
        ({"end_date": "9999-12-31"}, "Vul een datum tussen 01-01-1900 en 31-12-2999 in"),
        ({"start_date": "9999-12-31", "end_date": ""}, "Vul een datum tussen 01-01-1900 en"),
        ({"decided_on": "0001-01-01"}, "Vul een datum tussen 01-01-1900 en 31-12-2999 in"),
    ],
)
def test_a_bad_beschikking_shows_a_dutch_message_and_saves_nothing(
    web, consulent_rheden, client_rheden, products, provider, overrides, message
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    web.force_login(consulent_rheden)
    before = counts()

    response = web.post(reverse("journeys:beschikking-create", args=[melding.pk]),
                        _beschikking_post(provider, **overrides))

    assert response.status_code == 200
    body = page_text(response)
    assert message in body, body[body.find("formulierfouten"):][:1500]
    assert "Er is niets opgeslagen" in body
    assert counts() == before
    melding.refresh_from_db()
    assert melding.status == "open"


def test_a_beschikking_is_registered_shown_with_reasons_and_printed(
    web, consulent_rheden, consulent_renkum, client_rheden, products, provider
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    web.force_login(consulent_rheden)
    form = page_text(web.get(reverse("journeys:beschikking-create", args=[melding.pk])))
    assert "Voldoet aan alle criteria" in form and "Nieuwe cliënt: gemeente van herkomst" in form
    assert "new_client_origin" not in form
    assert "Beschermd wonen intensief" not in form  # not offered in this region

    response = web.post(reverse("journeys:beschikking-create", args=[melding.pk]),
                        _beschikking_post(provider), follow=True)
    beschikking = Beschikking.objects.get()
    body = page_text(response)
    assert "Toegekend" in body and "19-11-2026 t/m 30-11-2027" in body
    assert "Nieuwe cliënt: gemeente van herkomst" in body and "vastgelegd" in body
    assert "new_client_origin" not in body
    assert "Rheden (GM0275)" in body  # explanation with the municipality's name

    melding_page = page_text(web.get(reverse("journeys:melding-detail", args=[melding.pk])))
    assert "Besloten" in melding_page and "new_client_origin" not in melding_page

    letter_url = reverse("journeys:beschikking-letter", args=[beschikking.pk])
    preview = page_text(web.get(letter_url))
    assert "U kunt binnen zes weken bezwaar maken" in preview
    pdf = web.post(letter_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert AccessLogEntry.objects.filter(action=AccessAction.PRINT, client=client_rheden).count() == 1
    assert ClientEvent.objects.filter(kind=EventKind.PRINTED, client=client_rheden).count() == 1

    assert pdf_tagged(pdf.content) in (True, None)  # tagged PDF/UA-1
    if (text := pdf_text(pdf.content)) is not None:
        assert "U kunt binnen zes weken bezwaar maken" in text
        assert "new_client_origin" not in text and "seed" not in text.lower()

    web.force_login(consulent_renkum)
    assert web.post(letter_url).status_code == 404
    assert web.get(reverse("journeys:beschikking-detail", args=[beschikking.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(action=AccessAction.PRINT).count() == 1


def test_the_ontvangstbevestiging_names_the_rights_and_the_address_and_is_logged(
    web, consulent_rheden, client_rheden
):
    client_rheden.address_kind = "home"
    client_rheden.street, client_rheden.house_number = "Dorpsstraat", "12"
    client_rheden.postcode, client_rheden.city = "6991 AB", "Rheden"
    client_rheden.save()
    melding = melding_for(client_rheden, consulent_rheden)
    web.force_login(consulent_rheden)
    assert reverse("journeys:melding-receipt", args=[melding.pk]) in page_text(
        web.get(reverse("journeys:melding-detail", args=[melding.pk])))
    url = reverse("journeys:melding-receipt", args=[melding.pk])
    preview = page_text(web.get(url))
    assert "Dorpsstraat 12" in preview and "6991 AB" in preview
    assert "persoonlijk plan" in preview and "cliëntondersteuner" in preview
    assert "geen bezwaar" in preview
    pdf = web.post(url)
    assert pdf["Content-Type"] == "application/pdf" and pdf_tagged(pdf.content) in (True, None)
    if (text := pdf_text(pdf.content)) is not None:
        assert "Wij hebben uw melding ontvangen" in text and "Dorpsstraat 12" in text
        assert "Geen postadres" not in text
    assert AccessLogEntry.objects.filter(action=AccessAction.PRINT, client=client_rheden).count() == 1
    event = ClientEvent.objects.get(kind=EventKind.PRINTED, client=client_rheden)
    assert "Ontvangstbevestiging" in event.summary and "verstuurd op" in event.summary


def test_a_letter_preview_warns_when_there_is_no_postal_address(
    web, consulent_rheden, client_rheden
):
    client_rheden.address_kind = "none"
    client_rheden.save()
    melding = melding_for(client_rheden, consulent_rheden)
    web.force_login(consulent_rheden)
    preview = page_text(web.get(reverse("journeys:melding-receipt", args=[melding.pk])))
    assert "Geen postadres bekend" in preview


def test_pgb_conditions_are_posted_and_the_provider_quality_is_read(
    web, consulent_rheden, client_rheden, products, provider
):
    provider.quality_sufficient = False
    provider.save()
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    web.force_login(consulent_rheden)
    response = web.post(reverse("journeys:beschikking-create", args=[melding.pk]),
                        _beschikking_post(provider, financing="pgb",
                                          pgb_contracted_supply_unsuitable="ja",
                                          pgb_budget_holder_available="ja"))
    assert "de kwaliteit van de gekozen aanbieder is onvoldoende" in page_text(response)
    assert Beschikking.objects.count() == 0


# --------------------------------------------------------------------------------------------
# Lists, menu


def test_worklist_page_shows_deadlines_and_logs_each_client(web, consulent_rheden, rheden):
    late = melding_for(ClientFactory(registration_municipality=rheden, surname="Laat"),
                       consulent_rheden, reported_on=days_ago(50))
    web.force_login(consulent_rheden)
    body = page_text(web.get(reverse("journeys:worklist")))
    assert "Werklijst Rheden" in body and "termijn verstreken" in body
    assert "Laat" in body
    assert AccessLogEntry.objects.filter(client=late.client, detail="Werklijst").count() == 1
    filtered = page_text(web.get(reverse("journeys:worklist") + "?termijn=on_time"))
    assert "Geen open meldingen voor deze selectie" in filtered


def test_worklist_query_count_does_not_grow_with_the_list(web, consulent_rheden, rheden):
    web.force_login(consulent_rheden)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert web.get(reverse("journeys:worklist")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        melding_for(ClientFactory(registration_municipality=rheden), consulent_rheden)
    few = queries()
    for _ in range(8):
        melding_for(ClientFactory(registration_municipality=rheden), consulent_rheden)
    assert queries() == few


def test_menu_entries_per_role(web, region, consulent_rheden):
    web.force_login(consulent_rheden)
    home = page_text(web.get("/"))
    assert "Werklijst" in home and "Adviesvragen" not in home
    web.force_login(user_with_role(Role.CT_ADVISEUR, region))
    home = page_text(web.get("/"))
    assert "Werklijst" in home and "Adviesvragen" in home
    web.force_login(user_with_role(Role.BELEID, region))
    assert "Werklijst" not in page_text(web.get("/"))
    assert web.get(reverse("journeys:worklist")).status_code == 404
    assert web.get(reverse("journeys:melding-create")).status_code == 404


def test_decision_list_shows_clients_in_care_of_the_responsible_municipality(
    web, consulent_rheden, consulent_renkum, rheden, renkum, products, provider
):
    client = ClientFactory(registration_municipality=rheden, origin_municipality=renkum,
                           surname="Verhuisd")
    melding = melding_for(client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    services.beschikking_register(melding=melding, data=granted(provider, start_date=date(2026, 11, 20)),
                                  acting_user=consulent_rheden, today=TODAY)
    web.force_login(consulent_renkum)
    body = page_text(web.get(reverse("journeys:decisions")))
    assert "Verhuisd" in body and "Nieuwe cliënt: gemeente van herkomst" in body
    assert "new_client_origin" not in body  # the rule in plain Dutch, never its code
    web.force_login(consulent_rheden)
    mine = reverse("journeys:decisions") + "?betrokkenheid=verantwoordelijk"
    assert "Verhuisd" not in page_text(web.get(mine))
    assert "Verhuisd" in page_text(web.get(reverse("journeys:decisions") + "?betrokkenheid=gemeld"))


def test_the_decision_list_sorts_and_exports_with_every_client_logged(
    web, consulent_rheden, rheden, products, provider
):
    import io

    from openpyxl import load_workbook

    for surname in ("Aalders", "Zwart"):
        person = ClientFactory(registration_municipality=rheden, surname=surname)
        melding = melding_for(person, consulent_rheden)
        ready_for_decision(melding, consulent_rheden)
        services.beschikking_register(melding=melding, data=granted(provider),
                                      acting_user=consulent_rheden, today=TODAY)
    web.force_login(consulent_rheden)
    body = page_text(web.get(reverse("journeys:decisions"), {"sortering": "-client"}))
    assert body.index("Zwart") < body.index("Aalders")
    response = web.get(reverse("journeys:decisions-export"),
                       {"formaat": "xlsx", "sortering": "client"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Cliënt", "Besluit", "Besluitdatum")
    assert [r[0].split()[-1] for r in rows[1:]] == ["Aalders", "Zwart"]
    assert isinstance(rows[1][2], datetime)  # a date cell, not text
    exported = AccessLogEntry.objects.filter(user=consulent_rheden, action=AccessAction.EXPORT)
    assert exported.count() == 2


def test_a_decided_melding_takes_no_more_changes(
    web, consulent_rheden, client_rheden, products, provider
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    services.beschikking_register(melding=melding, data=granted(provider),
                                  acting_user=consulent_rheden, today=TODAY)
    web.force_login(consulent_rheden)
    for name in ("journeys:toets-create", "journeys:beschikking-create", "journeys:melding-dates",
                 "journeys:advice-request"):
        response = web.get(reverse(name, args=[melding.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("journeys:melding-detail",
                                                         args=[melding.pk]), name
        assert "Deze melding is besloten" in page_text(response)
    detail = page_text(web.get(reverse("journeys:melding-detail", args=[melding.pk])))
    assert "Toegangstoets doen" not in detail and "Beschikking vastleggen" not in detail


def test_a_consulent_who_sees_the_client_but_does_not_handle_the_melding_cannot_act(
    web, consulent_rheden, client_rheden, arnhem
):
    client_rheden.responsible_municipality = arnhem  # an existing client of the centrumgemeente
    client_rheden.save()
    melding = melding_for(client_rheden, consulent_rheden)
    web.force_login(consulent_for(arnhem))
    page = web.get(reverse("journeys:melding-detail", args=[melding.pk]))
    assert page.status_code == 200 and "Toegangstoets doen" not in page_text(page)
    for name in ("journeys:toets-create", "journeys:beschikking-create", "journeys:melding-dates",
                 "journeys:advice-request"):
        assert web.get(reverse(name, args=[melding.pk])).status_code == 403, name


def test_the_facts_and_rules_tables_have_row_headers(web, consulent_rheden, client_rheden):
    """Each row of the facts and of the toets rules is named by its header cell, so a screen
    reader announces which fact or rule a value belongs to."""
    melding = melding_for(client_rheden, consulent_rheden)
    toets = ready_for_decision(melding, consulent_rheden)
    web.force_login(consulent_rheden)
    body = page_text(web.get(reverse("journeys:toets-detail", args=[toets.pk])))
    assert '<th scope="row">Gemeente van melding</th>' in body
    for rule in toets.rule_results:
        assert f'<th scope="row">{escape(rule["label"])}</th>' in body, rule["label"]
        assert rule["rule_id"] not in body  # the rule by its Dutch label, not its code


def test_advice_sent_twice_says_the_second_was_not_saved(web, region, consulent_rheden,
                                                         client_rheden):
    """Two advisers answer the same question: the second sees that the question was answered
    already and that their advice was not saved."""
    melding = melding_for(client_rheden, consulent_rheden)
    advice = services.advice_request(melding=melding, question="Is groepswonen passend?",
                                     acting_user=consulent_rheden, today=TODAY)
    web.force_login(user_with_role(Role.CT_ADVISEUR, region))
    url = reverse("journeys:advice-answer", args=[advice.pk])
    first = {"recommendation": "Groepswonen", "reasoning": "Steun van medebewoners is nodig."}
    assert web.post(url, first).status_code == 302

    second = web.post(url, {"recommendation": "Beschermd wonen intensief",
                            "reasoning": "Er is dag en nacht toezicht nodig, ook op locatie."})

    body = page_text(second)
    assert second.status_code == 200
    assert "al beantwoord op 24-11-2026" in body and "Er is niets opgeslagen" in body
    advice.refresh_from_db()
    assert advice.recommendation == "Groepswonen"
