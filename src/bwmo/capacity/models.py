"""Providers, their locations and the places per product at each location (DOMAIN §5).

Places are kept as dated rows (`PlaceCapacity`): the number valid from a date until the next row,
so the history of changes is never lost and capacity on any date can be read back.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from bwmo.core.models import TimeStampedModel
from bwmo.regions.constants import ProductCategory


class Provider(TimeStampedModel):
    name = models.CharField("naam", max_length=150, unique=True)
    agb_code = models.CharField("AGB-code", max_length=8, blank=True)
    regions = models.ManyToManyField(
        "regions.Region", related_name="providers", verbose_name="gecontracteerd in", blank=True
    )
    quality_sufficient = models.BooleanField(
        "kwaliteit voldoende (keurmerk, GGD)", default=True,
        help_text="Gebruikt bij de PGB-voorwaarde 'kwaliteit van de aanbieder is voldoende'.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "zorgaanbieder"
        verbose_name_plural = "zorgaanbieders"

    def __str__(self) -> str:
        return self.name


class Location(TimeStampedModel):
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="locations", verbose_name="zorgaanbieder"
    )
    name = models.CharField("naam", max_length=150)
    address = models.CharField("adres", max_length=200)
    postcode = models.CharField("postcode", max_length=7, blank=True)
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="locations",
        verbose_name="gemeente",
    )
    neighbourhood = models.CharField("wijk", max_length=100, blank=True)
    latitude = models.DecimalField(
        "breedtegraad", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(54)],
    )
    longitude = models.DecimalField(
        "lengtegraad", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(8)],
    )
    location_type = models.CharField("type", max_length=20, choices=ProductCategory.choices)
    active = models.BooleanField("in gebruik", default=True)

    class Meta:
        ordering = ["provider", "name"]
        verbose_name = "locatie"
        verbose_name_plural = "locaties"

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"


class PlaceCapacity(TimeStampedModel):
    """Number of places for one product at one location, valid from a date on.

    Every change is a new row (who, when, why), never an update: the places on a day are those of
    the row with the latest `valid_from` on or before that day; several rows on one date are
    corrections and the last recorded (highest id) wins. See `capacity.rules`.
    """

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="capacities", verbose_name="locatie"
    )
    product = models.ForeignKey(
        "regions.Product", on_delete=models.PROTECT, related_name="capacities", verbose_name="product"
    )
    places = models.PositiveIntegerField("aantal plaatsen")
    valid_from = models.DateField("geldig vanaf")
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="gewijzigd door",
    )
    reason = models.CharField("reden wijziging", max_length=200, blank=True)

    class Meta:
        ordering = ["location", "product", "-valid_from", "-id"]
        verbose_name = "capaciteit"
        verbose_name_plural = "capaciteit"
        indexes = [models.Index(fields=["location", "product", "valid_from"])]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=0), name="places_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.location} – {self.product}: {self.places} vanaf {self.valid_from:%d-%m-%Y}"
