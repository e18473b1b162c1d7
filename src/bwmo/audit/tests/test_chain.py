"""The hash chain and `bwmo verify-access-log`: each kind of tampering via raw SQL is found."""

import itertools
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

import pytest

from bwmo.audit import chain
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.models import AccessLogEntry
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.audit.triggers import TABLE, create_triggers, drop_triggers
from bwmo.testing.factories import ClientFactory


@pytest.fixture
def entries(consulent_rheden, rheden):
    clients = [ClientFactory(registration_municipality=rheden) for _ in range(3)]
    first = access_log_write(user=consulent_rheden, action=AccessAction.VIEW,
                             purpose=Purpose.CASE_WORK, client=clients[0])
    access_log_write_many(user=consulent_rheden, clients=clients, action=AccessAction.SEARCH,
                          purpose=Purpose.CASE_WORK)
    access_log_write(user=consulent_rheden, action=AccessAction.UPDATE,
                     purpose=Purpose.CASE_WORK, client=clients[1], detail="Adres gewijzigd")
    return list(AccessLogEntry.objects.filter(pk__gte=first.pk).order_by("id"))


def _raw(sql: str, params: list[object] | None = None) -> None:
    """Tamper as someone with database access would: lift the triggers, change, recreate."""
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
    create_triggers(connection)


def _verify_fails() -> str:
    with pytest.raises(CommandError) as caught:
        call_command("verify-access-log")
    return str(caught.value)


def test_an_untouched_log_verifies(entries, capsys):
    previous = AccessLogEntry.objects.filter(pk__lt=entries[0].pk).order_by("-id").first()
    assert entries[0].prev_hash == (previous.hash if previous else "")
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    call_command("verify-access-log")
    assert "Toegangslog in orde" in capsys.readouterr().out


def test_a_changed_entry_is_found(entries, capsys):
    _raw(f"UPDATE {TABLE} SET username = 'iemand.anders' WHERE id = %s", [entries[2].pk])
    _verify_fails()
    err = capsys.readouterr().err
    assert f"regel {entries[2].pk}" in err and "gewijzigd" in err


def test_a_deleted_entry_is_found(entries, capsys):
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [entries[1].pk])
    _verify_fails()
    assert f"regel {entries[2].pk}" in capsys.readouterr().err


def test_a_backdated_insert_is_found(entries, capsys):
    last = entries[-1]
    backdated = timezone.now() - timedelta(days=400)
    values = {name: "" for name in chain.HASHED_FIELDS}
    values.update(at=backdated, username=last.username, action="view", purpose="case_work",
                  user_id=last.user_id, client_id=last.client_id, origin=None)
    forged_hash = chain.entry_hash(last.hash, values)  # even with a correctly computed link
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (at, username, role, organisation, on_behalf_of, object_type, "
            "object_id, action, purpose, reason, criteria, path, detail, prev_hash, hash, "
            "user_id, client_id) VALUES (%s, %s, '', '', '', '', '', 'view', 'case_work', '', '', "
            "'', '', %s, %s, %s, %s)",
            [backdated, last.username, last.hash, forged_hash, last.user_id, last.client_id],
        )
    _verify_fails()
    assert "teruggedateerd" in capsys.readouterr().err


def test_an_insert_without_a_link_is_found(entries, capsys):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (at, username, role, organisation, on_behalf_of, object_type, "
            "object_id, action, purpose, reason, criteria, path, detail, prev_hash, hash) VALUES "
            "(%s, 'ingevoegd', '', '', '', '', '', 'view', 'case_work', '', '', '', '', '', '')",
            [timezone.now()],
        )
    _verify_fails()
    assert "schakel" in capsys.readouterr().err


def test_a_dropped_trigger_is_found(entries, capsys):
    drop_triggers(connection)
    try:
        _verify_fails()
        assert "beveiliging van de tabel ontbreekt" in capsys.readouterr().err
    finally:
        create_triggers(connection)
    call_command("verify-access-log")


def test_a_changed_and_rehashed_entry_breaks_the_next_link(entries, capsys):
    """Recomputing the hash of the changed entry itself does not help: the next one still links
    to the old hash."""
    target = entries[1]
    values = {name: getattr(target, name) for name in chain.HASHED_FIELDS}
    values["username"] = "iemand.anders"
    _raw(f"UPDATE {TABLE} SET username = %s, hash = %s WHERE id = %s",
         ["iemand.anders", chain.entry_hash(target.prev_hash, values), target.pk])
    _verify_fails()
    assert f"regel {entries[2].pk}" in capsys.readouterr().err


def test_the_model_refuses_an_entry_written_around_the_service(consulent_rheden):
    with pytest.raises(PermissionError):
        AccessLogEntry(user=consulent_rheden, username="x", action="view",
                       purpose="case_work").save()
