"""The partner export: the figures, their suppression (attacked as in core), the files, and who
may download them."""

import csv
import io
from datetime import date

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from bwmo.core.tests.test_suppression import assert_safe, recovered_by_linear_algebra
from bwmo.partners.selectors import partner_export
from bwmo.placements.models import Placement
from bwmo.regions.constants import ProductCategory
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory
from bwmo.testing.scenario import build_scenario


@pytest.fixture
def world(region, rheden, renkum):
    arnhem = region.centrumgemeente
    bw = ProductFactory(region=region, code="BW", category=ProductCategory.BW_INTRAMURAAL)
    mo = ProductFactory(region=region, code="MO", name="Opvang", track="MO",
                        category=ProductCategory.MO)
    location = LocationFactory(municipality=arnhem)

    def place(municipality, product, n, start=date(2026, 1, 15), end=None, born=date(1990, 1, 1)):
        for _ in range(n):
            Placement.objects.create(
                client=ClientFactory(registration_municipality=municipality, date_of_birth=born),
                location=location, product=product, responsible_municipality=municipality,
                start_date=start, end_date=end,
            )

    place(arnhem, bw, 30)
    place(arnhem, mo, 12)
    place(rheden, bw, 2, born=date(1960, 5, 1))  # small: suppressed
    place(rheden, mo, 9)
    place(renkum, bw, 7)
    place(renkum, mo, 3, end=date(2026, 2, 10))  # left in the quarter
    place(arnhem, bw, 4, start=date(2025, 6, 1))  # in care, not inflow of this quarter
    return region


def test_figures_and_their_suppression(world):
    export = partner_export(world, 2026, 1, "gemeente")
    tables = {key: table for key, _, table in export.tables}
    in_care = tables["in_zorg"]
    assert in_care.row_labels == ("Arnhem", "Renkum", "Rheden")
    assert [c.value for c in in_care.cells[0]] == [34, 0, 12]
    assert [c.value for c in in_care.cells[2]] == [2, 0, 9]
    assert in_care.cells[2][0].suppressed and in_care.cells[2][0].primary
    assert [c.value for c in tables["instroom"].cells[0]] == [30, 0, 12]
    assert [c.value for c in tables["uitstroom"].cells[1]] == [0, 0, 3]
    for table in tables.values():
        assert_safe(table)
        assert recovered_by_linear_algebra(table) == []

    by_age = {key: t for key, _, t in partner_export(world, 2026, 1, "leeftijd").tables}
    assert by_age["in_zorg"].row_labels[3] == "50 en ouder"
    assert by_age["in_zorg"].cells[3][0].value == 2 and by_age["in_zorg"].cells[3][0].suppressed
    assert_safe(by_age["in_zorg"])


def _beleid(world):
    return build_scenario(world).users


def test_csv_and_excel_carry_no_small_count(client, world):
    users = _beleid(world)
    client.force_login(users["beleid"])
    params = {"jaar": 2026, "kwartaal": 1, "indeling": "gemeente", "formaat": "csv"}
    response = client.get(reverse("partners:export"), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2026-K1-gemeente.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    rheden = next(r for r in rows if r and r[0] == "Rheden")  # first table: in zorg
    assert rheden[1] == "x"
    numbers = [int(v) for r in rows[2:] for v in r[1:] if v.isdigit()]
    assert all(n == 0 or n >= 5 for n in numbers)

    params["formaat"] = "xlsx"
    response = client.get(reverse("partners:export"), params)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Toelichting", "in zorg", "instroom", "uitstroom"]
    sheet = workbook["in zorg"]
    values = [c for row in sheet.iter_rows(min_row=3, values_only=True) for c in row[1:]]
    assert "x" in values
    assert all(v == "x" or v == 0 or v >= 5 for v in values)

    preview = client.get(reverse("partners:export-form"), {**params, "formaat": "csv"})
    assert preview.status_code == 200 and "Zo ziet de export eruit" in preview.content.decode()
    bad = client.get(reverse("partners:export"), {**params, "kwartaal": 5})
    assert bad.status_code == 400 and "Er is iets niet goed ingevuld" in bad.content.decode()


def test_only_region_policy_staff_export(client, world):
    for key, user in _beleid(world).items():
        client.force_login(user)
        expected = 200 if key == "beleid" else 404
        assert client.get(reverse("partners:export-form")).status_code == expected, key
        response = client.get(reverse("partners:export"), {"jaar": 2026, "kwartaal": 1,
                                                           "indeling": "leeftijd",
                                                           "formaat": "csv"})
        assert response.status_code == expected, key


@pytest.mark.django_db
def test_the_export_has_the_monitors_figures(region):
    """The export's counts are the kwartaalmonitor's: per municipality and type of place the
    BW cells are the monitor's cliënten in zorg, instroom and uitstroom of that municipality and
    product, also for a stay of the region's product at a location outside the region (the
    monitor counts it for the region whose product it is)."""
    from bwmo.monitor.facts import load_facts
    from bwmo.monitor.kpis import Quarter, Scope, compute_kpis
    from bwmo.monitor.tests.scenario import build_history
    from bwmo.regions.models import Product
    from bwmo.testing.factories import MunicipalityFactory

    build_history(region, clients=60)
    arnhem = region.centrumgemeente
    elsewhere = LocationFactory(municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    bw = Product.objects.get(region=region, code="BW")
    for start, end in ((date(2024, 1, 10), None), (date(2023, 5, 1), date(2024, 5, 20))):
        Placement.objects.create(
            client=ClientFactory(registration_municipality=arnhem), location=elsewhere,
            product=bw, responsible_municipality=arnhem, start_date=start, end_date=end)
    facts = load_facts()
    quarter = Quarter(2024, 2)
    export = partner_export(region, quarter.year, quarter.quarter, "gemeente")
    tables = {key: table for key, _, table in export.tables}
    column = {c: i for i, c in enumerate(ProductCategory.values)}
    members = {m.name: m for m in region.municipalities.all()}
    compared = 0
    for product in Product.objects.filter(region=region, track="BW"):
        for r, name in enumerate(tables["in_zorg"].row_labels):
            kpis = compute_kpis(facts, Scope(region.slug, members[name].code, product.code),
                                quarter)
            c = column[product.category]
            assert tables["in_zorg"].cells[r][c].value == kpis.value("clienten_in_zorg")
            assert tables["instroom"].cells[r][c].value == kpis.value("instroom")
            assert tables["uitstroom"].cells[r][c].value == kpis.value("uitstroom")
            compared += kpis.value("clienten_in_zorg") or 0  # type: ignore[operator]
    assert compared
