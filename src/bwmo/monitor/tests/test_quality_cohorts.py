"""Data quality signals and the bestandsanalyse on a small exact case."""

from datetime import date
from decimal import Decimal

import pytest

from bwmo.journeys.models import Beschikking, Melding
from bwmo.monitor.cohort import cohorts
from bwmo.monitor.facts import load_facts
from bwmo.monitor.kpis import Quarter, Scope
from bwmo.monitor.quality import quality_report
from bwmo.placements.models import Placement
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_signals_per_municipality_and_provider(region, arnhem, rheden):
    bw = ProductFactory(region=region, code="BW")
    loc = LocationFactory(municipality=arnhem)
    # in care without origin, on a beschikking that ended on 31-03-2024
    a = ClientFactory(registration_municipality=arnhem, origin_municipality=None)
    melding = Melding.objects.create(client=a, track="BW", source="self",
                                     reported_on=date(2023, 1, 1), municipality=arnhem)
    b = Beschikking.objects.create(melding=melding, client=a, outcome="granted",
                                   decided_on=date(2023, 1, 10), responsible_municipality=rheden,
                                   start_date=date(2023, 2, 1), end_date=date(2024, 3, 31))
    Placement.objects.create(client=a, location=loc, product=bw, beschikking=b,
                             responsible_municipality=rheden, start_date=date(2023, 2, 1))
    # ended in Q2 2024 without a destination
    c = ClientFactory(registration_municipality=arnhem)
    Placement.objects.create(client=c, location=loc, product=bw, responsible_municipality=arnhem,
                             start_date=date(2023, 5, 1), end_date=date(2024, 5, 1))
    report = quality_report(load_facts(), Scope(region.slug), Quarter(2024, 2))
    assert [q.label for q in report.quarters][-1] == "2024-K2"
    assert report.totals["zonder_herkomst"][-1] == 1
    assert report.totals["plaatsing_na_einde_beschikking"][-2:] == [0, 1]  # K1 ends 31-03
    assert report.totals["uitstroom_zonder_bestemming"][-1] == 1
    by_code = {r.key: r for r in report.by_municipality}
    assert by_code[rheden.code].counts["zonder_herkomst"][-1] == 1
    assert by_code[arnhem.code].counts["uitstroom_zonder_bestemming"][-1] == 1
    provider = loc.provider.name
    assert {r.name for r in report.by_provider} == {provider}


def test_cohorts_by_entry_year(region, arnhem, rheden):
    bw = ProductFactory(region=region, code="BW")
    loc = LocationFactory(municipality=arnhem)
    for origin, start, end, dest in (
        (arnhem, date(2020, 3, 1), date(2020, 12, 31), "independent_housing"),
        (rheden, date(2020, 6, 1), None, ""),
        (None, date(2021, 1, 1), date(2023, 12, 31), "wlz"),
    ):
        person = ClientFactory(registration_municipality=arnhem, origin_municipality=origin)
        Placement.objects.create(client=person, location=loc, product=bw, start_date=start,
                                 end_date=end, outflow_destination=dest,
                                 responsible_municipality=arnhem)
    rows = cohorts(load_facts(), Scope(region.slug), date(2024, 6, 30))
    assert [(r.year, r.clients, r.still_in_care) for r in rows] == [(2020, 2, 1), (2021, 1, 0)]
    y2020, y2021 = rows
    assert y2020.origin == {"eigen_gemeente": 1, "regio": 1, "buiten_regio": 0, "onbekend": 0}
    # 306 days (01-03..31-12-2020) and 1491 days (01-06-2020..30-06-2024)
    assert y2020.median_days == Decimal(306 + 1491) / 2
    assert y2020.over_two_years == Decimal("50.0")
    assert y2020.destinations["independent_housing"] == 1
    assert y2021.destinations["wlz"] == 1 and y2021.origin["onbekend"] == 1


def test_a_start_recorded_by_a_user_more_than_a_week_late_is_a_late_registration(
        region, arnhem):
    from datetime import UTC, datetime

    from bwmo.clients.models import ClientEvent
    from bwmo.testing.factories import UserFactory

    bw = ProductFactory(region=region, code="BW")
    loc = LocationFactory(municipality=arnhem)
    user = UserFactory()
    for start, recorded in ((date(2024, 4, 2), datetime(2024, 4, 20, 9, tzinfo=UTC)),
                            (date(2024, 5, 6), datetime(2024, 5, 8, 9, tzinfo=UTC))):
        person = ClientFactory(registration_municipality=arnhem)
        stay = Placement.objects.create(client=person, location=loc, product=bw,
                                        responsible_municipality=arnhem, start_date=start)
        event = ClientEvent.objects.create(
            client=person, kind="placement_started", occurred_on=start, actor=user,
            summary="Geplaatst", data={"placement": stay.pk, "product": "BW"})
        ClientEvent.objects.filter(pk=event.pk).update(recorded_at=recorded)
    # an event without a placement (bulk history) and one by nobody are not judged
    ClientEvent.objects.create(client=person, kind="placement_ended", occurred_on=date(2024, 4, 1),
                               actor=user, summary="Beëindigd", data={})
    facts = load_facts()
    assert sorted(facts.reg_delay.tolist()) == [2, 18]
    report = quality_report(facts, Scope(region.slug), Quarter(2024, 2))
    assert report.totals["te_laat_geregistreerd"][-1] == 1  # 18 days late; 2 days is in time
    assert {r.name for r in report.by_provider} == {loc.provider.name}
