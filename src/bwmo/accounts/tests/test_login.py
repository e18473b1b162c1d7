from django.conf import settings
from django.urls import reverse

from bwmo.testing.browser import PASSWORD


def test_pages_require_login(client, db):
    response = client.get(reverse("clients:search"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_login_with_the_right_password_shows_the_role_menu(client, consulent_rheden):
    response = client.post(
        reverse("accounts:login"), {"username": "consulent.rheden", "password": PASSWORD}, follow=True
    )
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


def test_sessions_expire_when_idle_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_logout_ends_the_session(client, consulent_rheden):
    client.force_login(consulent_rheden)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("clients:search")).status_code == 302
