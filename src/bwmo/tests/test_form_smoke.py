"""Bad input never gives an error page: spoiled submissions to every client-data form.

Each form of the klantreis, the client screens and the access log gets, as the user who may use
it, the submission it accepts with one field spoiled at a time — left out, or replaced by an empty
value, text, a negative or huge number, 0001-01-01 or 9999-12-31 — and then random examples that
spoil one or two fields (odd dates such as 30 February, unknown ids, the id of another region's
municipality or provider, random text and numbers). The answer is a page (with errors) or a
redirect, never a server error. Each post runs in a savepoint that is rolled back, so the scenario
is the same for the next one.
"""

from django.db import transaction
from django.urls import reverse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bwmo.testing.factories import MunicipalityFactory, ProviderFactory, RegionFactory
from bwmo.testing.scenario import Scenario, build_scenario

ODD_DATES = ["0001-01-01", "1899-12-31", "9999-12-31", "2026-02-30", "31-12-2025"]
ODD_VALUES = ["", "abc", "-1", "99999999999999999999", "1.5", "x" * 20_000, *ODD_DATES]
# Every field in turn gets each of these (and is left out once).
SWEEP = ["", "abc", "-1", "99999999999999999999", "0001-01-01", "9999-12-31", "x" * 20_000]
GARBAGE = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=20),
                    st.integers(min_value=-(10**20), max_value=10**20).map(str))


def sensible_forms(s: Scenario, elsewhere: dict[str, int]) -> dict[str, tuple[str, dict, dict]]:  # type: ignore[type-arg]
    """route → (user key, url kwargs, a submission that the form accepts)."""
    melding = {
        "track": "BW", "source": "huisarts", "reported_on": "2026-10-01",
        "municipality": s.municipality.pk, "origin_municipality": elsewhere["municipality"],
        "presenting_problems": "Psychose", "planned_start": "2026-12-01",
        "homelessness_cause": "",
    }
    person = {
        "given_names": "Noor", "surname_prefix": "", "surname": "Bakker",
        "date_of_birth": "1990-05-17", "bsn": "111222333", "no_bsn_reason": "",
        "origin_municipality": s.municipality.pk,
    }
    return {
        "journeys:melding-create": ("consulent_own", {}, {**person, **melding}),
        "journeys:client-melding-create": ("consulent_own", {"client_pk": s.client.pk}, melding),
        "journeys:melding-dates": ("consulent_own", {"pk": s.melding.pk}, {
            "aanvraag_on": "2026-09-08", "investigation_completed_on": "2026-09-20",
        }),
        "journeys:advice-request": ("consulent_own", {"pk": s.melding.pk},
                                    {"question": "Is groepswonen passend?"}),
        "journeys:advice-answer": ("ct_adviseur", {"pk": s.advice.pk}, {
            "recommendation": "Groepswonen", "reasoning": "Steun van medebewoners is nodig.",
        }),
        "journeys:toets-create": ("consulent_own", {"pk": s.melding.pk}, {
            "dutch_or_lawful_residence": "ja", "psychiatric_problems": "ja",
            "needs_supervision_nearby": "ja", "ambulant_support_sufficient": "nee",
            "acute_crisis": "nee", "lifelong_need": "nee", "primarily_treatment": "nee",
            "notes": "",
        }),
        "journeys:beschikking-create": ("consulent_own", {"pk": s.melding.pk}, {
            "outcome": "granted", "decided_on": "2026-09-20", "product": s.product.code,
            "financing": "zin", "provider": s.provider.pk, "start_date": "2026-10-01",
            "end_date": "2027-09-30", "pgb_contracted_supply_unsuitable": "",
            "pgb_budget_holder_available": "", "reason": "", "duration_motivation": "",
            "override_motivation": "",
        }),
        "clients:create": ("consulent_own", {}, person),
        "clients:edit": ("consulent_own", {"pk": s.client.pk}, {**person, "bsn": ""}),
        "clients:search": ("consulent_own", {}, {"q": s.client.surname, "date_of_birth": ""}),
        "audit:log": ("privacy_officer", {}, {
            "client_number": s.client.pk, "bsn": "", "username": "", "date_from": "2026-01-01",
            "date_to": "2026-12-31",
        }),
    }


def spoiled(sensible: dict[str, object], other_ids: list[int]) -> st.SearchStrategy[dict]:  # type: ignore[type-arg]
    """The sensible submission with one or two fields left out or replaced by bad input."""
    names = sorted(sensible)
    bad = st.one_of(GARBAGE, st.sampled_from(other_ids).map(str), st.none())

    def apply(changes: dict[str, object | None]) -> dict[str, object]:
        data = dict(sensible)
        for name, value in changes.items():
            if value is None:
                data.pop(name)
            else:
                data[name] = value
        return data

    return st.dictionaries(st.sampled_from(names), bad, min_size=1, max_size=2).map(apply)


ROUTES = [
    "journeys:melding-create", "journeys:client-melding-create", "journeys:melding-dates",
    "journeys:advice-request", "journeys:advice-answer", "journeys:toets-create",
    "journeys:beschikking-create", "clients:create", "clients:edit", "clients:search", "audit:log",
]


@pytest.fixture
def prepared(region):  # type: ignore[no-untyped-def]
    s = build_scenario(region)
    s.melding.aanvraag_on = s.advice.requested_on  # so the beschikking form gets far
    s.melding.save()
    s.provider.regions.add(region)
    other_region = RegionFactory(name="Elders")
    elsewhere = {
        "municipality": MunicipalityFactory(region=other_region).pk,
        "provider": ProviderFactory(name="Elders Zorg").pk,
    }
    return s, elsewhere, sensible_forms(s, elsewhere)


def post_and_roll_back(client, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


def _form(client, prepared, route_name: str):  # type: ignore[no-untyped-def]
    scenario, elsewhere, all_forms = prepared
    user_key, kwargs, sensible = all_forms[route_name]
    client.force_login(scenario.users[user_key])
    url = reverse(route_name, kwargs=kwargs)
    accepted = post_and_roll_back(client, url, sensible)  # the sensible submission is accepted
    assert accepted.status_code in (200, 302)
    assert "Er is iets niet goed ingevuld" not in accepted.content.decode()
    return url, sensible, [*elsewhere.values(), scenario.client.pk]


@pytest.mark.parametrize("route_name", ROUTES)
def test_one_bad_field_never_gives_a_server_error(client, prepared, route_name):
    url, sensible, _ = _form(client, prepared, route_name)
    for name in sorted(sensible):
        without = {key: value for key, value in sensible.items() if key != name}
        assert post_and_roll_back(client, url, without).status_code < 500, f"without {name}"
        for value in SWEEP:
            response = post_and_roll_back(client, url, {**sensible, name: value})
            assert response.status_code < 500, f"{name}={value[:30]!r}"


@pytest.mark.parametrize("route_name", ROUTES)
def test_random_bad_input_never_gives_a_server_error(client, prepared, route_name):
    url, sensible, other_ids = _form(client, prepared, route_name)

    @settings(max_examples=20, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=spoiled(sensible, other_ids))
    def post(data: dict[str, object]) -> None:
        assert post_and_roll_back(client, url, data).status_code < 500, data

    post()
