"""Database triggers that make the access log append-only (used by migration 0002 and tests)."""

TABLE = "audit_accesslogentry"
MESSAGE = "het toegangslog is alleen aan te vullen (append-only)"


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
            cursor.execute("DROP FUNCTION IF EXISTS bwmo_access_log_append_only();")
        elif connection.vendor == "sqlite":
            for event in ("update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS access_log_no_{event};")
