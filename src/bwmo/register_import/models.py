"""The migration of an existing client register into bwmo (issue 12, item 6).

A `RegisterImport` is one applied import of a file; `ImportedBeschikking` ties every beschikking it
created to the register's own kenmerk, so that the same row can never be imported twice.
"""

from django.db import models

from bwmo.core.models import TimeStampedModel


class RegisterImport(TimeStampedModel):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="register_imports",
        verbose_name="regio",
    )
    filename = models.CharField("bestand", max_length=255)
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64)
    rows = models.PositiveIntegerField("rijen")
    clients_created = models.PositiveIntegerField("nieuwe cliënten")
    clients_existing = models.PositiveIntegerField("bestaande cliënten aangevuld")
    beschikkingen = models.PositiveIntegerField("beschikkingen")
    placements = models.PositiveIntegerField("plaatsingen")
    imported_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="ingelezen door",
    )
    imported_by_command = models.CharField("ingelezen met opdracht", max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "overname register"
        verbose_name_plural = "overnames register"

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows} rijen)"


class ImportedBeschikking(models.Model):
    run = models.ForeignKey(RegisterImport, on_delete=models.PROTECT, related_name="beschikkingen_set")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kenmerk = models.CharField("kenmerk in het register", max_length=60)
    line = models.PositiveIntegerField("rij in het bestand")
    beschikking = models.OneToOneField(
        "journeys.Beschikking", on_delete=models.PROTECT, related_name="register_source"
    )

    class Meta:
        verbose_name = "overgenomen beschikking"
        verbose_name_plural = "overgenomen beschikkingen"
        constraints = [
            models.UniqueConstraint(fields=["region", "kenmerk"], name="register_kenmerk_once"),
        ]

    def __str__(self) -> str:
        return self.kenmerk
