"""Connection settings that the product relies on, checked on the real database."""

from django.db import connection

import pytest


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_runs_the_requests_queries_without_jit_compilation() -> None:
    """JIT compiling cost 170-260 ms of a scoped count of 850 ms at national size (docs/api.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
