"""`bwmo destroy-due`: the nightly destruction run (cron or a Kubernetes CronJob).

1. Executes every destruction proposal a privacy officer approved (anonymise, erase, keep a
   destruction record, write the access log); a proposal on legal hold or no longer due lapses.
2. Proposes every client that has become due, for a privacy officer to approve.

Idempotent: a second run on the same day changes nothing. `--dry-run` reports without changing;
`--json` prints the counts as one JSON object
(`{"date", "executed", "lapsed", "proposed", "dry_run"}`).
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from bwmo.retention.selectors import client_retention, due_candidates
from bwmo.retention.services import destruction_execute_approved, destruction_propose


class Command(BaseCommand):
    help = "Vernietig goedgekeurde dossiers en stel dossiers voor waarvan de bewaartermijn is verstreken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Alleen tellen, niets wijzigen.")
        parser.add_argument("--json", action="store_true", help="Uitkomst als JSON.")

    def handle(self, *args: object, **options: object) -> None:
        today: date = timezone.localdate()
        dry_run = bool(options["dry_run"])
        result = destruction_execute_approved(today=today, dry_run=dry_run)
        if dry_run:
            proposed = sum(1 for c in due_candidates().iterator() if client_retention(c).is_due(today))
        else:
            proposed = len(destruction_propose(today=today))
        counts = {
            "date": today.isoformat(),
            "executed": len(result.pending if dry_run else result.executed),
            "lapsed": len(result.lapsed), "proposed": proposed, "dry_run": dry_run,
        }
        if options["json"]:
            self.stdout.write(json.dumps(counts))
            return
        prefix = "Proefrun: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts['executed']} vernietigd, {counts['lapsed']} vervallen, "
            f"{counts['proposed']} nieuw voorgesteld ({today:%d-%m-%Y})."
        )
