"""Reference data and region configuration (functioneel beheer).

Municipalities are real (CBS codes); regions are the BW/MO regions with their centrumgemeente and
the date from which every municipality is responsible for its own new clients.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from bwmo.core.models import TimeStampedModel

from .constants import (
    DecisionMaker,
    OutsideRegionPayer,
    ProductCategory,
    ResponsibilityRuleSet,
    TariffUnit,
    Track,
)

gm_code_validator = RegexValidator(r"^GM\d{4}$", "Een gemeentecode is GM gevolgd door 4 cijfers.")


class Municipality(models.Model):
    code = models.CharField("CBS-code", max_length=6, unique=True, validators=[gm_code_validator])
    name = models.CharField("naam", max_length=100)
    province = models.CharField("provincie", max_length=50, blank=True)
    inhabitants = models.PositiveIntegerField("inwoners (CBS 2023)", null=True, blank=True)
    households = models.PositiveIntegerField("huishoudens (CBS 2023)", null=True, blank=True)
    boundary = models.JSONField("grens (GeoJSON, WGS84)", null=True, blank=True)
    region = models.ForeignKey(
        "Region", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="municipalities", verbose_name="BW/MO-regio",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"

    def __str__(self) -> str:
        return self.name

    @property
    def iwmo_code(self) -> str:
        """The 4-digit code iWmo uses (LDT_Gemeente)."""
        return self.code[2:]


class Region(TimeStampedModel):
    slug = models.SlugField("korte naam", unique=True)
    name = models.CharField("naam", max_length=100)
    centrumgemeente = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="centrumgemeente"
    )
    decentralisation_date = models.DateField("datum doordecentralisatie", default=date(2022, 1, 1))
    decision_maker = models.CharField(
        "wie besluit", max_length=20, choices=DecisionMaker.choices, default=DecisionMaker.LOCAL
    )
    outside_region_payer = models.CharField(
        "wie betaalt voor cliënten van buiten de regio", max_length=30,
        choices=OutsideRegionPayer.choices, default=OutsideRegionPayer.ORIGIN,
    )
    mo_decentralised_from = models.DateField(
        "MO gedecentraliseerd vanaf", null=True, blank=True,
        help_text="Leeg: MO blijft regionaal (centrumgemeente).",
    )
    settlement_years = models.PositiveSmallIntegerField(
        "jaren woonplaatsbeginsel", default=3,
        help_text="Zoveel jaar betaalt de gemeente van herkomst mee (Regioplan BW/MO "
        "Zuidoost-Drenthe, §4.4.2).",
    )
    provider_access_days = models.PositiveSmallIntegerField(
        "dagen inzage zorgaanbieder na einde zorg", default=90,
        help_text="Zo lang na het einde van de laatste plaatsing, wachtlijstplaatsing of "
                  "beschikking ziet een zorgaanbieder de cliënt nog (AVG: niet langer dan nodig).",
    )
    source = models.CharField("bron", max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "regio"
        verbose_name_plural = "regio's"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.pk and self.centrumgemeente_id and self.centrumgemeente.region_id != self.pk:
            raise ValidationError({"centrumgemeente": "De centrumgemeente moet lid zijn van de regio."})
        if (
            self.mo_decentralised_from is not None and self.decentralisation_date is not None
            and self.mo_decentralised_from < self.decentralisation_date
        ):
            raise ValidationError({"mo_decentralised_from": (
                f"MO kan niet eerder gedecentraliseerd worden dan beschermd wonen: "
                f"{self.mo_decentralised_from:%d-%m-%Y} ligt vóór de datum doordecentralisatie "
                f"{self.decentralisation_date:%d-%m-%Y}. Kies {self.decentralisation_date:%d-%m-%Y} "
                "of later, of laat het veld leeg."
            )})


class RegionRuleSet(models.Model):
    """Which responsibility rule set is in force from a date (DOMAIN §7: switch without losing history)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="rule_sets")
    valid_from = models.DateField("geldig vanaf")
    rule_set = models.CharField("regelset", max_length=40, choices=ResponsibilityRuleSet.choices)

    class Meta:
        ordering = ["region", "valid_from"]
        unique_together = [("region", "valid_from")]
        verbose_name = "regelset verantwoordelijkheid"
        verbose_name_plural = "regelsets verantwoordelijkheid"

    def __str__(self) -> str:
        return f"{self.region}: {self.get_rule_set_display()} vanaf {self.valid_from:%d-%m-%Y}"


class Product(models.Model):
    """A product the region offers (DOMAIN §4), with its iWmo category."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="products")
    code = models.CharField("code", max_length=40)
    name = models.CharField("naam", max_length=120)
    track = models.CharField("spoor", max_length=2, choices=Track.choices)
    category = models.CharField("type", max_length=20, choices=ProductCategory.choices)
    iwmo_category = models.CharField("iWmo-productcategorie", max_length=2, default="15")
    active = models.BooleanField("aangeboden", default=True)

    class Meta:
        ordering = ["region", "track", "name"]
        unique_together = [("region", "code")]
        verbose_name = "product"
        verbose_name_plural = "producten"

    def __str__(self) -> str:
        return self.name


class Tariff(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="tariffs")
    valid_from = models.DateField("geldig vanaf")
    valid_to = models.DateField("geldig tot en met", null=True, blank=True)
    amount = models.DecimalField(
        "tarief (€)", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("eenheid", max_length=10, choices=TariffUnit.choices, default=TariffUnit.DAY)

    class Meta:
        ordering = ["product", "valid_from"]
        verbose_name = "tarief"
        verbose_name_plural = "tarieven"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="tariff_valid_to_after_from",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="tariff_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product}: € {self.amount} {self.get_unit_display()}"


class HousingAssociation(TimeStampedModel):
    name = models.CharField("naam", max_length=120, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="housing_associations", verbose_name="werkgebied", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "woningcorporatie"
        verbose_name_plural = "woningcorporaties"

    def __str__(self) -> str:
        return self.name
