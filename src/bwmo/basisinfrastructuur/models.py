"""Which provisions of the basistakenpakket a municipality has (see `catalogue`)."""

from django.db import models

from bwmo.core.models import TimeStampedModel

from .catalogue import CHOICES


class ProvisionStatus(models.TextChoices):
    PRESENT = "present", "Aanwezig"
    IN_PROGRESS = "in_progress", "In opbouw"
    ABSENT = "absent", "Ontbreekt"


class LocalProvision(TimeStampedModel):
    """One provision of one municipality; no row means "niet ingevuld"."""

    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.CASCADE, related_name="local_provisions",
        verbose_name="gemeente",
    )
    provision = models.CharField("voorziening", max_length=40, choices=CHOICES)
    status = models.CharField("stand", max_length=20, choices=ProvisionStatus.choices)
    note = models.CharField("toelichting", max_length=300, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="gewijzigd door",
    )

    class Meta:
        ordering = ["municipality", "provision"]
        verbose_name = "voorziening basistakenpakket"
        verbose_name_plural = "voorzieningen basistakenpakket"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "provision"],
                                    name="one_status_per_provision"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_provision_display()} – {self.get_status_display()}"
