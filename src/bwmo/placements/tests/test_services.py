"""Placing, ending, doorstroom and the waiting list, in the users' terms."""

from datetime import date

import pytest

from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.capacity.models import PlaceCapacity
from bwmo.clients.constants import EventKind
from bwmo.clients.models import ClientEvent
from bwmo.core.exceptions import DomainError
from bwmo.placements import services
from bwmo.placements.constants import OutflowDestination, WaitingPriority, WaitingRemovalReason
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.testing.factories import LocationFactory, ProviderFactory

from .helpers import build_world, client_of, granted

TODAY = date(2026, 11, 24)


@pytest.fixture
def world(region):
    return build_world(region, places=1)


@pytest.fixture
def jan(world):
    return client_of(world.rheden, given_names="Jan", surname="Jansen")


def counts():
    return (Placement.objects.count(), WaitingListEntry.objects.count(),
            ClientEvent.objects.count(), AccessLogEntry.objects.count())


# --- placing ----------------------------------------------------------------------------------


def test_a_consulent_places_a_client_from_a_granted_beschikking(world, jan, consulent_rheden):
    beschikking = granted(jan, world.bw, provider=world.provider)

    placement = services.placement_start(
        beschikking=beschikking, location=world.location, start_date=date(2026, 3, 2),
        acting_user=consulent_rheden,
    )

    assert placement.client == jan and placement.product == world.bw
    assert placement.responsible_municipality == world.rheden
    assert placement.end_date is None and not placement.is_pgb
    event = ClientEvent.objects.get(client=jan, kind=EventKind.PLACEMENT_STARTED)
    assert event.occurred_on == date(2026, 3, 2) and "Huize Velp" in event.summary
    assert AccessLogEntry.objects.filter(
        client=jan, user=consulent_rheden, action=AccessAction.CREATE
    ).exists()


def test_placing_takes_the_client_off_the_waiting_list_as_placed(world, jan, consulent_rheden):
    beschikking = granted(jan, world.bw)
    entry = services.waiting_list_add(
        beschikking=beschikking, entered_on=date(2026, 3, 1), acting_user=consulent_rheden,
        today=TODAY,
    )

    services.placement_start(
        beschikking=beschikking, location=world.location, start_date=date(2026, 4, 20),
        waiting_entry=entry, acting_user=consulent_rheden,
    )

    entry.refresh_from_db()
    assert entry.removed_on == date(2026, 4, 20)
    assert entry.removal_reason == WaitingRemovalReason.PLACED
    removed = ClientEvent.objects.get(client=jan, kind=EventKind.WAITING_LIST_REMOVED)
    assert "7 weken" in removed.summary


def test_a_pgb_beschikking_makes_a_pgb_placement(world, jan, consulent_rheden):
    beschikking = granted(jan, world.bw, financing="pgb")
    placement = services.placement_start(
        beschikking=beschikking, location=world.location, start_date=date(2026, 3, 1),
        acting_user=consulent_rheden,
    )
    assert placement.is_pgb


def test_placing_into_a_full_location_is_refused_and_changes_nothing(
    world, jan, consulent_rheden
):
    other = client_of(world.rheden)
    services.placement_start(
        beschikking=granted(other, world.bw), location=world.location,
        start_date=date(2026, 3, 1), acting_user=consulent_rheden,
    )
    beschikking = granted(jan, world.bw)
    before = counts()

    with pytest.raises(services.NoFreePlace) as exc:
        services.placement_start(
            beschikking=beschikking, location=world.location, start_date=date(2026, 5, 1),
            acting_user=consulent_rheden,
        )

    assert "geen vrije plaats" in exc.value.message
    assert "01-05-2026" in exc.value.message and "1 plaatsen, 1 bezet" in exc.value.message
    assert counts() == before


def test_a_place_freed_by_an_ended_placement_can_be_taken_the_day_after(
    world, jan, consulent_rheden
):
    other = client_of(world.rheden)
    first = services.placement_start(
        beschikking=granted(other, world.bw), location=world.location,
        start_date=date(2026, 3, 1), acting_user=consulent_rheden,
    )
    services.placement_end(placement=first, end_date=date(2026, 6, 30),
                           destination=OutflowDestination.INDEPENDENT_HOUSING,
                           acting_user=consulent_rheden)
    beschikking = granted(jan, world.bw)

    with pytest.raises(services.NoFreePlace):  # the end date is the last day of care: still taken
        services.placement_start(beschikking=beschikking, location=world.location,
                                 start_date=date(2026, 6, 30), acting_user=consulent_rheden)
    placement = services.placement_start(beschikking=beschikking, location=world.location,
                                         start_date=date(2026, 7, 1), acting_user=consulent_rheden)
    assert placement.start_date == date(2026, 7, 1)


def test_a_future_placement_is_refused_when_a_later_booking_fills_the_place(
    world, jan, consulent_rheden
):
    """A place free today but promised to someone from next month cannot be taken open-ended."""
    other = client_of(world.rheden)
    services.placement_start(
        beschikking=granted(other, world.bw), location=world.location,
        start_date=date(2026, 9, 1), acting_user=consulent_rheden,
    )
    with pytest.raises(services.NoFreePlace) as exc:
        services.placement_start(
            beschikking=granted(jan, world.bw), location=world.location,
            start_date=date(2026, 8, 1), acting_user=consulent_rheden,
        )
    assert "01-09-2026" in exc.value.message


def test_a_location_without_places_for_the_product_is_refused(world, jan, consulent_rheden):
    with pytest.raises(services.NoFreePlace) as exc:
        services.placement_start(
            beschikking=granted(jan, world.gwib), location=world.location,
            start_date=date(2026, 3, 1), acting_user=consulent_rheden,
        )
    assert "biedt geen plaatsen voor Groepswonen" in exc.value.message


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (date(2026, 2, 28), "vóór de ingangsdatum van de beschikking (01-03-2026)"),
        (date(2027, 3, 1), "na de einddatum van de beschikking (28-02-2027)"),
    ],
)
def test_a_start_outside_the_beschikking_is_refused(world, jan, consulent_rheden, start, message):
    beschikking = granted(jan, world.bw)
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.placement_start(beschikking=beschikking, location=world.location,
                                 start_date=start, acting_user=consulent_rheden)
    assert message in exc.value.message
    assert counts() == before


def test_a_refused_beschikking_gives_no_place(world, jan, consulent_rheden):
    beschikking = granted(jan, world.bw, outcome="refused")
    with pytest.raises(DomainError) as exc:
        services.placement_start(beschikking=beschikking, location=world.location,
                                 start_date=date(2026, 3, 1), acting_user=consulent_rheden)
    assert "toegekende beschikking" in exc.value.message
    assert Placement.objects.count() == 0


def test_the_location_must_belong_to_the_provider_of_the_beschikking(
    world, jan, consulent_rheden
):
    elsewhere = ProviderFactory(name="Ander Huis")
    with pytest.raises(DomainError) as exc:
        services.placement_start(
            beschikking=granted(jan, world.bw, provider=elsewhere), location=world.location,
            start_date=date(2026, 3, 1), acting_user=consulent_rheden,
        )
    assert "afgegeven voor Ander Huis" in exc.value.message


def test_a_client_cannot_hold_two_places(world, jan, consulent_rheden):
    second = LocationFactory(provider=world.provider, municipality=world.rheden)
    PlaceCapacity.objects.create(location=second, product=world.bw, places=5,
                                 valid_from=date(2026, 1, 1))
    beschikking = granted(jan, world.bw)
    services.placement_start(beschikking=beschikking, location=world.location,
                             start_date=date(2026, 3, 1), acting_user=consulent_rheden)
    with pytest.raises(DomainError) as exc:
        services.placement_start(beschikking=beschikking, location=second,
                                 start_date=date(2026, 4, 1), acting_user=consulent_rheden)
    assert "heeft al een plaatsing bij Huize Velp" in exc.value.message


def test_a_consulent_of_another_municipality_may_not_place(world, jan, consulent_renkum):
    with pytest.raises(DomainError) as exc:
        services.placement_start(beschikking=granted(jan, world.bw), location=world.location,
                                 start_date=date(2026, 3, 1), acting_user=consulent_renkum)
    assert "niet plaatsen" in exc.value.message
    assert Placement.objects.count() == 0


def test_a_provider_places_only_at_its_own_locations(world, jan):
    other_location = LocationFactory(municipality=world.rheden)
    PlaceCapacity.objects.create(location=other_location, product=world.bw, places=3,
                                 valid_from=date(2026, 1, 1))
    beschikking = granted(jan, world.bw, provider=world.provider)
    with pytest.raises(DomainError) as exc:
        services.placement_start(beschikking=beschikking, location=other_location,
                                 start_date=date(2026, 3, 1), acting_user=world.provider_user)
    assert "eigen organisatie" in exc.value.message
    placement = services.placement_start(beschikking=beschikking, location=world.location,
                                         start_date=date(2026, 3, 1),
                                         acting_user=world.provider_user)
    assert placement.location == world.location


def test_beleid_cannot_place(world, jan, users_by_role):
    with pytest.raises(DomainError):
        services.placement_start(beschikking=granted(jan, world.bw), location=world.location,
                                 start_date=date(2026, 3, 1), acting_user=users_by_role["beleid"])


# --- ending -----------------------------------------------------------------------------------


@pytest.fixture
def placed(world, jan, consulent_rheden):
    return services.placement_start(
        beschikking=granted(jan, world.bw), location=world.location, start_date=date(2026, 3, 1),
        acting_user=consulent_rheden,
    )


def test_ending_care_records_the_outflow_destination(placed, world, jan):
    services.placement_end(placement=placed, end_date=date(2026, 10, 31),
                           destination=OutflowDestination.WLZ, acting_user=world.provider_user)
    placed.refresh_from_db()
    assert placed.end_date == date(2026, 10, 31) and placed.outflow_destination == "wlz"
    event = ClientEvent.objects.get(client=jan, kind=EventKind.PLACEMENT_ENDED)
    assert "Uitstroom: Wlz" in event.summary and event.occurred_on == date(2026, 10, 31)


def test_ending_a_placement_twice_is_refused_and_changes_nothing(placed, consulent_rheden):
    services.placement_end(placement=placed, end_date=date(2026, 10, 31),
                           destination=OutflowDestination.DECEASED, acting_user=consulent_rheden)
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.placement_end(placement=placed, end_date=date(2026, 11, 15),
                               destination=OutflowDestination.UNKNOWN,
                               acting_user=consulent_rheden)
    assert "al beëindigd per 31-10-2026" in exc.value.message
    placed.refresh_from_db()
    assert placed.end_date == date(2026, 10, 31) and placed.outflow_destination == "deceased"
    assert counts() == before


@pytest.mark.parametrize(
    ("end", "destination", "message"),
    [
        (date(2026, 2, 28), "wlz", "vóór de start van de zorg (01-03-2026)"),
        (date(2026, 5, 1), "", "Kies waar de cliënt naartoe gaat"),
        (date(2026, 5, 1), "doorstroom", "registreert u met 'Doorstroom'"),
    ],
)
def test_bad_end_input_is_refused(placed, consulent_rheden, end, destination, message):
    with pytest.raises(DomainError) as exc:
        services.placement_end(placement=placed, end_date=end, destination=destination,
                               acting_user=consulent_rheden)
    assert message in exc.value.message
    placed.refresh_from_db()
    assert placed.end_date is None


def test_another_provider_cannot_end_the_placement(placed, region):
    from bwmo.accounts.constants import Role
    from bwmo.testing.factories import user_with_role

    stranger = user_with_role(Role.ZORGAANBIEDER, region)
    with pytest.raises(DomainError):
        services.placement_end(placement=placed, end_date=date(2026, 5, 1),
                               destination="unknown", acting_user=stranger)


# --- doorstroom -------------------------------------------------------------------------------


def test_doorstroom_ends_the_old_placement_the_day_before_and_links_the_new_one(
    placed, world, jan, consulent_rheden
):
    PlaceCapacity.objects.create(location=world.location, product=world.zwib, places=1,
                                 valid_from=date(2026, 1, 1))
    placed.perspective_independent = True
    placed.save()
    lighter = granted(jan, world.zwib, start=date(2026, 9, 1), end=date(2027, 8, 31))

    new = services.placement_doorstroom(
        placement=placed, beschikking=lighter, location=world.location,
        start_date=date(2026, 9, 1), acting_user=consulent_rheden,
    )

    placed.refresh_from_db()
    assert placed.end_date == date(2026, 8, 31)
    assert placed.outflow_destination == OutflowDestination.DOORSTROOM
    assert new.previous == placed and new.product == world.zwib
    assert new.start_date == date(2026, 9, 1) and new.perspective_independent
    event = ClientEvent.objects.get(client=jan, kind=EventKind.DOORSTROOM)
    assert "(lichter)" in event.summary
    assert not ClientEvent.objects.filter(client=jan, kind=EventKind.PLACEMENT_ENDED).exists()


def test_a_failed_doorstroom_leaves_the_old_placement_running(
    placed, world, jan, consulent_rheden
):
    """No places for the new product: the old placement is not ended either (one transaction)."""
    lighter = granted(jan, world.zwib, start=date(2026, 9, 1))
    before = counts()
    with pytest.raises(services.NoFreePlace):
        services.placement_doorstroom(placement=placed, beschikking=lighter,
                                      location=world.location, start_date=date(2026, 9, 1),
                                      acting_user=consulent_rheden)
    placed.refresh_from_db()
    assert placed.end_date is None and placed.outflow_destination == ""
    assert counts() == before


@pytest.mark.parametrize(
    ("product", "start", "message"),
    [
        ("bw", date(2026, 9, 1), "naar een ander product"),
        ("zwib", date(2026, 3, 1), "na de start van de huidige plaatsing"),
    ],
)
def test_bad_doorstroom_is_refused(placed, world, jan, consulent_rheden, product, start, message):
    PlaceCapacity.objects.create(location=world.location, product=world.zwib, places=1,
                                 valid_from=date(2026, 1, 1))
    beschikking = granted(jan, getattr(world, product), start=date(2026, 3, 1))
    with pytest.raises(DomainError) as exc:
        services.placement_doorstroom(placement=placed, beschikking=beschikking,
                                      location=world.location, start_date=start,
                                      acting_user=consulent_rheden)
    assert message in exc.value.message
    placed.refresh_from_db()
    assert placed.end_date is None


# --- housing ----------------------------------------------------------------------------------


def test_registering_as_woningzoekende_writes_the_history(placed, world, jan):
    services.placement_housing_update(
        placement=placed, perspective_independent=True,
        registered_woningzoekende_on=date(2026, 3, 20), acting_user=world.provider_user,
        today=TODAY,
    )
    placed.refresh_from_db()
    assert placed.registered_woningzoekende_on == date(2026, 3, 20)
    assert ClientEvent.objects.filter(client=jan, kind=EventKind.WONINGZOEKENDE).count() == 1


def test_a_registration_in_the_future_is_refused(placed, world):
    with pytest.raises(DomainError) as exc:
        services.placement_housing_update(
            placement=placed, perspective_independent=True,
            registered_woningzoekende_on=date(2026, 12, 1), acting_user=world.provider_user,
            today=TODAY,
        )
    assert exc.value.field == "registered_woningzoekende_on"


# --- waiting list -----------------------------------------------------------------------------


def test_a_granted_beschikking_puts_the_client_on_the_waiting_list(world, jan, consulent_rheden):
    entry = services.waiting_list_add(
        beschikking=granted(jan, world.bw), location=world.location,
        entered_on=date(2026, 3, 1), priority=WaitingPriority.URGENT,
        priority_reason="Dakloos na ontslag uit kliniek", acting_user=consulent_rheden,
        today=TODAY,
    )
    assert entry.product == world.bw and entry.responsible_municipality == world.rheden
    event = ClientEvent.objects.get(client=jan, kind=EventKind.WAITING_LIST)
    assert "Urgent: Dakloos" in event.summary


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"priority": "urgent"}, "reden voor de urgentie"),
        ({"entered_on": date(2026, 12, 1)}, "in de toekomst"),
        ({"priority": "hoog"}, "Kies een prioriteit"),
    ],
)
def test_bad_waiting_list_input_is_refused(world, jan, consulent_rheden, kwargs, message):
    values = {"entered_on": date(2026, 3, 1), "acting_user": consulent_rheden, "today": TODAY}
    values.update(kwargs)
    with pytest.raises(DomainError) as exc:
        services.waiting_list_add(beschikking=granted(jan, world.bw), **values)
    assert message in exc.value.message
    assert WaitingListEntry.objects.count() == 0


def test_a_client_is_on_the_waiting_list_for_a_product_once(world, jan, consulent_rheden):
    beschikking = granted(jan, world.bw)
    services.waiting_list_add(beschikking=beschikking, entered_on=date(2026, 3, 1),
                              acting_user=consulent_rheden, today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.waiting_list_add(beschikking=beschikking, entered_on=date(2026, 3, 5),
                                  acting_user=consulent_rheden, today=TODAY)
    assert "staat al op de wachtlijst" in exc.value.message


def test_a_preferred_location_must_offer_the_product(world, jan, consulent_rheden):
    with pytest.raises(DomainError) as exc:
        services.waiting_list_add(beschikking=granted(jan, world.gwib), location=world.location,
                                  entered_on=date(2026, 3, 1), acting_user=consulent_rheden,
                                  today=TODAY)
    assert "biedt geen plaatsen" in exc.value.message


def test_a_provider_does_not_manage_the_waiting_list(world, jan):
    with pytest.raises(DomainError):
        services.waiting_list_add(beschikking=granted(jan, world.bw, provider=world.provider),
                                  entered_on=date(2026, 3, 1), acting_user=world.provider_user,
                                  today=TODAY)


def test_removal_records_the_reason_and_the_waiting_time(world, jan, consulent_rheden):
    entry = services.waiting_list_add(beschikking=granted(jan, world.bw),
                                      entered_on=date(2026, 3, 1), acting_user=consulent_rheden,
                                      today=TODAY)
    services.waiting_list_remove(entry=entry, removed_on=date(2026, 3, 17),
                                 reason=WaitingRemovalReason.WITHDRAWN,
                                 acting_user=consulent_rheden, today=TODAY)
    entry.refresh_from_db()
    assert entry.removal_reason == "withdrawn"
    event = ClientEvent.objects.get(client=jan, kind=EventKind.WAITING_LIST_REMOVED)
    assert "ingetrokken (gewacht: 2 weken en 2 dagen)" in event.summary


@pytest.mark.parametrize(
    ("reason", "removed_on", "message"),
    [
        ("placed", date(2026, 3, 17), "Plaatsen gaat via"),
        ("", date(2026, 3, 17), "Kies de reden"),
        ("deceased", date(2026, 2, 1), "vóór de datum waarop de cliënt op de wachtlijst kwam"),
        ("deceased", date(2026, 12, 1), "in de toekomst"),
    ],
)
def test_bad_removal_is_refused(world, jan, consulent_rheden, reason, removed_on, message):
    entry = services.waiting_list_add(beschikking=granted(jan, world.bw),
                                      entered_on=date(2026, 3, 1), acting_user=consulent_rheden,
                                      today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.waiting_list_remove(entry=entry, removed_on=removed_on, reason=reason,
                                     acting_user=consulent_rheden, today=TODAY)
    assert message in exc.value.message
    entry.refresh_from_db()
    assert entry.removed_on is None


def test_removing_twice_is_refused(world, jan, consulent_rheden):
    entry = services.waiting_list_add(beschikking=granted(jan, world.bw),
                                      entered_on=date(2026, 3, 1), acting_user=consulent_rheden,
                                      today=TODAY)
    services.waiting_list_remove(entry=entry, removed_on=date(2026, 4, 1), reason="other_solution",
                                 acting_user=consulent_rheden, today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.waiting_list_remove(entry=entry, removed_on=date(2026, 4, 2), reason="withdrawn",
                                     acting_user=consulent_rheden, today=TODAY)
    assert "niet meer op de wachtlijst" in exc.value.message


def test_an_implausible_start_date_is_refused(world, jan, consulent_rheden):
    beschikking = granted(jan, world.bw, end=None)
    with pytest.raises(DomainError) as exc:
        services.placement_start(beschikking=beschikking, location=world.location,
                                 start_date=date(9999, 12, 31), acting_user=consulent_rheden)
    assert "tussen 01-01-1900 en 31-12-2100" in exc.value.message
    assert Placement.objects.count() == 0
