"""Contracts with providers, their quality and the account talks (DOMAIN §12).

The tariffs that placements use come from the contract lines (`ContractProduct`), each with its
validity dates. A region switches the contract check on from a date (`ContractSettings`): from
then a placement or ZIN beschikking with a provider needs a valid contract for the product.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from bwmo.core.models import TimeStampedModel
from bwmo.regions.constants import TariffUnit

from .constants import CommitmentStatus, ContractForm, InspectionSeverity, TalkKind


class ContractSettings(models.Model):
    region = models.OneToOneField(
        "regions.Region", on_delete=models.CASCADE, related_name="contract_settings",
        verbose_name="regio",
    )
    required_from = models.DateField(
        "contract verplicht vanaf", null=True, blank=True,
        help_text="Vanaf deze datum kan alleen geplaatst worden bij een aanbieder met een geldig "
                  "contract voor het product. Leeg: (nog) niet verplicht.",
    )
    notice_months = models.PositiveSmallIntegerField(
        "opzegtermijn verlengingsoptie (maanden)", default=6,
        validators=[MaxValueValidator(24)],
    )
    warn_days = models.PositiveSmallIntegerField(
        "signaal vooraf (dagen)", default=120, validators=[MaxValueValidator(730)],
    )
    experience_min_respondents = models.PositiveSmallIntegerField(
        "cliëntervaring: minimum aantal respondenten", default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = "contractinstellingen"
        verbose_name_plural = "contractinstellingen"

    def __str__(self) -> str:
        return f"Contractinstellingen {self.region}"


class Contract(TimeStampedModel):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="contracts", verbose_name="regio"
    )
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.PROTECT, related_name="contracts",
        verbose_name="zorgaanbieder",
    )
    reference = models.CharField("kenmerk", max_length=60)
    lot = models.CharField("perceel", max_length=120, blank=True)
    form = models.CharField("vorm", max_length=20, choices=ContractForm.choices)
    start_date = models.DateField("ingangsdatum")
    initial_end_date = models.DateField("einddatum (zonder verlenging)")
    outside_region = models.BooleanField(
        "aanbieder buiten de regio", default=False,
        help_text="Cliëntspecifiek contract met een aanbieder van buiten de regio.",
    )
    notes = models.TextField("toelichting", blank=True)

    class Meta:
        ordering = ["region", "provider__name", "start_date"]
        verbose_name = "contract"
        verbose_name_plural = "contracten"
        unique_together = [("region", "reference")]
        constraints = [
            models.CheckConstraint(
                condition=Q(initial_end_date__gte=F("start_date")), name="contract_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.provider}"


class ExtensionOption(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="options", verbose_name="contract"
    )
    order = models.PositiveSmallIntegerField("volgorde")
    months = models.PositiveSmallIntegerField(
        "duur (maanden)", validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    exercised_on = models.DateField("gelicht op", null=True, blank=True)
    exercised_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )

    class Meta:
        ordering = ["contract", "order"]
        unique_together = [("contract", "order")]
        verbose_name = "verlengingsoptie"
        verbose_name_plural = "verlengingsopties"

    def __str__(self) -> str:
        return f"Optie {self.order}: {self.months} maanden"


class ContractProduct(models.Model):
    """A product in the contract with its tariff for a period (both dates required)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="lines", verbose_name="contract"
    )
    product = models.ForeignKey(
        "regions.Product", on_delete=models.PROTECT, related_name="contract_lines",
        verbose_name="product",
    )
    tariff = models.DecimalField(
        "tarief (€)", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("eenheid", max_length=10, choices=TariffUnit.choices, default=TariffUnit.DAY)
    valid_from = models.DateField("geldig vanaf")
    valid_to = models.DateField("geldig tot en met")

    class Meta:
        ordering = ["contract", "product", "valid_from"]
        verbose_name = "product en tarief"
        verbose_name_plural = "producten en tarieven"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="contract_tariff_to_after_from"
            ),
            models.CheckConstraint(condition=Q(tariff__gte=0), name="contract_tariff_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product}: € {self.tariff}"


class Commitment(models.Model):
    """A transformatieagenda commitment attached to the contract or one of its extensions."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="commitments", verbose_name="contract"
    )
    description = models.CharField("afspraak", max_length=300)
    due_on = models.DateField("gereed op", null=True, blank=True)
    status = models.CharField(
        "stand", max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.AGREED
    )
    status_note = models.CharField("toelichting stand", max_length=300, blank=True)

    class Meta:
        ordering = ["contract", "due_on", "pk"]
        verbose_name = "afspraak transformatieagenda"
        verbose_name_plural = "afspraken transformatieagenda"

    def __str__(self) -> str:
        return self.description


class KeurmerkRequirement(models.Model):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="keurmerk_requirements",
        verbose_name="regio",
    )
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    title = models.CharField("eis", max_length=150)
    description = models.TextField("toelichting", blank=True)
    active = models.BooleanField("geldt", default=True)

    class Meta:
        ordering = ["region", "order", "title"]
        unique_together = [("region", "title")]
        verbose_name = "eis regionaal keurmerk"
        verbose_name_plural = "eisen regionaal keurmerk"

    def __str__(self) -> str:
        return self.title


class KeurmerkEvidence(models.Model):
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.CASCADE, related_name="keurmerk_evidence",
        verbose_name="zorgaanbieder",
    )
    requirement = models.ForeignKey(
        KeurmerkRequirement, on_delete=models.PROTECT, related_name="evidence", verbose_name="eis"
    )
    evidence = models.CharField("bewijs", max_length=300)
    recorded_on = models.DateField("vastgesteld op")
    valid_until = models.DateField("geldig tot en met", null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )

    class Meta:
        ordering = ["provider", "requirement", "-recorded_on", "-pk"]
        verbose_name = "bewijs keurmerk"
        verbose_name_plural = "bewijs keurmerk"

    def __str__(self) -> str:
        return f"{self.provider}: {self.requirement}"


class GgdInspection(models.Model):
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.CASCADE, related_name="inspections",
        verbose_name="zorgaanbieder",
    )
    location = models.ForeignKey(
        "capacity.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="locatie",
    )
    inspected_on = models.DateField("datum inspectie")
    severity = models.CharField("uitkomst", max_length=10, choices=InspectionSeverity.choices)
    findings = models.TextField("bevindingen", blank=True)
    follow_up = models.TextField("afgesproken opvolging", blank=True)
    follow_up_due = models.DateField("opvolging gereed op", null=True, blank=True)
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    closing_note = models.CharField("toelichting afsluiting", max_length=300, blank=True)

    class Meta:
        ordering = ["provider", "-inspected_on", "-pk"]
        verbose_name = "GGD-inspectie"
        verbose_name_plural = "GGD-inspecties"

    def __str__(self) -> str:
        return f"{self.provider}: inspectie {self.inspected_on:%d-%m-%Y}"


class RechtmatigheidSignal(models.Model):
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.CASCADE, related_name="rechtmatigheid_signals",
        verbose_name="zorgaanbieder",
    )
    received_on = models.DateField("ontvangen op")
    source = models.CharField("bron", max_length=100, default="Sociale recherche")
    concerns_pgb = models.BooleanField("gaat over pgb", default=True)
    description = models.TextField("signaal")
    closed_on = models.DateField("afgehandeld op", null=True, blank=True)
    outcome = models.CharField("uitkomst", max_length=300, blank=True)

    class Meta:
        ordering = ["provider", "-received_on", "-pk"]
        verbose_name = "signaal rechtmatigheid"
        verbose_name_plural = "signalen rechtmatigheid"

    def __str__(self) -> str:
        return f"{self.provider}: signaal {self.received_on:%d-%m-%Y}"


class AccountTalk(TimeStampedModel):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="account_talks", verbose_name="regio"
    )
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.PROTECT, related_name="account_talks",
        verbose_name="zorgaanbieder",
    )
    kind = models.CharField("soort", max_length=20, choices=TalkKind.choices)
    held_on = models.DateField("datum")
    year = models.PositiveSmallIntegerField("jaar")
    quarter = models.PositiveSmallIntegerField(
        "kwartaal", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    figures = models.JSONField("cijfers bij het gesprek", default=dict)
    notes = models.TextField("verslag", blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )

    class Meta:
        ordering = ["region", "provider__name", "-held_on", "-pk"]
        verbose_name = "accountgesprek"
        verbose_name_plural = "accountgesprekken"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.provider} {self.held_on:%d-%m-%Y}"


class AgreedAction(models.Model):
    talk = models.ForeignKey(
        AccountTalk, on_delete=models.CASCADE, related_name="actions", verbose_name="gesprek"
    )
    description = models.CharField("actie", max_length=300)
    owner = models.CharField("wie", max_length=120)
    due_on = models.DateField("gereed op")
    done_on = models.DateField("afgerond op", null=True, blank=True)
    follow_up = models.CharField("opvolging", max_length=300, blank=True)

    class Meta:
        ordering = ["talk", "due_on", "pk"]
        verbose_name = "afgesproken actie"
        verbose_name_plural = "afgesproken acties"

    def __str__(self) -> str:
        return self.description


class ExperienceScore(models.Model):
    """A quarterly score of the continuous client-experience measurement (Menselijke Maat)."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="experience_scores",
        verbose_name="regio",
    )
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.CASCADE, related_name="experience_scores",
        verbose_name="zorgaanbieder",
    )
    year = models.PositiveSmallIntegerField("jaar")
    quarter = models.PositiveSmallIntegerField(
        "kwartaal", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    respondents = models.PositiveIntegerField("aantal respondenten")
    score = models.DecimalField(
        "gemiddelde score (0-10)", max_digits=3, decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )

    class Meta:
        ordering = ["region", "provider__name", "year", "quarter"]
        unique_together = [("region", "provider", "year", "quarter")]
        verbose_name = "score cliëntervaring"
        verbose_name_plural = "scores cliëntervaring"

    def __str__(self) -> str:
        return f"{self.provider} {self.year}-K{self.quarter}: {self.score}"
