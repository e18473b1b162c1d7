"""The provider portal round-trips 301 → 305 → 307 → 323 with their retours; the consulent answers
a request with a WMO319. Only the own provider / municipality; others 404; access logged."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
import time_machine

from bwmo.audit.models import AccessLogEntry
from bwmo.iwmo import xml
from bwmo.iwmo.models import Bericht, Levering, Prestatie, Verzoek
from bwmo.iwmo.outgoing import export_301
from bwmo.placements.models import Placement

from . import messages as m
from .conftest import AGB

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 2)
OTHERS = ("provider_other", "consulent_own", "ct_adviseur", "beleid", "functioneel_beheer")


def _upload(client, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(reverse("iwmo:portal"),
                       {"files": [SimpleUploadedFile(name, content, content_type="text/xml")]})


@time_machine.travel(DAY, tick=False)
def test_portal_round_trip_301_305_307_323(client, chain, tmp_path):
    export_301(chain.region, tmp_path, today=DAY)
    provider = chain.users["provider_own"]
    client.force_login(provider)
    page = client.get(reverse("iwmo:portal"))
    assert page.status_code == 200
    toewijzing_301 = Bericht.objects.get(kind="WMO301")
    assert toewijzing_301.download_name in page.content.decode()

    download = client.get(reverse("iwmo:download", args=[toewijzing_301.pk]))
    assert download["Content-Type"].startswith("application/xml")
    r = xml.Reader(*xml.parse(download.content))
    nummer = r.int("m:Client/m:ToegewezenProducten/m:ToegewezenProduct/m:ToewijzingNummer")
    assert AccessLogEntry.objects.filter(user=provider, client=chain.client, action="export").exists()

    bsn = chain.client.bsn
    steps = [
        ("start.xml", m.start_305(agb=AGB, gemeente="0275", bsn=bsn, nummer=nummer,
                                  begindatum=date(2026, 10, 1), ident="P1", day=DAY), "WMO306"),
        ("stop.xml", m.stop_307(agb=AGB, gemeente="0275", bsn=bsn, nummer=nummer,
                                begindatum=date(2026, 10, 1), einddatum=date(2026, 11, 30),
                                reden="19", ident="P2", day=DAY), "WMO308"),
        ("declaratie.xml", m.declaratie_323(
            agb=AGB, gemeente="0275", ident="P3", day=DAY, nummer="DN11",
            periode=(date(2026, 11, 1), date(2026, 11, 30)),
            lines=[{"bsn": bsn, "ref": "R11", "toewijzing": nummer, "begin": date(2026, 11, 1),
                    "end": date(2026, 11, 30), "volume": 30, "tarief": 15000}]), "WMO325"),
    ]
    for name, content, retour_kind in steps:
        response = _upload(client, name, content)
        assert response.status_code == 200
        body = response.content.decode()
        assert "verwerkt." in body and "niet verwerkt" not in body.split("Resultaat")[1].split("</ul>")[0]
        retour = Bericht.objects.filter(kind=retour_kind).get()
        assert f"Retourbericht {retour_kind} ophalen" in body
        fetched = client.get(reverse("iwmo:download", args=[retour.pk]))
        assert xml.parse(fetched.content)[0] == retour_kind
    assert Levering.objects.get().einddatum == date(2026, 11, 30)
    assert Placement.objects.get(pk=chain.placement.pk).outflow_destination == "independent_housing"
    assert Prestatie.objects.get().granted


@time_machine.travel(DAY, tick=False)
def test_a_bad_upload_shows_a_dutch_report_and_changes_nothing(client, chain, tmp_path):
    export_301(chain.region, tmp_path, today=DAY)
    client.force_login(chain.users["provider_own"])

    response = _upload(client, "stop.xml", m.stop_307(
        agb=AGB, gemeente="0275", bsn=chain.client.bsn, nummer=123456, begindatum=date(2026, 10, 1),
        einddatum=date(2026, 11, 1), reden="19", ident="X1", day=DAY))

    body = response.content.decode()
    assert "niet verwerkt" in body and "geen toewijzing met dit nummer" in body
    assert Placement.objects.get(pk=chain.placement.pk).end_date is None


@time_machine.travel(DAY, tick=False)
def test_a_message_of_another_provider_is_refused(client, chain):
    client.force_login(chain.users["provider_other"])
    other_agb = "87654321"
    org = chain.users["provider_other"].organisation
    org.provider.agb_code = other_agb
    org.provider.save()

    response = _upload(client, "start.xml", m.start_305(
        agb=AGB, gemeente="0275", bsn=chain.client.bsn, nummer=1, begindatum=date(2026, 10, 1),
        ident="Y1", day=DAY))

    assert "andere zorgaanbieder" in response.content.decode()
    assert not Bericht.objects.exists()


@pytest.mark.parametrize("user_key", OTHERS)
def test_portal_and_files_are_the_providers_own(client, chain, tmp_path, user_key):
    export_301(chain.region, tmp_path, today=DAY)
    bericht = Bericht.objects.get(kind="WMO301")
    client.force_login(chain.users[user_key])

    assert client.get(reverse("iwmo:download", args=[bericht.pk])).status_code == 404
    assert client.get(reverse("iwmo:portal")).status_code == 404 or user_key == "provider_other"
    assert not AccessLogEntry.objects.filter(client=chain.client, action="export").exists()


@time_machine.travel(DAY, tick=False)
def test_consulent_answers_a_request_with_a_valid_319(client, chain):
    from bwmo.iwmo.incoming import bericht_import

    bericht_import(m.verzoek_315(agb=AGB, gemeente="0275", bsn=chain.client.bsn, ident="Q1",
                                 day=DAY, ref="REF-Q"), today=DAY)
    verzoek = Verzoek.objects.get()
    consulent = chain.users["consulent_own"]
    client.force_login(consulent)
    listing = client.get(reverse("iwmo:verzoeken"))
    assert chain.client.full_name in listing.content.decode()

    missing_reason = client.post(reverse("iwmo:verzoek-answer", args=[verzoek.pk]), {"antwoord": "1"})
    assert "Kies de reden van afwijzen" in missing_reason.content.decode()
    assert not Bericht.objects.filter(kind="WMO319").exists()
    done = client.post(reverse("iwmo:verzoek-answer", args=[verzoek.pk]),
                       {"antwoord": "1", "reden": "3"})

    assert done.status_code == 302
    answer = Bericht.objects.get(kind="WMO319")
    r = xml.Reader(*xml.parse(answer.content.encode()))
    assert r.text("m:Antwoord/m:ReferentieAanbieder") == "REF-Q"
    assert r.text("m:Antwoord/m:RedenAfwijzingVerzoek") == "3"
    verzoek.refresh_from_db()
    assert verzoek.status == "afgewezen"
    again = client.post(reverse("iwmo:verzoek-answer", args=[verzoek.pk]), {"antwoord": "2"})
    assert "al afgewezen" in again.content.decode()
    assert Bericht.objects.filter(kind="WMO319").count() == 1


@time_machine.travel(DAY, tick=False)
@pytest.mark.parametrize("user_key", ["consulent_other", "ct_adviseur", "provider_own", "beleid"])
def test_only_the_addressed_municipality_may_answer(client, chain, user_key):
    from bwmo.iwmo.incoming import bericht_import

    bericht_import(m.verzoek_315(agb=AGB, gemeente="0275", bsn=chain.client.bsn, ident="Q1",
                                 day=DAY, ref="REF-Q"), today=DAY)
    verzoek = Verzoek.objects.get()
    client.force_login(chain.users[user_key])

    response = client.post(reverse("iwmo:verzoek-answer", args=[verzoek.pk]),
                           {"antwoord": "1", "reden": "3"})

    assert response.status_code == 404
    assert not Bericht.objects.filter(kind="WMO319").exists()
