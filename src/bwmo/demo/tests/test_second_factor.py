"""Demo users log in with the shared demo app: `bwmo demo-logins` sets it up, `bwmo demo-code`
prints the code the second-factor step accepts."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from django_otp.plugins.otp_totp.models import TOTPDevice

from bwmo.accounts.models import User
from bwmo.demo.generator import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD

from .test_generator import SMALL, generate, reference  # noqa: F401  (fixture)


def test_a_demo_user_logs_in_with_the_printed_code(client, reference):  # noqa: F811
    generate(SMALL, scale=0.2)
    out = StringIO()
    call_command("demo-logins", stdout=out)
    assert "bwmo demo-code" in out.getvalue() and "otpauth://totp/" in out.getvalue()
    demo_users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").count()
    assert demo_users > 5
    assert TOTPDevice.objects.filter(confirmed=True).count() == demo_users
    call_command("demo-logins", stdout=StringIO())
    assert TOTPDevice.objects.count() == demo_users  # idempotent

    client.post(reverse("accounts:login"),
                {"username": "consulent.emmen", "password": DEMO_PASSWORD})
    code = StringIO()
    call_command("demo-code", stdout=code)
    response = client.post(reverse("accounts:second-factor"), {"code": code.getvalue().strip()})
    assert response.status_code == 302
    assert client.get(reverse("clients:search")).status_code == 200
