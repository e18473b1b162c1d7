"""Waiting list entries and placements: a client taking a place at a location (DOMAIN §5)."""

from django.db import models
from django.db.models import F, Q

from bwmo.core.models import TimeStampedModel

from .constants import OutflowDestination, WaitingPriority, WaitingRemovalReason
from .query import PlacementQuerySet, WaitingListQuerySet


class WaitingListEntry(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="waiting_list_entries",
        verbose_name="cliënt",
    )
    product = models.ForeignKey(
        "regions.Product", on_delete=models.PROTECT, related_name="+", verbose_name="product"
    )
    location = models.ForeignKey(
        "capacity.Location", on_delete=models.PROTECT, null=True, blank=True,
        related_name="waiting_list_entries", verbose_name="voorkeurslocatie",
    )
    beschikking = models.ForeignKey(
        "journeys.Beschikking", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+",
        verbose_name="verantwoordelijke gemeente",
    )
    entered_on = models.DateField("op wachtlijst sinds")
    priority = models.CharField(
        "prioriteit", max_length=10, choices=WaitingPriority.choices, default=WaitingPriority.NORMAL
    )
    priority_reason = models.CharField("reden prioriteit", max_length=300, blank=True)
    removed_on = models.DateField("van wachtlijst af op", null=True, blank=True)
    removal_reason = models.CharField(
        "reden", max_length=20, choices=WaitingRemovalReason.choices, blank=True
    )

    objects = WaitingListQuerySet.as_manager()

    class Meta:
        ordering = ["entered_on", "id"]
        verbose_name = "wachtlijstregel"
        verbose_name_plural = "wachtlijst"
        constraints = [
            models.CheckConstraint(
                name="waiting_removed_after_entered",
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("entered_on")),
            ),
            models.UniqueConstraint(
                fields=["client", "product"], condition=Q(removed_on__isnull=True),
                name="one_open_waiting_entry_per_product",
            ),
        ]


class Placement(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="placements", verbose_name="cliënt"
    )
    beschikking = models.ForeignKey(
        "journeys.Beschikking", on_delete=models.PROTECT, null=True, blank=True,
        related_name="placements", verbose_name="beschikking",
    )
    location = models.ForeignKey(
        "capacity.Location", on_delete=models.PROTECT, related_name="placements",
        verbose_name="locatie",
    )
    product = models.ForeignKey(
        "regions.Product", on_delete=models.PROTECT, related_name="+", verbose_name="product"
    )
    responsible_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+",
        verbose_name="verantwoordelijke gemeente",
    )
    start_date = models.DateField("start zorg")
    end_date = models.DateField(
        "einde zorg", null=True, blank=True, help_text="Laatste dag van de zorg (telt mee)."
    )
    outflow_destination = models.CharField(
        "uitstroombestemming", max_length=30, choices=OutflowDestination.choices, blank=True
    )
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next",
        verbose_name="vorige plaatsing (doorstroom)",
    )
    is_pgb = models.BooleanField("PGB", default=False)
    registered_woningzoekende_on = models.DateField(
        "ingeschreven als woningzoekende op", null=True, blank=True
    )
    perspective_independent = models.BooleanField("perspectief op zelfstandig wonen", default=False)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "plaatsing"
        verbose_name_plural = "plaatsingen"
        indexes = [
            models.Index(fields=["location", "product", "end_date"]),
            models.Index(fields=["responsible_municipality", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="placement_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["client"], condition=Q(end_date__isnull=True),
                name="one_open_placement_per_client",
            ),
        ]
