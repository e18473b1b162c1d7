"""Two transfer-point users run the matching of one region at the same moment: no dwelling and no
person ends up in two proposals. Each run is its own thread with its own connection; a barrier
releases them together. PostgreSQL only (SQLite serialises every write anyway)."""

import threading
from collections import Counter
from collections.abc import Callable
from functools import partial

from django.db import connection

import pytest

from bwmo.accounts.constants import Role
from bwmo.housing import services
from bwmo.housing.constants import HOLDING_STATUSES, ProposalStatus
from bwmo.housing.models import MatchingRun, Proposal
from bwmo.journeys.services import FormErrors
from bwmo.testing.factories import user_with_role

from .helpers import TODAY, build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


def race(*attempts: Callable[[], object]) -> list[tuple[str, object]]:
    barrier = threading.Barrier(len(attempts))
    results: list[tuple[str, object]] = [("missing", None)] * len(attempts)

    def run(index: int, attempt: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=20)
            results[index] = ("ok", attempt())
        except Exception as exc:  # collected and asserted on below
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an attempt hung"
    return results


def test_two_matching_runs_at_once_never_double_assign(region):
    world = build_world(region)
    second_user = user_with_role(Role.CT_ADVISEUR, region)
    for round_ in range(ROUNDS):
        for _ in range(3):
            world.uitstromer()
        for n in (world.velp, world.dieren):
            world.offer(n)
        results = race(
            lambda: services.matching_run(region=region, acting_user=world.transfer_point, today=TODAY),
            lambda: services.matching_run(region=region, acting_user=second_user, today=TODAY),
        )
        assert [kind for kind, _ in results] == ["ok", "ok"], results
        holding = Proposal.objects.filter(status__in=HOLDING_STATUSES)
        dwellings = Counter(holding.values_list("dwelling_id", flat=True))
        people = Counter(holding.values_list("uitstromer_id", flat=True))
        assert max(dwellings.values()) == 1 and max(people.values()) == 1
        assert holding.count() == 2 * (round_ + 1)  # every new dwelling once, never twice
        runs = sorted(MatchingRun.objects.order_by("-id")[:2], key=lambda r: r.id)
        assert [r.housed for r in runs] == [2, 0]  # the second run waited and found nothing left


def test_committee_and_withdrawal_at_once_leave_one_consistent_outcome(region):
    world = build_world(region)
    for _ in range(ROUNDS):
        world.uitstromer()
        offer = world.offer()
        services.matching_run(region=region, acting_user=world.transfer_point, today=TODAY)
        proposal = Proposal.objects.get(dwelling=offer)
        results = race(
            partial(services.proposal_committee_decide, proposal=proposal, confirm=True,
                    reason="In orde.", acting_user=world.transfer_point, today=TODAY),
            partial(services.offer_withdraw, offer=offer, reason="Verkocht",
                    acting_user=world.association_user, today=TODAY),
        )
        proposal.refresh_from_db()
        # the withdrawal always wins in the end: the proposal is voided, whichever came first
        assert results[1][0] == "ok", results
        assert proposal.status == ProposalStatus.VOIDED
        if results[0][0] == "error":
            assert isinstance(results[0][1], FormErrors)
