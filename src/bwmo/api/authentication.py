"""`Authorization: Bearer <token>` for the API, with per-user revocable tokens (models.ApiToken).

API authentication lives only here and in REST_FRAMEWORK settings; the web login (with its MFA)
is session based and does not apply to token calls.
"""

from datetime import timedelta

from django.utils import timezone

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken, token_hash

LAST_USED_RESOLUTION = timedelta(minutes=5)  # write last_used_at at most this often


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):  # type: ignore[no-untyped-def]
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Geef de token na 'Bearer', zonder spaties.")
        token = header[1].decode(errors="replace")
        row = (ApiToken.objects.active().select_related("user__organisation")
               .filter(key_hash=token_hash(token)).first())
        if row is None or not row.user.is_active:
            raise exceptions.AuthenticationFailed("De token is onbekend of ingetrokken.")
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user, row

    def authenticate_header(self, request) -> str:  # type: ignore[no-untyped-def]
        return 'Bearer realm="bwmo"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "bwmo.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {"type": "http", "scheme": "bearer",
                "description": "Persoonlijke API-token (bwmo api-token create)."}
