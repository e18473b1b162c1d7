from django.db import migrations


class Migration(migrations.Migration):
    """Joins the case owner (daily work) and the suspension and extension of terms (rules)."""

    dependencies = [
        ("journeys", "0004_melding_case_owner"),
        ("journeys", "0005_melding_suspension_and_extension"),
    ]

    operations: list[migrations.operations.base.Operation] = []
