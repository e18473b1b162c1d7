"""The permission matrix: every route, every role.

Each URL pattern of the project must appear in exactly one of the two tables below:
- `CLIENT_ROUTES`: routes that show or change a client's personal data. For each, the users that
  may open it (keys of `Scenario.users`) get 200 and an access-log entry naming the client; every
  other user gets 404 (or 403), never the data.
- `OTHER_ROUTES`: routes without client data, with the reason.
A new route without a rule fails `test_every_route_has_a_rule`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.testing.scenario import Scenario, build_scenario

ALL_USERS = frozenset({
    "consulent_own", "consulent_other", "ct_adviseur", "provider_own", "provider_other",
    "woningcorporatie", "beleid", "privacy_officer", "functioneel_beheer",
})
CASE_WORKERS = frozenset({"consulent_own", "ct_adviseur"})
PLACEMENT_VIEWERS = CASE_WORKERS | {"provider_own"}
UITSTROOM_VIEWERS = frozenset({"provider_own", "ct_adviseur"})  # the provider and the transfer point


@dataclass(frozen=True)
class ClientRoute:
    kwargs: Callable[[Scenario], dict[str, object]]
    allowed: frozenset[str]
    client: Callable[[Scenario], object] = lambda s: s.client
    logs: bool = True  # a GET by an allowed user writes an access-log entry for the client
    query: str = ""
    extra: dict[str, object] = field(default_factory=dict)


CLIENT_ROUTES: dict[str, ClientRoute] = {
    "clients:detail": ClientRoute(lambda s: {"pk": s.client.pk}, PLACEMENT_VIEWERS),
    "clients:edit": ClientRoute(lambda s: {"pk": s.client.pk}, CASE_WORKERS),
    "clients:search": ClientRoute(
        lambda s: {}, PLACEMENT_VIEWERS, query="?q={surname}"
    ),
    "clients-api:detail": ClientRoute(lambda s: {"pk": s.client.pk}, PLACEMENT_VIEWERS),
    "clients-api:list": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS, query="?q={surname}"),
    # duplicate registrations: a second registration of the scenario client (see _duplicate_of)
    "clients:duplicates": ClientRoute(lambda s: _duplicate_of(s) and {}, CASE_WORKERS),
    "clients:compare": ClientRoute(
        lambda s: {"first": s.client.pk, "second": _duplicate_of(s).pk}, CASE_WORKERS
    ),
    # a registration whose BSN exists outside the registrant's scope (see _bsn_referral)
    "clients:bsn-referrals": ClientRoute(lambda s: _bsn_referral(s) and {},
                                         frozenset({"ct_adviseur"})),
    "clients:bsn-referral": ClientRoute(lambda s: {"pk": _bsn_referral(s).pk},
                                        frozenset({"ct_adviseur"})),
    "clients:unmerge": ClientRoute(lambda s: {"pk": _merged_into_client(s).pk}, CASE_WORKERS),
    # the dossier (clients.dossier): full case access only
    "clients:contact-details": ClientRoute(lambda s: {"pk": s.client.pk}, CASE_WORKERS),
    "clients:relation-create": ClientRoute(lambda s: {"pk": s.client.pk}, CASE_WORKERS),
    "clients:relation-edit": ClientRoute(
        lambda s: {"pk": s.client.pk, "relation_pk": _relation_of(s).pk}, CASE_WORKERS
    ),
    "clients:relation-remove": ClientRoute(
        lambda s: {"pk": s.client.pk, "relation_pk": _relation_of(s).pk}, CASE_WORKERS
    ),
    "clients:note-create": ClientRoute(lambda s: {"pk": s.client.pk}, CASE_WORKERS),
    "clients:document-upload": ClientRoute(lambda s: {"pk": s.client.pk}, CASE_WORKERS),
    "clients:document-download": ClientRoute(
        lambda s: {"pk": s.client.pk, "document_pk": _document_of(s).pk}, CASE_WORKERS
    ),
    # klantreis (journeys): the scenario melding is open, at Rheden, with an open advice request
    "journeys:worklist": ClientRoute(lambda s: {}, CASE_WORKERS),
    "journeys:decisions": ClientRoute(lambda s: {}, CASE_WORKERS),
    "journeys:decisions-export": ClientRoute(lambda s: {}, CASE_WORKERS, query="?formaat=csv"),
    "journeys:advice-queue": ClientRoute(lambda s: {}, frozenset({"ct_adviseur"})),
    # under regional mandate, with the aanvraag on record (see _awaiting_decision)
    "journeys:awaiting-decision": ClientRoute(
        lambda s: _awaiting_decision(s), frozenset({"ct_adviseur"})
    ),
    "journeys:advice-answer": ClientRoute(lambda s: {"pk": s.advice.pk}, frozenset({"ct_adviseur"})),
    "journeys:client-melding-create": ClientRoute(lambda s: {"client_pk": s.client.pk}, CASE_WORKERS),
    "journeys:melding-detail": ClientRoute(lambda s: {"pk": s.melding.pk}, CASE_WORKERS),
    "journeys:melding-dates": ClientRoute(lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})),
    "journeys:my-cases": ClientRoute(
        lambda s: _owned_by(s, "consulent_own") and {}, frozenset({"consulent_own"})
    ),
    "journeys:melding-case-owner": ClientRoute(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})
    ),
    "journeys:melding-withdraw": ClientRoute(lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})),
    "journeys:melding-suspension": ClientRoute(lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})),
    "journeys:melding-extension": ClientRoute(lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})),
    "journeys:advice-request": ClientRoute(lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})),
    "journeys:toets-create": ClientRoute(lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})),
    "journeys:beschikking-create": ClientRoute(
        lambda s: {"pk": s.melding.pk}, frozenset({"consulent_own"})
    ),
    "journeys:toets-detail": ClientRoute(lambda s: {"pk": s.toets.pk}, CASE_WORKERS),
    "journeys:beschikking-detail": ClientRoute(lambda s: {"pk": s.beschikking.pk}, CASE_WORKERS),
    "journeys:beschikking-letter": ClientRoute(lambda s: {"pk": s.beschikking.pk}, CASE_WORKERS),
    "journeys:melding-receipt": ClientRoute(lambda s: {"pk": s.melding.pk}, CASE_WORKERS),
    # follow-ups (issue 7): a bezwaar against the scenario beschikking (see _bezwaar); the
    # beschikking ends 30-09-2027 and the placement started 01-10-2026, hence the peildatums
    "followups:bezwaar-list": ClientRoute(lambda s: _bezwaar(s) and {}, CASE_WORKERS),
    "followups:bezwaar-detail": ClientRoute(lambda s: {"pk": _bezwaar(s).pk}, CASE_WORKERS),
    "followups:bezwaar-create": ClientRoute(
        lambda s: {"pk": s.beschikking.pk}, frozenset({"consulent_own"})
    ),
    # crisisopvang at once: the scenario placement has ended (see _crisis_ready)
    "followups:crisis-create": ClientRoute(lambda s: _crisis_ready(s), CASE_WORKERS),
    # 18-/18+: the scenario client made a minor who turns 18 on 01-03-2027
    "followups:youth-list": ClientRoute(lambda s: _minor(s), CASE_WORKERS,
                                        query="?peildatum=2026-12-01"),
    "followups:herindicatie-list": ClientRoute(lambda s: {}, CASE_WORKERS,
                                               query="?peildatum=2027-08-01"),
    "followups:review-list": ClientRoute(lambda s: {}, CASE_WORKERS, query="?peildatum=2027-04-01"),
    "followups:review-create": ClientRoute(lambda s: {"pk": s.placement.pk}, CASE_WORKERS),
    # capacity and placements (issue #4): the scenario placement is open at the provider's location
    "placements:list": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS),
    # the same list as a CSV/Excel file: behind re-authentication, every client logged
    "placements:list-export": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS, query="?formaat=csv"),
    "placements:waiting_list-export": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS,
                                                  query="?formaat=csv"),
    "placements:waiting_list": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS),
    # the beschikking (ending 30-09-2027) has run out on this peildatum: a signal for the placement
    "placements:signals": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS, query="?peildatum=2027-12-01"),
    "placements:detail": ClientRoute(lambda s: {"pk": s.placement.pk}, PLACEMENT_VIEWERS),
    "placements:end": ClientRoute(lambda s: {"pk": s.placement.pk}, PLACEMENT_VIEWERS),
    "placements:doorstroom": ClientRoute(lambda s: {"pk": s.placement.pk}, PLACEMENT_VIEWERS),
    "placements:housing": ClientRoute(lambda s: {"pk": s.placement.pk}, PLACEMENT_VIEWERS),
    "placements:waiting_place": ClientRoute(lambda s: {"pk": s.waiting.pk}, PLACEMENT_VIEWERS),
    "placements:waiting_remove": ClientRoute(lambda s: {"pk": s.waiting.pk}, CASE_WORKERS),
    "placements:beschikking_place": ClientRoute(
        lambda s: {"pk": s.beschikking.pk}, PLACEMENT_VIEWERS
    ),
    "placements:beschikking_waiting": ClientRoute(lambda s: {"pk": s.beschikking.pk}, CASE_WORKERS),
    "placements-api:list": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS),
    # API (issue #12): the same scope as the screens
    "api:meldingen": ClientRoute(lambda s: {}, CASE_WORKERS),
    "api:melding": ClientRoute(lambda s: {"pk": s.melding.pk}, CASE_WORKERS),
    "api:beschikkingen": ClientRoute(lambda s: {}, CASE_WORKERS),
    "api:beschikking": ClientRoute(lambda s: {"pk": s.beschikking.pk}, CASE_WORKERS),
    "api:wachtlijst": ClientRoute(lambda s: {}, PLACEMENT_VIEWERS),
    "capacity:location_detail": ClientRoute(lambda s: {"pk": s.location.pk}, PLACEMENT_VIEWERS),
    # iWmo (issue #12): a WMO315 request of the scenario provider for the client, to Rheden
    "iwmo:verzoeken": ClientRoute(lambda s: _verzoek_of(s) and {}, frozenset({"consulent_own"})),
    "iwmo:verzoek-answer": ClientRoute(
        lambda s: {"pk": _verzoek_of(s).pk}, frozenset({"consulent_own"})
    ),
    # outflow and housing (issue 10): the scenario placement's client is an uitstromer, matched
    # with a dwelling of the scenario woningcorporatie (see _proposal); the association sees a
    # candidate only from the uitstroomtafel's confirmation on, and only the housing needs
    "housing:uitstromers": ClientRoute(lambda s: _uitstromer(s) and {}, UITSTROOM_VIEWERS),
    "housing:uitstromer-detail": ClientRoute(lambda s: {"pk": _uitstromer(s).pk}, UITSTROOM_VIEWERS),
    "housing:uitstromer-withdraw": ClientRoute(
        lambda s: {"pk": _uitstromer(s).pk}, frozenset({"provider_own"})
    ),
    "housing:uitstromer-create": ClientRoute(
        lambda s: {"placement_pk": s.placement.pk}, frozenset({"provider_own"})
    ),
    "housing:matching": ClientRoute(lambda s: _proposal(s, "proposed") and {}, frozenset({"ct_adviseur"})),
    "housing:uitstroomtafel": ClientRoute(
        lambda s: _proposal(s, "proposed") and {}, frozenset({"ct_adviseur"})
    ),
    "housing:proposal": ClientRoute(
        lambda s: {"pk": _proposal(s, "confirmed").pk}, UITSTROOM_VIEWERS | {"woningcorporatie"}
    ),
    "housing:candidates": ClientRoute(
        lambda s: _proposal(s, "confirmed") and {}, frozenset({"woningcorporatie"})
    ),
    "housing:outflow-register": ClientRoute(
        lambda s: {"pk": _proposal(s, "accepted").pk}, frozenset({"provider_own"})
    ),
    "housing:aftercare-list": ClientRoute(lambda s: _aftercare(s) and {}, UITSTROOM_VIEWERS),
    "housing:aftercare": ClientRoute(lambda s: {"pk": _aftercare(s).pk}, UITSTROOM_VIEWERS),
}


def _uitstromer(s: Scenario):  # type: ignore[no-untyped-def]
    """The scenario client registered as uitstromer by its provider."""
    from datetime import date
    from decimal import Decimal

    from bwmo.housing.models import Uitstromer

    uitstromer, created = Uitstromer.objects.get_or_create(placement=s.placement, defaults={
        "ready_on": date(2026, 11, 1), "household_size": 1, "max_rent": Decimal("700.00"),
        "needs": ["ground_floor"], "support_after": "Ambulante begeleiding",
        "registered_by": s.users["provider_own"],
    })
    if created:
        uitstromer.preferred_municipalities.set([s.municipality])
    return uitstromer


def _proposal(s: Scenario, status: str):  # type: ignore[no-untyped-def]
    """A matching run that proposed a dwelling of the scenario association for the client."""
    from datetime import date
    from decimal import Decimal

    from bwmo.housing.models import DwellingOffer, MatchingRun, Neighbourhood, Proposal

    association = s.users["woningcorporatie"].organisation.housing_association
    neighbourhood = Neighbourhood.objects.get_or_create(
        code="BU02750101", defaults={"name": "Velp-Noord", "municipality": s.municipality})[0]
    offer = DwellingOffer.objects.create(
        association=association, neighbourhood=neighbourhood, address="Stationsstraat 1",
        rooms=2, max_household=2, rent=Decimal("600.00"), features=["ground_floor"],
        available_on=date(2026, 11, 1), status="proposed", offered_by=s.users["woningcorporatie"],
    )
    run = MatchingRun.objects.create(
        region=s.region, run_by=s.users["ct_adviseur"], n_uitstromers=1, n_dwellings=1, housed=1,
        housed_preferred=1, optimal=True, gap=0.0, method="flow", seconds=0.1,
    )
    return Proposal.objects.create(run=run, uitstromer=_uitstromer(s), dwelling=offer, status=status,
                                   explanation="Past: begane grond.", step_since=date(2026, 11, 2))


def _aftercare(s: Scenario):  # type: ignore[no-untyped-def]
    """The client moved out yesterday into the proposed dwelling."""
    from datetime import timedelta

    from django.utils import timezone

    from bwmo.housing.models import Aftercare

    yesterday = timezone.localdate() - timedelta(days=1)
    s.placement.end_date = yesterday - timedelta(days=1)
    s.placement.outflow_destination = "independent_housing"
    s.placement.save()
    return Aftercare.objects.create(proposal=_proposal(s, "housed"), placement=s.placement,
                                    outflow_on=yesterday, contacts_total=10)


def _verzoek_of(s: Scenario):  # type: ignore[no-untyped-def]
    from bwmo.iwmo.models import Bericht, Verzoek

    bericht = Bericht.objects.create(
        direction="in", kind="WMO315", identificatie="V1", dagtekening=s.melding.reported_on,
        sender="12345678", receiver="0275", provider=s.provider, municipality=s.municipality,
        client=s.client, content="<Bericht/>", applied=True,
    )
    return Verzoek.objects.create(
        bericht=bericht, kind="WMO315", provider=s.provider, municipality=s.municipality,
        client=s.client, client_name=s.client.full_name, referentie_aanbieder="REF-1",
        products=[{"code": "BW", "ingangsdatum": "2026-10-01"}],
    )

def _bsn_referral(s: Scenario):  # type: ignore[no-untyped-def]
    """The scenario client was registered with a BSN that a client of another region has."""
    from bwmo.clients.models import DuplicateReferral
    from bwmo.testing.factories import ClientFactory, MunicipalityFactory, RegionFactory

    existing = DuplicateReferral.objects.filter(new_client=s.client).first()
    if existing is not None:
        return existing
    elsewhere = RegionFactory(centrumgemeente=MunicipalityFactory(code="GM0193", name="Zwolle"))
    other = ClientFactory(registration_municipality=elsewhere.centrumgemeente)
    return DuplicateReferral.objects.create(new_client=s.client, existing_client=other,
                                            region=s.region, referred_by=s.users["consulent_own"])


def _duplicate_of(s: Scenario):  # type: ignore[no-untyped-def]
    """The scenario client registered a second time, without BSN, by the central access."""
    from bwmo.clients.constants import EventKind
    from bwmo.clients.models import ClientEvent
    from bwmo.testing.factories import ClientFactory

    duplicate = ClientFactory(
        given_names=s.client.given_names, surname=s.client.surname,
        date_of_birth=s.client.date_of_birth, registration_municipality=s.municipality,
        bsn_encrypted="", bsn_index=None, no_bsn_reason="not_registered",
    )
    ClientEvent.objects.create(client=duplicate, kind=EventKind.REGISTERED,
                               occurred_on=s.melding.reported_on, summary="Geregistreerd.",
                               actor=s.users["ct_adviseur"])
    return duplicate


def _crisis_ready(s: Scenario) -> dict[str, object]:
    """The scenario placement ended, so the client can be placed in crisisopvang."""
    from datetime import date

    s.placement.end_date = date(2026, 10, 31)
    s.placement.outflow_destination = "unknown"
    s.placement.save()
    return {"pk": s.melding.pk}


def _minor(s: Scenario) -> dict[str, object]:
    from datetime import date

    s.client.date_of_birth = date(2009, 3, 1)
    s.client.save(update_fields=["date_of_birth"])
    return {}


def _bezwaar(s: Scenario):  # type: ignore[no-untyped-def]
    from datetime import date

    from bwmo.followups.models import Bezwaar

    return Bezwaar.objects.get_or_create(
        beschikking=s.beschikking,
        defaults={"received_on": date(2026, 10, 15), "grounds": "Het product past niet."},
    )[0]


def _awaiting_decision(s: Scenario) -> dict[str, object]:
    """The scenario region mandates the central access; the melding has its aanvraag and toets."""
    from datetime import date

    from bwmo.regions.constants import DecisionMaker

    s.region.decision_maker = DecisionMaker.REGIONAL
    s.region.save(update_fields=["decision_maker"])
    s.melding.aanvraag_on = date(2026, 9, 10)
    s.melding.save(update_fields=["aanvraag_on"])
    return {}
def _owned_by(s: Scenario, user_key: str):  # type: ignore[no-untyped-def]
    """The scenario melding handled by that user (a case owner), so it is in "Mijn zaken"."""
    s.melding.case_owner = s.users[user_key]
    s.melding.save()
    return s.melding


def _relation_of(s: Scenario):  # type: ignore[no-untyped-def]
    """A contact person of the scenario client."""
    from bwmo.clients.models import ClientRelation

    return ClientRelation.objects.get_or_create(
        client=s.client, name="Jan Contact", defaults={"role": "contact", "phone": "0612345678"}
    )[0]


def _document_of(s: Scenario):  # type: ignore[no-untyped-def]
    """A PDF in the scenario client's dossier (its text names the client, so a download shows it)."""
    from django.core.files.base import ContentFile

    from bwmo.clients.models import ClientDocument

    document = ClientDocument.objects.filter(client=s.client).first()
    if document is None:
        content = f"%PDF-1.4 {s.client.full_name}".encode()
        document = ClientDocument(client=s.client, kind="other", title="Verslag",
                                  content_type="application/pdf", size=len(content),
                                  original_name="verslag.pdf", sha256="0" * 64,
                                  uploaded_by=s.users["consulent_own"])
        document.file.save("upload", ContentFile(content), save=True)
    return document


def _merged_into_client(s: Scenario):  # type: ignore[no-untyped-def]
    """An active merge of that second registration into the scenario client."""
    from bwmo.clients.merge import client_merge

    return client_merge(survivor=s.client, duplicate=_duplicate_of(s),
                        acting_user=s.users["consulent_own"], today=s.melding.reported_on)


OTHER_ROUTES: dict[str, str] = {
    "home": "start page, role menu only",
    "health": "liveness check",
    "accounts:login": "login form",
    "accounts:logout": "logout",
    # login, second factor and passwords (issue #8): only the user's own account (accounts/tests)
    "accounts:second-factor": "code step of the login, own account only",
    "accounts:enrol": "setting up the own authenticator app",
    "accounts:recovery-codes": "own recovery codes, shown once",
    "accounts:reauth": "password and code again before a bulk export",
    "accounts:password-change": "own password",
    "accounts:password-change-done": "confirmation, no data",
    "accounts:password-reset": "reset link by e-mail; same answer whether the address exists",
    "accounts:password-reset-sent": "confirmation, no data",
    "accounts:password-reset-confirm": "new password through a signed one-hour link",
    "accounts:password-reset-complete": "confirmation, no data",
    "accounts:oidc-login": "redirect to the identity provider; 404 when OIDC is off",
    "accounts:oidc-callback": "return from the identity provider; 404 when OIDC is off",
    "clients:create": "empty registration form; creating is tested in clients/tests",
    "audit:log": "access log: usernames and client numbers, privacy officer only (tested in audit)",
    "audit:client-export": "one client's log for an inzageverzoek, privacy officer only "
    "(audit/tests/test_export.py)",
    **{
        f"retention:{name}": "retention page: destruction proposals, legal holds and destruction "
        "requests of the region; privacy officer of the region only, others 404, every client "
        "shown and every decision logged (retention/tests/test_views.py)"
        for name in ("overview", "item-decide", "hold-place", "hold-lift", "request-register",
                     "request-decide")
    },
    "api-schema": "OpenAPI description",
    "finance:settlement": "woonplaatsbeginsel: amounts between municipalities, pseudonymised, "
    "no names; beleid and functioneel beheer only, others 404 (finance/tests)",
    "finance:settlement-export": "Excel of the same statement; same rule (finance/tests)",
    **{
        f"monitor:{name}": "kwartaalmonitor: aggregated figures only (no client, no pseudonym, "
        "counts below the threshold as < N); beleid and functioneel beheer of the region, "
        "others 404 (monitor/tests/test_views.py)"
        for name in ("dashboard", "export", "quality", "cohorts", "definitions")
    },
    **{
        f"finance:{name}": "finance screens: budgets, pot, realised cost, statements and "
        "scenarios per municipality, amounts and counts only, no client data; beleid of the "
        "region and its municipalities read (a municipality only its own statements), beleid "
        "of the region imports, issues and runs; others 404 (finance/tests/test_views.py)"
        for name in (
            "overview", "pot", "statements", "statement-download", "scenarios", "scenario",
            "scenario-export", "scenario-compare-export", "budget-import", "report-export",
            "pot-edit", "ingroeipad", "statements-export",
        )
    },
    "journeys:melding-create": "empty form for a new client and melding; tested in journeys/tests",
    "capacity:overview": "places, occupancy and waiting counts per location/product; no client data",
    "capacity:spreading": "places per 10,000 inhabitants per municipality; aggregated",
    "capacity:my_locations": "provider's own locations with counts only; no client data",
    "capacity:change": "capacity form, provider staff of that location only (capacity/tests)",
    **{
        f"contracts:{name}": "contract management: contracts, tariffs, quality and account talks "
        "of providers; no client data (counts only); beleid of the region edits, beleid of its "
        "municipalities reads, a provider sees its own; others 404 (contracts/tests/test_views)"
        for name in (
            "list", "create", "detail", "tariff-add", "exercise", "commitment-add",
            "commitment-update", "provider", "evidence-add", "inspection-add", "signal-add",
            "talk-create", "inspection-close", "signal-close", "talk", "action-add",
            "action-done", "experience-import",
        )
    },
    "api:capaciteit": "places and occupancy per location and product: counts, no client data "
    "(api/tests)",
    "maps:map": "map of the region's locations with their places and the choropleth of places "
    "per 10,000 inhabitants: places only, no client data; consulent, CT, beleid, woningcorporatie "
    "of the region, others 404 (maps/tests)",
    "partners:export-form": "partner export form and preview: aggregated counts, small-count "
    "suppressed; beleid only, others 404 (partners/tests)",
    "partners:export": "the same figures as CSV or Excel; same rule (partners/tests)",
    "basisinfrastructuur:overview": "basistakenpakket per municipality and suppressed inflow "
    "counts per 10,000 inhabitants; beleid only, others 404 (basisinfrastructuur/tests)",
    "basisinfrastructuur:detail": "one municipality's basistakenpakket; same rule "
    "(basisinfrastructuur/tests)",
    "basisinfrastructuur:edit": "edit form; beleid of that municipality only, others 404, a POST "
    "by anyone else changes nothing (basisinfrastructuur/tests/test_views.py)",
    "iwmo:portal": "provider's iWmo berichtenbox: message kinds, numbers and outcomes, no client "
    "names; provider staff only, others 404 (iwmo/tests/test_views.py)",
    "register_import:import": "taking over the centrumgemeente's register: upload, dry run and "
    "import; the screen shows row numbers, kenmerken and outcomes, no names; functioneel beheer of "
    "the region only, others 404 (GET and POST, register_import/tests/test_views.py); the import "
    "writes an access-log entry per client",
    "jobs:list": "Mijn taken: the user's own background jobs (kind, status, step, Dutch error; no "
    "client data), plus the region's for functioneel beheer (jobs/tests/test_views.py)",
    "jobs:detail": "one background job: status, progress, summary counts and a link to the "
    "result screen (which checks access and logs as always); only the user who started it and "
    "functioneel beheer of its region, others 404; GET only (jobs/tests/test_views.py)",
    "housing:offers": "dwelling offers: addresses, rents, features; no client data; the own "
    "association's or the region's for the transfer point, others 404 (housing/tests)",
    "housing:offer-create": "offer form, woningcorporatie only (housing/tests)",
    "housing:offer-withdraw": "withdrawing an own offer, no client data shown (housing/tests)",
    "housing:contingents": "contingents and their use: counts only; transfer point edits, an "
    "association reads its own (housing/tests)",
    "iwmo:download": "one iWmo message file of the provider's own box (XML with the BSN); own "
    "provider only, others 404, download logged (iwmo/tests/test_views.py)",
}


def _route_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # functioneel beheer: Django admin, staff only, holds no client models
            namespace = pattern.namespace or ""
            names |= _route_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_route_has_a_rule():
    names = _route_names()
    missing = names - set(CLIENT_ROUTES) - set(OTHER_ROUTES)
    assert not missing, f"Routes without a permission rule: {sorted(missing)}"
    stale = (set(CLIENT_ROUTES) | set(OTHER_ROUTES)) - names
    assert not stale, f"Rules for routes that no longer exist: {sorted(stale)}"
    assert not set(CLIENT_ROUTES) & set(OTHER_ROUTES)


def test_refused_requests_are_logged_on_every_route_with_client_data():
    """A refused attempt at a client route is written to the access log (audit.middleware), so
    every namespace with a client route must be one the middleware watches."""
    from bwmo.audit.middleware import CLIENT_NAMESPACES

    namespaces = {name.split(":")[0] for name in CLIENT_ROUTES}
    assert namespaces <= CLIENT_NAMESPACES, sorted(namespaces - CLIENT_NAMESPACES)


@pytest.fixture
def scenario(region):
    return build_scenario(region)


@pytest.mark.parametrize("route_name", sorted(CLIENT_ROUTES))
@pytest.mark.parametrize("user_key", sorted(ALL_USERS))
def test_client_route_for_role(client, scenario, route_name, user_key):
    rule = CLIENT_ROUTES[route_name]
    user = scenario.users[user_key]
    subject = rule.client(scenario)
    url = reverse(route_name, kwargs=rule.kwargs(scenario)) + rule.query.format(
        surname=scenario.client.surname
    )
    client.force_login(user)
    before = AccessLogEntry.objects.filter(
        user=user, client=subject).exclude(action="denied").count()

    response = client.get(url)

    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode(errors="replace")
    name = scenario.client.full_name  # HTML escapes e.g. the apostrophe in "van 't Wel"
    shown = (name in body or escape(name) in body
             or f'"surname":"{scenario.client.surname}"' in body)
    if user_key in rule.allowed:
        assert response.status_code == 200, f"{user_key} should open {route_name}"
        assert shown, f"{user_key} should see the client on {route_name}"
        if rule.logs:
            after = AccessLogEntry.objects.filter(user=user, client=subject).count()
            assert after > before, f"{route_name} did not write an access-log entry"
    else:
        assert response.status_code in (200, 403, 404)
        assert not shown, f"{user_key} must not see the client on {route_name}"
        read = AccessLogEntry.objects.filter(user=user, client=subject).exclude(action="denied")
        assert read.count() == before
        if response.status_code != 200:  # the refused attempt itself is logged (audit.middleware)
            assert AccessLogEntry.objects.filter(user=user, action="denied").exists()
