"""Finance data a region enters: the ingroeipad, budgets, the regional pot, PGB budgets, issued
statements and saved scenarios (DOMAIN §8). Every amount is a DecimalField in whole cents."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from bwmo.core.models import TimeStampedModel

from .budget import KeyKind

PERCENT = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(0), MaxValueValidator(100)]}
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}

KEY_CHOICES = [
    (KeyKind.INHABITANTS.value, "Naar inwonertal"),
    (KeyKind.OBJECTIVE.value, "Naar aandeel objectief budget"),
    (KeyKind.HISTORICAL.value, "Naar historisch gebruik"),
    (KeyKind.MIX.value, "Gewogen mix"),
]


class IngroeipadStep(models.Model):
    """The objective weight (percent) of one year on the region's ingroeipad."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE,
                               related_name="ingroeipad_steps")
    year = models.PositiveSmallIntegerField("jaar")
    objective_weight = models.DecimalField("gewicht objectief (%)", **PERCENT)

    class Meta:
        ordering = ["region", "year"]
        verbose_name = "stap ingroeipad"
        verbose_name_plural = "ingroeipad"
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_ingroeipad_step_per_year"),
            models.CheckConstraint(
                condition=Q(objective_weight__gte=0) & Q(objective_weight__lte=100),
                name="ingroeipad_weight_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.objective_weight} % objectief"


class Budget(TimeStampedModel):
    """The historical and objective BW budget of one municipality in one year."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="budgets")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name="gemeente")
    year = models.PositiveSmallIntegerField("jaar")
    historical_amount = models.DecimalField("historisch budget (€)", **MONEY)
    objective_amount = models.DecimalField("objectief budget (€)", **MONEY)
    wlz_withdrawal = models.DecimalField("Wlz-uitname (€)", default=0, **MONEY)
    source = models.CharField("bron", max_length=200, blank=True)

    class Meta:
        ordering = ["region", "year", "municipality__code"]
        verbose_name = "budget"
        verbose_name_plural = "budgetten"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"],
                                    name="one_budget_per_municipality_year"),
            models.CheckConstraint(
                condition=Q(historical_amount__gte=0) & Q(objective_amount__gte=0)
                & Q(wlz_withdrawal__gte=0),
                name="budget_amounts_not_negative",
            ),
        ]


class PotYear(TimeStampedModel):
    """The regional pot of one year: its size, the keys and the vangnet products it pays."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE,
                               related_name="pot_years")
    year = models.PositiveSmallIntegerField("jaar")
    contribution_total = models.DecimalField("inleg regionale pot (€)", **MONEY)
    contribution_key = models.CharField("verdeelsleutel inleg", max_length=20,
                                        choices=KEY_CHOICES)
    contribution_mix_inhabitants = models.DecimalField("mix: inwoners (%)", default=0, **PERCENT)
    contribution_mix_objective = models.DecimalField("mix: objectief (%)", default=0, **PERCENT)
    contribution_mix_historical = models.DecimalField("mix: historisch (%)", default=0, **PERCENT)
    result_key = models.CharField("verdeelsleutel tekort of overschot", max_length=20,
                                  choices=KEY_CHOICES)
    result_mix_inhabitants = models.DecimalField("mix: inwoners (%)", default=0, **PERCENT)
    result_mix_objective = models.DecimalField("mix: objectief (%)", default=0, **PERCENT)
    result_mix_historical = models.DecimalField("mix: historisch (%)", default=0, **PERCENT)
    vangnet_products = models.ManyToManyField("regions.Product", related_name="+", blank=True,
                                              verbose_name="regionale vangnetproducten")

    class Meta:
        ordering = ["region", "year"]
        verbose_name = "regionale pot"
        verbose_name_plural = "regionale potten"
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_pot_per_region_year"),
        ]


class PgbBudget(TimeStampedModel):
    """The budget granted with a PGB beschikking, per calendar month."""

    beschikking = models.OneToOneField("journeys.Beschikking", on_delete=models.CASCADE,
                                       related_name="pgb_budget")
    monthly_amount = models.DecimalField("budget per maand (€)", **MONEY)

    class Meta:
        verbose_name = "pgb-budget"
        verbose_name_plural = "pgb-budgetten"
        constraints = [
            models.CheckConstraint(condition=Q(monthly_amount__gte=0),
                                   name="pgb_budget_not_negative"),
        ]


class Statement(models.Model):
    """One issued statement of a municipality for a year: the figures as they were sent
    (decimal strings), so that the PDF and Excel can be reproduced later."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE,
                               related_name="finance_statements")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT,
                                     related_name="+")
    year = models.PositiveSmallIntegerField("jaar")
    version = models.PositiveIntegerField("versie")
    issued_on = models.DateField("datum")
    issued_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    figures = models.JSONField("cijfers")
    checksum = models.CharField("controlegetal (SHA-256)", max_length=64)

    class Meta:
        ordering = ["region", "year", "municipality__code", "-version"]
        verbose_name = "afrekening"
        verbose_name_plural = "afrekeningen"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "version"],
                                    name="one_statement_version"),
        ]

    def __str__(self) -> str:
        return f"Afrekening {self.year} versie {self.version}"


class Scenario(TimeStampedModel):
    """A named scenario to 2032: its parameters and the P10/P50/P90 results."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE,
                               related_name="finance_scenarios")
    name = models.CharField("naam", max_length=100)
    parameters = models.JSONField("parameters")
    results = models.JSONField("uitkomsten")

    class Meta:
        ordering = ["region", "name"]
        verbose_name = "scenario"
        verbose_name_plural = "scenario's"
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="one_scenario_name_per_region"),
        ]
