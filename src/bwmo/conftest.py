"""Shared fixtures: a small region with two member municipalities and a user per role."""

import os

import pytest
from hypothesis import HealthCheck, settings

from bwmo.accounts.constants import Role
from bwmo.testing.factories import (
    ClientFactory,
    MunicipalityFactory,
    RegionFactory,
    consulent_for,
    user_with_role,
)

# Property tests judge the rules, not the machine: on a loaded CI machine slow input generation
# is not a failure. The number of examples stays each test's own.
settings.register_profile("bwmo", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("bwmo")


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Tests marked `postgres` skip on SQLite, except in CI's PostgreSQL run where they must run."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("BWMO_REQUIRE_POSTGRES"):
        raise pytest.UsageError("BWMO_REQUIRE_POSTGRES is set but the database is not PostgreSQL")
    skip = pytest.mark.skip(reason="needs PostgreSQL (runs in .ci/run's PostgreSQL pass)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):  # type: ignore[no-untyped-def]
    """`client.force_login(user)` also passes the second factor (see bwmo/testing/auth.py)."""
    from django.test import Client

    from bwmo.testing.auth import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _access_log_triggers(request):  # type: ignore[no-untyped-def]
    """Keep the append-only triggers in place during every test. A transactional test's tables
    are flushed afterwards (SQLite: DELETE, PostgreSQL: TRUNCATE), which the triggers refuse, so
    they are lifted just for that flush."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = bool({"transactional_db", "live_server"} & names) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if not (transactional or marker or "db" in names):
        yield
        return
    from django.db import connection

    from bwmo.audit.triggers import create_triggers, drop_triggers

    request.getfixturevalue("transactional_db" if transactional else "db")
    create_triggers(connection)
    yield
    if transactional:
        drop_triggers(connection)


@pytest.fixture
def arnhem(db):  # type: ignore[no-untyped-def]
    return MunicipalityFactory(code="GM0202", name="Arnhem", inhabitants=165770)


@pytest.fixture
def region(arnhem):  # type: ignore[no-untyped-def]
    rheden = MunicipalityFactory(code="GM0275", name="Rheden", inhabitants=43570)
    renkum = MunicipalityFactory(code="GM0274", name="Renkum", inhabitants=31461)
    return RegionFactory(
        slug="centraal-gelderland", name="Centraal Gelderland", centrumgemeente=arnhem,
        members=[rheden, renkum],
    )


@pytest.fixture
def rheden(region):  # type: ignore[no-untyped-def]
    return region.municipalities.get(code="GM0275")


@pytest.fixture
def renkum(region):  # type: ignore[no-untyped-def]
    return region.municipalities.get(code="GM0274")


@pytest.fixture
def consulent_rheden(rheden):  # type: ignore[no-untyped-def]
    return consulent_for(rheden, username="consulent.rheden")


@pytest.fixture
def consulent_renkum(renkum):  # type: ignore[no-untyped-def]
    return consulent_for(renkum, username="consulent.renkum")


@pytest.fixture
def client_rheden(rheden):  # type: ignore[no-untyped-def]
    return ClientFactory(registration_municipality=rheden, given_names="Jan", surname="Jansen")


@pytest.fixture
def users_by_role(region):  # type: ignore[no-untyped-def]
    return {role: user_with_role(role, region) for role in Role}


from bwmo.testing.browser import browser, page  # noqa: E402,F401  (fixtures)


@pytest.fixture(autouse=True)
def _no_bsn_in_logs():  # type: ignore[no-untyped-def]
    """Fail any test whose log lines contain a 9-digit number passing the 11-proef (a BSN)."""
    import logging

    from bwmo.testing.logscan import BsnScanHandler

    handler = BsnScanHandler()
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(min(previous_level or logging.WARNING, logging.INFO))
    yield handler
    root.removeHandler(handler)
    root.setLevel(previous_level)
    assert not handler.offending, f"BSN-like number in a log line: {handler.offending}"
