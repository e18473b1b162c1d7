"""`bwmo demo-logins`: one demo login per role per region, as a table."""

from django.core.management.base import BaseCommand

from bwmo.demo.second_factor import demo_otpauth_uri, demo_secret, ensure_demo_devices
from bwmo.demo.selectors import demo_logins

URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Toont per regio en per rol een demologin (gebruikersnaam, wachtwoord, organisatie)."

    def handle(self, *args: object, **options: object) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write("Er zijn nog geen demogebruikers. Maak ze met 'bwmo demo-data "
                              "--region <regio>'.")
            return
        headers = ("Regio", "Rol", "Gebruikersnaam", "Wachtwoord", "Organisatie")
        rows = [
            (login.region, login.role, login.username, login.password,
             login.organisation + (f" (+{login.others} andere)" if login.others else ""))
            for login in logins
        ]
        widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]

        def line(values: tuple[str, ...]) -> str:
            return "  ".join(str(v).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        self.stdout.write(f"Demo-logins voor bwmo — open {URL}")
        self.stdout.write(line(headers))
        self.stdout.write(line(tuple("-" * w for w in widths)))
        region = None
        for row in rows:
            if region is not None and row[0] != region:
                self.stdout.write("")
            region = row[0]
            self.stdout.write(line(row))
        self.stdout.write("")
        self.stdout.write("Alle demogebruikers hebben hetzelfde wachtwoord. Andere gebruikers "
                          "van een rol heten net zo, bv. consulent.<gemeente>, "
                          "aanbieder.<naam>.")
        ensure_demo_devices()
        self.stdout.write("")
        self.stdout.write("Na het wachtwoord vraagt bwmo een verificatiecode (tweede factor). Alle "
                          "demogebruikers delen één demo-app:")
        self.stdout.write(f"  sleutel voor een authenticator-app: {demo_secret()}")
        self.stdout.write(f"  of als QR-/otpauth-link: {demo_otpauth_uri()}")
        self.stdout.write("  of vraag de huidige code op met: .venv/bin/bwmo demo-code")
