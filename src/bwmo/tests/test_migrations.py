from io import StringIO

from django.core.management import call_command

import pytest


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"Models and migrations disagree:\n{out.getvalue()}") if exc.code else None
