"""The monitor screens: who may open them, aggregates only, drill-down and downloads."""


from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.clients.models import Client
from bwmo.monitor.facts import load_facts
from bwmo.monitor.kpis import Quarter, Scope, compute_kpis
from bwmo.testing.factories import user_with_role

from .scenario import build_history

pytestmark = pytest.mark.django_db

ROUTES = [("monitor:dashboard", []), ("monitor:quality", []), ("monitor:cohorts", []),
          ("monitor:definitions", []), ("monitor:export", ["pdf"]), ("monitor:export", ["xlsx"])]


@pytest.mark.parametrize("role", [Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER,
                                  Role.WONINGCORPORATIE, Role.PRIVACY_OFFICER])
def test_other_roles_get_404(client, region, role):
    client.force_login(user_with_role(role, region))
    for name, args in ROUTES:
        assert client.get(reverse(name, args=args) + "?kwartaal=2024-K2").status_code == 404


def test_anonymous_is_sent_to_login(client, region):
    response = client.get(reverse("monitor:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_beleid_sees_aggregates_only(client, region, rheden, settings):
    build_history(region, clients=40)
    viewer = user_with_role(Role.BELEID, region)
    client.force_login(viewer)
    response = client.get(reverse("monitor:dashboard") + "?kwartaal=2024-K2")
    assert response.status_code == 200
    # the page without the header that names the viewer (a client may share their surname)
    page = response.content.decode().replace(viewer.get_full_name(), "")
    for person in Client.objects.all():
        assert person.surname not in page
    expected = compute_kpis(load_facts(), Scope(region.slug), Quarter(2024, 2))
    in_care = expected.value("clienten_in_zorg")
    assert in_care >= settings.BWMO_SMALL_COUNT_THRESHOLD
    assert f'<tr data-kpi="clienten_in_zorg"><th scope="row"><a class="utrecht-link" ' \
           f'href="/monitor/definities/#clienten_in_zorg">Cliënten in zorg</a></th>' \
           f'<td class="num">{in_care}</td>' in page
    assert "nog niet beschikbaar" in page  # terugval na nazorg, budget
    assert 'id="monitor-data"' in page and "<script>" not in page.replace(
        '<script id="monitor-data" type="application/json">', "")
    assert f"gemeente={rheden.code}" in page  # drill-down links

    drill = client.get(reverse("monitor:dashboard") + f"?kwartaal=2024-K2&gemeente={rheden.code}")
    assert drill.status_code == 200 and "Kwartaalmonitor Rheden" in drill.content.decode()
    for name, args in ROUTES:
        assert client.get(reverse(name, args=args) + "?kwartaal=2024-K1").status_code == 200


def test_small_counts_are_suppressed_on_screen(client, region, settings):
    build_history(region, clients=40)
    settings.BWMO_SMALL_COUNT_THRESHOLD = 1000
    client.force_login(user_with_role(Role.BELEID, region))
    page = client.get(reverse("monitor:dashboard") + "?kwartaal=2024-K2").content.decode()
    in_care = compute_kpis(load_facts(), Scope(region.slug), Quarter(2024, 2)).value(
        "clienten_in_zorg")
    assert f'<td class="num">{in_care}</td>' not in page
    assert '<tr data-kpi="clienten_in_zorg">' in page
    row = page.split('<tr data-kpi="clienten_in_zorg">')[1].split("</tr>")[0]
    assert '<td class="num">x</td>' in row
    assert page.count("x = afgeschermd: minder dan 1000 personen") == 1  # the legend, once


def test_bad_choice_is_a_clear_error(client, region):
    client.force_login(user_with_role(Role.BELEID, region))
    page = client.get(reverse("monitor:dashboard") + "?kwartaal=1999-K9&gemeente=GM0363")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kies een kwartaal uit de lijst." in text and "Kies een gemeente van de regio." in text


def test_downloads(client, region):
    build_history(region, clients=20)
    client.force_login(user_with_role(Role.FUNCTIONEEL_BEHEER, region))
    pdf = client.get(reverse("monitor:export", args=["pdf"]) + "?kwartaal=2024-K1")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="kwartaalmonitor-centraal-gelderland-2024-K1.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(reverse("monitor:export", args=["xlsx"]) + "?kwartaal=2024-K1")
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("monitor:export", args=["csv"]) + "?kwartaal=2024-K1"
                      ).status_code == 404


def test_product_and_financing_filters(client, region):
    build_history(region, clients=20)
    client.force_login(user_with_role(Role.BELEID, region))
    page = client.get(reverse("monitor:dashboard")
                      + "?kwartaal=2024-K2&product=ZWIB&financiering=pgb").content.decode()
    assert "het budget geldt voor alle producten en ZIN en PGB samen" in page \
        or "nog niet beschikbaar" in page
    assert "meldingen hebben nog geen product" in page
