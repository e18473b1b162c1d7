"""Re-authentication before a bulk export (accounts.reauth)."""

import datetime as dt

from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import time_machine

from bwmo.accounts.reauth import reauth_required
from bwmo.testing.auth import fresh_code
from bwmo.testing.browser import PASSWORD


@reauth_required
def _export(request):  # type: ignore[no-untyped-def]
    return HttpResponse("export")


def test_the_decorator_sends_a_stale_session_to_reauth(db):
    request = RequestFactory().get("/export/?jaar=2026")
    request.session = {}
    response = _export(request)
    assert response.status_code == 302
    assert response.url == reverse("accounts:reauth") + "?next=%2Fexport%2F%3Fjaar%3D2026"
    request.session = {"bwmo_auth_at": timezone.now().timestamp()}
    assert _export(request).content == b"export"


def test_the_finance_export_asks_for_password_and_code_after_ten_minutes(client, region):
    from bwmo.accounts.constants import Role
    from bwmo.testing.factories import user_with_role

    beleid = user_with_role(Role.BELEID, region)
    url = reverse("finance:settlement-export", kwargs={"year": 2026})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(beleid)
        assert client.get(url).status_code == 200  # just logged in: fresh
    later = start + dt.timedelta(minutes=11)
    with time_machine.travel(later, tick=False):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:reauth"))
        wrong = client.post(response.url, {"password": "fout", "code": fresh_code(beleid)})
        assert "klopt niet" in wrong.content.decode()
        assert client.get(url).status_code == 302
        done = client.post(response.url, {"password": PASSWORD, "code": fresh_code(beleid)})
        assert done.status_code == 302 and done.url == url
        assert client.get(url).status_code == 200
