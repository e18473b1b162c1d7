"""The dossier: address and briefadres, representatives and budget holder, notes, documents.

Bad input (a note without text, a file of the wrong type, a file that only pretends to be a PDF,
a file that is too large, an unknown role) gets a Dutch message and saves nothing; every read and
download of a document is in the access log.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.clients import dossier
from bwmo.clients.models import ClientDocument, ClientEvent, ClientNote, ClientRelation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def consulent(client, consulent_rheden):  # type: ignore[no-untyped-def]
    client.force_login(consulent_rheden)
    return consulent_rheden


def _events(client_record) -> int:  # type: ignore[no-untyped-def]
    return ClientEvent.objects.filter(client=client_record).count()


def test_a_briefadres_is_saved_normalised_and_shown_on_the_dossier(client, consulent, client_rheden):
    url = reverse("clients:contact-details", kwargs={"pk": client_rheden.pk})
    response = client.post(url, {
        "address_kind": "briefadres", "care_of": "Stichting Nachtopvang", "street": "Stationsplein",
        "house_number": "12", "postcode": "6811ab", "city": "Arnhem", "phone": "06 12345678",
        "email": "",
    })
    assert response.status_code == 302
    client_rheden.refresh_from_db()
    assert client_rheden.postcode == "6811 AB"
    assert client_rheden.address_lines[1] == "p/a Stichting Nachtopvang"
    body = client.get(reverse("clients:detail", kwargs={"pk": client_rheden.pk})).content.decode()
    assert "Briefadres" in body and "p/a Stichting Nachtopvang" in body and "6811 AB" in body
    assert ClientEvent.objects.filter(client=client_rheden, kind="contact_details").exists()


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"address_kind": "home", "street": "", "house_number": "1", "postcode": "6811 AB",
      "city": "Arnhem"}, "street", "Vul de straat in"),
    ({"address_kind": "home", "street": "Markt", "house_number": "1", "postcode": "681 AB",
      "city": "Arnhem"}, "postcode", "Nederlandse postcode"),
    ({"address_kind": "home", "street": "Markt", "house_number": "1", "postcode": "6811 AB",
      "city": "Arnhem", "care_of": "Iemand"}, "care_of", "alleen bij een briefadres"),
    ({"address_kind": "none", "street": "Markt"}, "address_kind", "Geen adres bekend"),
])
def test_a_wrong_address_is_refused_with_every_error_and_saves_nothing(
    client, consulent, client_rheden, data, field, message
):
    before = _events(client_rheden)
    response = client.post(reverse("clients:contact-details", kwargs={"pk": client_rheden.pk}), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Er is niets opgeslagen" in body and message in body
    assert f'aria-describedby="id_{field}' in body or f"id_{field}_error" in body
    client_rheden.refresh_from_db()
    assert client_rheden.street == "" and _events(client_rheden) == before


def test_one_budget_holder_at_a_time(client, consulent, client_rheden):
    url = reverse("clients:relation-create", kwargs={"pk": client_rheden.pk})
    base = {"role": "bewindvoerder", "organisation": "", "relationship": "", "email": "",
            "address": "", "phone": "026 1234567"}
    assert client.post(url, {**base, "name": "A. Bewind", "is_budget_holder": "ja"}).status_code == 302
    assert client.post(url, {**base, "name": "B. Zus", "role": "contact",
                             "is_budget_holder": "ja"}).status_code == 302
    holders = ClientRelation.objects.filter(client=client_rheden, is_budget_holder=True)
    assert list(holders.values_list("name", flat=True)) == ["B. Zus"]


def test_a_relation_without_a_way_to_reach_or_with_an_unknown_role_is_refused(
    client, consulent, client_rheden
):
    url = reverse("clients:relation-create", kwargs={"pk": client_rheden.pk})
    response = client.post(url, {"role": "koning", "name": "", "is_budget_holder": "nee"})
    body = response.content.decode()
    assert "Kies de rol" in body or "geldige keuze" in body
    assert "Vul de naam in" in body
    assert not ClientRelation.objects.exists()
    response = client.post(url, {"role": "contact", "name": "Piet", "is_budget_holder": "nee"})
    assert "minstens één manier" in response.content.decode()
    assert not ClientRelation.objects.exists()


def test_a_note_without_text_is_refused_and_a_note_with_text_is_shown(client, consulent, client_rheden):
    url = reverse("clients:note-create", kwargs={"pk": client_rheden.pk})
    data = {"kind": "conversation", "held_on": "2026-01-05", "subject": "Eerste gesprek", "text": "   "}
    response = client.post(url, data)
    assert "een notitie zonder tekst wordt niet opgeslagen" in response.content.decode()
    assert not ClientNote.objects.exists()

    assert client.post(url, {**data, "text": "Cliënt slaapt bij vrienden."}).status_code == 302
    body = client.get(reverse("clients:detail", kwargs={"pk": client_rheden.pk})).content.decode()
    assert "Eerste gesprek" in body and "Cliënt slaapt bij vrienden." in body


def _upload(client, client_record, name, content, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("clients:document-upload", kwargs={"pk": client_record.pk}), {
        "kind": "investigation_report", "title": "Onderzoeksverslag", **extra,
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
    })


@pytest.mark.parametrize(("name", "content", "message"), [
    ("verslag.pdf", b"MZ\x90\x00 this is a program", "Dit bestandstype kan niet"),
    ("verslag.pdf", b"<html><script>alert(1)</script>", "Dit bestandstype kan niet"),
    ("verslag.exe", PDF, "past niet bij de inhoud"),
    ("foto.pdf", PNG, "past niet bij de inhoud"),
])
def test_an_upload_is_checked_on_its_content_not_its_name(client, consulent, client_rheden, name, content,
                                                          message):
    response = _upload(client, client_rheden, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClientDocument.objects.exists()


def test_a_too_large_upload_is_refused(client, consulent, client_rheden, monkeypatch):
    monkeypatch.setattr(dossier, "MAX_DOCUMENT_BYTES", 40)
    response = _upload(client, client_rheden, "verslag.pdf", PDF + b"x" * 100)
    assert "Het bestand is te groot" in response.content.decode()
    assert not ClientDocument.objects.exists()


def test_a_pdf_is_stored_through_the_storage_api_and_every_download_is_logged(
    client, consulent, client_rheden
):
    response = _upload(client, client_rheden, "Verslag Jansen 123456782.pdf", PDF)
    assert response.status_code == 302
    document = ClientDocument.objects.get()
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert "Jansen" not in document.file.name  # the stored name says nothing about the person
    assert document.file.storage.exists(document.file.name)

    url = reverse("clients:document-download", kwargs={"pk": client_rheden.pk, "document_pk": document.pk})
    for _ in range(2):
        download = client.get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/pdf"
    logged = AccessLogEntry.objects.filter(user=consulent, client=client_rheden, action=AccessAction.VIEW,
                                           detail="Document gedownload: Onderzoeksverslag")
    assert logged.count() == 2


def test_a_document_whose_file_is_gone_says_so_on_the_dossier(client, consulent, client_rheden):
    _upload(client, client_rheden, "verslag.pdf", PDF)
    document = ClientDocument.objects.get()
    document.file.storage.delete(document.file.name)  # e.g. restored without the media backup
    url = reverse("clients:document-download", kwargs={"pk": client_rheden.pk, "document_pk": document.pk})
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "Het bestand van het document &#x27;Onderzoeksverslag&#x27; is niet gevonden" in (
        response.content.decode())
    assert AccessLogEntry.objects.filter(user=consulent, client=client_rheden,
                                         detail="Document niet gevonden: Onderzoeksverslag").exists()


def test_documents_of_another_client_are_not_found(client, consulent, client_rheden, renkum):
    from bwmo.testing.factories import ClientFactory

    _upload(client, client_rheden, "verslag.pdf", PDF)
    document = ClientDocument.objects.get()
    other = ClientFactory(registration_municipality=renkum)
    url = reverse("clients:document-download", kwargs={"pk": other.pk, "document_pk": document.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("head", [b"%PDF-1.7", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0"])
def test_sniffing_recognises_the_three_allowed_types(head):
    assert dossier.sniff_content_type(head) in {"application/pdf", "image/png", "image/jpeg"}
    assert dossier.sniff_content_type(b"GIF89a") is None
