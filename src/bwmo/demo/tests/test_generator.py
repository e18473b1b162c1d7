"""`bwmo demo-data` and `bwmo demo-logins` against the database."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q

import pytest

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.capacity.models import Location, PlaceCapacity, Provider
from bwmo.clients.models import Client, ClientEvent
from bwmo.core.bsn import passes_elfproef
from bwmo.core.dates import age_on
from bwmo.demo.calibration import AGE_CALIBRATION_DAY
from bwmo.demo.generator import DEMO_PASSWORD, DemoDataError, demo_data_generate
from bwmo.demo.geo import point_in_geometry
from bwmo.demo.selectors import demo_logins
from bwmo.journeys.decision_rules import (
    BeschikkingDraft,
    BeschikkingOutcome,
    DeliveryForm,
    PgbConditions,
    validate_beschikking,
)
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding
from bwmo.monitor.facts import load_facts
from bwmo.monitor.kpis import Quarter, Scope, compute_kpis
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.regions.models import HousingAssociation, Region, Tariff
from bwmo.regions.services import reference_data_load
from bwmo.scoping import clients_for

TODAY = date(2026, 6, 30)
SMALL = "zuidoost-drenthe"  # 170,384 inhabitants: at scale 0.3 about 12 % of Centraal Gelderland

pytestmark = pytest.mark.django_db

ALL_MODELS = (Client, ClientEvent, Melding, AdviceRequest, Beschikking, Placement,
              WaitingListEntry, Location, PlaceCapacity, Provider, Tariff, HousingAssociation,
              User)


def generate(region: str = SMALL, *, seed: int = 42, scale: float = 0.3):
    return demo_data_generate(region_slug=region, seed=seed, scale=scale, today=TODAY)


def in_care(region: str, day: date = TODAY):
    return (Placement.objects.filter(client__region__slug=region, product__track="BW",
                                     start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day)))


@pytest.fixture
def reference(db):
    reference_data_load()


def test_without_reference_data_the_error_says_what_to_run(db):
    with pytest.raises(DemoDataError, match="bwmo load-reference-data"):
        generate()
    with pytest.raises(CommandError, match="referentiegegevens"):
        call_command("demo-data", "--region", SMALL, stdout=StringIO())


def test_an_unknown_region_lists_the_known_ones(reference):
    with pytest.raises(DemoDataError, match="centraal-gelderland"):
        generate("atlantis")


def test_the_scale_must_be_positive(reference):
    with pytest.raises(DemoDataError, match="schaal"):
        generate(scale=0)


def test_centraal_gelderland_at_scale_1_matches_seed_004(reference):
    generate("centraal-gelderland", scale=1)
    placements = in_care("centraal-gelderland")
    clients = Client.objects.filter(pk__in=placements.values("client"))
    count = clients.count()
    assert 1141 * 0.9 <= count <= 1141 * 1.1

    pgb = clients.filter(pk__in=placements.filter(is_pgb=True).values("client")).count()
    assert 0.03 <= pgb / count <= 0.08

    # Ages as the policy plan gives them, "cijfers uit het jaar 2017" (seed 004 §3.1: about 40 %
    # twenties, 31 % over 50), as the kwartaalmonitor shows them: its age KPIs of 2017-K4 (the
    # clients in care at the quarter's end)
    quarter = Quarter.of(AGE_CALIBRATION_DAY)
    assert quarter.last == AGE_CALIBRATION_DAY
    kpis = compute_kpis(load_facts(["centraal-gelderland"]), Scope("centraal-gelderland"), quarter)
    assert abs(kpis.value("leeftijd_twintigers") - 40) <= Decimal("1.5")  # type: ignore[operator]
    assert abs(kpis.value("leeftijd_50_plus") - 31) <= Decimal("1.5")  # type: ignore[operator]

    where = Counter(placements.values_list("location__municipality__name", flat=True))
    top_four = sum(where[m] for m in ("Arnhem", "Rheden", "Renkum", "Lingewaard"))
    assert top_four / sum(where.values()) > 0.75

    mo = Melding.objects.filter(client__region__slug="centraal-gelderland", track="MO")
    assert mo.count() > 2_500
    assert not mo.filter(homelessness_cause="").exists()
    from_arnhem = mo.filter(municipality__name="Arnhem").count()
    assert from_arnhem / mo.count() > 0.7
    not_registered = Client.objects.filter(region__slug="centraal-gelderland",
                                           no_bsn_reason="not_registered", bsn_encrypted="")
    assert not_registered.count() > 300
    assert Placement.objects.filter(product__track="MO").count() > 2_500
    assert Placement.objects.filter(previous__isnull=False).count() > 500  # doorstroom
    open_meldingen = Melding.objects.filter(status="open")
    assert open_meldingen.filter(investigation_completed_on__isnull=True,
                                 reported_on__gte=TODAY - timedelta(days=42)).exists()
    assert open_meldingen.filter(aanvraag_on__isnull=False).exists()  # awaiting the decision
    assert WaitingListEntry.objects.filter(removed_on__isnull=True).exists()
    assert WaitingListEntry.objects.exclude(removal_reason="").filter(
        ~Q(removal_reason="placed")).exists()


def test_every_demo_client_is_marked_and_every_bsn_is_valid_and_unique(reference):
    generate(SMALL, scale=0.3)
    generate("west-brabant-west", scale=0.2)
    clients = Client.objects.all()
    assert clients.exists() and not clients.filter(is_demo=False).exists()
    bsns = [c.bsn for c in clients.exclude(bsn_encrypted="")]
    assert all(passes_elfproef(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)
    without = clients.filter(bsn_encrypted="")
    assert without.exists()
    assert not without.filter(no_bsn_reason="").exists()


def test_a_second_run_adds_nothing(reference):
    first = generate()
    assert not first.skipped
    before = {model: model.objects.count() for model in ALL_MODELS}
    second = generate()
    assert second.skipped
    assert "al demogegevens" in second.message
    assert {model: model.objects.count() for model in ALL_MODELS} == before
    out = StringIO()
    call_command("demo-data", "--region", SMALL, "--scale", "0.3", stdout=out)
    assert "al demogegevens" in out.getvalue()
    assert {model: model.objects.count() for model in ALL_MODELS} == before


def _people(seed: int) -> list[tuple[str, str, str, date]]:
    with transaction.atomic():
        generate(seed=seed, scale=0.2)
        people = sorted((c.given_names, c.surname, c.bsn, c.date_of_birth)
                        for c in Client.objects.all())
        transaction.set_rollback(True)
    return people


def test_the_same_seed_gives_the_same_people_and_another_seed_other_people(reference):
    first = _people(42)
    assert first
    assert _people(42) == first
    other = _people(7)
    assert other != first
    assert {p[2] for p in other if p[2]} != {p[2] for p in first if p[2]}


def test_no_location_ever_holds_more_clients_than_places(reference):
    generate(SMALL, scale=0.3)
    capacity: dict[tuple[int, int], list[tuple[date, int, int]]] = {}
    for row in PlaceCapacity.objects.all():
        capacity.setdefault((row.location_id, row.product_id), []).append(
            (row.valid_from, row.pk, row.places))
    stays = list(Placement.objects.values_list("location_id", "product_id", "start_date",
                                               "end_date"))
    day = date(2015, 1, 1)
    checked = 0
    while day <= TODAY:
        occupied = Counter((loc, prod) for loc, prod, start, end in stays
                           if start <= day and (end is None or end >= day))
        for key, count in occupied.items():
            rows = [r for r in capacity[key] if r[0] <= day]
            places = max(rows)[2] if rows else 0
            assert count <= places, (key, day, count, places)
            checked += 1
        day += timedelta(days=31)
    assert checked > 1000


def test_locations_lie_inside_their_municipality(reference):
    generate(SMALL, scale=0.3)
    locations = Location.objects.select_related("municipality")
    assert locations.count() > 5
    for location in locations:
        assert location.latitude is not None
        assert point_in_geometry(float(location.longitude), float(location.latitude),
                                 location.municipality.boundary)
        assert location.municipality.region.slug == SMALL
        assert location.neighbourhood.startswith("Wijk ")
    assert all(p.name.endswith("(demo)") for p in Provider.objects.all())
    assert all(h.name.endswith("(demo)") for h in HousingAssociation.objects.all())


def test_every_beschikking_satisfies_the_decision_rules(reference):
    generate(SMALL, scale=0.3)
    offered = {"BW", "BWI", "GWIB", "ZWIB", "MODV", "MOCV", "MOCG", "MOZJ", "MONO", "MODO"}
    checked = 0
    for b in Beschikking.objects.select_related("melding", "product"):
        draft = BeschikkingDraft(
            outcome=BeschikkingOutcome(b.outcome), aanvraag_date=b.melding.aanvraag_on,
            beschikking_date=b.decided_on, product_code=b.product.code if b.product else None,
            delivery_form=DeliveryForm(b.financing) if b.financing else None,
            start_date=b.start_date, end_date=b.end_date,
            pgb=PgbConditions(b.pgb_contracted_supply_unsuitable, b.pgb_budget_holder_available,
                              b.pgb_provider_quality_sufficient),
            duration_motivation=b.duration_motivation, reason=b.motivation,
        )
        assert validate_beschikking(draft, offered) == [], (b.pk, b.outcome, b.product)
        checked += 1
    assert checked > 100


def test_placements_follow_their_beschikking(reference):
    generate(SMALL, scale=0.3)
    for p in Placement.objects.select_related("beschikking", "previous"):
        assert p.beschikking is not None and p.beschikking.outcome == "granted"
        assert p.beschikking.product_id == p.product_id
        assert p.beschikking.start_date <= p.start_date
        if p.beschikking.end_date is not None and p.end_date is not None:
            assert p.end_date <= p.beschikking.end_date
        if p.previous is not None:
            assert p.previous.end_date == p.start_date - timedelta(days=1)
            assert p.previous.outflow_destination == "doorstroom"
        if p.end_date is not None:
            assert p.outflow_destination


def test_responsibility_follows_the_engine_rules(reference):
    generate(SMALL, scale=0.3)
    region = Region.objects.get(slug=SMALL)
    meldingen = Melding.objects.filter(client__region=region)
    before = meldingen.filter(track="BW", reported_on__lt=region.decentralisation_date)
    assert before.exists()
    assert not before.exclude(responsible_municipality=region.centrumgemeente).exists()
    new = meldingen.filter(responsibility_rule="new_client_origin")
    assert new.exists()
    for melding in new:
        assert melding.responsible_municipality_id == melding.origin_municipality_id
        assert melding.responsibility_explanation
    assert not meldingen.filter(track="MO").exclude(responsibility_rule="mo_regional").exists()


def test_generated_clients_never_flip_back_to_the_centrumgemeente(reference):
    """Issue 7 item 1, seed 000 §4.1: a melding is an existing client of the centrumgemeente only
    when the client had an aanvraag or BW use *under the centrumgemeente* in the 365 days
    before; a municipality's own new client stays that municipality's."""
    generate(SMALL, scale=0.3)
    region = Region.objects.get(slug=SMALL)
    centrum = region.centrumgemeente_id
    existing = Melding.objects.filter(client__region=region, track="BW",
                                      responsibility_rule="existing_client")
    continuing = Melding.objects.filter(client__region=region, track="BW",
                                        responsibility_rule="continuing_responsibility")
    assert existing.exists()
    for melding in existing:
        first, last = melding.reported_on - timedelta(days=365), melding.reported_on - timedelta(1)
        under_centrum = (
            Placement.objects.filter(client=melding.client, responsible_municipality=centrum,
                                     product__track="BW", start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first)).exists()
            or Melding.objects.filter(client=melding.client, track="BW",
                                      responsible_municipality=centrum,
                                      aanvraag_on__range=(first, last)).exists()
        )
        assert under_centrum, f"melding {melding.pk} flipped back to the centrumgemeente"
    for melding in continuing:
        assert melding.responsible_municipality_id != centrum


def test_generated_bw_care_starts_on_or_after_the_18th_birthday(reference):
    """Issue 7 item 3, Transformatieplan Centraal Gelderland §3.1 "volwassen"."""
    generate(SMALL, scale=0.3)
    placements = Placement.objects.filter(client__region__slug=SMALL, product__track="BW")
    assert placements.exists()
    for start, born in placements.values_list("start_date", "client__date_of_birth"):
        assert born is None or age_on(born, start) >= 18


def test_every_role_has_a_demo_login_that_works(reference):
    generate(SMALL, scale=0.3)
    logins = [login for login in demo_logins() if login.region == "Zuidoost-Drenthe"]
    assert {login.role for login in logins} == {role.label for role in Role}
    for login in logins:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.filter(username="consulent.emmen", role=Role.WMO_CONSULENT).exists()
    assert User.objects.filter(username="consulent.coevorden").exists()
    assert User.objects.filter(username="ct.zuidoost-drenthe", role=Role.CT_ADVISEUR).exists()
    beheer = User.objects.get(username="beheer.zuidoost-drenthe")
    assert beheer.is_staff and not beheer.is_superuser
    for perm in ("regions.change_region", "regions.change_tariff", "capacity.change_placecapacity",
                 "capacity.add_location", "accounts.change_user", "accounts.add_organisation"):
        assert beheer.has_perm(perm), perm
    assert Provider.objects.count() == User.objects.filter(role=Role.ZORGAANBIEDER).count()


def test_demo_users_see_demo_clients_through_their_scope(reference):
    generate(SMALL, scale=0.3)
    consulent = User.objects.get(username="consulent.emmen")
    ct = User.objects.get(username="ct.zuidoost-drenthe")
    provider_user = User.objects.filter(role=Role.ZORGAANBIEDER).first()
    assert clients_for(consulent).exists()
    assert clients_for(ct).exists()
    assert clients_for(provider_user).exists()
    assert not clients_for(User.objects.get(username="beleid.zuidoost-drenthe")).exists()


def test_demo_logins_prints_a_table_with_the_url(reference):
    out = StringIO()
    call_command("demo-logins", stdout=out)
    assert "bwmo demo-data" in out.getvalue()
    generate(SMALL, scale=0.3)
    out = StringIO()
    call_command("demo-logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert "ct.zuidoost-drenthe" in text and DEMO_PASSWORD in text
    assert "Gebruikersnaam" in text and "Organisatie" in text


def test_the_command_reports_what_it_made(reference):
    out = StringIO()
    call_command("demo-data", "--region", SMALL, "--seed", "3", "--scale", "0.2", stdout=out)
    text = out.getvalue()
    assert "Demogegevens voor Zuidoost-Drenthe gemaakt" in text
    assert "cliënten" in text and "demowaarden" in text
    assert Tariff.objects.filter(product__region__slug=SMALL).exists()


def test_case_history_is_written_for_every_client(reference):
    generate(SMALL, scale=0.2)
    without_history = Client.objects.exclude(pk__in=ClientEvent.objects.values("client"))
    assert not without_history.exists()
    kinds = set(ClientEvent.objects.values_list("kind", flat=True))
    assert {"registered", "melding", "beschikking", "placement_started", "placement_ended",
            "doorstroom", "waiting_list"} <= kinds
    event = ClientEvent.objects.filter(kind="responsibility").first()
    assert event.data["rule"]


def test_the_query_planner_gets_statistics_after_the_bulk_load(reference):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("checks SQLite's sqlite_stat1; PostgreSQL runs ANALYZE per table")
    generate(SMALL, scale=0.2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'journeys_melding'")
        assert cursor.fetchone()[0] > 0
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM journeys_melding WHERE client_id = 1 "
            "AND municipality_id = 1"
        )
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "client_id" in plan
