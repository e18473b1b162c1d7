"""Leak (issue 8): registering a BSN that exists anywhere answered "Er is al een cliënt met dit
BSN geregistreerd", a cross-region oracle for "is this person a BW/MO client", and was not
logged. Now the answer comes only within the user's scope; otherwise the registration goes on
and the match is logged for a duplicate review by the central access."""

from datetime import date

from django.urls import reverse

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import Client
from bwmo.clients.services import ClientData, FieldErrors, client_register
from bwmo.testing.factories import ClientFactory, MunicipalityFactory, RegionFactory


@pytest.fixture
def elsewhere(db):
    region = RegionFactory(centrumgemeente=MunicipalityFactory(code="GM0193", name="Zwolle"))
    return ClientFactory(registration_municipality=region.centrumgemeente,
                         responsible_municipality=region.centrumgemeente)


def _data(municipality, bsn):  # type: ignore[no-untyped-def]
    return ClientData(given_names="Sanne", surname="Visser", date_of_birth=date(1985, 3, 4),
                      registration_municipality=municipality, bsn=bsn)


def test_a_bsn_known_only_outside_the_scope_is_not_revealed(client, consulent_rheden, rheden,
                                                            elsewhere):
    client.force_login(consulent_rheden)
    response = client.post(reverse("clients:create"), {
        "given_names": "Sanne", "surname": "Visser", "date_of_birth": "1985-03-04",
        "registration_municipality": rheden.code, "bsn": elsewhere.bsn,
    })
    assert "al een cliënt met dit BSN" not in response.content.decode()
    new = Client.objects.exclude(pk=elsewhere.pk).get()
    assert new.bsn == elsewhere.bsn and new.bsn_index is None  # one owner of the BSN index
    referred = AccessLogEntry.objects.filter(purpose="duplicate_check", user=consulent_rheden)
    assert set(referred.values_list("client_id", flat=True)) == {elsewhere.pk, new.pk}
    assert all("centrale toegang" in e.detail for e in referred)
    assert elsewhere.bsn not in " ".join(e.detail + e.path for e in AccessLogEntry.objects.all())


def test_a_bsn_within_the_scope_is_still_refused(consulent_rheden, rheden, client_rheden):
    with pytest.raises(FieldErrors) as caught:
        client_register(data=_data(rheden, client_rheden.bsn), acting_user=consulent_rheden,
                        today=date(2026, 12, 1))
    assert "al een cliënt met dit BSN" in caught.value.errors["bsn"]
    assert Client.objects.count() == 1
