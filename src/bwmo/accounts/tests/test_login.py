from django.conf import settings
from django.urls import reverse

from bwmo.testing.auth import fresh_code
from bwmo.testing.browser import PASSWORD


def test_pages_require_login(client, db):
    response = client.get(reverse("clients:search"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_login_with_password_and_code_shows_the_role_menu(client, consulent_rheden):
    code = fresh_code(consulent_rheden)
    response = client.post(
        reverse("accounts:login"), {"username": "consulent.rheden", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second-factor"))
    assert "Cliënten" not in response.content.decode()  # no menu before the code
    response = client.post(reverse("accounts:second-factor"), {"code": code}, follow=True)
    body = response.content.decode()
    assert "Wmo-consulent" in body and "Cliënten" in body
    assert "Toegangslog" not in body  # privacy officer only


def test_a_wrong_password_gets_a_dutch_message(client, consulent_rheden):
    response = client.post(reverse("accounts:login"), {"username": "consulent.rheden", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, consulent_rheden):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "consulent.rheden", "password": "fout"})
    response = client.post(
        reverse("accounts:login"), {"username": "consulent.rheden", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_elsewhere_do_not_lock_the_victim_out(client, consulent_rheden):
    """The lockout is per username *and* address: an attacker cannot lock a colleague out."""
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(login, {"username": "consulent.rheden", "password": "fout"},
                    REMOTE_ADDR="203.0.113.66")
    attacker = client.post(login, {"username": "consulent.rheden", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.66")
    assert attacker.status_code == 429
    client.cookies.clear()
    victim = client.post(login, {"username": "consulent.rheden", "password": PASSWORD},
                         REMOTE_ADDR="198.51.100.7")
    assert victim.status_code == 302
    assert victim.url.startswith(reverse("accounts:second-factor"))


def test_sessions_end_after_15_idle_minutes_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.BWMO_SESSION_MAX_AGE == 10 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_logout_ends_the_session(client, consulent_rheden):
    client.force_login(consulent_rheden)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("clients:search")).status_code == 302


def test_the_admin_login_is_ours(client, db):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    response = client.get("/beheer/")
    assert response.status_code == 302
