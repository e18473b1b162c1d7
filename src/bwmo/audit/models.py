"""Access log (NEN 7513): who read or changed which client's data, when, what, why and from where.

Append-only and tamper-evident:
- the model refuses updates and deletes, the admin is read-only, and database triggers refuse
  UPDATE, DELETE and (PostgreSQL) TRUNCATE on the table;
- every entry carries `hash = SHA-256(prev_hash ‖ canonical entry)`, one chain over the whole
  table in id order (`audit.chain`); `bwmo verify-access-log` recomputes it and reports the first
  broken link, so a row changed or removed while a trigger was dropped, or a backdated row
  inserted behind the service's back, is found.
Snapshots of the user's role and organisation are kept, so a later change of role does not alter
what the log says about the moment of access.
"""

from typing import Any

from django.db import models
from django.utils import timezone

from .constants import AccessAction, Purpose


class AccessLogEntry(models.Model):
    at = models.DateTimeField("tijdstip (UTC)", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name="gebruiker",
    )
    username = models.CharField("gebruikersnaam", max_length=150)
    role = models.CharField("rol", max_length=50, blank=True)
    organisation = models.CharField("organisatie", max_length=150, blank=True)
    on_behalf_of = models.CharField("namens", max_length=150, blank=True)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name="cliënt",
    )
    object_type = models.CharField("soort gegevens", max_length=50, blank=True)
    object_id = models.CharField("kenmerk gegevens", max_length=50, blank=True)
    action = models.CharField("handeling", max_length=20, choices=AccessAction.choices)
    purpose = models.CharField("doel", max_length=30, choices=Purpose.choices)
    reason = models.CharField("reden", max_length=300, blank=True)
    criteria = models.CharField(
        "zoekcriteria", max_length=200, blank=True,
        help_text="Welke zoekvelden zijn gebruikt (nooit de zoektekst zelf).",
    )
    origin = models.GenericIPAddressField("herkomst (IP-adres)", null=True, blank=True)
    path = models.CharField("adres", max_length=300, blank=True)
    detail = models.CharField("toelichting", max_length=300, blank=True)
    prev_hash = models.CharField("vorige hash", max_length=64, blank=True, editable=False)
    hash = models.CharField("hash", max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        indexes = [models.Index(fields=["client", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d-%m-%Y %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Het toegangslog kan niet worden gewijzigd.")
        if not self.hash:
            raise PermissionError("Een toegangslogregel wordt alleen via audit.services geschreven.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")


def client_model() -> Any:
    """The client model, reached through the log's foreign key: audit stores client ids and looks
    a client up by id or BSN index, without depending on the clients app's code."""
    return AccessLogEntry._meta.get_field("client").related_model
