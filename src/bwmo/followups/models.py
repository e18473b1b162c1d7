"""Steps after the beschikking (issue 7): bezwaar against it, the voortgangsgesprek during care,
and the region's settings for these and for the herindicatie signal."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from bwmo.core.models import TimeStampedModel

from . import rules
from .constants import BezwaarOutcome, ReviewOutcome


class FollowUpSettings(models.Model):
    """Per region; a region without a row uses the defaults in `rules`."""

    region = models.OneToOneField(
        "regions.Region", on_delete=models.CASCADE, related_name="followup_settings",
        verbose_name="regio",
    )
    herindicatie_signal_weeks = models.PositiveSmallIntegerField(
        "signaal herindicatie (weken vóór einde beschikking)",
        default=rules.DEFAULT_HERINDICATIE_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "voortgangsgesprek elke (maanden)", default=rules.DEFAULT_REVIEW_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )

    class Meta:
        verbose_name = "instellingen vervolgstappen"
        verbose_name_plural = "instellingen vervolgstappen"

    def __str__(self) -> str:
        return f"Vervolgstappen {self.region}"


class Bezwaar(TimeStampedModel):
    """An objection to a beschikking (Awb hoofdstuk 6 en 7)."""

    beschikking = models.ForeignKey(
        "journeys.Beschikking", on_delete=models.PROTECT, related_name="bezwaren",
        verbose_name="beschikking",
    )
    received_on = models.DateField("bezwaarschrift ontvangen op")
    grounds = models.TextField("gronden van het bezwaar")
    advisory_committee = models.BooleanField(
        "advies van een bezwaarcommissie (Awb 7:13)", default=False
    )
    hearing_on = models.DateField("hoorzitting op", null=True, blank=True)
    extension_weeks = models.PositiveSmallIntegerField(
        "verdaagd met (weken)", default=0, validators=[MaxValueValidator(rules.MAX_EXTENSION_WEEKS)]
    )
    extension_reason = models.CharField("reden verdaging", max_length=300, blank=True)
    decided_on = models.DateField("beslissing op bezwaar op", null=True, blank=True)
    outcome = models.CharField(
        "uitkomst", max_length=20, choices=BezwaarOutcome.choices, blank=True
    )
    outcome_motivation = models.TextField("motivering beslissing", blank=True)
    registered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        constraints = [
            models.CheckConstraint(
                name="bezwaar_decided_with_outcome",
                condition=Q(decided_on__isnull=True, outcome="")
                | (Q(decided_on__isnull=False) & ~Q(outcome="")),
            ),
            models.CheckConstraint(
                name="bezwaar_decided_after_received",
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("received_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Bezwaar van {self.received_on:%d-%m-%Y}"


class Review(TimeStampedModel):
    """A voortgangsgesprek during care (seed 000 §3.3)."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="reviews",
        verbose_name="plaatsing",
    )
    held_on = models.DateField("gesprek gehouden op")
    outcome = models.CharField("uitkomst", max_length=20, choices=ReviewOutcome.choices)
    notes = models.TextField("verslag", blank=True)
    held_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "voortgangsgesprek"
        verbose_name_plural = "voortgangsgesprekken"

    def __str__(self) -> str:
        return f"Voortgangsgesprek {self.held_on:%d-%m-%Y}"


class CrisisProvision(TimeStampedModel):
    """An urgent temporary provision while the investigation runs (Wmo 2015 art. 2.3.3:
    crisisopvang / spoedopvang): a temporary granted beschikking and a placement at once; the
    melding stays open for the regular investigation and beschikking."""

    melding = models.ForeignKey(
        "journeys.Melding", on_delete=models.PROTECT, related_name="crisis_provisions",
        verbose_name="melding",
    )
    beschikking = models.OneToOneField(
        "journeys.Beschikking", on_delete=models.PROTECT, related_name="crisis_provision",
        verbose_name="tijdelijke beschikking",
    )
    reason = models.TextField("waarom het spoedeisend is")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "crisisopvang (tijdelijke voorziening)"
        verbose_name_plural = "crisisopvang (tijdelijke voorzieningen)"
