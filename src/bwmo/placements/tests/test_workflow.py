"""The placement, waiting-list and beschikking (placing) workflows: every transition of the tables
in `placements.workflow` and `journeys.workflow`, through the real services, from every state and
by every role. Allowed steps reach the target state; forbidden ones are refused in Dutch and change
nothing."""

from collections.abc import Callable
from datetime import date

import pytest

from bwmo.accounts.constants import Role
from bwmo.clients.models import ClientEvent
from bwmo.core.exceptions import DomainError
from bwmo.journeys import workflow as journey_workflow
from bwmo.journeys.workflow import BESCHIKKING_TRANSITIONS, BeschikkingState
from bwmo.placements import services, workflow
from bwmo.placements.constants import OutflowDestination, WaitingRemovalReason
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.placements.workflow import (
    PLACEMENT_TRANSITIONS,
    WAITING_TRANSITIONS,
    PlacementState,
    WaitingState,
)
from bwmo.testing.factories import user_with_role

from .helpers import build_world, client_of, granted

TODAY = date(2026, 11, 24)
START = date(2026, 3, 1)


@pytest.fixture
def world(region):
    return build_world(region, places=3)


def _placement_in(state: PlacementState, world, user) -> Placement:  # type: ignore[no-untyped-def]
    client = client_of(world.rheden)
    placement = services.placement_start(beschikking=granted(client, world.bw),
                                         location=world.location, start_date=START,
                                         acting_user=user)
    if state == PlacementState.ENDED:
        services.placement_end(placement=placement, end_date=date(2026, 6, 30),
                               destination=OutflowDestination.INDEPENDENT_HOUSING, acting_user=user)
    elif state == PlacementState.MOVED_ON:
        _doorstroom(placement, world, user)
    return Placement.objects.select_related("client", "beschikking").get(pk=placement.pk)


def _doorstroom(placement: Placement, world, user) -> Placement:  # type: ignore[no-untyped-def]
    from bwmo.capacity.models import PlaceCapacity

    PlaceCapacity.objects.get_or_create(location=world.location, product=world.gwib,
                                        defaults={"places": 3, "valid_from": date(2026, 1, 1)})
    return services.placement_doorstroom(
        placement=placement, beschikking=granted(placement.client, world.gwib),
        location=world.location, start_date=date(2026, 7, 1), acting_user=user)


def _placement_steps(world) -> dict[str, Callable[[Placement, object], object]]:  # type: ignore[no-untyped-def]
    return {
        "end": lambda p, u: services.placement_end(
            placement=p, end_date=date(2026, 8, 31), destination=OutflowDestination.WLZ,
            acting_user=u),
        "doorstroom": lambda p, u: _doorstroom(p, world, u),
        "housing_update": lambda p, u: services.placement_housing_update(
            placement=p, perspective_independent=True,
            registered_woningzoekende_on=date(2026, 3, 10), acting_user=u, today=TODAY),
    }


def test_the_placement_table_covers_every_service_step(world):
    assert set(_placement_steps(world)) == set(PLACEMENT_TRANSITIONS)


@pytest.mark.parametrize("state", list(PlacementState))
@pytest.mark.parametrize("name", list(PLACEMENT_TRANSITIONS))
def test_every_placement_step_from_every_state(name, state, world, consulent_rheden):
    placement = _placement_in(state, world, consulent_rheden)
    assert workflow.placement_state(placement) == state
    transition = PLACEMENT_TRANSITIONS[name]
    events = ClientEvent.objects.filter(client=placement.client).count()
    step = _placement_steps(world)[name]
    if state in transition.sources:
        step(placement, consulent_rheden)
        if transition.target is not None:
            assert workflow.placement_state(Placement.objects.get(pk=placement.pk)) == transition.target
    else:
        assert workflow.placement_refusals(name, consulent_rheden, placement)
        with pytest.raises(DomainError) as exc:
            step(placement, consulent_rheden)
        assert "al beëindigd" in exc.value.message
        assert workflow.placement_state(Placement.objects.get(pk=placement.pk)) == state
        assert ClientEvent.objects.filter(client=placement.client).count() == events


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(PLACEMENT_TRANSITIONS))
def test_every_placement_step_by_every_role(name, role, world, region, consulent_rheden):
    placement = _placement_in(PlacementState.IN_CARE, world, consulent_rheden)
    if role == Role.ZORGAANBIEDER:
        user = world.provider_user
    elif role == Role.WMO_CONSULENT:
        user = consulent_rheden
    else:
        user = user_with_role(role, region)
    transition = PLACEMENT_TRANSITIONS[name]
    allowed = role in transition.roles and transition.guard(user, placement)
    if role in (Role.WMO_CONSULENT, Role.ZORGAANBIEDER) and role in transition.roles:
        assert allowed  # the consulent of the client and the provider of the location pass
    assert (not workflow.placement_refusals(name, user, placement)) is allowed
    if not allowed:
        with pytest.raises(DomainError):
            _placement_steps(world)[name](placement, user)


def _entry_in(state: WaitingState, world, user) -> WaitingListEntry:  # type: ignore[no-untyped-def]
    client = client_of(world.rheden)
    beschikking = granted(client, world.bw, provider=world.provider)
    entry = services.waiting_list_add(beschikking=beschikking, entered_on=date(2026, 3, 1),
                                      acting_user=user, today=TODAY)
    if state == WaitingState.PLACED:
        services.placement_start(beschikking=beschikking, location=world.location,
                                 start_date=date(2026, 4, 1), waiting_entry=entry, acting_user=user)
    elif state == WaitingState.REMOVED:
        services.waiting_list_remove(entry=entry, removed_on=date(2026, 4, 1),
                                     reason=WaitingRemovalReason.OTHER_SOLUTION, acting_user=user,
                                     today=TODAY)
    return WaitingListEntry.objects.select_related("client", "beschikking").get(pk=entry.pk)


def _waiting_steps(world) -> dict[str, Callable[[WaitingListEntry, object], object]]:  # type: ignore[no-untyped-def]
    return {
        "place": lambda e, u: services.placement_start(
            beschikking=e.beschikking, location=world.location, start_date=date(2026, 5, 1),
            waiting_entry=e, acting_user=u),
        "remove": lambda e, u: services.waiting_list_remove(
            entry=e, removed_on=date(2026, 5, 1), reason=WaitingRemovalReason.WITHDRAWN,
            acting_user=u, today=TODAY),
    }


def test_the_waiting_table_covers_every_service_step(world):
    assert set(_waiting_steps(world)) == set(WAITING_TRANSITIONS)


@pytest.mark.parametrize("state", list(WaitingState))
@pytest.mark.parametrize("name", list(WAITING_TRANSITIONS))
def test_every_waiting_list_step_from_every_state(name, state, world, consulent_rheden):
    entry = _entry_in(state, world, consulent_rheden)
    assert workflow.waiting_state(entry) == state
    transition = WAITING_TRANSITIONS[name]
    step = _waiting_steps(world)[name]
    if state in transition.sources:
        step(entry, consulent_rheden)
        assert workflow.waiting_state(WaitingListEntry.objects.get(pk=entry.pk)) == transition.target
    else:
        with pytest.raises(DomainError) as exc:
            step(entry, consulent_rheden)
        assert "niet meer op de wachtlijst" in exc.value.message
        assert workflow.waiting_state(WaitingListEntry.objects.get(pk=entry.pk)) == state


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(WAITING_TRANSITIONS))
def test_every_waiting_list_step_by_every_role(name, role, world, region, consulent_rheden):
    entry = _entry_in(WaitingState.WAITING, world, consulent_rheden)
    if role == Role.ZORGAANBIEDER:
        user = world.provider_user
    elif role == Role.WMO_CONSULENT:
        user = consulent_rheden
    else:
        user = user_with_role(role, region)
    transition = WAITING_TRANSITIONS[name]
    allowed = role in transition.roles and transition.guard(user, entry)
    if role in (Role.WMO_CONSULENT, Role.ZORGAANBIEDER) and role in transition.roles:
        assert allowed  # the consulent of the client and the provider of the location pass
    assert (not workflow.waiting_refusals(name, user, entry)) is allowed
    if not allowed:
        with pytest.raises(DomainError):
            _waiting_steps(world)[name](entry, user)


# --- the beschikking: placing and the waiting list -----------------------------------------------


def _beschikking_in(state: BeschikkingState, world, user):  # type: ignore[no-untyped-def]
    client = client_of(world.rheden)
    if state == BeschikkingState.REFUSED:
        return granted(client, world.bw, outcome="refused")
    if state == BeschikkingState.EXPIRED:
        return granted(client, world.bw, start=date(2025, 3, 1), end=date(2026, 2, 28))
    beschikking = granted(client, world.bw, provider=world.provider)
    if state == BeschikkingState.IN_CARE:
        services.placement_start(beschikking=beschikking, location=world.location,
                                 start_date=START, acting_user=user)
    return beschikking


def _beschikking_steps(world) -> dict[str, Callable[[object, object, date], object]]:  # type: ignore[no-untyped-def]
    from bwmo.journeys import services as journey_services

    return {
        "place": lambda b, u, day: services.placement_start(
            beschikking=b, location=world.location, start_date=day, acting_user=u),
        "waiting_list_add": lambda b, u, day: services.waiting_list_add(
            beschikking=b, entered_on=day, acting_user=u, today=TODAY),
        "print_letter": lambda b, u, day: journey_services.beschikking_print(
            beschikking=b, acting_user=u, today=TODAY),
    }


def test_the_beschikking_table_covers_every_service_step(world):
    assert set(_beschikking_steps(world)) == set(BESCHIKKING_TRANSITIONS)


@pytest.mark.parametrize("state", list(BeschikkingState))
@pytest.mark.parametrize("name", ["place", "waiting_list_add"])
def test_placing_from_every_beschikking_state(name, state, world, consulent_rheden):
    beschikking = _beschikking_in(state, world, consulent_rheden)
    day = date(2026, 4, 1)
    assert journey_workflow.beschikking_state(beschikking, day) == state
    transition = BESCHIKKING_TRANSITIONS[name]
    step = _beschikking_steps(world)[name]
    if state in transition.sources:
        step(beschikking, consulent_rheden, day)
        assert journey_workflow.beschikking_state(beschikking, day) == transition.target
    else:
        assert journey_workflow.beschikking_refusals(name, consulent_rheden, beschikking, day)
        before = (Placement.objects.count(), WaitingListEntry.objects.count())
        with pytest.raises(DomainError):
            step(beschikking, consulent_rheden, day)
        assert (Placement.objects.count(), WaitingListEntry.objects.count()) == before


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(BESCHIKKING_TRANSITIONS))
def test_every_beschikking_step_by_every_role(name, role, world, region, consulent_rheden):
    beschikking = _beschikking_in(BeschikkingState.GRANTED, world, consulent_rheden)
    if role == Role.ZORGAANBIEDER:
        user = world.provider_user
    elif role == Role.WMO_CONSULENT:
        user = consulent_rheden
    else:
        user = user_with_role(role, region)
    transition = BESCHIKKING_TRANSITIONS[name]
    allowed = role in transition.roles and transition.guard(user, beschikking)
    if role in (Role.WMO_CONSULENT, Role.ZORGAANBIEDER) and role in transition.roles:
        assert allowed  # the consulent of the client and the provider of the location pass
    day = date(2026, 4, 1)
    assert (not journey_workflow.beschikking_refusals(name, user, beschikking, day)) is allowed
    if not allowed:
        with pytest.raises(DomainError):
            _beschikking_steps(world)[name](beschikking, user, day)
