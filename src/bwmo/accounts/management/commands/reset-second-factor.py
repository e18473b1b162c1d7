"""`bwmo reset-second-factor USERNAME`: remove a user's authenticator app and recovery codes.

For a user who lost the phone and the recovery codes. Check who is asking first (call back on a
known number): the next login with the password alone sets up a new app.
"""

from django.core.management.base import BaseCommand, CommandError

from bwmo.accounts import mfa
from bwmo.accounts.models import User
from bwmo.accounts.sessions import end_sessions_of


class Command(BaseCommand):
    help = "Verwijdert de authenticator-app en herstelcodes van een gebruiker."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")

    def handle(self, *args: object, **options: object) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"Gebruiker {options['username']} bestaat niet.") from None
        removed = mfa.reset(user)
        ended = end_sessions_of(user)
        self.stdout.write(f"Tweede factor van {user.username} verwijderd ({removed} onderdelen, "
                          f"{ended} sessies beëindigd). Bij de volgende login stelt de gebruiker "
                          "een nieuwe app in.")
