"""First login in a browser: password, set up the app from the key on screen, keep the recovery
codes, arrive at the start page. axe on every page, and the CSP check of the harness."""

import base64

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.accounts.mfa import current_code
from bwmo.testing.browser import PASSWORD, assert_accessible
from bwmo.testing.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_login_sets_up_the_authenticator_app(page, live_server, region):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = user_with_role(Role.WMO_CONSULENT, region)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Tweede factor instellen").wait_for()
    assert_accessible(page)

    secret = page.locator(".bwmo-secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key  # the app's key
    page.get_by_label("Verificatiecode").fill(current_code(device))
    page.get_by_role("button", name="App koppelen").click()
    page.get_by_role("heading", name="Herstelcodes").wait_for()
    assert page.locator(".bwmo-codes li").count() == 10
    assert_accessible(page)

    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/") == live_server.url
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    assert_accessible(page)
