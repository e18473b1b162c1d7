"""OIDC login against a mocked identity provider (no network): a new person gets no rights."""

import time
from unittest import mock

from django.urls import reverse

import jwt
import pytest

from bwmo.accounts.models import User

SECRET = "oidc-test-client-secret-0123456789abcdef"
OIDC = {
    "BWMO_OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "bwmo-test",
    "OIDC_RP_CLIENT_SECRET": SECRET,
    "OIDC_RP_SIGN_ALGO": "HS256",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.gemeente.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.gemeente.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.gemeente.example/userinfo",
    "OIDC_RP_SCOPES": "openid email profile",
}


@pytest.fixture
def oidc(settings):  # type: ignore[no-untyped-def]
    for name, value in OIDC.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS,
                                        "bwmo.accounts.oidc.OIDCBackend"]
    return settings


def _response(payload, status=200):  # type: ignore[no-untyped-def]
    response = mock.Mock(status_code=status, headers={"content-type": "application/json"})
    response.json.return_value = payload
    response.raise_for_status.return_value = None
    return response


def _login(client, claims):  # type: ignore[no-untyped-def]
    start = client.get(reverse("accounts:oidc-login"))
    assert start.status_code == 302 and start.url.startswith(OIDC["OIDC_OP_AUTHORIZATION_ENDPOINT"])
    state = client.session["oidc_states"]
    (state_value, data), = state.items()
    id_token = jwt.encode({"iss": "https://idp.gemeente.example", "aud": "bwmo-test",
                           "exp": int(time.time()) + 300, "nonce": data["nonce"], **claims},
                          SECRET, algorithm="HS256")
    with mock.patch("mozilla_django_oidc.auth.requests.post",
                    return_value=_response({"id_token": id_token, "access_token": "at"})) as post, \
         mock.patch("mozilla_django_oidc.auth.requests.get",
                    return_value=_response({**claims})):
        response = client.get(reverse("accounts:oidc-callback"),
                              {"code": "abc", "state": state_value})
    assert post.call_args.kwargs["data"]["code"] == "abc"
    return response


def test_oidc_is_off_without_its_variables(client, db):
    assert client.get(reverse("accounts:oidc-login")).status_code == 404
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen met het account van uw organisatie" not in login_page


def test_a_new_oidc_user_has_no_rights_until_a_role_is_assigned(client, oidc, region):
    claims = {"sub": "a1b2c3", "email": "p.jansen@gemeente.example", "given_name": "Piet",
              "family_name": "Jansen"}
    assert "Inloggen met het account van uw organisatie" in \
        client.get(reverse("accounts:login")).content.decode()
    response = _login(client, claims)
    assert response.status_code == 302
    user = User.objects.get(email="p.jansen@gemeente.example")
    assert user.username.startswith("oidc-") and "jansen" not in user.username
    assert user.role == "" and user.organisation is None
    assert not user.is_staff and not user.is_superuser and not user.has_usable_password()
    # the second factor still applies, and without a role the menu is empty
    assert client.get(reverse("clients:search")).url.startswith(reverse("accounts:second-factor"))
    from bwmo.testing.auth import verify_second_factor

    verify_second_factor(client, user)
    assert client.get(reverse("clients:search")).status_code in (403, 404)


def test_the_same_subject_logs_in_to_the_same_account_not_by_email(client, oidc, db):
    _login(client, {"sub": "s-1", "email": "a@gemeente.example"})
    client.post(reverse("accounts:logout"))
    _login(client, {"sub": "s-1", "email": "changed@gemeente.example"})
    client.post(reverse("accounts:logout"))
    _login(client, {"sub": "s-2", "email": "a@gemeente.example"})  # another person, same e-mail
    assert User.objects.filter(username__startswith="oidc-").count() == 2
