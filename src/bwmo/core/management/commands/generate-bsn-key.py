"""`bwmo generate-bsn-key`: print a new random key for BWMO_BSN_KEY or BWMO_BSN_INDEX_KEY."""

from django.core.management.base import BaseCommand

from bwmo.core import crypto


class Command(BaseCommand):
    help = "Drukt een nieuwe willekeurige sleutel af voor BWMO_BSN_KEY of BWMO_BSN_INDEX_KEY."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(crypto.generate_key())
