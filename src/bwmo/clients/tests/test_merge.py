"""Merging two registrations of one person and undoing it (clients.merge), service and screens."""

from datetime import date

from django.forms.models import model_to_dict
from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.models import AccessLogEntry
from bwmo.clients import selectors
from bwmo.clients.constants import EventKind
from bwmo.clients.merge import (
    MergeRefused,
    client_merge,
    client_merge_undo,
    movable_relations,
)
from bwmo.clients.models import Client, ClientEvent, ClientMerge
from bwmo.journeys.models import Melding
from bwmo.testing.factories import ClientFactory, user_with_role, valid_bsn
from bwmo.testing.scenario import build_scenario

TODAY = date(2026, 11, 24)


def without_bsn(**kwargs):
    values = {"bsn_encrypted": "", "bsn_index": None, "no_bsn_reason": "not_registered"}
    values.update(kwargs)
    return ClientFactory(**values)


def state(*clients):
    """Everything a merge may touch: the records' own fields and which rows point at them."""
    result = {}
    for client in clients:
        client.refresh_from_db()
        fields = model_to_dict(client, exclude=["updated_at"])
        fields["bsn_encrypted"] = client.bsn_encrypted
        fields["bsn_index"] = client.bsn_index
        related = {
            f"{model._meta.label_lower}.{field}": sorted(
                model._default_manager.filter(**{field: client}).values_list("pk", flat=True)
            )
            for model, field in movable_relations()
        }
        result[client.pk] = (fields, related)
    return result


@pytest.fixture
def scenario(region):
    return build_scenario(region)


@pytest.fixture
def consulent(scenario):
    return scenario.users["consulent_own"]


@pytest.fixture
def intake(scenario):
    """The same person registered a second time at the central access, without a BSN."""
    client = scenario.client
    return without_bsn(
        given_names=client.given_names, surname=client.surname,
        date_of_birth=client.date_of_birth, registration_municipality=scenario.municipality,
        origin_municipality=None, responsible_municipality=None,
    )


# -- the service ---------------------------------------------------------------------------------


def test_every_relation_to_a_client_is_moved_or_deliberately_kept():
    moved = {f"{model._meta.label_lower}.{field}" for model, field in movable_relations()}
    assert {
        "journeys.melding.client", "journeys.beschikking.client",
        "placements.placement.client", "placements.waitinglistentry.client",
    } <= moved
    assert "clients.clientevent.client" not in moved
    assert "audit.accesslogentry.client" not in moved


def test_merging_moves_the_case_to_the_survivor_with_the_bsn(scenario, consulent, intake):
    duplicate = scenario.client
    bsn = duplicate.bsn

    merge = client_merge(survivor=intake, duplicate=duplicate, acting_user=consulent, today=TODAY,
                         reason="ID-bewijs gezien", match_reasons=["zelfde geboortedatum"])

    duplicate.refresh_from_db()
    intake.refresh_from_db()
    assert duplicate.merged_into == intake
    assert intake.bsn == bsn and intake.no_bsn_reason == ""
    assert duplicate.bsn == "" and duplicate.no_bsn_reason == "not_registered"
    assert intake.origin_municipality == scenario.municipality  # taken over: was empty
    assert intake.responsible_municipality == scenario.municipality
    scenario.melding.refresh_from_db()
    scenario.beschikking.refresh_from_db()
    scenario.placement.refresh_from_db()
    scenario.waiting.refresh_from_db()
    assert {scenario.melding.client, scenario.beschikking.client, scenario.placement.client,
            scenario.waiting.client} == {intake}
    assert merge.moved["journeys.melding.client"] == [scenario.melding.pk]
    assert merge.reason == "ID-bewijs gezien"
    # history and access log
    for client in (intake, duplicate):
        assert ClientEvent.objects.filter(client=client, kind=EventKind.MERGED).count() == 1
        entry = AccessLogEntry.objects.get(client=client, action=AccessAction.MERGE)
        assert entry.user == consulent and entry.purpose == Purpose.DUPLICATE_CHECK
    survivor_event = ClientEvent.objects.get(client=intake, kind=EventKind.MERGED)
    assert "1 melding" in survivor_event.summary and "BSN" in survivor_event.summary
    # the survivor's history now includes the duplicate's
    history = selectors.client_events_for(user=consulent, client=intake)
    assert set(history.values_list("client_id", flat=True)) == {intake.pk, duplicate.pk}


def test_undo_restores_exactly_the_state_before_the_merge(scenario, consulent, intake):
    duplicate = scenario.client
    before = state(intake, duplicate)

    merge = client_merge(survivor=intake, duplicate=duplicate, acting_user=consulent, today=TODAY)
    assert state(intake, duplicate) != before
    client_merge_undo(merge=merge, acting_user=consulent, today=TODAY)

    assert state(intake, duplicate) == before
    merge.refresh_from_db()
    assert merge.undone_on == TODAY and merge.undone_by == consulent and not merge.is_active
    for client in (intake, duplicate):
        assert ClientEvent.objects.filter(client=client, kind=EventKind.UNMERGED).count() == 1
        assert AccessLogEntry.objects.filter(client=client, action=AccessAction.UNMERGE).count() == 1
    # and the pair can be merged again afterwards
    client_merge(survivor=duplicate, duplicate=intake, acting_user=consulent, today=TODAY)


def test_undo_leaves_rows_added_to_the_survivor_after_the_merge(scenario, consulent, intake):
    merge = client_merge(survivor=intake, duplicate=scenario.client, acting_user=consulent,
                         today=TODAY)
    later = Melding.objects.create(client=intake, track="MO", source="self",
                                   reported_on=date(2026, 11, 20), municipality=scenario.municipality)
    client_merge_undo(merge=merge, acting_user=consulent, today=TODAY)
    later.refresh_from_db()
    scenario.melding.refresh_from_db()
    assert later.client == intake
    assert scenario.melding.client == scenario.client


def test_a_bsn_changed_after_the_merge_stays(scenario, consulent, intake):
    merge = client_merge(survivor=intake, duplicate=scenario.client, acting_user=consulent,
                         today=TODAY)
    intake.refresh_from_db()
    intake.set_bsn(valid_bsn(4242))
    intake.save()
    client_merge_undo(merge=merge, acting_user=consulent, today=TODAY)
    intake.refresh_from_db()
    scenario.client.refresh_from_db()
    assert intake.bsn == valid_bsn(4242)
    assert scenario.client.bsn and scenario.client.bsn != intake.bsn


def assert_nothing_changed(before, *clients):
    assert state(*clients) == before
    assert not ClientMerge.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.MERGE).exists()
    assert not ClientEvent.objects.filter(kind=EventKind.MERGED).exists()


def test_a_record_cannot_be_merged_with_itself(scenario, consulent):
    before = state(scenario.client)
    with pytest.raises(MergeRefused, match="niet met zichzelf"):
        client_merge(survivor=scenario.client, duplicate=scenario.client, acting_user=consulent,
                     today=TODAY)
    assert_nothing_changed(before, scenario.client)


def test_two_different_bsns_cannot_be_merged(scenario, consulent):
    other = ClientFactory(given_names=scenario.client.given_names, surname=scenario.client.surname,
                          registration_municipality=scenario.municipality)
    before = state(scenario.client, other)
    with pytest.raises(MergeRefused, match="ander BSN: dit zijn verschillende personen"):
        client_merge(survivor=other, duplicate=scenario.client, acting_user=consulent, today=TODAY)
    assert_nothing_changed(before, scenario.client, other)


def test_an_already_merged_record_cannot_be_merged_again(scenario, consulent, intake):
    client_merge(survivor=intake, duplicate=scenario.client, acting_user=consulent, today=TODAY)
    third = without_bsn(registration_municipality=scenario.municipality)
    with pytest.raises(MergeRefused, match="al samengevoegd"):
        client_merge(survivor=third, duplicate=scenario.client, acting_user=consulent, today=TODAY)
    with pytest.raises(MergeRefused, match="al samengevoegd"):
        client_merge(survivor=scenario.client, duplicate=third, acting_user=consulent, today=TODAY)
    with pytest.raises(MergeRefused, match="al andere dossiers samengevoegd"):
        client_merge(survivor=third, duplicate=intake, acting_user=consulent, today=TODAY)
    assert ClientMerge.objects.count() == 1


def test_records_of_different_regions_cannot_be_merged(scenario, consulent):
    from bwmo.testing.factories import MunicipalityFactory, RegionFactory

    elsewhere = RegionFactory().centrumgemeente
    other = without_bsn(registration_municipality=elsewhere)
    assert other.region != scenario.client.region
    with pytest.raises(MergeRefused, match="verschillende regio"):
        client_merge(survivor=scenario.client, duplicate=other, acting_user=consulent, today=TODAY)
    assert MunicipalityFactory  # imported for the region's municipality


def test_a_merge_can_be_undone_only_once(scenario, consulent, intake):
    merge = client_merge(survivor=intake, duplicate=scenario.client, acting_user=consulent,
                         today=TODAY)
    client_merge_undo(merge=merge, acting_user=consulent, today=TODAY)
    before = state(intake, scenario.client)
    with pytest.raises(MergeRefused, match="al ongedaan gemaakt op 24-11-2026"):
        client_merge_undo(merge=merge, acting_user=consulent, today=TODAY)
    assert state(intake, scenario.client) == before
    assert AccessLogEntry.objects.filter(action=AccessAction.UNMERGE).count() == 2


# -- selectors -----------------------------------------------------------------------------------


def test_a_merged_record_no_longer_turns_up_in_search_or_proposals(scenario, consulent, intake):
    surname = scenario.client.surname
    assert set(selectors.client_search(user=consulent, query=surname)) >= {scenario.client, intake}
    assert selectors.duplicates_of(user=consulent, client=intake)

    client_merge(survivor=intake, duplicate=scenario.client, acting_user=consulent, today=TODAY)

    assert scenario.client not in selectors.client_search(user=consulent, query=surname)
    assert intake in selectors.client_search(user=consulent, query=surname)
    assert selectors.duplicate_matches_for(user=consulent) == []


def test_proposals_stay_within_the_users_scope(scenario, intake, renkum):
    in_renkum = without_bsn(given_names=intake.given_names, surname=intake.surname,
                            date_of_birth=intake.date_of_birth, registration_municipality=renkum)
    rheden_consulent = scenario.users["consulent_own"]
    pairs = {(m.first, m.second) for m in selectors.duplicate_matches_for(user=rheden_consulent)}
    assert pairs == {tuple(sorted((scenario.client.pk, intake.pk)))}
    assert in_renkum.pk not in {p.first.pk for p in selectors.duplicates_of(
        user=rheden_consulent, client=intake)} | {p.second.pk for p in selectors.duplicates_of(
        user=rheden_consulent, client=intake)}


# -- screens -------------------------------------------------------------------------------------


def test_the_duplicates_list_shows_the_pair_with_reasons_and_logs_both(client, scenario,
                                                                        consulent, intake):
    client.force_login(consulent)
    response = client.get(reverse("clients:duplicates"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mogelijke dubbele registraties" in body
    assert "zelfde geboortedatum" in body and "100%" in body
    assert reverse("clients:compare", args=sorted((scenario.client.pk, intake.pk))) in body
    logged = AccessLogEntry.objects.filter(user=consulent, action=AccessAction.SEARCH,
                                           purpose=Purpose.DUPLICATE_CHECK)
    assert set(logged.values_list("client_id", flat=True)) == {scenario.client.pk, intake.pk}


def test_compare_and_merge_through_the_screen(client, scenario, consulent, intake):
    client.force_login(consulent)
    url = reverse("clients:compare", args=(intake.pk, scenario.client.pk))
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Naast elkaar" in body and "zelfde geboortedatum" in body and "1 melding" in body
    assert AccessLogEntry.objects.filter(user=consulent, action=AccessAction.VIEW,
                                         client=intake, purpose=Purpose.DUPLICATE_CHECK).exists()

    refused = client.post(url, {"survivor": intake.pk})
    assert "Bevestig dat u hebt gecontroleerd" in refused.content.decode()
    assert not ClientMerge.objects.exists()

    done = client.post(url, {"survivor": intake.pk, "reason": "Zelfde persoon", "confirm": "on"},
                       follow=True)
    assert done.redirect_chain[-1][0] == reverse("clients:detail", args=(intake.pk,))
    body = done.content.decode()
    assert "is samengevoegd met dit dossier" in body
    assert "Samengevoegde dossiers" in body
    merge = ClientMerge.objects.get()
    assert merge.survivor == intake and merge.duplicate == scenario.client
    assert reverse("clients:unmerge", args=(merge.pk,)) in body
    assert "uit samengevoegd dossier" in body


def test_the_screen_refuses_different_bsns_with_a_clear_message(client, scenario, consulent):
    other = ClientFactory(given_names=scenario.client.given_names, surname=scenario.client.surname,
                          registration_municipality=scenario.municipality)
    client.force_login(consulent)
    url = reverse("clients:compare", args=(other.pk, scenario.client.pk))
    assert "Samenvoegen kan niet" in client.get(url).content.decode()
    response = client.post(url, {"survivor": other.pk, "confirm": "on"})
    assert response.status_code == 200
    assert "dit zijn verschillende personen" in response.content.decode()
    assert not ClientMerge.objects.exists()


def test_comparing_a_record_with_itself_is_refused(client, scenario, consulent):
    client.force_login(consulent)
    response = client.get(reverse("clients:compare", args=(scenario.client.pk,) * 2), follow=True)
    assert "niet met zichzelf" in response.content.decode()


def test_undo_through_the_screen(client, scenario, consulent, intake):
    merge = client_merge(survivor=intake, duplicate=scenario.client, acting_user=consulent,
                         today=TODAY)
    client.force_login(consulent)
    url = reverse("clients:unmerge", args=(merge.pk,))
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "1 melding" in confirm.content.decode()

    done = client.post(url, follow=True)

    assert "staat weer op zichzelf" in done.content.decode()
    scenario.client.refresh_from_db()
    assert scenario.client.merged_into is None
    assert client.get(url).status_code == 404  # an undone merge cannot be opened again


def test_a_consulent_cannot_merge_clients_outside_their_scope(client, scenario, intake):
    outsider = scenario.users["consulent_other"]  # Arnhem
    client.force_login(outsider)
    url = reverse("clients:compare", args=(intake.pk, scenario.client.pk))
    assert client.get(url).status_code == 404
    response = client.post(url, {"survivor": intake.pk, "confirm": "on"})
    assert response.status_code == 404
    assert not ClientMerge.objects.exists()
    assert not AccessLogEntry.objects.filter(user=outsider).exclude(action="denied").exists()
    assert AccessLogEntry.objects.filter(user=outsider, action="denied").count() == 2


def test_undo_is_not_possible_outside_the_scope(client, scenario, consulent, intake):
    merge = client_merge(survivor=intake, duplicate=scenario.client, acting_user=consulent,
                         today=TODAY)
    for key in ("consulent_other", "provider_own", "beleid"):
        client.force_login(scenario.users[key])
        url = reverse("clients:unmerge", args=(merge.pk,))
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    merge.refresh_from_db()
    assert merge.is_active


def test_a_provider_gets_no_duplicate_screens(client, scenario, intake):
    client.force_login(scenario.users["provider_own"])
    assert client.get(reverse("clients:duplicates")).status_code == 404
    assert client.get(reverse("clients:compare", args=(intake.pk, scenario.client.pk))
                      ).status_code == 404


def test_the_central_access_registers_an_mo_client_without_bsn_and_sees_it(client, region):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client.force_login(ct)
    response = client.post(reverse("clients:create"), {
        "given_names": "Piotr", "surname": "Kowalski", "date_of_birth": "1979-06-30",
        "bsn": "", "no_bsn_reason": "not_registered",
    }, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Piotr Kowalski" in body and "Niet ingeschreven in de BRP" in body
    registered = Client.objects.get(surname="Kowalski")
    assert registered.registration_municipality == region.centrumgemeente
    assert registered.bsn == ""


def test_the_client_page_proposes_duplicates(client, scenario, consulent, intake):
    client.force_login(consulent)
    body = client.get(reverse("clients:detail", args=(intake.pk,))).content.decode()
    assert "Mogelijk dubbel geregistreerd" in body
    assert reverse("clients:compare", args=(intake.pk, scenario.client.pk)) in body
    assert AccessLogEntry.objects.filter(
        user=consulent, client=scenario.client, purpose=Purpose.DUPLICATE_CHECK
    ).exists()
