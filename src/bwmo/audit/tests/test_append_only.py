from django.db import DatabaseError, connection, transaction

import pytest

from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.models import AccessLogEntry
from bwmo.audit.services import access_log_write


@pytest.fixture
def entry(consulent_rheden, client_rheden):
    return access_log_write(user=consulent_rheden, action=AccessAction.VIEW,
                            purpose=Purpose.CASE_WORK, client=client_rheden)


def test_entries_cannot_be_changed_through_the_model(entry):
    entry.detail = "anders"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_database_refuses_updates_and_deletes(entry):
    table = AccessLogEntry._meta.db_table
    for sql in (f"UPDATE {table} SET detail = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.all().update(detail="x")
    assert AccessLogEntry.objects.get(pk=entry.pk).detail == ""


def test_the_entry_keeps_a_snapshot_of_role_and_organisation(entry, consulent_rheden):
    assert entry.role == "Wmo-consulent"
    assert entry.organisation == str(consulent_rheden.organisation)
    assert entry.username == "consulent.rheden"
