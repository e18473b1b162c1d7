"""Refuse UPDATE and DELETE on the access log at database level (PostgreSQL and SQLite)."""

from django.db import migrations

TABLE = "audit_accesslogentry"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION bwmo_access_log_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'het toegangslog is alleen aan te vullen (append-only)';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        schema_editor.execute(
            f"CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION bwmo_access_log_append_only();"
        )
    elif vendor == "sqlite":
        for event in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER access_log_no_{event.lower()} BEFORE {event} ON {TABLE} "
                "BEGIN SELECT RAISE(ABORT, 'het toegangslog is alleen aan te vullen (append-only)'); END;"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE};")
        schema_editor.execute("DROP FUNCTION IF EXISTS bwmo_access_log_append_only();")
    elif vendor == "sqlite":
        for event in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS access_log_no_{event};")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
