"""Chain the entries written before the hash chain existed, and add the TRUNCATE trigger.

The existing rows get their prev_hash and hash in id order; the append-only triggers are lifted
only for that, inside this migration's transaction, and recreated (now with TRUNCATE refused on
PostgreSQL)."""

from django.db import migrations

from bwmo.audit import chain
from bwmo.audit.triggers import create_triggers, drop_triggers


def forwards(apps, schema_editor):
    entry_model = apps.get_model("audit", "AccessLogEntry")
    connection = schema_editor.connection
    drop_triggers(connection)
    prev = chain.GENESIS
    for row in entry_model.objects.order_by("id").values("id", *chain.HASHED_FIELDS).iterator():
        digest = chain.entry_hash(prev, row)
        entry_model.objects.filter(pk=row["id"]).update(prev_hash=prev, hash=digest)
        prev = digest
    create_triggers(connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_log_nen7513_fields_and_hash_chain")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
