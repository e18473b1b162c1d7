"""Database triggers that make the access log append-only (used by migrations and tests).

PostgreSQL: row triggers refuse UPDATE and DELETE, a statement trigger refuses TRUNCATE.
SQLite has no TRUNCATE; its row triggers refuse UPDATE and DELETE.
"""

TABLE = "audit_accesslogentry"
MESSAGE = "het toegangslog is alleen aan te vullen (append-only)"
PG_TRIGGERS = frozenset({"access_log_append_only", "access_log_no_truncate"})
SQLITE_TRIGGERS = frozenset({"access_log_no_update", "access_log_no_delete"})


def create_triggers(connection) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION bwmo_access_log_append_only() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE};")
            cursor.execute(
                f"CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION bwmo_access_log_append_only();"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS access_log_no_truncate ON {TABLE};")
            cursor.execute(
                f"CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON {TABLE} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bwmo_access_log_append_only();"
            )
        elif connection.vendor == "sqlite":
            for event in ("UPDATE", "DELETE"):
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS access_log_no_{event.lower()} BEFORE {event} "
                    f"ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
                )


def drop_triggers(connection) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE};")
            cursor.execute(f"DROP TRIGGER IF EXISTS access_log_no_truncate ON {TABLE};")
            cursor.execute("DROP FUNCTION IF EXISTS bwmo_access_log_append_only();")
        elif connection.vendor == "sqlite":
            for event in ("update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS access_log_no_{event};")


def expected_triggers(connection) -> frozenset[str]:  # type: ignore[no-untyped-def]
    return {"postgresql": PG_TRIGGERS, "sqlite": SQLITE_TRIGGERS}.get(connection.vendor, frozenset())


def present_triggers(connection) -> frozenset[str]:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
                "AND tgenabled <> 'D'", [TABLE],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        else:
            return frozenset()
        return frozenset(row[0] for row in cursor.fetchall())
