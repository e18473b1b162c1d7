"""The access log's hash chain: `hash = SHA-256(prev_hash ‖ canonical entry)`.

One chain over the whole table, in id order. Appending takes a lock on PostgreSQL (a
transaction-scoped advisory lock) so that two concurrent writers cannot both read the same last
hash and fork the chain; SQLite serialises writers itself. The lock is held until the writer's
transaction ends, which also keeps id order equal to commit order.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection

from .triggers import TABLE, expected_triggers, present_triggers

# Any constant; identifies "the access log chain" among PostgreSQL advisory locks.
ADVISORY_LOCK_KEY = 7513_0001
GENESIS = ""
HASHED_FIELDS = (
    "at", "user_id", "username", "role", "organisation", "on_behalf_of", "client_id",
    "object_type", "object_id", "action", "purpose", "reason", "criteria", "origin", "path",
    "detail",
)


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: dict[str, object]) -> str:
    """The entry as one deterministic string (sorted keys, UTC microsecond time)."""
    data = {name: values.get(name) for name in HASHED_FIELDS}
    data["at"] = _timestamp(values["at"])  # type: ignore[arg-type]
    for name in ("user_id", "client_id"):
        data[name] = None if data[name] is None else int(data[name])  # type: ignore[call-overload]
    for name in HASHED_FIELDS:
        if name not in ("at", "user_id", "client_id") and data[name] is None:
            data[name] = ""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, values: dict[str, object]) -> str:
    return hashlib.sha256(f"{prev_hash}|{canonical(values)}".encode()).hexdigest()


def lock_and_last_hash() -> str:
    """Take the chain lock (PostgreSQL; inside the caller's transaction) and return the hash of
    the last entry ('' for an empty log)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        cursor.execute(f"SELECT hash FROM {TABLE} ORDER BY id DESC LIMIT 1")  # noqa: S608 (constant)
        row = cursor.fetchone()
    return row[0] if row else GENESIS


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    problem: str


@dataclass(frozen=True)
class Verification:
    checked: int
    head: str
    breaks: list[Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def _rows(batch: int = 2000) -> Iterator[dict[str, object]]:
    from .models import AccessLogEntry

    fields = ("id", "prev_hash", "hash", *HASHED_FIELDS)
    last_id = 0
    while True:
        rows = list(
            AccessLogEntry.objects.filter(pk__gt=last_id).order_by("id").values(*fields)[:batch]
        )
        if not rows:
            return
        yield from rows
        last_id = rows[-1]["id"]  # type: ignore[assignment]


def verify(*, stop_at_first: bool = True) -> Verification:
    """Walk the chain in id order. Reports: a changed entry (its hash no longer matches), a
    removed entry (the next one's prev_hash names a hash that is not the previous entry's), an
    inserted entry without or with a wrong link, an entry dated before its predecessor, and a
    missing append-only trigger. Removing the newest entries leaves a shorter valid chain: compare
    the reported head and count with the ones kept from the previous run (docs/access-log.md)."""
    breaks: list[Break] = []
    missing = expected_triggers(connection) - present_triggers(connection)
    if missing:
        breaks.append(Break(None, "beveiliging van de tabel ontbreekt: " + ", ".join(sorted(missing))))
    prev_hash = GENESIS
    prev_at: datetime | None = None
    checked = 0
    for row in _rows():
        checked += 1
        entry_id = int(row["id"])  # type: ignore[call-overload]
        problem = ""
        if row["prev_hash"] != prev_hash:
            problem = ("de schakel naar de vorige regel klopt niet (regel verwijderd of "
                       "tussengevoegd)")
        elif entry_hash(str(row["prev_hash"]), row) != row["hash"]:
            problem = "de inhoud past niet bij de hash (regel gewijzigd)"
        elif prev_at is not None and row["at"] < prev_at:  # type: ignore[operator]
            problem = "tijdstip ligt voor dat van de vorige regel (teruggedateerd)"
        if problem:
            breaks.append(Break(entry_id, problem))
            if stop_at_first:
                break
        prev_hash = str(row["hash"])
        prev_at = row["at"]  # type: ignore[assignment]
    return Verification(checked=checked, head=prev_hash, breaks=breaks)

