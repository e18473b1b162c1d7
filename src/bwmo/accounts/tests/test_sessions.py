"""Session limits: 15 minutes idle, 10 hours in total, and deactivation ends every session."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

import time_machine


def test_a_session_ends_after_15_idle_minutes(client, consulent_rheden):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(consulent_rheden)
        assert client.get(reverse("clients:search")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert client.get(reverse("clients:search")).status_code == 200  # activity renews it
    with time_machine.travel(start + dt.timedelta(minutes=28), tick=False):
        assert client.get(reverse("clients:search")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=44), tick=False):
        response = client.get(reverse("clients:search"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_session_ends_10_hours_after_login_even_when_active(client, consulent_rheden):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(consulent_rheden)
    for minutes in range(10, 600, 10):  # a request every 10 minutes for 10 hours
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(hours=10, minutes=5), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_deactivating_a_user_ends_their_sessions(client, consulent_rheden, consulent_renkum):
    client.force_login(consulent_rheden)
    other = client.__class__()
    other.force_login(consulent_renkum)
    assert Session.objects.count() == 2

    consulent_rheden.is_active = False
    consulent_rheden.save()

    assert Session.objects.count() == 1  # the session row itself is gone, not only refused
    response = client.get(reverse("clients:search"))
    assert response.status_code == 302
    assert other.get(reverse("clients:search")).status_code == 200


def test_security_headers_on_every_page(client, consulent_rheden):
    client.force_login(consulent_rheden)
    response = client.get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_cookies_are_secure_whenever_debug_is_off(settings):
    """Not tied to DATABASE_URL any more: the settings module derives it from DEBUG alone."""
    import importlib
    import os

    from bwmo.conf import settings as base

    saved = dict(os.environ)
    try:
        os.environ.pop("DATABASE_URL", None)
        os.environ["DEBUG"] = "no"
        module = importlib.reload(base)
        assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE
        assert module.SECURE_HSTS_SECONDS >= 365 * 24 * 3600
        os.environ["DEBUG"] = "yes"
        module = importlib.reload(base)
        assert not module.SESSION_COOKIE_SECURE
    finally:
        os.environ.clear()
        os.environ.update(saved)
        importlib.reload(base)


def test_the_api_schema_needs_login(client, consulent_rheden):
    assert client.get(reverse("api-schema")).status_code in (401, 403)
    client.force_login(consulent_rheden)
    assert client.get(reverse("api-schema")).status_code == 200
