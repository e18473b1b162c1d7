"""Shared fixtures: a small region with two member municipalities and a user per role."""

import os

import pytest

from bwmo.accounts.constants import Role
from bwmo.testing.factories import (
    ClientFactory,
    MunicipalityFactory,
    RegionFactory,
    consulent_for,
    user_with_role,
)


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
