"""The permission matrix for POST: every route that changes a client's data, every role.

`test_permission_matrix` opens each route with GET. Here each route that changes client data is
posted with a submission that is *valid* for the users who may use it, so that a missing check
would really change something: the allowed users succeed, every other user gets 404 (or 403) and
nothing changes — no record, no case-history entry, no access-log entry. A form sent back with
errors shows the client again, so that too writes an access-log entry.

A new client-data route of the apps below must be listed in `CLIENT_POSTS` or, when its POST
changes nothing, in `READ_ONLY` (`test_every_client_route_has_a_post_rule`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import (
    Client,
    ClientDocument,
    ClientEvent,
    ClientMerge,
    ClientNote,
    ClientRelation,
    DuplicateReferral,
)
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding, Toets
from bwmo.testing.scenario import Scenario, build_scenario

from .test_permission_matrix import (
    ALL_USERS,
    CASE_WORKERS,
    CLIENT_ROUTES,
    PLACEMENT_VIEWERS,
    UITSTROOM_VIEWERS,
    _aftercare,
    _bsn_referral,
    _duplicate_of,
    _merged_into_client,
    _proposal,
    _relation_of,
    _uitstromer,
)

# The apps whose POST routes are covered here (placements and capacity: see their own tests).
NAMESPACES = ("clients", "clients-api", "journeys", "followups", "housing")

ELIGIBLE_BW = {
    "dutch_or_lawful_residence": "ja", "psychiatric_problems": "ja",
    "needs_supervision_nearby": "ja", "ambulant_support_sufficient": "nee",
    "acute_crisis": "nee", "lifelong_need": "nee", "primarily_treatment": "nee",
}


def _recent_melding(s: Scenario) -> dict[str, object]:
    """A melding whose investigation term still runs today, so that it can be extended."""
    s.melding.reported_on = timezone.localdate() - timedelta(days=7)
    s.melding.save()
    return {"pk": s.melding.pk}


def _ready_to_decide(s: Scenario) -> dict[str, object]:
    """The aanvraag recorded and the provider contracted, so a beschikking can be registered."""
    s.melding.aanvraag_on = s.advice.requested_on
    s.melding.save()
    s.provider.regions.add(s.region)
    return {"pk": s.melding.pk}


def _new_melding(s: Scenario, user_key: str) -> dict[str, object]:
    data: dict[str, object] = {
        "track": "BW", "source": "huisarts", "reported_on": "2026-10-01",
        "municipality": s.municipality.pk, "origin_municipality": s.municipality.pk,
    }
    if user_key == "ct_adviseur":  # the central access registers MO meldingen in this region
        data.update(track="MO", homelessness_cause="eviction")
    return data


@dataclass(frozen=True)
class ClientPost:
    kwargs: Callable[[Scenario], dict[str, object]]
    allowed: frozenset[str]
    valid: Callable[[Scenario, str], dict[str, object]]  # a submission that succeeds for the user
    # a submission the form refuses (None: no form); not empty, or Django treats it as unbound
    invalid: dict[str, object] | None = None
    ok: int = 302  # the allowed user's status for the valid submission


def _crisis_ready(s: Scenario) -> dict[str, object]:
    s.placement.end_date = date(2026, 10, 31)
    s.placement.outflow_destination = "unknown"
    s.placement.save()
    return {"pk": s.melding.pk}


def _scenario_bezwaar(s: Scenario) -> dict[str, object]:
    from bwmo.followups.models import Bezwaar

    bezwaar = Bezwaar.objects.get_or_create(
        beschikking=s.beschikking,
        defaults={"received_on": date(2026, 10, 15), "grounds": "Het product past niet."},
    )[0]
    return {"pk": bezwaar.pk}


def _matching_ready(s: Scenario) -> dict[str, object]:
    """The scenario client waits as uitstromer and a dwelling of the region is available."""
    from decimal import Decimal

    from bwmo.housing.models import DwellingOffer, Neighbourhood

    _uitstromer(s)
    neighbourhood = Neighbourhood.objects.create(code="BU02750101", name="Velp-Noord",
                                                 municipality=s.municipality)
    DwellingOffer.objects.create(
        association=s.users["woningcorporatie"].organisation.housing_association,
        neighbourhood=neighbourhood, address="Stationsstraat 1", rooms=2, max_household=2,
        rent=Decimal("600.00"), features=["ground_floor"], available_on=date(2026, 11, 1),
        offered_by=s.users["woningcorporatie"],
    )
    return {}


CLIENT_POSTS: dict[str, ClientPost] = {
    # outflow and housing (issue 10)
    "housing:uitstromer-create": ClientPost(
        lambda s: {"placement_pk": s.placement.pk}, frozenset({"provider_own"}),
        lambda s, u: {"ready_on": "2026-11-01", "household_size": "1", "max_rent": "650,00",
                      "support_after": "Ambulante begeleiding 3 uur per week"},
        invalid={"household_size": "0"},
    ),
    "housing:uitstromer-withdraw": ClientPost(
        lambda s: {"pk": _uitstromer(s).pk}, frozenset({"provider_own"}),
        lambda s, u: {"reason": "Gaat bij familie wonen"}, invalid={"reason": " "},
    ),
    "housing:matching": ClientPost(_matching_ready, frozenset({"ct_adviseur"}), lambda s, u: {}),
    "housing:proposal": ClientPost(
        lambda s: {"pk": _proposal(s, "proposed").pk}, frozenset({"ct_adviseur"}),
        lambda s, u: {"decision": "confirm", "reason": "Woning en begeleiding gecontroleerd."},
        invalid={"decision": "misschien"},
    ),
    "housing:outflow-register": ClientPost(
        lambda s: {"pk": _proposal(s, "accepted").pk}, frozenset({"provider_own"}),
        lambda s, u: {"moved_on": timezone.localdate().isoformat()},
        invalid={"moved_on": "gisteren"},
    ),
    "housing:aftercare": ClientPost(
        lambda s: {"pk": _aftercare(s).pk}, UITSTROOM_VIEWERS,
        lambda s, u: {"action": "contact", "contact-on": timezone.localdate().isoformat(),
                      "contact-note": "Gesprek over de huur"},
        invalid={"action": "contact", "contact-on": "gisteren"},
    ),
    "clients:bsn-referral": ClientPost(
        lambda s: {"pk": _bsn_referral(s).pk}, frozenset({"ct_adviseur"}),
        lambda s, u: {"outcome": "other_registration", "note": "Afgestemd"},
        invalid={"outcome": "onbekend"},
    ),
    "followups:bezwaar-create": ClientPost(
        lambda s: {"pk": s.beschikking.pk}, frozenset({"consulent_own"}),
        lambda s, u: {"received_on": "2026-10-15", "grounds": "Het product past niet bij mij."},
        invalid={"received_on": "gisteren"},
    ),
    "followups:bezwaar-detail": ClientPost(
        _scenario_bezwaar, frozenset({"consulent_own"}),
        lambda s, u: {"hearing_on": "2026-11-01", "extension_weeks": "0"},
        invalid={"extension_weeks": "9"},
    ),
    "followups:crisis-create": ClientPost(
        _crisis_ready, CASE_WORKERS,
        lambda s, u: {"place": f"{s.location.pk}-{s.product.pk}", "start_date": "2026-11-15",
                      "end_date": "2026-12-15", "reason": "Dakloos en in acute nood na ontslag."},
        invalid={"place": "0-0"},
    ),
    "followups:review-create": ClientPost(
        lambda s: {"pk": s.placement.pk}, CASE_WORKERS,
        lambda s, u: {"held_on": "2026-11-02", "outcome": "continue"},
        invalid={"outcome": "misschien"},
    ),
    "clients:edit": ClientPost(
        lambda s: {"pk": s.client.pk}, CASE_WORKERS,
        lambda s, u: {"given_names": "Anders", "surname": s.client.surname,
                      "date_of_birth": s.client.date_of_birth.isoformat(), "bsn": s.client.bsn},
        invalid={"given_names": ""},
    ),
    "clients:compare": ClientPost(
        lambda s: {"first": s.client.pk, "second": _duplicate_of(s).pk}, CASE_WORKERS,
        lambda s, u: {"survivor": s.client.pk, "confirm": "on"}, invalid={"reason": "Zelfde"},
    ),
    "clients:unmerge": ClientPost(
        lambda s: {"pk": _merged_into_client(s).pk}, CASE_WORKERS, lambda s, u: {},
    ),
    "clients:contact-details": ClientPost(
        lambda s: {"pk": s.client.pk}, CASE_WORKERS,
        lambda s, u: {"address_kind": "home", "street": "Markt", "house_number": "1",
                      "postcode": "6811 AB", "city": "Arnhem"},
        invalid={"address_kind": "home", "postcode": "12"},
    ),
    "clients:relation-create": ClientPost(
        lambda s: {"pk": s.client.pk}, CASE_WORKERS,
        lambda s, u: {"role": "mentor", "name": "M. Mentor", "is_budget_holder": "nee",
                      "phone": "0261234567"},
        invalid={"role": "mentor", "name": ""},
    ),
    "clients:relation-edit": ClientPost(
        lambda s: {"pk": s.client.pk, "relation_pk": _relation_of(s).pk}, CASE_WORKERS,
        lambda s, u: {"role": "contact", "name": "Jan Contact", "is_budget_holder": "ja",
                      "phone": "0612345678"},
        invalid={"role": "contact", "name": ""},
    ),
    "clients:relation-remove": ClientPost(
        lambda s: {"pk": s.client.pk, "relation_pk": _relation_of(s).pk}, CASE_WORKERS,
        lambda s, u: {},
    ),
    "clients:note-create": ClientPost(
        lambda s: {"pk": s.client.pk}, CASE_WORKERS,
        lambda s, u: {"kind": "phone", "held_on": "2026-09-01", "subject": "Gebeld",
                      "text": "Cliënt komt dinsdag langs."},
        invalid={"kind": "phone", "text": ""},
    ),
    "clients:document-upload": ClientPost(
        lambda s: {"pk": s.client.pk}, CASE_WORKERS,
        lambda s, u: {"kind": "other", "title": "Brief",
                      "file": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief")},
        invalid={"kind": "other", "title": ""},
    ),
    "journeys:client-melding-create": ClientPost(
        lambda s: {"client_pk": s.client.pk}, CASE_WORKERS, _new_melding, invalid={"track": "XX"},
    ),
    "journeys:melding-dates": ClientPost(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"}),
        lambda s, u: {"aanvraag_on": "2026-09-08"}, invalid={"aanvraag_on": "morgen"},
    ),
    "journeys:melding-case-owner": ClientPost(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"}),
        lambda s, u: {"owner": s.users[u].pk}, invalid={"owner": "999999"},
    ),
    "journeys:melding-withdraw": ClientPost(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"}),
        lambda s, u: {"reason": "De cliënt trekt de hulpvraag in."}, invalid={"reason": "kort"},
    ),
    "journeys:melding-suspension": ClientPost(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"}),
        lambda s, u: {"start": "2026-09-10", "end": "2026-09-19",
                      "reason": "Wachten op gegevens van de cliënt."},
        invalid={"start": "2026-09-10", "end": "2026-09-01", "reason": "Wachten op gegevens."},
    ),
    "journeys:melding-extension": ClientPost(
        lambda s: _recent_melding(s), frozenset({"consulent_own"}),
        lambda s, u: {"days": "14", "reason": "Advies van de centrale toegang volgt later."},
        invalid={"days": "0", "reason": "Advies volgt later."},
    ),
    "journeys:advice-request": ClientPost(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"}),
        lambda s, u: {"question": "Is groepswonen passend voor deze cliënt?"},
        invalid={"question": ""},
    ),
    "journeys:advice-answer": ClientPost(
        lambda s: {"pk": s.advice.pk}, frozenset({"ct_adviseur"}),
        lambda s, u: {"recommendation": "Groepswonen",
                      "reasoning": "Heeft steun van medebewoners nodig, doorstroom binnen 2 jaar."},
        invalid={"recommendation": ""},
    ),
    "journeys:toets-create": ClientPost(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"}),
        lambda s, u: ELIGIBLE_BW, invalid={"acute_crisis": "misschien"},
    ),
    "journeys:beschikking-create": ClientPost(
        _ready_to_decide, frozenset({"consulent_own"}),
        lambda s, u: {"outcome": "granted", "decided_on": "2026-09-20", "product": s.product.code,
                      "financing": "zin", "provider": s.provider.pk, "start_date": "2026-10-01",
                      "end_date": "2027-09-30"},
        invalid={"outcome": ""},
    ),
    "journeys:beschikking-letter": ClientPost(  # the PDF; printing is noted in the case history
        lambda s: {"pk": s.beschikking.pk}, CASE_WORKERS, lambda s, u: {}, ok=200,
    ),
    "journeys:melding-receipt": ClientPost(  # the ontvangstbevestiging PDF, noted the same way
        lambda s: {"pk": s.melding.pk}, CASE_WORKERS, lambda s, u: {}, ok=200,
    ),
}

# Client-data routes whose POST changes nothing (the view only reads).
READ_ONLY = {
    "clients:detail", "clients:search", "clients:duplicates", "clients:bsn-referrals", "clients-api:detail",
    "clients-api:list", "journeys:worklist", "journeys:decisions", "journeys:advice-queue",
    "journeys:awaiting-decision", "followups:bezwaar-list", "followups:herindicatie-list",
    "followups:review-list", "followups:youth-list", "clients:document-download",
    "journeys:my-cases", "journeys:decisions-export",
    "journeys:melding-detail", "journeys:toets-detail", "journeys:beschikking-detail",
    "housing:uitstromers", "housing:uitstromer-detail", "housing:uitstroomtafel",
    "housing:candidates", "housing:aftercare-list",
}


def test_every_client_route_has_a_post_rule():
    routes = {name for name in CLIENT_ROUTES if name.split(":")[0] in NAMESPACES}
    missing = routes - set(CLIENT_POSTS) - READ_ONLY
    assert not missing, f"Client routes without a POST rule: {sorted(missing)}"
    assert not set(CLIENT_POSTS) & READ_ONLY


def client_data_state() -> tuple[object, ...]:
    """Everything a POST could change about clients and their case, as comparable values."""
    return (
        tuple(Client.objects.order_by("pk").values_list(
            "pk", "given_names", "surname", "bsn_index", "no_bsn_reason", "origin_municipality",
            "responsible_municipality", "merged_into", "address_kind", "street", "postcode")),
        tuple(ClientRelation.objects.order_by("pk").values_list("pk", "name", "is_budget_holder")),
        tuple(ClientNote.objects.values_list("pk", flat=True)),
        tuple(ClientDocument.objects.values_list("pk", flat=True)),
        tuple(Melding.objects.order_by("pk").values_list(
            "pk", "client", "status", "aanvraag_on", "investigation_completed_on", "case_owner")),
        tuple(AdviceRequest.objects.order_by("pk").values_list(
            "pk", "melding", "answered_on", "recommendation")),
        tuple(Toets.objects.values_list("pk", flat=True)),
        tuple(Beschikking.objects.order_by("pk").values_list("pk", "client")),
        tuple(ClientMerge.objects.order_by("pk").values_list("pk", "undone_at")),
        tuple(DuplicateReferral.objects.order_by("pk").values_list("pk", "outcome")),
        ClientEvent.objects.count(),
        *_housing_state(),
    )


def _housing_state() -> tuple[object, ...]:
    from bwmo.housing.models import (
        Aftercare,
        AftercareCheck,
        AftercareContact,
        DwellingOffer,
        MatchingRun,
        Proposal,
        Uitstromer,
    )
    from bwmo.placements.models import Placement

    return (
        tuple(Uitstromer.objects.order_by("pk").values_list("pk", "status")),
        tuple(Proposal.objects.order_by("pk").values_list("pk", "status")),
        tuple(DwellingOffer.objects.order_by("pk").values_list("pk", "status")),
        tuple(Placement.objects.order_by("pk").values_list("pk", "end_date")),
        MatchingRun.objects.count(), Aftercare.objects.count(), AftercareContact.objects.count(),
        AftercareCheck.objects.count(),
    )


def shows_client(response, scenario: Scenario) -> bool:  # type: ignore[no-untyped-def]
    body = response.content.decode(errors="replace")
    name = scenario.client.full_name
    return name in body or escape(name) in body


@pytest.fixture
def scenario(region):  # type: ignore[no-untyped-def]
    return build_scenario(region)


@pytest.mark.parametrize("route_name", sorted(CLIENT_POSTS))
@pytest.mark.parametrize("user_key", sorted(ALL_USERS))
def test_client_post_route_for_role(client, scenario, route_name, user_key):
    rule = CLIENT_POSTS[route_name]
    user = scenario.users[user_key]
    url = reverse(route_name, kwargs=rule.kwargs(scenario))
    data = rule.valid(scenario, user_key)
    client.force_login(user)
    before = client_data_state()
    logged = AccessLogEntry.objects.filter(user=user).count()
    logged_changes = AccessLogEntry.objects.filter(user=user).exclude(
        action__in=["denied", "view"]).count()

    response = client.post(url, data)

    if user_key in rule.allowed:
        assert response.status_code == rule.ok, (
            f"{user_key} should be able to post to {route_name}: "
            f"{response.content.decode(errors='replace')[:2000]}"
        )
        assert client_data_state() != before, f"{route_name} changed nothing for {user_key}"
        # the service that changed the data wrote its access-log entry (issue 8: a change could
        # lose its entry without any test failing)
        written = AccessLogEntry.objects.filter(user=user).exclude(action__in=["denied", "view"])
        assert written.count() > logged_changes, f"{route_name} wrote no access-log entry"
    else:
        assert response.status_code in (403, 404), f"{user_key} may not post to {route_name}"
        assert client_data_state() == before, f"{user_key} changed client data via {route_name}"
        assert not shows_client(response, scenario)
        assert AccessLogEntry.objects.filter(user=user).exclude(action="denied").count() == logged
        # the refused attempt itself is logged (audit.middleware), without showing anything
        assert AccessLogEntry.objects.filter(user=user, action="denied").count() == 1


@pytest.mark.parametrize(
    "route_name", sorted(name for name, rule in CLIENT_POSTS.items() if rule.invalid is not None)
)
def test_a_form_sent_back_with_errors_changes_nothing_and_is_logged(client, scenario, route_name):
    rule = CLIENT_POSTS[route_name]
    assert rule.invalid is not None
    url = reverse(route_name, kwargs=rule.kwargs(scenario))
    for user_key in sorted(rule.allowed):
        user = scenario.users[user_key]
        client.force_login(user)
        before = client_data_state()
        logged = AccessLogEntry.objects.filter(user=user, client=scenario.client).count()

        response = client.post(url, rule.invalid)

        assert response.status_code == 200, f"{user_key}: {route_name} should show the errors"
        assert "Er is iets niet goed ingevuld" in response.content.decode()
        assert client_data_state() == before
        assert shows_client(response, scenario)
        assert AccessLogEntry.objects.filter(user=user, client=scenario.client).count() > logged, (
            f"{route_name} showed the client again without an access-log entry"
        )


@pytest.mark.parametrize("user_key", sorted(ALL_USERS))
def test_a_bsn_search_shows_the_client_only_to_users_who_may_see_it(client, scenario, user_key):
    user = scenario.users[user_key]
    client.force_login(user)

    response = client.post(reverse("clients:search"), {"q": scenario.client.bsn})

    body = response.content.decode()
    assert scenario.client.bsn not in body
    logged = AccessLogEntry.objects.filter(user=user, client=scenario.client)
    if user_key in PLACEMENT_VIEWERS:
        assert response.status_code == 200 and shows_client(response, scenario)
        assert logged.count() == 1
        assert scenario.client.bsn not in logged.get().path
    else:
        assert response.status_code in (200, 403, 404)
        assert not shows_client(response, scenario)
        assert not logged.exists()
