"""Destruction of client records whose retention period has passed (Wmo 2015 art. 5.3.4) or
that the client asked to destroy (art. 5.3.5), with a privacy officer's approval.

- `DestructionItem`: one client proposed for destruction. `bwmo destroy-due` proposes every
  client all of whose cases are past their destruction date (retention.rules); the privacy
  officer of the client's region approves or rejects; an approval can be withdrawn until the
  next run of `bwmo destroy-due` executes it.
- `LegalHold`: while a hold is active (a bezwaar, a court case, a request of the inspectorate),
  nothing of the client is destroyed.
- `DestructionRequest`: the client's own request (Wmo 5.3.5), answered within three months.
- `DestructionRecord`: what was destroyed, when and on whose approval; it holds no personal
  data and is never changed or removed.
"""

from django.db import models
from django.db.models import Q

from bwmo.core.models import TimeStampedModel

from .constants import OPEN_STATUSES, ItemSource, ItemStatus, RequestStatus


class LegalHold(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name="cliënt"
    )
    reason = models.CharField("reden", max_length=300)
    placed_on = models.DateField("ingesteld op")
    placed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="ingesteld door"
    )
    lifted_on = models.DateField("opgeheven op", null=True, blank=True)
    lifted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="opgeheven door",
    )
    lift_reason = models.CharField("reden opheffen", max_length=300, blank=True)

    class Meta:
        ordering = ["-placed_on", "-id"]
        verbose_name = "bewaarplicht (legal hold)"
        verbose_name_plural = "bewaarplichten (legal hold)"

    def __str__(self) -> str:
        return f"Bewaarplicht cliënt {self.client_id} sinds {self.placed_on:%d-%m-%Y}"

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None


class DestructionRequest(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name="cliënt"
    )
    reference = models.CharField("kenmerk verzoek", max_length=60)
    received_on = models.DateField("ontvangen op")
    deadline = models.DateField("uiterlijk beantwoorden op")
    status = models.CharField(
        "status", max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    registered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door"
    )
    decided_on = models.DateField("besloten op", null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="besloten door",
    )
    decision_reason = models.CharField("motivering", max_length=500, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "vernietigingsverzoek"
        verbose_name_plural = "vernietigingsverzoeken"

    def __str__(self) -> str:
        return f"Vernietigingsverzoek {self.reference}"


class DestructionItem(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name="cliënt"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    source = models.CharField("aanleiding", max_length=20, choices=ItemSource.choices)
    request = models.ForeignKey(
        DestructionRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="items",
        verbose_name="verzoek",
    )
    retention_class = models.CharField("bewaarklasse", max_length=20, blank=True)
    due_on = models.DateField("vernietigingsdatum")
    proposed_on = models.DateField("voorgesteld op")
    status = models.CharField(
        "status", max_length=20, choices=ItemStatus.choices, default=ItemStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="beoordeeld door",
    )
    decided_at = models.DateTimeField("beoordeeld op", null=True, blank=True)
    decision_note = models.CharField("toelichting", max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "vernietigingsvoorstel"
        verbose_name_plural = "vernietigingsvoorstellen"
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(status__in=OPEN_STATUSES),
                name="one_open_destruction_item_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"Vernietiging cliënt {self.client_id} ({self.get_status_display()})"

    @property
    def retention_label(self) -> str:
        from .rules import LABELS, RetentionClass

        try:
            return LABELS[RetentionClass(self.retention_class)]
        except ValueError:
            return ""


class DestructionRecord(models.Model):
    """The deletion record: kept for good, without personal data."""

    item = models.OneToOneField(
        DestructionItem, on_delete=models.PROTECT, related_name="record", verbose_name="voorstel"
    )
    client_number = models.PositiveBigIntegerField("cliëntnummer")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    source = models.CharField("aanleiding", max_length=20, choices=ItemSource.choices)
    retention_class = models.CharField("bewaarklasse", max_length=20, blank=True)
    due_on = models.DateField("vernietigingsdatum")
    approved_by = models.CharField("goedgekeurd door", max_length=150)
    approved_at = models.DateTimeField("goedgekeurd op")
    executed_at = models.DateTimeField("vernietigd op", auto_now_add=True)
    removed = models.JSONField("verwijderd en geanonimiseerd", default=dict)

    class Meta:
        ordering = ["-executed_at", "-id"]
        verbose_name = "vernietigingsverklaring"
        verbose_name_plural = "vernietigingsverklaringen"

    def __str__(self) -> str:
        return f"Vernietigd: cliënt {self.client_number} op {self.executed_at:%d-%m-%Y}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("Een vernietigingsverklaring kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Een vernietigingsverklaring kan niet worden verwijderd.")
