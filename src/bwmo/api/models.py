"""Per-user API tokens. Only a SHA-256 hash of the token is stored; the token itself is shown once.

A token is 32 random bytes, so a fast hash is enough (no password hashing per call). Revoking sets
`revoked_at`; a revoked token, or one of an inactive user, no longer authenticates.
"""

import hashlib
import secrets

from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="gebruiker")
    name = models.CharField("omschrijving", max_length=100,
                            help_text="Bijvoorbeeld het systeem dat de token gebruikt.")
    prefix = models.CharField("begin van de token", max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    last_used_at = models.DateTimeField("laatst gebruikt", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:  # type: ignore[no-untyped-def]
        """A new token for `user`; returns the row and the token text (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        row = cls.objects.create(user=user, name=name, prefix=token[:PREFIX_LENGTH],
                                 key_hash=token_hash(token))
        return row, token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
