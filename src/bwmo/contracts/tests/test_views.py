"""Contract screens as each role sees them: the region's contract manager works, the municipality's
policy staff read, a provider sees only its own, everyone else gets 404; bad input gets a Dutch
message and saves nothing."""

from datetime import date

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.contracts.models import (
    AccountTalk,
    Contract,
    ExperienceScore,
    GgdInspection,
    KeurmerkRequirement,
)
from bwmo.testing.factories import OrganisationFactory, ProviderFactory, UserFactory, user_with_role

from .conftest import make_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(world, manager):  # type: ignore[no-untyped-def]
    return make_contract(world, manager)


def _municipal_beleid(region):  # type: ignore[no-untyped-def]
    org = OrganisationFactory(name="Gemeente Rheden beleid", region=region,
                              municipality=region.municipalities.get(code="GM0275"))
    return UserFactory(organisation=org, role=Role.BELEID)


def test_the_contract_manager_sees_contracts_quality_and_signals(client, manager, contract, world):
    client.force_login(manager)
    page = client.get(reverse("contracts:list")).content.decode()
    assert "BW-2026-01" in page and "De Brug Zorg" in page and "Kwaliteit per aanbieder" in page
    assert "Nieuw contract" in page


@pytest.mark.parametrize("route", ["list", "detail", "provider"])
def test_who_may_open_contract_pages(client, region, world, manager, contract, route):
    kwargs = {"detail": {"pk": contract.pk}, "provider": {"pk": world.provider.pk}}.get(route, {})
    url = reverse(f"contracts:{route}", kwargs=kwargs)
    other_provider = user_with_role(Role.ZORGAANBIEDER, region, provider=ProviderFactory(name="Ander"))
    expected = {
        "manager": 200, "municipal": 200, "provider": 200, "other_provider": 404 if kwargs else 200,
        Role.WMO_CONSULENT: 404, Role.CT_ADVISEUR: 404, Role.WONINGCORPORATIE: 404,
        Role.PRIVACY_OFFICER: 404, Role.FUNCTIONEEL_BEHEER: 404,
    }
    users = {"manager": manager, "municipal": _municipal_beleid(region),
             "provider": world.provider_user, "other_provider": other_provider}
    for key, status in expected.items():
        user = users.get(key) or user_with_role(key, region)
        client.force_login(user)
        assert client.get(url).status_code == status, key


def test_another_regions_manager_cannot_open_the_contract(client, contract):
    from bwmo.testing.factories import MunicipalityFactory, RegionFactory

    elsewhere = RegionFactory(centrumgemeente=MunicipalityFactory(code="GM0363", name="Amsterdam"))
    client.force_login(user_with_role(Role.BELEID, elsewhere))
    assert client.get(reverse("contracts:detail", kwargs={"pk": contract.pk})).status_code == 404


def test_a_provider_sees_its_contract_read_only_and_no_rechtmatigheid_signals(client, world, contract):
    client.force_login(world.provider_user)
    page = client.get(reverse("contracts:detail", kwargs={"pk": contract.pk})).content.decode()
    assert "BW-2026-01" in page and "Tarief toevoegen" not in page
    provider_page = client.get(reverse("contracts:provider", kwargs={"pk": world.provider.pk})).content.decode()
    assert "Signalen rechtmatigheid" not in provider_page
    response = client.post(reverse("contracts:tariff-add", kwargs={"pk": contract.pk}), {})
    assert response.status_code == 404


def test_municipal_policy_staff_read_but_do_not_change(client, region, contract):
    client.force_login(_municipal_beleid(region))
    assert client.get(reverse("contracts:create")).status_code == 404
    page = client.get(reverse("contracts:detail", kwargs={"pk": contract.pk})).content.decode()
    assert "Tarief toevoegen" not in page


def test_creating_a_contract_through_the_form(client, manager, world):
    client.force_login(manager)
    response = client.post(reverse("contracts:create"), {
        "provider": world.provider.pk, "reference": "MO-2026-07", "lot": "Opvang", "form": "subsidie",
        "start_date": "01-01-2026", "initial_end_date": "31-12-2027", "option_1": "24",
        "option_2": "", "outside_region": "nee", "product": world.bw.pk, "tariff": "152,35",
        "unit": "day", "valid_from": "01-01-2026", "valid_to": "31-12-2026", "notes": "",
    })
    assert response.status_code == 302
    contract = Contract.objects.get(reference="MO-2026-07")
    assert str(contract.lines.get().tariff) == "152.35"
    assert contract.options.count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("valid_to", "", "Vul een datum in."),
    ("tariff", "-5", "niet negatief"),
    ("initial_end_date", "01-01-2025", "vóór de ingangsdatum"),
    ("tariff", "abc", "Vul een bedrag in"),
    ("start_date", "30-02-2026", "geldige datum"),
])
def test_a_bad_contract_form_says_what_is_wrong_and_saves_nothing(client, manager, world, field, value, message):
    client.force_login(manager)
    data = {
        "provider": world.provider.pk, "reference": "X-1", "form": "aanbesteding",
        "start_date": "01-01-2026", "initial_end_date": "31-12-2027", "outside_region": "nee",
        "product": world.bw.pk, "tariff": "150", "unit": "day", "valid_from": "01-01-2026",
        "valid_to": "31-12-2026",
    }
    data[field] = value
    response = client.post(reverse("contracts:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contract.objects.exists()


def test_recording_an_inspection_and_closing_it(client, manager, world):
    client.force_login(manager)
    url = reverse("contracts:inspection-add", kwargs={"pk": world.provider.pk})
    response = client.post(url, {"inspected_on": "02-03-2026", "severity": "serious", "findings": ""})
    assert "Beschrijf de bevindingen" in response.content.decode()
    assert not GgdInspection.objects.exists()
    client.post(url, {"inspected_on": "02-03-2026", "severity": "serious",
                      "findings": "Medicatieveiligheid", "follow_up": "Verbeterplan"})
    inspection = GgdInspection.objects.get()
    page = client.get(reverse("contracts:provider", kwargs={"pk": world.provider.pk})).content.decode()
    assert "Onvoldoende" in page and "geen nieuw pgb" in page
    client.post(reverse("contracts:inspection-close", kwargs={"pk": inspection.pk}),
                {"closed_on": "01-05-2026", "note": "Verbeterplan uitgevoerd"})
    inspection.refresh_from_db()
    assert inspection.closed_on == date(2026, 5, 1)


def test_an_account_talk_is_created_with_figures_and_an_action(client, manager, world):
    client.force_login(manager)
    response = client.post(reverse("contracts:talk-create", kwargs={"pk": world.provider.pk}), {
        "kind": "overlegtafel", "held_on": "10-07-2026", "year": "2026", "quarter": "2",
        "notes": "Bezetting besproken",
    })
    talk = AccountTalk.objects.get()
    assert response["Location"] == reverse("contracts:talk", kwargs={"pk": talk.pk})
    page = client.get(response["Location"]).content.decode()
    assert "in zorg aan het eind van het kwartaal" in page and "Bezetting besproken" in page
    assert "Declaraties (iWmo)" in page and "€ 0,00" in page
    client.post(reverse("contracts:action-add", kwargs={"pk": talk.pk}),
                {"description": "Wachtlijst opschonen", "owner": "Aanbieder", "due_on": "01-09-2026"})
    assert talk.actions.count() == 1


def test_experience_import_dry_run_then_import(client, manager, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(manager)
    url = reverse("contracts:experience-import")
    bad = SimpleUploadedFile("s.csv", b"aanbieder;jaar;kwartaal;respondenten;score\nOnbekend;2026;1;10;7\n")
    page = client.post(url, {"file": bad}).content.decode()
    assert "is onbekend" in page and "Er is niets ingelezen" in page
    assert client.post(url, {"stap": "inlezen"}).status_code == 302
    assert not ExperienceScore.objects.exists()
    good = SimpleUploadedFile("s.csv", b"aanbieder;jaar;kwartaal;respondenten;score\nDe Brug Zorg;2026;1;10;7,5\n")
    page = client.post(url, {"file": good}).content.decode()
    assert "Alle 1 regels inlezen" in page
    client.post(url, {"stap": "inlezen"})
    assert ExperienceScore.objects.get().score == 7.5
    provider_page = client.get(reverse("contracts:provider", kwargs={"pk": world.provider.pk}))
    assert provider_page.context["experience_chart"] == {"labels": ["2026 K1"], "scores": [7.5]}
    assert 'id="ervaring-data"' in provider_page.content.decode()


def test_evidence_for_the_keurmerk(client, manager, world, region):
    requirement = KeurmerkRequirement.objects.create(region=region, title="Klachtenregeling")
    client.force_login(manager)
    url = reverse("contracts:evidence-add", kwargs={"pk": world.provider.pk})
    response = client.post(url, {"requirement": requirement.pk, "evidence": "Reglement 2026",
                                 "recorded_on": "01-02-2026", "valid_until": "01-01-2026"})
    assert "vóór de datum van vaststelling" in response.content.decode()
    client.post(url, {"requirement": requirement.pk, "evidence": "Reglement 2026",
                      "recorded_on": "01-02-2026", "valid_until": ""})
    page = client.get(reverse("contracts:provider", kwargs={"pk": world.provider.pk})).content.decode()
    assert "Reglement 2026" in page


def test_a_pgb_signal_blocks_pgb_until_it_is_handled_with_an_outcome(client, manager, world):
    from bwmo.contracts import selectors
    from bwmo.contracts.models import RechtmatigheidSignal

    client.force_login(manager)
    client.post(reverse("contracts:signal-add", kwargs={"pk": world.provider.pk}), {
        "received_on": "01-04-2026", "source": "Sociale recherche", "concerns_pgb": "ja",
        "description": "Declaraties wijken af.",
    })
    signal = RechtmatigheidSignal.objects.get()
    assert not selectors.pgb_quality(world.provider, world.region, date(2026, 6, 1))[0]
    url = reverse("contracts:signal-close", kwargs={"pk": signal.pk})
    for data, message in (({"closed_on": "31-03-2026", "note": "Geen fraude"}, "vóór de ontvangst"),
                          ({"closed_on": "01-05-2026", "note": ""}, "Dit veld is vereist")):
        page = client.post(url, data).content.decode()
        assert message in page
        signal.refresh_from_db()
        assert signal.closed_on is None
    client.post(url, {"closed_on": "01-05-2026", "note": "Geen fraude vastgesteld"})
    signal.refresh_from_db()
    assert signal.closed_on == date(2026, 5, 1) and signal.outcome == "Geen fraude vastgesteld"
    assert selectors.pgb_quality(world.provider, world.region, date(2026, 6, 1))[0]
    assert "al afgehandeld" in client.post(url, {"closed_on": "02-05-2026", "note": "x"}).content.decode()


def test_an_import_file_over_1_mb_is_refused(client, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(manager)
    big = SimpleUploadedFile("s.csv", b"aanbieder;jaar\n" + b"x" * 1_000_001)
    page = client.post(reverse("contracts:experience-import"), {"file": big}).content.decode()
    assert "groter dan 1 MB" in page
