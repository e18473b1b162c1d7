"""The melding and beschikking workflows: every transition of the tables in `journeys.workflow`,
taken through the real services from every state and by every role. An allowed step leads to the
state the table names; a forbidden one is refused with a Dutch message and changes nothing."""

from collections.abc import Callable
from datetime import date

import pytest

from bwmo.accounts.constants import Role
from bwmo.clients.models import ClientEvent
from bwmo.journeys import services, workflow
from bwmo.journeys.models import AdviceRequest, Melding
from bwmo.journeys.workflow import MELDING_TRANSITIONS, MeldingState
from bwmo.regions.constants import DecisionMaker
from bwmo.testing.factories import ClientFactory, user_with_role

from .conftest import ELIGIBLE_BW, TODAY, days_ago
from .journey import granted, melding_for

STATE_CODES = set(MeldingState.values)


def _reach(state: MeldingState, client, consulent, provider) -> Melding:  # type: ignore[no-untyped-def]
    """A melding at Rheden brought into `state` with the real services."""
    melding = melding_for(client, consulent)
    if state == MeldingState.REPORTED:
        return melding
    if state == MeldingState.WITHDRAWN:
        services.melding_withdraw(melding=melding, reason="Cliënt trekt de vraag in.",
                                  acting_user=consulent, today=TODAY)
        return Melding.objects.get(pk=melding.pk)
    services.melding_record_dates(melding=melding, aanvraag_on=days_ago(10),
                                  investigation_completed_on=None, acting_user=consulent,
                                  today=TODAY)
    if state == MeldingState.INVESTIGATING:
        return Melding.objects.get(pk=melding.pk)
    services.toets_record(melding=melding, answers=services.ToetsAnswers(**ELIGIBLE_BW), notes="",
                          acting_user=consulent, today=TODAY)
    if state == MeldingState.DECIDED:
        services.beschikking_register(melding=melding, data=granted(provider), acting_user=consulent,
                                      today=TODAY)
    return Melding.objects.get(pk=melding.pk)


def _steps(provider) -> dict[str, Callable[[Melding, object], object]]:  # type: ignore[no-untyped-def]
    """Each transition of the melding table as a call of its service."""

    def answer(melding: Melding, user: object) -> object:
        advice = AdviceRequest.objects.create(melding=melding, question="Past beschermd wonen?",
                                              requested_on=days_ago(2))
        return services.advice_answer(advice=advice, recommendation="Beschermd wonen past.",
                                      reasoning="Zelfstandig wonen lukt nog niet; toezicht nodig.",
                                      acting_user=user, today=TODAY)

    return {
        "record_dates": lambda m, u: services.melding_record_dates(
            melding=m, aanvraag_on=days_ago(9), investigation_completed_on=None, acting_user=u,
            today=TODAY),
        "request_advice": lambda m, u: services.advice_request(
            melding=m, question="Past beschermd wonen hier?", acting_user=u, today=TODAY),
        "answer_advice": answer,
        "run_toets": lambda m, u: services.toets_record(
            melding=m, answers=services.ToetsAnswers(**ELIGIBLE_BW), notes="", acting_user=u,
            today=TODAY),
        "decide": lambda m, u: services.beschikking_register(
            melding=m, data=granted(provider), acting_user=u, today=TODAY),
        "withdraw": lambda m, u: services.melding_withdraw(
            melding=m, reason="Cliënt trekt de vraag in.", acting_user=u, today=TODAY),
    }


def test_the_table_covers_every_service_step(provider):
    assert set(_steps(provider)) == set(MELDING_TRANSITIONS)


def _allowed_user(name: str, consulent, region):  # type: ignore[no-untyped-def]
    return user_with_role(Role.CT_ADVISEUR, region) if name == "answer_advice" else consulent


@pytest.mark.parametrize("state", list(MeldingState))
@pytest.mark.parametrize("name", list(MELDING_TRANSITIONS))
def test_every_melding_step_from_every_state(
    name, state, region, rheden, consulent_rheden, products, provider
):
    """Walks the table: from a source state the service does the step and the melding ends in the
    target state; from any other state the service refuses in Dutch and nothing is written."""
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                           date_of_birth=date(1990, 1, 1))
    melding = _reach(state, client, consulent_rheden, provider)
    assert workflow.melding_state(melding) == state
    user = _allowed_user(name, consulent_rheden, region)
    transition = MELDING_TRANSITIONS[name]
    events_before = ClientEvent.objects.filter(client=client).count()
    step = _steps(provider)[name]
    if state in transition.sources:
        assert workflow.melding_may(name, user, melding)
        step(melding, user)
        after = workflow.melding_state(Melding.objects.get(pk=melding.pk))
        if transition.target is not None:
            assert after == transition.target
        assert ClientEvent.objects.filter(client=client).count() > events_before
    else:
        problems = workflow.melding_refusals(name, user, melding)
        assert problems
        assert not any(code in message for message in problems for code in STATE_CODES)
        with pytest.raises(services.FormErrors) as exc:
            step(melding, user)
        assert exc.value.errors
        assert workflow.melding_state(Melding.objects.get(pk=melding.pk)) == state
        assert ClientEvent.objects.filter(client=client).count() == events_before


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(MELDING_TRANSITIONS))
def test_every_melding_step_by_every_role(name, role, region, rheden, consulent_rheden, provider,
                                          products):
    """Only the roles in the table, and among them only the one the guard names, pass."""
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                           date_of_birth=date(1990, 1, 1))
    start = MeldingState.AWAITING_DECISION if name == "decide" else MeldingState.REPORTED
    melding = _reach(start, client, consulent_rheden, provider)
    user = consulent_rheden if role == Role.WMO_CONSULENT else user_with_role(role, region)
    transition = MELDING_TRANSITIONS[name]
    expected = role in transition.roles and transition.guard(user, melding)
    assert workflow.melding_may(name, user, melding) is expected
    if role not in transition.roles:
        assert any("doet een" in p for p in workflow.melding_refusals(name, user, melding))
    if not expected:
        with pytest.raises(services.FormErrors):
            _steps(provider)[name](melding, user)


def test_a_consulent_of_another_municipality_is_refused_by_the_guard(
    region, rheden, consulent_rheden, consulent_renkum, provider, products
):
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                           date_of_birth=date(1990, 1, 1))
    melding = _reach(MeldingState.AWAITING_DECISION, client, consulent_rheden, provider)
    problems = workflow.melding_refusals("decide", consulent_renkum, melding)
    assert problems == [f"U kunt hier niet besluiten: in deze regio besluit de Wmo-consulent van "
                        f"{rheden}."]


def test_under_regional_mandate_only_the_central_access_decides(
    region, rheden, consulent_rheden, provider, products
):
    region.decision_maker = DecisionMaker.REGIONAL
    region.save()
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                           date_of_birth=date(1990, 1, 1))
    melding = melding_for(client, consulent_rheden)
    services.melding_record_dates(melding=melding, aanvraag_on=days_ago(10),
                                  investigation_completed_on=None, acting_user=consulent_rheden,
                                  today=TODAY)
    services.toets_record(melding=melding, answers=services.ToetsAnswers(**ELIGIBLE_BW), notes="",
                          acting_user=consulent_rheden, today=TODAY)
    melding = Melding.objects.get(pk=melding.pk)
    assert not workflow.melding_may("decide", consulent_rheden, melding)
    assert workflow.melding_may("decide", ct, melding)
    step = workflow.melding_next_step(melding, consulent_rheden)
    assert step.waiting and step.step == "Wacht op besluit centrale toegang."
    assert step.state_label == "Wacht op besluit centrale toegang"
    assert workflow.melding_next_step(melding, ct).url.endswith(f"/meldingen/{melding.pk}/beschikking/")


def test_next_step_of_an_open_melding_names_the_step_and_who_takes_it(
    rheden, consulent_rheden, consulent_renkum, provider, products
):
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                           date_of_birth=date(1990, 1, 1))
    melding = melding_for(client, consulent_rheden)
    own = workflow.melding_next_step(melding, consulent_rheden)
    assert own.step == "Datum van de aanvraag vastleggen en de toegangstoets doen."
    assert own.who == f"de Wmo-consulent van {rheden}" and own.url and not own.waiting
    other = workflow.melding_next_step(melding, consulent_renkum)
    assert other.waiting and not other.url
