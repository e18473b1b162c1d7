"""Contract management through its services: every refusal is a clear Dutch message and saves nothing."""

from datetime import date

import pytest

from bwmo.accounts.constants import Role
from bwmo.capacity.models import Provider
from bwmo.contracts import selectors, services
from bwmo.contracts.models import Contract, ContractProduct, ExperienceScore
from bwmo.core.exceptions import DomainError
from bwmo.testing.factories import user_with_role

from .conftest import line, make_contract

pytestmark = pytest.mark.django_db


def test_a_contract_manager_records_a_contract_with_its_tariff_and_options(world, manager):
    contract = make_contract(world, manager)
    assert contract.options.count() == 2
    assert selectors.tariff_on(world.provider, world.bw, date(2026, 6, 1)).tariff == 150
    assert selectors.tariff_on(world.provider, world.bw, date(2027, 1, 1)) is None


def test_a_contract_overlapping_another_for_the_same_provider_and_product_is_refused(world, manager):
    make_contract(world, manager)
    with pytest.raises(DomainError) as refused:
        make_contract(world, manager, reference="BW-2026-02",
                      lines=[line(world.bw, date(2026, 7, 1), date(2026, 12, 31))])
    assert "mogen elkaar niet overlappen" in refused.value.message
    assert Contract.objects.count() == 1


def test_a_tariff_without_validity_dates_is_refused_and_nothing_is_saved(world, manager):
    with pytest.raises(DomainError) as refused:
        make_contract(world, manager, lines=[line(world.bw, None, None)])
    assert "van wanneer tot wanneer" in refused.value.message
    assert not Contract.objects.exists() and not ContractProduct.objects.exists()


def test_a_tariff_outside_the_contract_period_is_refused(world, manager):
    contract = make_contract(world, manager, option_months=[])
    with pytest.raises(DomainError) as refused:
        services.tariff_add(contract=contract, line=line(world.bw, date(2027, 1, 1), date(2027, 12, 31)),
                            acting_user=manager)
    assert "buiten de looptijd" in refused.value.message


def test_exercising_an_option_extends_the_contract_and_allows_the_next_tariff(world, manager):
    contract = make_contract(world, manager)
    services.option_exercise(contract=contract, order=1, on=date(2026, 5, 1), acting_user=manager)
    assert selectors.current_end(contract) == date(2028, 12, 31)
    services.tariff_add(contract=contract, line=line(world.bw, date(2027, 1, 1), date(2027, 12, 31), "155.00"),
                        acting_user=manager)
    assert selectors.tariff_on(world.provider, world.bw, date(2027, 3, 1)).tariff == 155


def test_an_option_too_late_is_refused(world, manager):
    contract = make_contract(world, manager)
    with pytest.raises(DomainError, match="uiterlijk 30-06-2026"):
        services.option_exercise(contract=contract, order=1, on=date(2026, 7, 15), acting_user=manager)
    assert contract.options.filter(exercised_on__isnull=False).count() == 0


def test_only_the_regions_contract_managers_record_contracts(world, region):
    for role in (Role.ZORGAANBIEDER, Role.WMO_CONSULENT, Role.FUNCTIONEEL_BEHEER):
        with pytest.raises(DomainError, match="contractmanagers"):
            make_contract(world, user_with_role(role, region))
    assert not Contract.objects.exists()


def csv_file(*rows: str) -> bytes:
    return ("aanbieder;jaar;kwartaal;respondenten;score\n" + "\n".join(rows)).encode()


def test_client_experience_import_checks_every_row_first(world, manager):
    data = csv_file("De Brug Zorg;2026;1;12;7,8", "Onbekende Zorg BV;2026;1;8;6,0",
                    "De Brug Zorg;2026;5;8;11")
    result = services.experience_parse(region=world.region, data=data, filename="scores.csv")
    assert not result.ok
    assert result.rows[0].problems == []
    assert "aanbieder 'Onbekende Zorg BV' is onbekend" in result.rows[1].problems
    assert any("kwartaal 5" in p for p in result.rows[2].problems)
    assert any("score 11" in p for p in result.rows[2].problems)
    with pytest.raises(DomainError):
        services.experience_import(region=world.region, data=data, filename="scores.csv",
                                   acting_user=manager)
    assert not ExperienceScore.objects.exists()


def test_a_clean_import_stores_all_rows_and_small_groups_are_not_shown(world, manager):
    data = csv_file("De Brug Zorg;2026;1;12;7,8", "De Brug Zorg;2026;2;4;9,5",
                    "De Brug Zorg;2026;3;5;6,5")
    assert services.experience_import(region=world.region, data=data, filename="scores.csv",
                                      acting_user=manager) == 3
    trend = selectors.experience_trend(world.region, world.provider)
    # default minimum 5 respondents: 4 is suppressed, 5 is shown
    assert [(c.quarter, c.score) for c in trend] == [(1, "7,8"), (2, None), (3, "6,5")]


def test_import_of_a_provider_outside_the_region_is_refused(world, manager):
    Provider.objects.create(name="Elders Zorg")
    result = services.experience_parse(region=world.region, data=csv_file("Elders Zorg;2026;1;12;7"),
                                       filename="s.csv")
    assert not result.ok and "werkt niet in" in result.rows[0].problems[0]


def test_an_unreadable_file_gets_a_message(world):
    result = services.experience_parse(region=world.region, data=b"\xff\xfe\x00garbage", filename="x.csv")
    assert not result.ok and result.problems


def test_an_account_talk_keeps_the_providers_figures_of_the_quarter(world, manager):
    from bwmo.placements.models import Placement
    from bwmo.placements.tests.helpers import client_of, granted

    for n, start in enumerate((date(2026, 2, 1), date(2026, 4, 10))):
        client = client_of(world.rheden, surname=f"Cliënt{n}")
        Placement.objects.create(
            client=client, beschikking=granted(client, world.bw, provider=world.provider),
            location=world.location, product=world.bw, responsible_municipality=world.rheden,
            start_date=start,
        )
    talk = services.talk_create(region=world.region, provider=world.provider, kind="overlegtafel",
                                held_on=date(2026, 7, 10), year=2026, quarter=2, notes="",
                                acting_user=manager)
    assert talk.figures["placements_active"] == 2
    assert talk.figures["inflow"] == 1
    assert talk.figures["places"] == 2 and talk.figures["occupancy_percent"] == 100.0
    services.action_add(talk=talk, description="Doorstroomplan aanleveren", owner="De Brug Zorg",
                        due_on=date(2026, 9, 1), acting_user=manager)
    assert selectors.open_actions(selectors.talks_for(manager)).count() == 1
    with pytest.raises(DomainError, match="kwartaal"):
        services.talk_create(region=world.region, provider=world.provider, kind="overlegtafel",
                             held_on=date(2026, 7, 10), year=2026, quarter=None, notes="",
                             acting_user=manager)


def _declaration(world, provider, number, begin, claimed_cents, granted_cents):  # type: ignore[no-untyped-def]
    from bwmo.iwmo.models import Bericht, Declaratie

    bericht = Bericht.objects.create(
        direction="in", kind="WMO323", identificatie=f"D{number}", dagtekening=begin,
        sender="12345678", receiver="0275", provider=provider, municipality=world.rheden,
        content="<Bericht/>",
    )
    return Declaratie.objects.create(
        bericht=bericht, provider=provider, municipality=world.rheden, nummer=str(number),
        periode_begin=begin, periode_eind=begin.replace(day=28), ingediend_cents=claimed_cents,
        toegekend_cents=granted_cents,
    )


def test_an_account_talk_shows_the_providers_declarations_of_the_quarter(world, manager):
    from bwmo.testing.factories import ProviderFactory

    _declaration(world, world.provider, 1, date(2026, 4, 1), 1_000_000, 900_000)
    _declaration(world, world.provider, 2, date(2026, 6, 1), 250_050, 250_050)
    _declaration(world, world.provider, 3, date(2026, 7, 1), 999_999, 0)  # next quarter
    _declaration(world, ProviderFactory(), 4, date(2026, 5, 1), 777_700, 0)  # another provider
    talk = services.talk_create(region=world.region, provider=world.provider, kind="overlegtafel",
                                held_on=date(2026, 7, 10), year=2026, quarter=2, notes="",
                                acting_user=manager)
    assert talk.figures["declarations"] == {
        "count": 2, "claimed": "12500.50", "granted": "11500.50", "refused": "1000.00",
        "refused_percent": 8.0,
    }


def test_a_quarter_without_declarations_shows_zero_not_a_percentage(world, manager):
    talk = services.talk_create(region=world.region, provider=world.provider, kind="overlegtafel",
                                held_on=date(2026, 7, 10), year=2026, quarter=2, notes="",
                                acting_user=manager)
    assert talk.figures["declarations"] == {
        "count": 0, "claimed": "0.00", "granted": "0.00", "refused": "0.00",
        "refused_percent": None,
    }


def test_the_experience_trend_leaves_a_gap_where_a_score_is_suppressed():
    cells = [selectors.ExperienceCell(2026, 1, 40, "7,8"), selectors.ExperienceCell(2026, 2, 3, None)]
    assert selectors.experience_chart(cells) == {"labels": ["2026 K1", "2026 K2"], "scores": [7.8, None]}
