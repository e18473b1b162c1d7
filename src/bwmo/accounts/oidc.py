"""Login through a municipality's own identity provider (OpenID Connect, mozilla-django-oidc).

Configured only by environment variables (OIDC_RP_CLIENT_ID and the endpoints; see
docs/operations.md). A person is recognised by the provider's `iss` + `sub`, never by e-mail address
(an e-mail address can be changed or reused at the provider). A new person gets an account without
role and organisation, so without any rights, until functioneel beheer assigns a role. The second
factor of bwmo (accounts.mfa) still applies after an OIDC login.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User


def username_for(email: str | None, claims: dict[str, Any] | None = None) -> str:
    """`oidc-` and a hash of issuer and subject: stable, unique and without personal data."""
    claims = claims or {}
    subject = f"{claims.get('iss', settings.OIDC_OP_AUTHORIZATION_ENDPOINT)}|{claims['sub']}"
    return "oidc-" + hashlib.sha256(subject.encode()).hexdigest()[:32]


class OIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        if not claims.get("sub"):
            return User.objects.none()
        return User.objects.filter(username=username_for(claims.get("email"), claims))

    def create_user(self, claims: dict[str, Any]) -> User:
        user = User(
            username=username_for(claims.get("email"), claims),
            email=claims.get("email", ""),
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
            role="", organisation=None, is_staff=False, is_superuser=False,
        )
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # names and rights are managed in bwmo, not taken over from the provider
