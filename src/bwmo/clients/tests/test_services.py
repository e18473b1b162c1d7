from datetime import date

import pytest

from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import Client, ClientEvent
from bwmo.clients.services import ClientData, FieldErrors, client_register, client_update
from bwmo.testing.factories import MunicipalityFactory

TODAY = date(2026, 11, 24)


def data(municipality, **overrides):
    values = {
        "given_names": "Fatima", "surname": "el Amrani", "date_of_birth": date(1998, 3, 2),
        "registration_municipality": municipality, "bsn": "111222333",
    }
    values.update(overrides)
    return ClientData(**values)


def test_registering_a_client_stores_the_bsn_encrypted_and_logs_access(rheden, consulent_rheden):
    client = client_register(data=data(rheden), acting_user=consulent_rheden, today=TODAY)

    raw = Client.objects.filter(pk=client.pk).values_list("bsn_encrypted", "bsn_index").get()
    assert "111222333" not in raw[0] and "111222333" not in raw[1]
    assert client.bsn == "111222333"
    assert client.bsn_masked == "******333"
    assert client.region == rheden.region
    assert ClientEvent.objects.filter(client=client).count() == 1
    entry = AccessLogEntry.objects.get(client=client)
    assert entry.action == AccessAction.CREATE and entry.user == consulent_rheden


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"bsn": "123456789"}, "bsn", "elfproef"),
        ({"date_of_birth": date(2027, 1, 1)}, "date_of_birth", "toekomst"),
        ({"bsn": "", "no_bsn_reason": ""}, "bsn", "geen BSN"),
        ({"surname": "  "}, "surname", "achternaam"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_saved(
    rheden, consulent_rheden, overrides, field, message
):
    with pytest.raises(FieldErrors) as exc:
        client_register(data=data(rheden, **overrides), acting_user=consulent_rheden, today=TODAY)
    assert message in exc.value.errors[field]
    assert Client.objects.count() == 0
    assert AccessLogEntry.objects.count() == 0
    assert ClientEvent.objects.count() == 0


def test_a_duplicate_bsn_is_refused(rheden, consulent_rheden):
    client_register(data=data(rheden), acting_user=consulent_rheden, today=TODAY)
    with pytest.raises(FieldErrors) as exc:
        client_register(data=data(rheden, given_names="Ander"), acting_user=consulent_rheden,
                        today=TODAY)
    assert "al een cliënt met dit BSN" in exc.value.errors["bsn"]
    assert Client.objects.count() == 1


def test_a_municipality_outside_any_region_cannot_register(consulent_rheden):
    outside = MunicipalityFactory(region=None)
    with pytest.raises(FieldErrors) as exc:
        client_register(data=data(outside), acting_user=consulent_rheden, today=TODAY)
    assert "regio" in exc.value.errors["registration_municipality"]


def test_a_client_without_bsn_records_the_reason(rheden, consulent_rheden):
    client = client_register(
        data=data(rheden, bsn="", no_bsn_reason="not_registered"), acting_user=consulent_rheden,
        today=TODAY,
    )
    assert client.bsn == "" and client.bsn_masked == "geen BSN"


def test_update_records_what_changed_in_the_history(rheden, consulent_rheden):
    client = client_register(data=data(rheden), acting_user=consulent_rheden, today=TODAY)
    client_update(client=client, data=data(rheden, surname="El Amrani-Bakker"),
                  acting_user=consulent_rheden, today=TODAY)
    client.refresh_from_db()
    assert client.surname == "El Amrani-Bakker"
    assert "achternaam" in client.events.first().summary
