"""`bwmo demo-code`: the current code of the shared demo authenticator app (demo users only)."""

from django.core.management.base import BaseCommand

from bwmo.accounts.mfa import current_code
from bwmo.demo.second_factor import demo_device


class Command(BaseCommand):
    help = "Toont de huidige code van de demo-authenticator-app (alleen voor demogebruikers)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(current_code(demo_device()))
