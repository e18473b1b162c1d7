"""Access log (NEN 7513 style): who read or changed which client's data, when, what and why.

Append-only: the model refuses updates and deletes, the admin is read-only, and a database trigger
(migration 0002) refuses UPDATE and DELETE on the table, so not even a raw query can rewrite history.
Snapshots of the user's role and organisation are kept, so a later change of role does not alter
what the log says about the moment of access.
"""

from django.db import models

from .constants import AccessAction, Purpose


class AccessLogEntry(models.Model):
    at = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name="gebruiker",
    )
    username = models.CharField("gebruikersnaam", max_length=150)
    role = models.CharField("rol", max_length=50, blank=True)
    organisation = models.CharField("organisatie", max_length=150, blank=True)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name="cliënt",
    )
    action = models.CharField("handeling", max_length=20, choices=AccessAction.choices)
    purpose = models.CharField("doel", max_length=30, choices=Purpose.choices)
    path = models.CharField("adres", max_length=300, blank=True)
    detail = models.CharField("toelichting", max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        indexes = [models.Index(fields=["client", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d-%m-%Y %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")
