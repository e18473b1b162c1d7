"""Outflow and housing (DOMAIN §6, issue 10): uitstromers registered by the provider on a
placement, dwelling offers and contingents of housing associations, neighbourhoods with their
draagkracht, matching runs with explained proposals through the uitstroomtafel, and aftercare
after the move (strippenkaart, checks at 3/6/12 months)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from bwmo.core.models import TimeStampedModel

from . import rules
from .constants import (
    HOLDING_STATUSES,
    CheckMoment,
    CheckOutcome,
    IncomeClass,
    OfferStatus,
    ProposalStatus,
    UitstromerStatus,
)


class TransferPointSettings(models.Model):
    """The region's transfer-point configuration; a region without a row uses the defaults."""

    region = models.OneToOneField(
        "regions.Region", on_delete=models.CASCADE, related_name="transfer_point_settings",
        verbose_name="regio",
    )
    draagkracht_max_per_year = models.PositiveIntegerField(
        "draagkracht: nieuwe plaatsingen per buurt per jaar", null=True, blank=True,
        help_text="Leeg: geen vast maximum.",
    )
    draagkracht_per_1000_dwellings = models.DecimalField(
        "draagkracht: nieuwe plaatsingen per 1.000 woningen per jaar", max_digits=6,
        decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))],
        help_text="Leeg: geen maximum naar woningvoorraad.",
    )
    stall_days = models.PositiveSmallIntegerField(
        "signaal stilstand na (dagen)", default=rules.DEFAULT_STALL_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    strippenkaart_contacts = models.PositiveSmallIntegerField(
        "strippenkaart: aantal contacten", default=rules.DEFAULT_STRIPPENKAART,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = "instelling transferpunt"
        verbose_name_plural = "instellingen transferpunt"

    def __str__(self) -> str:
        return f"Transferpunt {self.region}"

    @property
    def criteria(self) -> rules.DraagkrachtCriteria:
        return rules.DraagkrachtCriteria(self.draagkracht_max_per_year,
                                         self.draagkracht_per_1000_dwellings)


class Neighbourhood(models.Model):
    """A CBS buurt with its number of dwellings (for the draagkracht per 1,000 dwellings)."""

    code = models.CharField("CBS-buurtcode", max_length=10, unique=True)
    name = models.CharField("naam", max_length=120)
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="neighbourhoods",
        verbose_name="gemeente",
    )
    dwellings = models.PositiveIntegerField("aantal woningen", null=True, blank=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = "buurt"
        verbose_name_plural = "buurten"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Uitstromer(TimeStampedModel):
    """A client ready to leave BW/MO for a dwelling, registered by the provider on the placement."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="uitstromer",
        verbose_name="plaatsing",
    )
    ready_on = models.DateField("klaar voor uitstroom per")
    household_size = models.PositiveSmallIntegerField(
        "huishoudgrootte", validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_HOUSEHOLD)]
    )
    max_rent = models.DecimalField(
        "maximale huur per maand", max_digits=8, decimal_places=2, null=True, blank=True
    )
    income_class = models.CharField(
        "inkomensklasse", max_length=20, choices=IncomeClass.choices, blank=True
    )
    preferred_municipalities = models.ManyToManyField(
        "regions.Municipality", related_name="+", verbose_name="voorkeursgemeenten"
    )
    only_preferred = models.BooleanField("alleen voorkeursgemeenten", default=False)
    needs = models.JSONField("woonwensen en beperkingen", default=list, blank=True)
    support_after = models.CharField("ondersteuning na uitstroom", max_length=300)
    status = models.CharField(
        "status", max_length=12, choices=UitstromerStatus.choices, default=UitstromerStatus.WAITING
    )
    withdrawn_reason = models.CharField("reden intrekking", max_length=300, blank=True)
    registered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="geregistreerd door"
    )

    class Meta:
        ordering = ["ready_on", "id"]
        verbose_name = "uitstromer"
        verbose_name_plural = "uitstromers"
        constraints = [
            models.CheckConstraint(
                name="uitstromer_rent_or_income_class",
                condition=Q(max_rent__isnull=False) | ~Q(income_class=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Uitstromer {self.pk}"

    @property
    def rent_limit(self) -> Decimal | None:
        return rules.max_rent_for(self.max_rent, self.income_class)


class DwellingOffer(TimeStampedModel):
    """A dwelling a housing association offers for uitstromers."""

    association = models.ForeignKey(
        "regions.HousingAssociation", on_delete=models.PROTECT, related_name="dwelling_offers",
        verbose_name="woningcorporatie",
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="offers", verbose_name="buurt"
    )
    address = models.CharField("adres", max_length=200)
    rooms = models.PositiveSmallIntegerField(
        "kamers", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    max_household = models.PositiveSmallIntegerField(
        "maximale huishoudgrootte",
        validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_HOUSEHOLD)],
    )
    rent = models.DecimalField("kale huur per maand", max_digits=8, decimal_places=2)
    features = models.JSONField("kenmerken", default=list, blank=True)
    available_on = models.DateField("beschikbaar per")
    is_omklapwoning = models.BooleanField("omklapwoning", default=False)
    status = models.CharField(
        "status", max_length=12, choices=OfferStatus.choices, default=OfferStatus.AVAILABLE
    )
    withdrawn_reason = models.CharField("reden intrekking", max_length=300, blank=True)
    offered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="aangeboden door"
    )

    class Meta:
        ordering = ["available_on", "id"]
        verbose_name = "woningaanbod"
        verbose_name_plural = "woningaanbod"
        constraints = [
            models.CheckConstraint(name="offer_rent_not_negative", condition=Q(rent__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.neighbourhood.name})"

    @property
    def municipality(self):  # type: ignore[no-untyped-def]
        return self.neighbourhood.municipality


class Contingent(TimeStampedModel):
    """Dwellings an association provides for the target groups in a municipality in a year
    (prestatieafspraken; e.g. the "120 woningen" arrangement of Arnhem)."""

    association = models.ForeignKey(
        "regions.HousingAssociation", on_delete=models.PROTECT, related_name="contingents",
        verbose_name="woningcorporatie",
    )
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="gemeente"
    )
    year = models.PositiveSmallIntegerField(
        "jaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    agreed = models.PositiveIntegerField("afgesproken aantal woningen")
    agreement = models.CharField("afspraak", max_length=200, blank=True)

    class Meta:
        ordering = ["year", "municipality__name", "association__name"]
        verbose_name = "contingent"
        verbose_name_plural = "contingenten"
        constraints = [
            models.UniqueConstraint(
                fields=["association", "municipality", "year"], name="one_contingent_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} in {self.municipality} {self.year}: {self.agreed}"


class MatchingRun(models.Model):
    """One run of the matching engine by the transfer point, with the engine's figures."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    run_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="uitgevoerd door"
    )
    run_at = models.DateTimeField("uitgevoerd op", auto_now_add=True)
    n_uitstromers = models.PositiveIntegerField("uitstromers")
    n_dwellings = models.PositiveIntegerField("woningen")
    housed = models.PositiveIntegerField("voorgesteld")
    housed_preferred = models.PositiveIntegerField("voorgesteld in voorkeursgemeente")
    optimal = models.BooleanField("bewezen optimaal")
    gap = models.FloatField("gat tot de grens")
    method = models.CharField("methode", max_length=20)
    seconds = models.FloatField("rekentijd (s)")
    unmatched = models.JSONField("niet gekoppeld, met reden", default=list)

    class Meta:
        ordering = ["-run_at", "-id"]
        verbose_name = "matchingsronde"
        verbose_name_plural = "matchingsrondes"

    def __str__(self) -> str:
        return f"Matching {self.region} {self.run_at:%d-%m-%Y %H:%M}"


class Proposal(TimeStampedModel):
    """A proposed match of an uitstromer with a dwelling, through the uitstroomtafel (committee)
    and the association to the move (DOMAIN §6; seed 001 §2.5.3)."""

    run = models.ForeignKey(
        MatchingRun, on_delete=models.PROTECT, related_name="proposals", verbose_name="ronde"
    )
    uitstromer = models.ForeignKey(
        Uitstromer, on_delete=models.PROTECT, related_name="proposals", verbose_name="uitstromer"
    )
    dwelling = models.ForeignKey(
        DwellingOffer, on_delete=models.PROTECT, related_name="proposals", verbose_name="woning"
    )
    explanation = models.TextField("uitleg")
    status = models.CharField(
        "status", max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    step_since = models.DateField("in deze stap sinds")
    committee_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="besluit uitstroomtafel door",
    )
    committee_on = models.DateField("besluit uitstroomtafel op", null=True, blank=True)
    committee_reason = models.CharField("reden uitstroomtafel", max_length=500, blank=True)
    association_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="besluit corporatie door",
    )
    association_on = models.DateField("besluit corporatie op", null=True, blank=True)
    association_reason = models.CharField("reden corporatie", max_length=500, blank=True)
    voided_reason = models.CharField("reden vervallen", max_length=300, blank=True)

    class Meta:
        ordering = ["-run__run_at", "id"]
        verbose_name = "voorstel"
        verbose_name_plural = "voorstellen"
        constraints = [
            # never double-assigned: one holding proposal per dwelling and per person
            models.UniqueConstraint(
                fields=["dwelling"], condition=Q(status__in=HOLDING_STATUSES),
                name="one_holding_proposal_per_dwelling",
            ),
            models.UniqueConstraint(
                fields=["uitstromer"], condition=Q(status__in=HOLDING_STATUSES),
                name="one_holding_proposal_per_uitstromer",
            ),
        ]


class Aftercare(TimeStampedModel):
    """After the move: the outflow date, the strippenkaart and, for an omklapwoning, the flip
    from the provider's lease to the client's own lease."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="aftercare", verbose_name="voorstel"
    )
    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="aftercare",
        verbose_name="plaatsing",
    )
    outflow_on = models.DateField("uitstroomdatum (eerste dag in de woning)")
    contacts_total = models.PositiveSmallIntegerField(
        "strippenkaart: contacten", validators=[MaxValueValidator(100)]
    )
    flip_planned_on = models.DateField("omklappen gepland op", null=True, blank=True)
    flip_actual_on = models.DateField("omgeklapt op", null=True, blank=True)

    class Meta:
        ordering = ["-outflow_on", "id"]
        verbose_name = "nazorg"
        verbose_name_plural = "nazorg"
        constraints = [
            models.CheckConstraint(
                name="flip_after_outflow",
                condition=Q(flip_actual_on__isnull=True) | Q(flip_actual_on__gte=F("outflow_on")),
            ),
        ]


class AftercareContact(models.Model):
    aftercare = models.ForeignKey(
        Aftercare, on_delete=models.PROTECT, related_name="contacts", verbose_name="nazorg"
    )
    on = models.DateField("datum")
    note = models.CharField("onderwerp", max_length=300)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door"
    )

    class Meta:
        ordering = ["on", "id"]
        verbose_name = "nazorgcontact"
        verbose_name_plural = "nazorgcontacten"

    def __str__(self) -> str:
        return f"Nazorgcontact {self.on:%d-%m-%Y}"


class AftercareCheck(models.Model):
    aftercare = models.ForeignKey(
        Aftercare, on_delete=models.PROTECT, related_name="checks", verbose_name="nazorg"
    )
    moment = models.PositiveSmallIntegerField("moment", choices=CheckMoment.choices)
    done_on = models.DateField("gedaan op")
    outcome = models.CharField("uitkomst", max_length=20, choices=CheckOutcome.choices)
    note = models.CharField("toelichting", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door"
    )

    class Meta:
        ordering = ["moment"]
        verbose_name = "nazorgcheck"
        verbose_name_plural = "nazorgchecks"
        constraints = [
            models.UniqueConstraint(fields=["aftercare", "moment"], name="one_check_per_moment"),
        ]

    def __str__(self) -> str:
        return f"Nazorgcheck na {self.moment} maanden"
