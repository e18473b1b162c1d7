"""iWmo 3.2 message exchange with providers (docs/iwmo.md).

A `Toewijzing` is the assignment of a granted ZIN beschikking (productcategorie 15-18) to its
provider; its primary key is the ToewijzingNummer, so the number never changes. Every message in
or out is kept in `Bericht` (the file as exchanged, its retour and the Dutch report). Start and
stop of care (`Levering`), declarations (`Declaratie`/`Prestatie`) and requests from providers
(`Verzoek`, WMO315/317) are the applied effect of incoming messages.
"""

from django.db import models
from django.db.models import F, Q

from bwmo.core.models import TimeStampedModel

from .constants import Direction, MessageKind, RedenBeeindiging, RedenWijziging, VerzoekStatus


class Toewijzing(TimeStampedModel):
    beschikking = models.OneToOneField(
        "journeys.Beschikking", on_delete=models.PROTECT, related_name="toewijzing",
        verbose_name="beschikking",
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="toewijzingen", verbose_name="cliënt"
    )
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+",
        verbose_name="gemeente (afzender)",
    )
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.PROTECT, related_name="toewijzingen",
        verbose_name="zorgaanbieder",
    )
    product = models.ForeignKey(
        "regions.Product", on_delete=models.PROTECT, related_name="+", verbose_name="product"
    )
    ingangsdatum = models.DateField("ingangsdatum")
    einddatum = models.DateField("einddatum", null=True, blank=True)
    reden_wijziging = models.CharField(
        "reden wijziging", max_length=2, choices=RedenWijziging.choices, blank=True
    )
    volume = models.PositiveIntegerField("volume")
    eenheid = models.CharField("eenheid", max_length=2)
    frequentie = models.CharField("frequentie", max_length=1)
    referentie_aanbieder = models.CharField("referentie aanbieder", max_length=36, blank=True)
    toegewezen_at = models.DateTimeField("toewijzingsdatum en -tijd")
    version = models.PositiveIntegerField("versie", default=1)
    sent_version = models.PositiveIntegerField("verzonden versie", default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        constraints = [
            models.CheckConstraint(
                name="toewijzing_end_after_start",
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("ingangsdatum")),
            )
        ]
        indexes = [models.Index(fields=["municipality", "provider", "client"])]

    def __str__(self) -> str:
        return f"Toewijzing {self.nummer}"

    @property
    def nummer(self) -> int:
        """ToewijzingNummer: the primary key, so stable for the life of the toewijzing."""
        return self.pk

    @property
    def is_withdrawn(self) -> bool:
        return self.reden_wijziging == RedenWijziging.VERWIJDERD

    @property
    def needs_sending(self) -> bool:
        return self.sent_version < self.version


class Bericht(models.Model):
    """One iWmo message as exchanged, in or out, with its retour when there is one."""

    direction = models.CharField("richting", max_length=3, choices=Direction.choices)
    kind = models.CharField("soort", max_length=6, choices=MessageKind.choices)
    identificatie = models.CharField("identificatie", max_length=12)
    dagtekening = models.DateField("dagtekening")
    sender = models.CharField("afzender", max_length=8)
    receiver = models.CharField("ontvanger", max_length=8)
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filename = models.CharField("bestandsnaam", max_length=200, blank=True)
    content = models.TextField("inhoud (XML)")
    applied = models.BooleanField("verwerkt", default=False)
    reused_identification = models.BooleanField("identificatie hergebruikt", default=False)
    retour_codes = models.JSONField("retourcodes", default=list, blank=True)
    report = models.TextField("verslag", blank=True)
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies",
        verbose_name="antwoord op",
    )
    created_at = models.DateTimeField("vastgelegd op", auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    downloaded_at = models.DateTimeField("opgehaald op", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "iWmo-bericht"
        verbose_name_plural = "iWmo-berichten"
        constraints = [
            # TR056: Identificatie is unique per message kind for the sender; a reused one is kept
            # (flagged) so that it can be answered with 9056.
            models.UniqueConstraint(
                fields=["direction", "kind", "sender", "identificatie"],
                condition=Q(reused_identification=False), name="bericht_identificatie_unique",
            )
        ]
        indexes = [models.Index(fields=["provider", "direction", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.identificatie}"

    @property
    def download_name(self) -> str:
        return f"{self.kind}_{self.sender}_{self.receiver}_{self.identificatie}.xml"


class Levering(TimeStampedModel):
    """Care delivered on a toewijzing: from the start (WMO305) until the stop (WMO307)."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, related_name="leveringen")
    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True)
    reden_beeindiging = models.CharField(
        "reden beëindiging", max_length=2, choices=RedenBeeindiging.choices, blank=True
    )
    start_bericht = models.ForeignKey(Bericht, on_delete=models.PROTECT, related_name="+")
    stop_bericht = models.ForeignKey(
        Bericht, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deleted = models.BooleanField("verwijderd", default=False)

    class Meta:
        ordering = ["toewijzing", "begindatum"]
        verbose_name = "levering"
        verbose_name_plural = "leveringen"
        constraints = [
            models.CheckConstraint(
                name="levering_end_after_start",
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("begindatum")),
            ),
            models.UniqueConstraint(
                fields=["toewijzing", "begindatum"], condition=Q(deleted=False),
                name="one_levering_per_key",
            ),
        ]


class Declaratie(TimeStampedModel):
    bericht = models.OneToOneField(Bericht, on_delete=models.PROTECT, related_name="declaratie")
    provider = models.ForeignKey("capacity.Provider", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    nummer = models.CharField("declaratienummer", max_length=12)
    periode_begin = models.DateField("declaratieperiode van")
    periode_eind = models.DateField("declaratieperiode tot en met")
    ingediend_cents = models.BigIntegerField("ingediend (eurocent)")
    toegekend_cents = models.BigIntegerField("toegekend (eurocent)")

    class Meta:
        ordering = ["-periode_begin", "-id"]
        verbose_name = "declaratie"
        verbose_name_plural = "declaraties"
        constraints = [
            # TR333: DeclaratieNummer unique for the provider
            models.UniqueConstraint(fields=["provider", "nummer"], name="declaratie_nummer_unique"),
        ]


class Prestatie(models.Model):
    declaratie = models.ForeignKey(Declaratie, on_delete=models.PROTECT, related_name="prestaties")
    referentie = models.CharField("referentienummer", max_length=36)
    vorig_referentie = models.CharField("vorig referentienummer", max_length=36, blank=True)
    toewijzing = models.ForeignKey(
        Toewijzing, on_delete=models.PROTECT, null=True, blank=True, related_name="prestaties"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    productcategorie = models.CharField(max_length=2)
    productcode = models.CharField(max_length=5)
    periode_begin = models.DateField()
    periode_eind = models.DateField()
    volume = models.PositiveIntegerField()
    eenheid = models.CharField(max_length=2)
    tarief_cents = models.BigIntegerField(null=True, blank=True)
    bedrag_cents = models.BigIntegerField()
    debet_credit = models.CharField(max_length=1)
    granted = models.BooleanField("toegekend")
    retour_codes = models.JSONField(default=list, blank=True)
    credited = models.BooleanField("gecrediteerd", default=False)

    class Meta:
        ordering = ["declaratie", "id"]
        verbose_name = "prestatie"
        verbose_name_plural = "prestaties"
        indexes = [models.Index(fields=["toewijzing", "granted"])]

    def __str__(self) -> str:
        return f"Prestatie {self.referentie}"


class Verzoek(TimeStampedModel):
    """A provider's request (WMO315 verzoek om toewijzing, WMO317 verzoek om wijziging)."""

    bericht = models.ForeignKey(Bericht, on_delete=models.PROTECT, related_name="verzoeken")
    kind = models.CharField("soort", max_length=6, choices=MessageKind.choices)
    provider = models.ForeignKey("capacity.Provider", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="verzoeken"
    )
    client_name = models.CharField("naam cliënt", max_length=250)
    client_birth_date = models.DateField("geboortedatum", null=True, blank=True)
    bsn_index = models.CharField(max_length=64, blank=True)
    referentie_aanbieder = models.CharField("referentie aanbieder", max_length=36)
    products = models.JSONField("gevraagde producten", default=list)
    status = models.CharField(
        "status", max_length=20, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN
    )
    answer = models.ForeignKey(
        Bericht, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="antwoord (WMO319)",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "verzoek van aanbieder"
        verbose_name_plural = "verzoeken van aanbieders"
        constraints = [
            # TR347: ReferentieAanbieder is unique for the provider
            models.UniqueConstraint(
                fields=["provider", "referentie_aanbieder"], name="verzoek_referentie_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Verzoek {self.referentie_aanbieder}"

    @property
    def is_open(self) -> bool:
        return self.status in (VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK)
