"""`bwmo api-token create USERNAME --name NAME | list [USERNAME] | revoke ID`: per-user API tokens."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bwmo.accounts.models import User
from bwmo.api.models import ApiToken


class Command(BaseCommand):
    help = "API-tokens per gebruiker: aanmaken (de token wordt eenmalig getoond), tonen, intrekken."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="waarvoor de token is")
        listing = sub.add_parser("list")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("id", type=int)

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "create":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"Er is geen actieve gebruiker {options['username']}.")
            row, token = ApiToken.issue(user, str(options["name"]))
            self.stdout.write(token)
            self.stderr.write(f"Token {row.pk} voor {user.username} aangemaakt. Bewaar hem nu: "
                              "hij wordt niet nog eens getoond.")
        elif action == "list":
            rows = ApiToken.objects.select_related("user")
            if options.get("username"):
                rows = rows.filter(user__username=options["username"])
            for row in rows:
                state = f"ingetrokken {row.revoked_at:%d-%m-%Y}" if row.revoked_at else "actief"
                self.stdout.write(f"{row.pk}\t{row.user.username}\t{row.prefix}…\t{row.name}\t{state}")
        else:
            row = ApiToken.objects.filter(pk=options["id"]).first()
            if row is None:
                raise CommandError(f"Er is geen token {options['id']}.")
            row.revoke()
            self.stdout.write(f"Token {row.pk} van {row.user.username} is ingetrokken.")
