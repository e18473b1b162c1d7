"""The second factor: enrolment, codes, recovery codes, and no way around it."""

import time

from django.urls import reverse

import time_machine
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from bwmo.accounts import mfa
from bwmo.testing.auth import force_login_password_only, fresh_code
from bwmo.testing.browser import PASSWORD


def _password_step(client, user):  # type: ignore[no-untyped-def]
    response = client.post(reverse("accounts:login"),
                           {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_a_password_alone_opens_nothing(client, consulent_rheden, client_rheden):
    force_login_password_only(client, consulent_rheden)
    response = client.get(reverse("clients:detail", kwargs={"pk": client_rheden.pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:second-factor"))
    assert client.get("/api/v1/clients/").status_code == 403
    assert client.get("/beheer/").status_code == 302


def test_first_login_enrols_an_app_and_shows_recovery_codes_once(client, consulent_rheden):
    _password_step(client, consulent_rheden)
    response = client.get(reverse("accounts:second-factor"))
    assert response.url.startswith(reverse("accounts:enrol"))
    page = client.get(response.url)
    body = page.content.decode()
    assert "Tweede factor instellen" in body and "<svg" in body
    device = TOTPDevice.objects.get(user=consulent_rheden, confirmed=False)
    assert mfa.secret_for_display(device) in body

    bad = "000000" if mfa.current_code(device) != "000000" else "111111"
    wrong = client.post(reverse("accounts:enrol"), {"code": bad})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=consulent_rheden, confirmed=True).exists()

    with time_machine.travel(time.time() + 5):  # past the one-second throttle of the failure
        response = client.post(reverse("accounts:enrol"), {"code": mfa.current_code(device)},
                               follow=True)
    body = response.content.decode()
    codes = list(StaticToken.objects.filter(device__user=consulent_rheden)
                 .values_list("token", flat=True))
    assert len(codes) == 10 and all(code in body for code in codes)
    assert "maar één keer getoond" in body
    again = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert not any(code in again for code in codes)  # shown once
    assert client.get(reverse("clients:search")).status_code == 200


def test_a_wrong_code_keeps_the_user_at_the_code_step(client, consulent_rheden):
    code = fresh_code(consulent_rheden)
    _password_step(client, consulent_rheden)
    wrong = "123456" if code != "123456" else "654321"
    response = client.post(reverse("accounts:second-factor"), {"code": wrong})
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(reverse("clients:search")).status_code == 302


def test_a_code_works_only_once(client, consulent_rheden):
    code = fresh_code(consulent_rheden)
    _password_step(client, consulent_rheden)
    assert client.post(reverse("accounts:second-factor"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    _password_step(client, consulent_rheden)
    response = client.post(reverse("accounts:second-factor"), {"code": code})
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()


def test_a_recovery_code_works_once_instead_of_the_app(client, consulent_rheden):
    fresh_code(consulent_rheden)  # the user has an app
    codes = mfa.new_recovery_codes(consulent_rheden)
    _password_step(client, consulent_rheden)
    response = client.post(reverse("accounts:second-factor"), {"code": codes[0].upper()},
                           follow=True)
    assert "U hebt een herstelcode gebruikt. U hebt er nog 9" in response.content.decode()
    client.post(reverse("accounts:logout"))
    _password_step(client, consulent_rheden)
    response = client.post(reverse("accounts:second-factor"), {"code": codes[0]})
    assert "Deze code klopt niet" in response.content.decode()


def test_an_unverified_user_cannot_replace_the_app(client, consulent_rheden):
    """With an app already set up, the enrolment page needs the code first (a stolen password
    must not be enough to register the attacker's own app)."""
    original = TOTPDevice.objects.get(pk=TOTPDevice.objects.create(
        user=consulent_rheden, name="app", confirmed=True).pk)
    _password_step(client, consulent_rheden)
    response = client.get(reverse("accounts:enrol"))
    assert response.url.startswith(reverse("accounts:second-factor"))
    assert list(TOTPDevice.objects.filter(user=consulent_rheden)) == [original]


def test_repeated_wrong_codes_are_throttled(client, consulent_rheden):
    """After a wrong code the app device refuses every code for a doubling delay (django-otp)."""
    code = fresh_code(consulent_rheden)
    _password_step(client, consulent_rheden)
    wrong = "123456" if code != "123456" else "654321"
    client.post(reverse("accounts:second-factor"), {"code": wrong})
    response = client.post(reverse("accounts:second-factor"), {"code": code})
    assert "Deze code klopt niet" in response.content.decode()  # within the delay
    with time_machine.travel(time.time() + 3):
        response = client.post(reverse("accounts:second-factor"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("clients:search")).status_code == 200


def test_the_reset_command_removes_the_second_factor(consulent_rheden):
    from django.core.management import call_command

    fresh_code(consulent_rheden)
    mfa.new_recovery_codes(consulent_rheden)
    call_command("reset-second-factor", consulent_rheden.username)
    assert not TOTPDevice.objects.filter(user=consulent_rheden).exists()
    assert not StaticToken.objects.filter(device__user=consulent_rheden).exists()


def test_force_login_in_tests_passes_the_second_factor_explicitly(client, consulent_rheden):
    """The autouse fixture gives force_login a real confirmed device; no setting is changed."""
    client.force_login(consulent_rheden)
    assert TOTPDevice.objects.filter(user=consulent_rheden, confirmed=True).count() == 1
    assert client.get(reverse("clients:search")).status_code == 200


def _second_factor_entries(user):  # type: ignore[no-untyped-def]
    from bwmo.audit.models import AccessLogEntry

    return list(AccessLogEntry.objects.filter(user=user, detail__startswith="Tweede factor")
                .order_by("id").values_list("action", "detail"))


def test_every_code_entered_at_login_is_in_the_access_log(client, consulent_rheden):
    """NEN 7513: failed and passed authentication steps are logged, the second factor too."""
    code = fresh_code(consulent_rheden)
    _password_step(client, consulent_rheden)
    wrong = "123456" if code != "123456" else "654321"
    client.post(reverse("accounts:second-factor"), {"code": wrong})
    with time_machine.travel(time.time() + 5):
        client.post(reverse("accounts:second-factor"), {"code": fresh_code(consulent_rheden)})
    assert _second_factor_entries(consulent_rheden) == [
        ("login_failed", "Tweede factor: code onjuist of verlopen (inloggen)"),
        ("login", "Tweede factor: code uit de app (inloggen)"),
    ]


def test_a_used_recovery_code_is_in_the_access_log_with_the_codes_left(client, consulent_rheden):
    fresh_code(consulent_rheden)
    codes = mfa.new_recovery_codes(consulent_rheden)
    _password_step(client, consulent_rheden)
    client.post(reverse("accounts:second-factor"), {"code": codes[3]})
    assert _second_factor_entries(consulent_rheden) == [
        ("login", "Tweede factor: herstelcode gebruikt (inloggen); nog 9 over"),
    ]


def test_a_wrong_code_when_reauthenticating_is_in_the_access_log(client, consulent_rheden):
    code = fresh_code(consulent_rheden)
    client.force_login(consulent_rheden)
    wrong = "123456" if code != "123456" else "654321"
    client.post(reverse("accounts:reauth"), {"password": PASSWORD, "code": wrong})
    assert _second_factor_entries(consulent_rheden) == [
        ("login_failed", "Tweede factor: code onjuist of verlopen (herbevestiging)"),
    ]
