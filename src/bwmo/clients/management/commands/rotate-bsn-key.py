"""`bwmo rotate-bsn-key`: re-encrypt every stored BSN under the current key, in batches.

Rotation: generate a new key, set BWMO_BSN_KEY to it and put the old key in BWMO_BSN_OLD_KEYS
(both are read, the new one encrypts), restart, run this command, then remove the old key. The
application keeps working during the run: every BSN is readable under either key, and the search
index (BWMO_BSN_INDEX_KEY) does not change.

Resumable: a BSN already under the current key is skipped, so after an interruption the same
command continues where it stopped; `--after-id` starts further on, `--max-batches` limits one run
(for a maintenance window). Each batch is one transaction. The last line is a JSON summary.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cryptography.fernet import InvalidToken

from bwmo.clients.models import Client
from bwmo.core import crypto


class Command(BaseCommand):
    help = "Versleutelt alle BSN's opnieuw met de huidige sleutel (BWMO_BSN_KEY), in batches."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--after-id", type=int, default=0,
                            help="begin na deze cliënt-id (standaard: vooraan)")
        parser.add_argument("--max-batches", type=int, default=0,
                            help="stop na zoveel batches (0: tot het einde)")

    def handle(self, *args: object, **options: object) -> None:
        batch_size = int(options["batch_size"])  # type: ignore[call-overload]
        if batch_size < 1:
            raise CommandError("--batch-size moet minstens 1 zijn.")
        last_id = int(options["after_id"])  # type: ignore[call-overload]
        max_batches = int(options["max_batches"])  # type: ignore[call-overload]
        totals = {"rotated": 0, "current": 0, "unreadable": 0, "batches": 0}
        unreadable: list[int] = []
        while not max_batches or totals["batches"] < max_batches:
            with transaction.atomic():
                rows = list(
                    Client._base_manager.select_for_update()
                    .filter(pk__gt=last_id).exclude(bsn_encrypted="")
                    .order_by("pk").only("pk", "bsn_encrypted")[:batch_size]
                )
                if not rows:
                    break
                changed = []
                for row in rows:
                    if crypto.is_current(row.bsn_encrypted):
                        totals["current"] += 1
                        continue
                    try:
                        row.bsn_encrypted = crypto.rotate_token(row.bsn_encrypted)
                    except InvalidToken:
                        unreadable.append(row.pk)
                        continue
                    changed.append(row)
                Client._base_manager.bulk_update(changed, ["bsn_encrypted"])
            totals["rotated"] += len(changed)
            totals["batches"] += 1
            last_id = rows[-1].pk
            self.stdout.write(f"batch {totals['batches']}: t/m cliënt-id {last_id}, "
                              f"{len(changed)} opnieuw versleuteld")
        totals["unreadable"] = len(unreadable)
        if unreadable:
            self.stderr.write(f"{len(unreadable)} BSN's konden met geen van de sleutels worden "
                              f"gelezen (cliënt-id's {unreadable[:20]}). Staat de oude sleutel in "
                              "BWMO_BSN_OLD_KEYS?")
        self.stdout.write(json.dumps({**totals, "last_id": last_id}))
        if unreadable:
            raise CommandError("Niet alle BSN's zijn opnieuw versleuteld.")
