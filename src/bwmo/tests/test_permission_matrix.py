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

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.testing.scenario import Scenario, build_scenario

ALL_USERS = frozenset({
    "consulent_own", "consulent_other", "ct_adviseur", "provider_own", "provider_other",
    "woningcorporatie", "beleid", "privacy_officer", "functioneel_beheer",
})
CASE_WORKERS = frozenset({"consulent_own", "ct_adviseur"})
PLACEMENT_VIEWERS = CASE_WORKERS | {"provider_own"}


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
}

OTHER_ROUTES: dict[str, str] = {
    "home": "start page, role menu only",
    "health": "liveness check",
    "accounts:login": "login form",
    "accounts:logout": "logout",
    "clients:create": "empty registration form; creating is tested in clients/tests",
    "audit:log": "access log: usernames and client numbers, privacy officer only (tested in audit)",
    "api-schema": "OpenAPI description",
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
    before = AccessLogEntry.objects.filter(user=user, client=subject).count()

    response = client.get(url)

    body = response.content.decode()
    shown = scenario.client.full_name in body or f'"surname":"{scenario.client.surname}"' in body
    if user_key in rule.allowed:
        assert response.status_code == 200, f"{user_key} should open {route_name}"
        assert shown, f"{user_key} should see the client on {route_name}"
        if rule.logs:
            after = AccessLogEntry.objects.filter(user=user, client=subject).count()
            assert after > before, f"{route_name} did not write an access-log entry"
    else:
        assert response.status_code in (200, 403, 404)
        assert not shown, f"{user_key} must not see the client on {route_name}"
        assert AccessLogEntry.objects.filter(user=user, client=subject).count() == before
