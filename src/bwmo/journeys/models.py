"""The klantreis from melding to beschikking (DOMAIN §3).

A `Melding` is the report of a need; the investigation may ask the central access for advice
(`AdviceRequest`, advisory only); the outcome is a `Beschikking` (decision) which, when granted,
is a toewijzing of a product to the client with a provider and a period.
"""

from django.db import models
from django.db.models import F, Q

from bwmo.core.models import TimeStampedModel
from bwmo.regions.constants import DecisionMaker, Track

from .constants import (
    BeschikkingOutcome,
    ClientStatus,
    Financing,
    HomelessnessCause,
    MeldingSource,
    MeldingStatus,
    ToetsOutcome,
)


class Melding(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="meldingen", verbose_name="cliënt"
    )
    track = models.CharField("spoor", max_length=2, choices=Track.choices)
    source = models.CharField("bron", max_length=20, choices=MeldingSource.choices)
    reported_on = models.DateField("datum melding")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="meldingen",
        verbose_name="gemeente van melding",
    )
    origin_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name="gemeente van herkomst",
    )
    presenting_problems = models.TextField("hulpvraag en problematiek", blank=True)
    homelessness_cause = models.CharField(
        "oorzaak dakloosheid", max_length=30, choices=HomelessnessCause.choices, blank=True
    )
    planned_start = models.DateField("beoogde startdatum", null=True, blank=True)
    aanvraag_on = models.DateField("datum aanvraag", null=True, blank=True)
    investigation_completed_on = models.DateField("onderzoek afgerond op", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=MeldingStatus.choices, default=MeldingStatus.OPEN
    )
    responsible_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name="verantwoordelijke gemeente",
    )
    client_status = models.CharField(
        "nieuwe of bestaande cliënt", max_length=20, choices=ClientStatus.choices, blank=True
    )
    responsibility_rule = models.CharField("regel", max_length=60, blank=True)
    responsibility_explanation = models.TextField("toelichting verantwoordelijkheid", blank=True)
    responsibility_facts = models.JSONField("feiten verantwoordelijkheid", default=dict, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # the one verdaging of the terms (Awb 4:14 lid 3, Wmo 2015 art. 2.3.2); 0 = none
    extension_days = models.PositiveSmallIntegerField("verdaging (dagen)", default=0)
    extension_reason = models.TextField("reden verdaging", blank=True)
    extended_on = models.DateField("verdaagd op", null=True, blank=True)
    # The consulent who handles the case ("zaakeigenaar"); see journeys.case_owner.
    case_owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True,
        related_name="cases_owned", verbose_name="behandelend consulent",
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            models.Index(fields=["municipality", "status"]),
            # the consulent's scope asks "did this client report here?" (bwmo/scoping.py)
            models.Index(fields=["client", "municipality"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="aanvraag_not_before_melding",
                condition=Q(aanvraag_on__isnull=True) | Q(aanvraag_on__gte=F("reported_on")),
            )
        ]

    def __str__(self) -> str:
        return f"Melding {self.get_track_display()} {self.reported_on:%d-%m-%Y}"


class DeadlineSuspension(TimeStampedModel):
    """An opschorting of the terms of a melding (Awb 4:15): first and last suspended day
    (``end`` empty while it still runs) and why (e.g. waiting for information of the client)."""

    melding = models.ForeignKey(
        Melding, on_delete=models.PROTECT, related_name="suspensions", verbose_name="melding"
    )
    start = models.DateField("opgeschort vanaf")
    end = models.DateField("opgeschort tot en met", null=True, blank=True)
    reason = models.TextField("reden")
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["start", "id"]
        verbose_name = "opschorting"
        verbose_name_plural = "opschortingen"
        constraints = [
            models.CheckConstraint(
                name="suspension_end_not_before_start",
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
            )
        ]


class AdviceRequest(TimeStampedModel):
    """A question to the central access (CT); the advice is not binding (seed 001 §2.4.4)."""

    melding = models.ForeignKey(
        Melding, on_delete=models.PROTECT, related_name="advice_requests", verbose_name="melding"
    )
    question = models.TextField("vraag")
    requested_on = models.DateField("gevraagd op")
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recommendation = models.TextField("advies", blank=True)
    reasoning = models.TextField("onderbouwing", blank=True)
    answered_on = models.DateField("beantwoord op", null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = "adviesvraag"
        verbose_name_plural = "adviesvragen"


class Toets(TimeStampedModel):
    """One run of the toegangstoets (DOMAIN §3.3): the facts used, the outcome and every rule.

    `facts` holds the `ToetsFacts` as JSON (dates as ISO strings, unknown as null);
    `rule_results` one object per rule: rule_id, label, kind, status, facts, source.
    """

    melding = models.ForeignKey(
        Melding, on_delete=models.PROTECT, related_name="toetsen", verbose_name="melding"
    )
    track = models.CharField("spoor", max_length=2, choices=Track.choices)
    assessed_on = models.DateField("datum toets")
    facts = models.JSONField("feiten")
    outcome = models.CharField("uitkomst", max_length=20, choices=ToetsOutcome.choices)
    explanation = models.TextField("toelichting")
    rule_results = models.JSONField("uitkomst per regel")
    notes = models.TextField("toelichting consulent", blank=True)
    performed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name="uitgevoerd door",
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = "toegangstoets"
        verbose_name_plural = "toegangstoetsen"

    def __str__(self) -> str:
        return f"Toets {self.get_outcome_display()} {self.assessed_on:%d-%m-%Y}"


class Beschikking(TimeStampedModel):
    melding = models.ForeignKey(
        Melding, on_delete=models.PROTECT, related_name="beschikkingen", verbose_name="melding"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="beschikkingen",
        verbose_name="cliënt",
    )
    outcome = models.CharField("uitkomst", max_length=20, choices=BeschikkingOutcome.choices)
    product = models.ForeignKey(
        "regions.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="product",
    )
    financing = models.CharField(
        "financiering", max_length=3, choices=Financing.choices, blank=True
    )
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.PROTECT, null=True, blank=True,
        related_name="beschikkingen", verbose_name="zorgaanbieder",
    )
    start_date = models.DateField("ingangsdatum", null=True, blank=True)
    end_date = models.DateField("einddatum", null=True, blank=True)
    decided_on = models.DateField("datum besluit")
    motivation = models.TextField("motivering", blank=True)
    responsible_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+",
        verbose_name="verantwoordelijke gemeente",
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    toets = models.ForeignKey(
        Toets, on_delete=models.PROTECT, null=True, blank=True, related_name="beschikkingen",
        verbose_name="gebruikte toets",
    )
    decision_maker = models.CharField(
        "besloten door", max_length=20, choices=DecisionMaker.choices, blank=True
    )
    duration_motivation = models.TextField("motivering duur", blank=True)
    override_motivation = models.TextField("motivering afwijking van de toets", blank=True)
    pgb_contracted_supply_unsuitable = models.BooleanField(
        "gecontracteerd aanbod niet passend", null=True, blank=True
    )
    pgb_budget_holder_available = models.BooleanField(
        "budgethouder beschikbaar", null=True, blank=True
    )
    pgb_provider_quality_sufficient = models.BooleanField(
        "kwaliteit aanbieder voldoende", null=True, blank=True
    )
    client_status = models.CharField(
        "nieuwe of bestaande cliënt", max_length=20, choices=ClientStatus.choices, blank=True
    )
    responsibility_rule = models.CharField("regel", max_length=60, blank=True)
    responsibility_explanation = models.TextField("toelichting verantwoordelijkheid", blank=True)
    responsibility_facts = models.JSONField("feiten verantwoordelijkheid", default=dict, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        # The decisions list sorts on these (issue 9: without an index the sort spilled to disk).
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="beschikking_decided_idx"),
            models.Index(fields=["responsible_municipality", "-decided_on"],
                         name="beschikking_resp_decided_idx"),
        ]
        verbose_name = "beschikking"
        verbose_name_plural = "beschikkingen"
        constraints = [
            models.CheckConstraint(
                name="beschikking_end_after_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
            )
        ]

    def __str__(self) -> str:
        return f"Beschikking {self.get_outcome_display()} {self.decided_on:%d-%m-%Y}"
