"""The privacy officer's retention page: only the region's privacy officer, everything logged."""

from datetime import date

from django.urls import reverse

import pytest
import time_machine

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.models import AccessLogEntry
from bwmo.retention.constants import ItemStatus, RequestStatus
from bwmo.retention.models import DestructionItem, DestructionRequest, LegalHold
from bwmo.retention.services import destruction_propose
from bwmo.testing.factories import RegionFactory, user_with_role

from .test_destruction import DUE_ON, _refused_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(region, rheden):  # type: ignore[no-untyped-def]
    _refused_client(region, rheden)
    with time_machine.travel(DUE_ON, tick=False):
        return destruction_propose(today=DUE_ON)[0]


@pytest.fixture
def officer(region):  # type: ignore[no-untyped-def]
    return user_with_role(Role.PRIVACY_OFFICER, region)


def _posts(item):  # type: ignore[no-untyped-def]
    return [
        (reverse("retention:item-decide", args=[item.pk]), {"decision": "approve"}),
        (reverse("retention:hold-place"), {"hold-client_number": item.client_id,
                                           "hold-reason": "Beroep"}),
        (reverse("retention:request-register"), {
            "request-client_number": item.client_id, "request-reference": "AVG-1",
            "request-received_on": "2026-11-30"}),
    ]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PRIVACY_OFFICER])
def test_other_roles_get_404_and_change_nothing(client, item, region, role):
    client.force_login(user_with_role(role, region))
    assert client.get(reverse("retention:overview")).status_code == 404
    for url, data in _posts(item):
        assert client.post(url, data).status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED
    assert not LegalHold.objects.exists() and not DestructionRequest.objects.exists()


def test_the_privacy_officer_of_another_region_sees_and_changes_nothing(client, item):
    other = user_with_role(Role.PRIVACY_OFFICER, RegionFactory())
    client.force_login(other)
    response = client.get(reverse("retention:overview"))
    assert response.status_code == 200 and item.client.surname not in response.content.decode()
    assert client.post(*_posts(item)[0]).status_code == 404
    for url, data in _posts(item)[1:]:
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Er is geen cliënt met dit nummer in uw regio." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED
    assert not LegalHold.objects.exists() and not DestructionRequest.objects.exists()


def test_the_page_shows_the_proposal_and_logs_it(client, item, officer):
    client.force_login(officer)
    response = client.get(reverse("retention:overview"))
    page = response.content.decode()
    assert item.client.surname in page and "Afgewezen: 5 jaar na het besluit" in page
    entry = AccessLogEntry.objects.get(client=item.client, user=officer)
    assert (entry.action, entry.purpose) == (AccessAction.LIST, Purpose.RETENTION)


def test_approve_and_reject_through_the_page(client, item, officer):
    client.force_login(officer)
    url = reverse("retention:item-decide", args=[item.pk])
    response = client.post(url, {"decision": "reject", "note": ""}, follow=True)
    assert "Geef aan waarom de gegevens bewaard blijven." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED
    client.post(url, {"decision": "approve"})
    item.refresh_from_db()
    assert (item.status, item.decided_by) == (ItemStatus.APPROVED, officer)
    client.post(url, {"decision": "withdraw"})
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED


def test_bad_input_is_refused_with_a_dutch_error_and_nothing_saved(client, item, officer):
    client.force_login(officer)
    response = client.post(reverse("retention:request-register"), {
        "request-client_number": item.client_id, "request-reference": "",
        "request-received_on": "30-30-2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul het kenmerk in." in page and "Vul een geldige datum in." in page
    assert "Er is niets opgeslagen." in page
    response = client.post(reverse("retention:hold-place"), {
        "hold-client_number": "abc", "hold-reason": ""})
    assert response.status_code == 200 and "Vul de reden in." in response.content.decode()
    assert not LegalHold.objects.exists() and not DestructionRequest.objects.exists()


def test_hold_and_request_through_the_page(client, item, officer):
    client.force_login(officer)
    client.post(reverse("retention:hold-place"), {"hold-client_number": item.client_id,
                                                  "hold-reason": "Beroep, zaak AWB 25/123"})
    hold = LegalHold.objects.get()
    item.refresh_from_db()
    assert item.status == ItemStatus.LAPSED
    client.post(reverse("retention:hold-lift", args=[hold.pk]), {"reason": "Uitspraak"})
    hold.refresh_from_db()
    assert hold.lifted_on is not None
    with time_machine.travel(date(2026, 12, 2), tick=False):
        client.post(reverse("retention:request-register"), {
            "request-client_number": item.client_id, "request-reference": "AVG-1",
            "request-received_on": "2026-11-30"})
        request = DestructionRequest.objects.get()
        assert request.deadline == date(2027, 2, 28)
        client.post(reverse("retention:request-decide", args=[request.pk]), {"grant": "yes"})
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED
    assert DestructionItem.objects.get(status=ItemStatus.APPROVED).request == request


def test_the_dossier_shows_each_cases_retention_class_and_destruction_date(client, region,
                                                                          rheden):
    refused = _refused_client(region, rheden)
    consulent = user_with_role(Role.WMO_CONSULENT, region, municipality=rheden)
    client.force_login(consulent)
    page = client.get(reverse("clients:detail", args=[refused.pk])).content.decode()
    assert "Bewaartermijn" in page
    assert "Afgewezen: 5 jaar na het besluit" in page
    assert "02-03-2025" in page  # 5 years after the decision of 02-03-2020
    assert "Het dossier wordt vernietigd vanaf 02-03-2025" in page
    assert "bewaarplicht" not in page.split('id="bewaartermijn"')[1].split("</section>")[0]

    LegalHold.objects.create(client=refused, reason="Beroep", placed_by=consulent,
                             placed_on=date(2026, 11, 1))
    page = client.get(reverse("clients:detail", args=[refused.pk])).content.decode()
    assert "Er geldt een bewaarplicht" in page


def test_only_case_workers_see_the_retention_of_a_dossier(region, rheden):
    from django.test import RequestFactory

    from bwmo.retention.views import client_section

    refused = _refused_client(region, rheden)
    request = RequestFactory().get("/")
    for role, shown in [(Role.WMO_CONSULENT, True), (Role.CT_ADVISEUR, True),
                        (Role.ZORGAANBIEDER, False), (Role.BELEID, False)]:
        request.user = user_with_role(role, region)
        assert (client_section(request, refused) is not None) is shown, role


def test_the_privacy_officers_home_counts_what_waits_for_them(client, item, officer):
    from bwmo.home.counters import home_counters

    LegalHold.objects.create(client=item.client, reason="Beroep", placed_by=officer,
                             placed_on=date(2026, 11, 1))
    counts = {c.label: c.count for c in home_counters(officer, date(2026, 12, 1))}
    assert counts == {"Voorstellen tot vernietiging te beoordelen": 1,
                      "Verzoeken tot vernietiging in behandeling": 0,
                      "Bewaarplichten van kracht": 1}
    other_region = user_with_role(Role.PRIVACY_OFFICER, RegionFactory())
    assert {c.count for c in home_counters(other_region, date(2026, 12, 1))} == {0}
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert "Voorstellen tot vernietiging te beoordelen" in page
