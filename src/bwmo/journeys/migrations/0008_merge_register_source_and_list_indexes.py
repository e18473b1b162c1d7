from django.db import migrations


class Migration(migrations.Migration):
    """Joins the register-import melding source and the indexes of the decisions list."""

    dependencies = [
        ("journeys", "0007_alter_melding_source"),
        ("journeys", "0007_beschikking_list_indexes"),
    ]

    operations: list[migrations.operations.base.Operation] = []
