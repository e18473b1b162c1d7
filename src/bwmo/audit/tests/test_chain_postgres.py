"""PostgreSQL only: TRUNCATE is refused, and concurrent writers do not fork the chain."""

import threading

from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

import pytest

from bwmo.audit import chain
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.models import AccessLogEntry
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.audit.triggers import TABLE

pytestmark = [pytest.mark.postgres]


@pytest.mark.django_db
def test_truncate_is_refused(consulent_rheden, client_rheden):
    access_log_write(user=consulent_rheden, action=AccessAction.VIEW, purpose=Purpose.CASE_WORK,
                     client=client_rheden)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain(consulent_rheden, client_rheden):
    writers, rounds = 6, 15
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            barrier.wait(timeout=20)
            for n in range(rounds):
                if n % 5 == 4:
                    access_log_write_many(user=consulent_rheden, clients=[client_rheden] * 3,
                                          action=AccessAction.SEARCH, purpose=Purpose.CASE_WORK)
                else:
                    access_log_write(user=consulent_rheden, action=AccessAction.VIEW,
                                     purpose=Purpose.CASE_WORK, client=client_rheden,
                                     detail=f"schrijver {index}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    hashes = list(AccessLogEntry.objects.order_by("id").values_list("prev_hash", "hash"))
    assert len(hashes) == writers * (rounds - 3 + 3 * 3)
    assert len({prev for prev, _ in hashes}) == len(hashes)  # no two entries share a parent
    result = chain.verify()
    assert result.ok, result.breaks
    call_command("verify-access-log")
