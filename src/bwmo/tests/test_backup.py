"""scripts/backup.sh and scripts/restore.sh on PostgreSQL: dump, restore into a scratch database,
verify row counts and checksums, and call `bwmo verify-access-log` when it exists."""

import os
import subprocess
from pathlib import Path

from django.db import connection

import pytest

from bwmo.testing.factories import ClientFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own scripts, fixed arguments)
        [str(a) for a in args], env={**os.environ, **env}, capture_output=True, text=True,
        timeout=300,
    )


@pytest.fixture
def scratch():  # type: ignore[no-untyped-def]
    name = f"bwmo_restore_test_{os.getpid()}"
    admin = _url("postgres")
    _run("psql", "-X", "-q", admin, "-c", f"DROP DATABASE IF EXISTS {name}")
    _run("psql", "-X", "-q", admin, "-c", f"CREATE DATABASE {name}")
    yield _url(name)
    _run("psql", "-X", "-q", admin, "-c", f"DROP DATABASE IF EXISTS {name}")


@pytest.fixture
def backup(tmp_path, rheden):  # type: ignore[no-untyped-def]
    for _ in range(3):
        ClientFactory(registration_municipality=rheden)
    result = _run(SCRIPTS / "backup.sh", tmp_path, DATABASE_URL=_url(connection.settings_dict["NAME"]))
    assert result.returncode == 0, result.stderr
    dump = Path(result.stdout.strip())
    assert dump.exists() and oct(dump.stat().st_mode)[-3:] == "600"
    counts = dict(line.split("\t") for line in dump.with_suffix(".counts").read_text().splitlines())
    assert counts["clients_client"] == "3"
    return dump


def test_backup_restores_into_a_scratch_database_with_the_same_rows(backup, scratch):
    result = _run(SCRIPTS / "restore.sh", backup, scratch)
    assert result.returncode == 0, result.stderr
    assert "row counts match" in result.stderr and "restore: OK" in result.stdout


def test_a_missing_row_in_the_restore_fails_the_check(backup, scratch):
    assert _run(SCRIPTS / "restore.sh", backup, scratch).returncode == 0
    _run("psql", "-X", "-q", scratch, "-c",
         "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)")
    result = _run(SCRIPTS / "restore.sh", "--verify-only", backup, scratch)
    assert result.returncode == 1 and "row counts differ" in result.stderr


def test_a_changed_backup_file_fails_the_checksum(backup, scratch):
    with backup.open("ab") as handle:
        handle.write(b"x")
    result = _run(SCRIPTS / "restore.sh", backup, scratch)
    assert result.returncode == 1 and "checksum mismatch" in result.stderr


def test_restore_refuses_a_database_that_is_not_empty(backup, scratch):
    assert _run(SCRIPTS / "restore.sh", backup, scratch).returncode == 0
    result = _run(SCRIPTS / "restore.sh", backup, scratch)
    assert result.returncode == 2 and "not empty" in result.stderr


def test_the_access_log_chain_is_verified_when_the_command_exists(backup, scratch, tmp_path):
    """A `bwmo` whose verify-access-log reports a broken link makes the restore fail."""
    fake = tmp_path / "bwmo"
    fake.write_text('#!/bin/sh\n[ "$1" = help ] && exit 0\n'
                    'echo "first broken link: entry 7" >&2; exit 1\n')
    fake.chmod(0o755)
    result = _run(SCRIPTS / "restore.sh", backup, scratch, BWMO=str(fake))
    assert result.returncode == 1 and "hash chain does not verify" in result.stderr
