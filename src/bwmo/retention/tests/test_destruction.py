"""Destruction of due records (Wmo 2015 art. 5.3.4/5.3.5): proposal, approval by the privacy
officer, legal hold, execution by `bwmo destroy-due`, idempotence, and time travel."""

import json
from datetime import date
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import models

import pytest
import time_machine

from bwmo.accounts.constants import Role
from bwmo.audit import chain
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import Client, ClientEvent, ClientNote, ClientRelation
from bwmo.journeys.constants import MeldingStatus
from bwmo.journeys.models import Beschikking, Melding
from bwmo.retention.constants import ItemSource, ItemStatus, RequestStatus
from bwmo.retention.models import DestructionItem, DestructionRecord
from bwmo.retention.services import (
    ERASE,
    RetentionError,
    add_months,
    destruction_approve,
    destruction_reject,
    destruction_request_decide,
    destruction_request_register,
    destruction_withdraw,
    legal_hold_lift,
    legal_hold_place,
)
from bwmo.testing.factories import ClientFactory, RegionFactory, user_with_role

pytestmark = pytest.mark.django_db

REFUSED_ON = date(2020, 3, 2)
DUE_ON = date(2025, 3, 2)  # refused: 5 years after the decision


def _refused_client(region, rheden, **kwargs) -> Client:  # type: ignore[no-untyped-def]
    """A client whose only case was refused on 02-03-2020, with notes, relations and texts."""
    client = ClientFactory(registration_municipality=rheden, responsible_municipality=rheden,
                           street="Dorpsstraat", house_number="1", city="Rheden",
                           phone="0612345678", given_names="Fatima", surname="Yilmaz", **kwargs)
    melding = Melding.objects.create(
        client=client, track="BW", source="huisarts", reported_on=date(2020, 1, 6),
        municipality=rheden, origin_municipality=rheden, responsible_municipality=rheden,
        presenting_problems="Psychose, dakloos sinds januari", status=MeldingStatus.DECIDED,
    )
    Beschikking.objects.create(melding=melding, client=client, outcome="refused",
                               decided_on=REFUSED_ON, responsible_municipality=rheden,
                               motivation="Voldoet niet aan de criteria.")
    author = user_with_role(Role.WMO_CONSULENT, region)
    ClientNote.objects.create(client=client, kind="conversation", held_on=date(2020, 1, 10),
                              subject="Intake", text="Vertelt over zijn familie.", author=author)
    ClientRelation.objects.create(client=client, role="contact", name="Ahmed Yilmaz")
    ClientEvent.objects.create(client=client, kind="registered", occurred_on=date(2020, 1, 6),
                               summary="Geregistreerd bij Rheden, Dorpsstraat 1.")
    return client


@pytest.fixture
def officer(region):  # type: ignore[no-untyped-def]
    return user_with_role(Role.PRIVACY_OFFICER, region)


@pytest.fixture
def due_client(region, rheden):  # type: ignore[no-untyped-def]
    return _refused_client(region, rheden)


def _run(on: date) -> dict[str, object]:
    out = StringIO()
    with time_machine.travel(on, tick=False):
        call_command("destroy-due", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_client_is_proposed_on_its_destruction_date_not_before(due_client):
    assert _run(date(2025, 3, 1))["proposed"] == 0
    assert not DestructionItem.objects.exists()
    result = _run(DUE_ON)
    assert result == {"date": "2025-03-02", "executed": 0, "lapsed": 0, "proposed": 1,
                      "dry_run": False}
    item = DestructionItem.objects.get()
    assert (item.client, item.status, item.due_on, item.retention_class) == (
        due_client, ItemStatus.PROPOSED, DUE_ON, "refused")
    due_client.refresh_from_db()
    assert due_client.surname == "Yilmaz"  # proposed only: nothing destroyed without approval
    assert _run(DUE_ON)["proposed"] == 0  # idempotent


def test_a_running_case_is_never_proposed(region):
    from bwmo.testing.scenario import build_scenario

    build_scenario(region)  # granted, placement still open
    assert _run(date(2090, 1, 1))["proposed"] == 0


def test_approved_destruction_anonymises_erases_and_keeps_a_record(due_client, officer):
    _run(DUE_ON)
    item = DestructionItem.objects.get()
    with time_machine.travel(date(2025, 3, 3), tick=False):
        destruction_approve(item_pk=item.pk, user=officer, note="Geen bezwaar of beroep lopend")
    approval = AccessLogEntry.objects.filter(client=due_client, user=officer).get()
    assert (approval.action, approval.purpose) == (AccessAction.UPDATE, Purpose.RETENTION)

    result = _run(date(2025, 3, 4))
    assert (result["executed"], result["proposed"]) == (1, 0)
    client = Client.objects.get(pk=due_client.pk)
    assert (client.given_names, client.surname, client.bsn_encrypted, client.bsn_index) == (
        "Vernietigd", f"dossier {client.pk}", "", None)
    assert client.date_of_birth == date(1990, 1, 1)
    assert (client.street, client.city, client.phone) == ("", "", "")
    assert not ClientNote.objects.filter(client=client).exists()
    assert not ClientRelation.objects.filter(client=client).exists()
    melding = Melding.objects.get(client=client)
    assert melding.presenting_problems == ""
    assert Beschikking.objects.get(client=client).motivation == ""
    assert "Dorpsstraat" not in ClientEvent.objects.get(client=client).summary
    record = DestructionRecord.objects.get()
    assert (record.client_number, record.approved_by, record.source) == (
        client.pk, officer.username, ItemSource.RETENTION)
    assert record.removed["clients.ClientNote"] == 1
    assert "Yilmaz" not in json.dumps(record.removed)
    entry = AccessLogEntry.objects.filter(client=client, action=AccessAction.DELETE).get()
    assert (entry.username, entry.purpose) == ("bwmo destroy-due", Purpose.RETENTION)
    assert chain.verify().ok  # the access log is kept whole

    again = _run(date(2025, 3, 5))  # idempotent: nothing executed or proposed a second time
    assert (again["executed"], again["proposed"]) == (0, 0)
    assert DestructionRecord.objects.count() == 1
    with pytest.raises(PermissionError):
        record.delete()


def test_a_record_merged_into_the_client_is_destroyed_with_it(due_client, officer, rheden):
    from bwmo.clients.models import ClientMerge

    duplicate = ClientFactory(registration_municipality=rheden, given_names="Fatma",
                              surname="Yilmaz", bsn_encrypted="", bsn_index=None,
                              no_bsn_reason="not_registered", merged_into=due_client)
    merge = ClientMerge.objects.create(
        survivor=due_client, duplicate=duplicate, merged_on=date(2020, 2, 1), merged_by=officer,
        survivor_before={"given_names": "Fatima"}, duplicate_before={"surname": "Yilmaz"},
        match_reasons=["zelfde achternaam"])
    _run(DUE_ON)
    assert DestructionItem.objects.get().client == due_client  # the survivor stands for both
    destruction_approve(item_pk=DestructionItem.objects.get().pk, user=officer)
    _run(date(2025, 3, 4))
    duplicate.refresh_from_db()
    merge.refresh_from_db()
    assert (duplicate.given_names, duplicate.surname) == ("Vernietigd", f"dossier {duplicate.pk}")
    assert (merge.survivor_before, merge.duplicate_before, merge.match_reasons) == ({}, {}, [])


def test_dry_run_changes_nothing(due_client, officer):
    _run(DUE_ON)
    destruction_approve(item_pk=DestructionItem.objects.get().pk, user=officer)
    out = StringIO()
    with time_machine.travel(date(2025, 3, 4), tick=False):
        call_command("destroy-due", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["executed"] == 1
    assert Client.objects.get(pk=due_client.pk).surname == "Yilmaz"
    assert DestructionItem.objects.get().status == ItemStatus.APPROVED


def test_an_approval_can_be_withdrawn_until_it_is_executed(due_client, officer):
    _run(DUE_ON)
    item = destruction_approve(item_pk=DestructionItem.objects.get().pk, user=officer)
    destruction_withdraw(item_pk=item.pk, user=officer)
    assert _run(date(2025, 3, 4))["executed"] == 0
    assert Client.objects.get(pk=due_client.pk).surname == "Yilmaz"
    assert DestructionItem.objects.get().status == ItemStatus.PROPOSED
    destruction_approve(item_pk=item.pk, user=officer)
    assert _run(date(2025, 3, 5))["executed"] == 1
    with pytest.raises(RetentionError):  # executed: no way back
        destruction_withdraw(item_pk=item.pk, user=officer)


def test_a_rejected_proposal_is_not_made_again(due_client, officer):
    _run(DUE_ON)
    item = DestructionItem.objects.get()
    with pytest.raises(RetentionError):
        destruction_reject(item_pk=item.pk, user=officer, reason="  ")
    destruction_reject(item_pk=item.pk, user=officer, reason="Nodig voor een lopende klacht")
    assert _run(date(2025, 4, 1))["proposed"] == 0
    assert Client.objects.get(pk=due_client.pk).surname == "Yilmaz"


def test_a_legal_hold_stops_destruction_until_it_is_lifted(due_client, officer):
    _run(DUE_ON)
    item = destruction_approve(item_pk=DestructionItem.objects.get().pk, user=officer)
    hold = legal_hold_place(client=due_client, user=officer, reason="Beroep bij de rechtbank",
                            today=date(2025, 3, 3))
    item.refresh_from_db()
    assert item.status == ItemStatus.LAPSED
    assert _run(date(2025, 3, 4)) == {"date": "2025-03-04", "executed": 0, "lapsed": 0,
                                      "proposed": 0, "dry_run": False}
    assert Client.objects.get(pk=due_client.pk).surname == "Yilmaz"
    legal_hold_lift(hold_pk=hold.pk, user=officer, reason="Uitspraak onherroepelijk",
                    today=date(2025, 6, 1))
    assert _run(date(2025, 6, 2))["proposed"] == 1


def test_a_hold_placed_after_approval_but_before_the_run_wins(due_client, officer):
    _run(DUE_ON)
    item = destruction_approve(item_pk=DestructionItem.objects.get().pk, user=officer)
    # a hold written behind the service's back (e.g. a restore): execution checks again
    from bwmo.retention.models import LegalHold

    LegalHold.objects.create(client=due_client, reason="Rechtszaak", placed_on=date(2025, 3, 3),
                             placed_by=officer)
    assert _run(date(2025, 3, 4))["lapsed"] == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.LAPSED
    assert Client.objects.get(pk=due_client.pk).surname == "Yilmaz"


def test_a_new_case_before_the_run_lapses_the_proposal(due_client, officer, rheden):
    _run(DUE_ON)
    destruction_approve(item_pk=DestructionItem.objects.get().pk, user=officer)
    Melding.objects.create(
        client=due_client, track="MO", source="zelfmelder", reported_on=date(2025, 3, 3),
        municipality=rheden, origin_municipality=rheden, responsible_municipality=rheden,
    )
    assert _run(date(2025, 3, 4))["lapsed"] == 1
    assert Client.objects.get(pk=due_client.pk).surname == "Yilmaz"


def test_only_the_privacy_officer_of_the_clients_region_decides(due_client):
    _run(DUE_ON)
    item = DestructionItem.objects.get()
    other_region = user_with_role(Role.PRIVACY_OFFICER, RegionFactory())
    consulent = user_with_role(Role.WMO_CONSULENT, due_client.region)
    for user in (other_region, consulent):
        with pytest.raises(Client.DoesNotExist):
            destruction_approve(item_pk=item.pk, user=user)
        with pytest.raises(Client.DoesNotExist):
            legal_hold_place(client=due_client, user=user, reason="x", today=DUE_ON)
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED
    assert not AccessLogEntry.objects.filter(purpose=Purpose.RETENTION, user__isnull=False).exists()


def test_the_clients_request_is_answered_within_three_months_and_executed(region, officer):
    from bwmo.testing.scenario import build_scenario

    s = build_scenario(region)  # still running: the retention period alone would never end it
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    with pytest.raises(RetentionError):
        destruction_request_register(client=s.client, user=officer, reference="",
                                     received_on=date(2027, 1, 1), today=date(2026, 12, 1))
    request = destruction_request_register(client=s.client, user=officer, reference="AVG-17",
                                           received_on=date(2026, 11, 30), today=date(2026, 12, 1))
    assert (request.deadline, request.status) == (date(2027, 2, 28), RequestStatus.RECEIVED)
    logged = AccessLogEntry.objects.filter(client=s.client, user=officer).get()
    assert logged.purpose == Purpose.DATA_SUBJECT_REQUEST
    with pytest.raises(RetentionError):
        destruction_request_decide(request_pk=request.pk, user=officer, grant=False, reason="",
                                   today=date(2026, 12, 2))
    destruction_request_decide(request_pk=request.pk, user=officer, grant=True, reason="",
                               today=date(2026, 12, 2))
    item = DestructionItem.objects.get()
    assert (item.source, item.status, item.request) == (
        ItemSource.REQUEST, ItemStatus.APPROVED, request)
    assert _run(date(2026, 12, 3))["executed"] == 1
    assert Client.objects.get(pk=s.client.pk).given_names == "Vernietigd"
    with pytest.raises(RetentionError):  # decided once
        destruction_request_decide(request_pk=request.pk, user=officer, grant=False,
                                   reason="x", today=date(2026, 12, 4))


# Text and JSON fields of the project that hold no personal data of a client, with the reason.
NOT_CLIENT_TEXT = {
    "clients.Client.bsn_encrypted": "emptied by client_destroy itself",
    "clients.ClientMerge.moved": "row numbers only; the identity fields of a merge are "
                                 "emptied by client_destroy",
    "clients.ClientMerge.survivor_before": "emptied by client_destroy",
    "clients.ClientMerge.survivor_after": "emptied by client_destroy",
    "clients.ClientMerge.duplicate_before": "emptied by client_destroy",
    "clients.ClientMerge.match_reasons": "emptied by client_destroy",
    "clients.ClientNote.text": "notes are deleted",
    "contracts.*": "contract management of providers: no client data",
    "finance.*": "budgets, statements and scenarios: aggregates",
    "regions.*": "reference data",
    "iwmo.Bericht.retour_codes": "codes only",
    "iwmo.Prestatie.retour_codes": "codes only",
    "iwmo.Verzoek.products": "product codes only",
    "journeys.Toets.rule_results": "rule ids and outcomes; facts are emptied",
    "audit.*": "the access log is kept (NEN 7513) and chained",
    "retention.*": "the destruction records themselves, without personal data",
    "housing.DwellingOffer.features": "features of a dwelling, no client data",
    "housing.MatchingRun.unmatched": "uitstromer ids with the constraint that blocked them",
    "jobs.*": "job parameters and summaries: counts and ids; files are deleted when a job ends",
}


def test_every_text_field_is_erased_or_named():
    """A new free-text field in a model of bwmo must be erased on destruction or named here."""
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("bwmo."):
            continue
        for fld in model._meta.get_fields():
            if not isinstance(fld, (models.TextField, models.JSONField)):
                continue
            name = f"{label}.{fld.name}"
            if f"{model._meta.app_label}.*" in NOT_CLIENT_TEXT or f"{label}.*" in NOT_CLIENT_TEXT:
                continue
            if name in NOT_CLIENT_TEXT or fld.name in ERASE.get(label, ("", {}))[1]:
                continue
            missing.append(name)
    assert not missing, f"Not erased on destruction and not named: {missing}"
