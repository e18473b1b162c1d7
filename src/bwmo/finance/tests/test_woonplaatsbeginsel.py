"""The woonplaatsbeginsel statement from the database: exact amounts, reconciliation, Excel, access.

The dataset (Centraal Gelderland-like region: Arnhem centrumgemeente, Rheden, Renkum; three years
of settlement) is small enough to compute every expected amount by hand; see the comments.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

from django.urls import reverse

import pytest
import time_machine
from openpyxl import load_workbook

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.finance.selectors import (
    NotSettledReason,
    client_pseudonym,
    not_settled_shown,
    settlement_report,
    tariff_value,
)
from bwmo.finance.settlement import ExclusionReason, TariffBasis
from bwmo.journeys.models import Beschikking, Melding
from bwmo.placements.models import Placement
from bwmo.regions.models import Tariff
from bwmo.testing.factories import (
    ClientFactory,
    LocationFactory,
    OrganisationFactory,
    ProductFactory,
    UserFactory,
    consulent_for,
    user_with_role,
)

D = Decimal
AFTER_2025 = date(2026, 3, 1)


@pytest.fixture
def world(region, rheden, renkum):
    """Decentralisation 01-01-2022 (the region default); MO stays regional (no MO date)."""
    arnhem = region.centrumgemeente
    bw = ProductFactory(region=region, code="BW", name="Beschermd wonen")
    Tariff.objects.create(product=bw, valid_from=date(2020, 1, 1), valid_to=date(2025, 6, 30),
                          amount=D("100.00"), unit="day")
    Tariff.objects.create(product=bw, valid_from=date(2025, 7, 1), amount=D("110.00"), unit="day")
    gwib = ProductFactory(region=region, code="GWIB", name="Groepswonen")
    # € 3.042 a month, billed per calendar month (never 12/365 per day)
    Tariff.objects.create(product=gwib, valid_from=date(2020, 1, 1), amount=D("3042.00"),
                          unit="month")
    mo = ProductFactory(region=region, code="MOCV", name="Crisisopvang", track="MO",
                        category="mo")
    Tariff.objects.create(product=mo, valid_from=date(2020, 1, 1), amount=D("80.00"), unit="day")
    untariffed = ProductFactory(region=region, code="BWX", name="Beschermd wonen extra")
    in_arnhem = LocationFactory(municipality=arnhem)
    in_rheden = LocationFactory(municipality=rheden)
    in_renkum = LocationFactory(municipality=renkum)
    names = []

    def place(origin, location, responsible, start, end=None, product=bw, rule=None, **extra):
        client = extra.pop("client", None) or ClientFactory(
            registration_municipality=responsible, origin_municipality=origin)
        names.append(client.full_name)
        beschikking = None
        if rule is None:
            rule = "new_client_origin" if responsible == origin else "existing_client"
        if rule:
            melding = Melding.objects.create(
                client=client, track=product.track, source="huisarts",
                reported_on=start - timedelta(days=40), municipality=responsible,
                origin_municipality=origin, responsible_municipality=responsible,
                responsibility_rule=rule,
            )
            beschikking = Beschikking.objects.create(
                melding=melding, client=client, outcome="granted", product=product,
                financing="pgb" if extra.get("is_pgb") else "zin", start_date=start,
                decided_on=start - timedelta(days=10), responsible_municipality=responsible,
                responsibility_rule=rule,
            )
        return Placement.objects.create(
            client=client, location=location, product=product, beschikking=beschikking,
            responsible_municipality=responsible, start_date=start, end_date=end, **extra,
        )

    # New client of Rheden in Arnhem, ongoing since 01-03-2024 (window t/m 28-02-2027).
    # Q1 90 d × 100 = 9.000,00; Q2 91 d × 100 = 9.100,00; Q3, Q4 92 d × 110 = 10.120,00 each
    place(rheden, in_arnhem, rheden, date(2024, 3, 1))
    # New client of Renkum in Rheden, groepswonen 10-02 t/m 20-05-2025 at € 3.042 a month:
    # Feb 19/28 = 2.064,21 + Mar 3.042,00 = 5.106,21; Apr 3.042,00 + May 20/31 1.962,58 = 5.004,58
    place(renkum, in_rheden, renkum, date(2025, 2, 10), date(2025, 5, 20), product=gwib)
    # New client of Renkum in Arnhem from 01-10-2025: Q4 92 d × 110 = 10.120,00
    place(renkum, in_arnhem, renkum, date(2025, 10, 1))
    # Not settled, because the origin is not responsible for these days:
    place(renkum, in_arnhem, arnhem, date(2021, 10, 1),
          rule="before_decentralisation")  # the centrumgemeente, since before 2022: 365 days
    place(rheden, in_arnhem, arnhem, date(2025, 1, 1))  # existing client: 365 days
    place(rheden, in_renkum, arnhem, date(2025, 6, 1), product=mo,
          rule="mo_regional")  # MO is regional: 214 days
    # No claim:
    place(rheden, in_rheden, rheden, date(2025, 1, 1))  # facility in the origin
    first = place(renkum, in_arnhem, renkum, date(2022, 1, 1), date(2023, 12, 31))
    place(renkum, in_arnhem, renkum, date(2024, 1, 1), product=gwib, previous=first,
          client=first.client)  # doorstroom: the clock started 01-01-2022, ended 31-12-2024
    # Not settled for other reasons:
    place(rheden, in_arnhem, rheden, date(2025, 11, 1), is_pgb=True)  # PGB: 61 days
    place(None, in_arnhem, rheden, date(2025, 12, 1), rule="")  # origin unknown: 31 days
    place(rheden, in_renkum, rheden, date(2025, 6, 1), product=untariffed)  # no tariff: 214 d
    return {"arnhem": arnhem, "rheden": rheden, "renkum": renkum, "names": names, "bw": bw,
            "in_arnhem": in_arnhem, "place": place}


@pytest.fixture
def beleid(region):
    return user_with_role(Role.BELEID, region)


def test_the_statement_has_the_exact_amounts_per_quarter_and_year(world, beleid):
    report = settlement_report(user=beleid, year=2025, today=AFTER_2025)
    s = report.statement

    lines = {(line.quarter, line.debtor, line.creditor): (line.days, line.amount)
             for line in s.lines}
    assert lines == {
        (1, "GM0274", "GM0275"): (50, D("5106.21")),
        (1, "GM0275", "GM0202"): (90, D("9000.00")),
        (2, "GM0274", "GM0275"): (50, D("5004.58")),
        (2, "GM0275", "GM0202"): (91, D("9100.00")),
        (3, "GM0275", "GM0202"): (92, D("10120.00")),
        (4, "GM0274", "GM0202"): (92, D("10120.00")),
        (4, "GM0275", "GM0202"): (92, D("10120.00")),
    }
    assert [(t.days, t.amount) for t in s.quarter_totals] == [
        (140, D("14106.21")), (141, D("14104.58")), (92, D("10120.00")), (184, D("20240.00")),
    ]
    assert (s.year_days, s.year_total) == (557, D("58570.79"))
    assert {(p.debtor, p.creditor): (p.days, p.amount) for p in s.pair_totals} == {
        ("GM0274", "GM0202"): (92, D("10120.00")),
        ("GM0274", "GM0275"): (100, D("10110.79")),
        ("GM0275", "GM0202"): (365, D("38340.00")),
    }
    assert {p.municipality: p.net for p in s.net_positions} == {
        "GM0202": D("-48460.00"), "GM0274": D("20230.79"), "GM0275": D("28229.21"),
    }
    assert [e.reason for e in s.excluded] == [ExclusionReason.WINDOW_EXPIRED]
    assert [(n.reason, n.stays, n.days) for n in report.not_settled] == [
        (NotSettledReason.BEFORE_DECENTRALISATION, 1, 365),
        (NotSettledReason.EXISTING_CLIENT, 1, 365),
        (NotSettledReason.MO_REGIONAL, 1, 214),
        (NotSettledReason.ORIGIN_UNKNOWN, 1, 31),
        (NotSettledReason.PGB, 1, 61),
        (NotSettledReason.NO_TARIFF, 1, 214),
    ]
    assert report.name("GM0275") == "Rheden"


def test_every_total_reconciles_to_the_cent(world, beleid):
    s = settlement_report(user=beleid, year=2025, today=AFTER_2025).statement
    assert sum(t.amount for t in s.quarter_totals) == s.year_total
    assert sum(line.amount for line in s.lines) == s.year_total
    assert sum(p.amount for p in s.pair_totals) == s.year_total
    assert sum(d.amount for d in s.details) == s.year_total
    assert sum(p.net for p in s.net_positions) == 0
    assert sum(p.owes for p in s.net_positions) == sum(p.is_owed for p in s.net_positions)
    for quarter in (1, 2, 3, 4):
        assert sum(line.amount for line in s.lines_for_quarter(quarter)) == s.quarter_total(quarter)


def test_the_current_year_is_settled_up_to_today_only(world, beleid):
    s = settlement_report(user=beleid, year=2025, today=date(2025, 8, 15)).statement
    assert s.through == date(2025, 8, 15)
    # Q3: 01-07 t/m 15-08 = 46 days × 110 for Rheden → Arnhem; nothing yet in Q4
    assert [(t.quarter, t.days, t.amount) for t in s.quarter_totals][2:] == [
        (3, 46, D("5060.00")), (4, 0, D("0.00")),
    ]


def test_a_monthly_tariff_stays_a_monthly_tariff_not_12_365_per_day():
    """Seed 000 §4.4.2 / DOMAIN §7: a monthly tariff is billed per calendar month."""
    assert tariff_value(Tariff(amount=D("3042.00"), unit="month")) == (D("3042.00"),
                                                                       TariffBasis.MONTH)
    assert tariff_value(Tariff(amount=D("98.77"), unit="day")) == (D("98.77"), TariffBasis.DAY)


def test_detail_lines_carry_a_pseudonym_never_a_name(world, beleid):
    report = settlement_report(user=beleid, year=2025, today=AFTER_2025)
    assert report.details_allowed and len(report.details) == 7
    placement = Placement.objects.get(start_date=date(2024, 3, 1))
    assert client_pseudonym(placement.client_id) in {d.client_id for d in report.details}
    assert all(d.client_id.startswith("P-") and len(d.client_id) == 12 for d in report.details)
    assert client_pseudonym(1) != client_pseudonym(2)


def test_municipal_beleid_sees_all_totals_but_only_its_own_detail_lines(world, region):
    organisation = OrganisationFactory(name="Gemeente Rheden", kind=OrganisationKind.MUNICIPALITY,
                                       region=region, municipality=world["rheden"])
    rheden_beleid = UserFactory(organisation=organisation, role=Role.BELEID)
    report = settlement_report(user=rheden_beleid, year=2025, today=AFTER_2025)
    assert report.own_municipality == "GM0275"
    assert report.statement.year_total == D("58570.79")
    assert {(d.debtor, d.creditor) for d in report.details} == {
        ("GM0274", "GM0275"), ("GM0275", "GM0202"),
    }


def test_functioneel_beheer_sees_aggregates_without_detail_lines(world, region):
    beheer = user_with_role(Role.FUNCTIONEEL_BEHEER, region)
    report = settlement_report(user=beheer, year=2025, today=AFTER_2025)
    assert report.statement.year_total == D("58570.79")
    assert not report.details_allowed and report.details == ()


def test_small_counts_read_x_as_on_every_screen_with_the_regions_threshold(world, beleid,
                                                                           region, settings):
    settings.BWMO_SMALL_COUNT_THRESHOLD = 5
    report = settlement_report(user=beleid, year=2025, today=AFTER_2025)
    lines, legend = not_settled_shown(report)
    # one stay per reason: the count and its days (which bound the count) read "x"
    assert [(line.stays, line.days) for line in lines] == [("x", "x")] * 6
    assert legend.startswith("x = afgeschermd: minder dan 5 personen")
    settings.BWMO_SMALL_COUNT_THRESHOLDS = {region.slug: 1}  # this region publishes every count
    lines, legend = not_settled_shown(report)
    assert [(line.reason, line.stays, line.days) for line in lines][:2] == [
        (NotSettledReason.BEFORE_DECENTRALISATION, 1, 365),
        (NotSettledReason.EXISTING_CLIENT, 1, 365)]
    assert legend.startswith("x = afgeschermd: minder dan 1 personen")


# -- screens -------------------------------------------------------------------------------------


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12,
                                        tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)


def test_the_screen_shows_the_statement_with_visible_reconciliation(client, world, beleid):
    client.force_login(beleid)
    with at(AFTER_2025):
        response = client.get(reverse("finance:settlement"), {"jaar": 2025})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Woonplaatsbeginsel" in body  # menu entry
    assert "€ 58.570,79" in body and "€ 20.240,00" in body and "€ -48.460,00" in body
    assert "gelijk aan het jaartotaal" in body
    assert "wat de één betaalt, ontvangt de ander" in body
    assert "Rheden" in body and "(GM0275)" in body
    assert "&lt; 5" not in body
    niet_verrekend = body.split('id="niet-verrekend"')[1].split("</section>")[0]
    assert "x = afgeschermd: minder dan 5 personen" in niet_verrekend
    assert niet_verrekend.count("<td>x</td>") == 12  # six reasons of one stay: stays and days
    for name in world["names"]:
        assert name not in body
    assert reverse("finance:settlement-export", args=(2025,)) in body


def test_a_year_that_is_not_offered_gives_a_clear_message(client, world, beleid):
    client.force_login(beleid)
    with at(AFTER_2025):
        response = client.get(reverse("finance:settlement"), {"jaar": "2099"})
        assert client.get(reverse("finance:settlement-export", args=(2099,))).status_code == 404
    assert response.status_code == 200
    assert "Kies een jaar uit de lijst." in response.content.decode()


def test_the_excel_export_has_the_same_figures(client, world, beleid):
    client.force_login(beleid)
    with at(AFTER_2025):
        response = client.get(reverse("finance:settlement-export", args=(2025,)))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2025.xlsx"')
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Overzicht", "Per kwartaal", "Per jaar", "Netto posities",
                               "Niet verrekend", "Detail"]

    overview = list(book["Overzicht"].iter_rows(values_only=True))
    quarters = [row for row in overview if row[0] in ("Q1", "Q2", "Q3", "Q4", "Jaar")]
    assert [(row[0], row[3], D(str(row[4]))) for row in quarters] == [
        ("Q1", 140, D("14106.21")), ("Q2", 141, D("14104.58")), ("Q3", 92, D("10120")),
        ("Q4", 184, D("20240")), ("Jaar", 557, D("58570.79")),
    ]
    checks = [D(str(row[4])) for row in overview if row[0] == "Controle"]
    assert checks == [D("58570.79"), D("58570.79"), D("0")]

    per_quarter = list(book["Per kwartaal"].iter_rows(min_row=2, values_only=True))
    assert per_quarter[5][:6] == ("Q4", "Renkum", "GM0274", "Arnhem", "GM0202", 92)
    assert per_quarter[-1][0] == "Totaal" and D(str(per_quarter[-1][6])) == D("58570.79")
    pairs = list(book["Per jaar"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[3], row[4], D(str(row[5]))) for row in pairs[:-1]] == [
        ("GM0274", "GM0202", 92, D("10120")), ("GM0274", "GM0275", 100, D("10110.79")),
        ("GM0275", "GM0202", 365, D("38340")),
    ]
    net = {row[1]: D(str(row[4])) for row in book["Netto posities"].iter_rows(min_row=2,
                                                                              values_only=True)}
    assert net == {"GM0202": D("-48460"), "GM0274": D("20230.79"), "GM0275": D("28229.21"),
                   None: D("0")}
    missing = list(book["Niet verrekend"].iter_rows(min_row=2, values_only=True))
    assert missing[:6] == [(reason, "x", "x") for reason in (
        NotSettledReason.BEFORE_DECENTRALISATION, NotSettledReason.EXISTING_CLIENT,
        NotSettledReason.MO_REGIONAL, NotSettledReason.ORIGIN_UNKNOWN, NotSettledReason.PGB,
        NotSettledReason.NO_TARIFF)]
    assert missing[-1][0].startswith("x = afgeschermd: minder dan 5 personen")
    detail = list(book["Detail"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 8  # 7 lines + total
    assert D(str(detail[-1][12])) == D("58570.79")
    text = " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                    for cell in row if cell is not None)
    for name in world["names"]:
        assert name not in text


def test_functioneel_beheer_export_has_no_detail_sheet(client, world, region):
    client.force_login(user_with_role(Role.FUNCTIONEEL_BEHEER, region))
    with at(AFTER_2025):
        response = client.get(reverse("finance:settlement-export", args=(2025,)))
    assert "Detail" not in load_workbook(BytesIO(response.content)).sheetnames


@pytest.mark.parametrize("role", [Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER,
                                  Role.WONINGCORPORATIE, Role.PRIVACY_OFFICER])
def test_other_roles_get_404(client, world, region, role):
    user = consulent_for(world["rheden"]) if role == Role.WMO_CONSULENT else user_with_role(
        role, region)
    client.force_login(user)
    assert client.get(reverse("finance:settlement")).status_code == 404
    assert client.get(reverse("finance:settlement-export", args=(2025,))).status_code == 404
