"""The placements overview pages, sorts, filters and exports (ADR 0018)."""

import csv
import io
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from bwmo.accounts.mfa import AUTH_AT_SESSION_KEY
from bwmo.audit.models import AccessLogEntry
from bwmo.capacity.models import PlaceCapacity
from bwmo.core.lists import PER_PAGE
from bwmo.placements.models import Placement

from .helpers import build_world, client_of, granted


@pytest.fixture
def world(region):
    return build_world(region, places=200)


@pytest.fixture
def today():
    return timezone.localdate()


def _place(world, surname, *, start):  # type: ignore[no-untyped-def]
    person = client_of(world.rheden, given_names="Kees", surname=surname)
    beschikking = granted(person, world.bw, start=start, end=None)
    return Placement.objects.create(
        client=person, beschikking=beschikking, location=world.location, product=world.bw,
        responsible_municipality=world.rheden, start_date=start,
    )


@pytest.fixture
def many(world, today):
    PlaceCapacity.objects.filter(location=world.location).update(valid_from=date(2020, 1, 1))
    return [_place(world, f"Achternaam{n:03d}", start=today - timedelta(days=n + 1))
            for n in range(PER_PAGE + 5)]


def test_the_overview_pages_and_logs_only_the_clients_on_the_page(client, world, many,
                                                                 consulent_rheden):
    client.force_login(consulent_rheden)
    first = client.get(reverse("placements:list")).content.decode()
    assert f"{PER_PAGE + 5} resultaten, pagina 1 van 2" in first
    assert "Achternaam000" in first and "Achternaam054" not in first
    logged = AccessLogEntry.objects.filter(user=consulent_rheden, action="list")
    assert logged.count() == PER_PAGE
    second = client.get(reverse("placements:list"), {"pagina": 2}).content.decode()
    assert "Achternaam054" in second and "Achternaam000" not in second


def test_the_overview_sorts_by_a_column_and_says_so(client, world, many, consulent_rheden):
    client.force_login(consulent_rheden)
    page = client.get(reverse("placements:list"), {"sortering": "-client"}).content.decode()
    assert page.index("Achternaam054") < page.index("Achternaam010")
    assert 'aria-sort="descending"' in page
    page = client.get(reverse("placements:list"), {"sortering": "start_date"}).content.decode()
    assert "Achternaam054" in page and "Achternaam000" not in page  # oldest start first


def test_the_overview_filters_by_name_and_keeps_paging_in_the_database(client, world, many,
                                                                      consulent_rheden):
    client.force_login(consulent_rheden)
    page = client.get(reverse("placements:list"), {"naam": "naam05"}).content.decode()
    assert "5 resultaten" in page and "Achternaam050" in page and "Achternaam001" not in page
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("placements:list"), {"naam": "naam05"})
    with CaptureQueriesContext(connection) as full:
        client.get(reverse("placements:list"))
    assert len(full) <= len(small) + 2  # 50 rows cost no more queries than 5


def test_a_bad_filter_value_gives_a_dutch_message(client, world, consulent_rheden):
    client.force_login(consulent_rheden)
    page = client.get(reverse("placements:list"), {"peildatum": "31-31-2026"}).content.decode()
    assert "Vul een geldige datum in" in page


def test_the_excel_export_keeps_types_and_logs_every_client(client, world, many, consulent_rheden,
                                                            today):
    client.force_login(consulent_rheden)
    response = client.get(reverse("placements:list-export"),
                          {"formaat": "xlsx", "sortering": "client"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Cliënt" and len(rows) == PER_PAGE + 5 + 1  # every row, not one page
    assert rows[1][0] == "Kees Achternaam000"
    assert rows[1][5].date() == today - timedelta(days=1)  # a date, not text
    exported = AccessLogEntry.objects.filter(user=consulent_rheden, action="export")
    assert exported.count() == PER_PAGE + 5
    assert {e.client_id for e in exported} == {p.client_id for p in many}


def test_the_csv_export_is_semicolon_separated_for_dutch_excel(client, world, many,
                                                               consulent_rheden):
    client.force_login(consulent_rheden)
    response = client.get(reverse("placements:list-export"), {"formaat": "csv", "naam": "naam000"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["Cliënt", "Geboortedatum"]
    assert rows[1][0] == "Kees Achternaam000" and len(rows) == 2


def test_the_export_asks_to_reauthenticate_when_the_login_is_old(client, world, many,
                                                                consulent_rheden):
    client.force_login(consulent_rheden)
    session = client.session
    session[AUTH_AT_SESSION_KEY] = timezone.now().timestamp() - 24 * 3600
    session.save()
    response = client.get(reverse("placements:list-export"), {"formaat": "xlsx"})
    assert response.status_code == 302 and reverse("accounts:reauth") in response["Location"]
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_the_export_is_refused_to_roles_without_client_access(client, world, many, region):
    from bwmo.accounts.constants import Role
    from bwmo.testing.factories import user_with_role

    client.force_login(user_with_role(Role.BELEID, region))
    assert client.get(reverse("placements:list-export"), {"formaat": "xlsx"}).status_code == 404
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_an_unknown_export_format_is_not_found(client, world, consulent_rheden):
    client.force_login(consulent_rheden)
    assert client.get(reverse("placements:list-export"), {"formaat": "pdf"}).status_code == 404


def test_the_overview_does_not_load_municipality_boundaries(client, world, many,
                                                            consulent_rheden):
    """A boundary GeoJSON decoded per row was most of the list's time at scale."""
    world.rheden.boundary = {"type": "Polygon", "coordinates": [[[6.0, 52.0], [6.1, 52.0],
                                                                 [6.0, 52.1], [6.0, 52.0]]]}
    world.rheden.save()
    client.force_login(consulent_rheden)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("placements:list"))
    placement_queries = [q["sql"] for q in ctx.captured_queries
                         if 'FROM "placements_placement"' in q["sql"] and "LIMIT" in q["sql"]]
    assert placement_queries and all('"boundary"' not in sql for sql in placement_queries)


def test_the_waiting_list_keeps_urgent_first_sorts_and_exports_waiting_days(
        client, world, consulent_rheden, today):
    from bwmo.placements.models import WaitingListEntry

    for n, (surname, priority) in enumerate((("Eerst", "normal"), ("Urgent", "urgent"),
                                             ("Laatst", "normal"))):
        person = client_of(world.rheden, given_names="Piet", surname=surname)
        WaitingListEntry.objects.create(
            client=person, product=world.bw, beschikking=granted(person, world.bw),
            responsible_municipality=world.rheden, entered_on=today - timedelta(days=30 - n),
            priority=priority, priority_reason="Dakloos" if priority == "urgent" else "")
    client.force_login(consulent_rheden)
    page = client.get(reverse("placements:waiting_list")).content.decode()
    assert page.index("Piet Urgent") < page.index("Piet Eerst") < page.index("Piet Laatst")
    page = client.get(reverse("placements:waiting_list"), {"sortering": "-client"}).content.decode()
    assert page.index("Piet Urgent") < page.index("Piet Laatst") < page.index("Piet Eerst")
    response = client.get(reverse("placements:waiting_list-export"), {"formaat": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Cliënt", "Geboortedatum", "Product", "Voorkeurslocatie",
                       "Verantwoordelijke gemeente", "Op wachtlijst sinds", "Wachttijd",
                       "Prioriteit")
    assert rows[1][0] == "Piet Urgent" and rows[1][6] == 29 and rows[1][7] == "Urgent: Dakloos"
    assert AccessLogEntry.objects.filter(user=consulent_rheden, action="export").count() == 3
