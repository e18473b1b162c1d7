"""The client (cliënt): identity and an append-only case history.

The BSN is never stored in plain text: `bsn_encrypted` holds it encrypted and `bsn_index` a keyed
hash for exact search and uniqueness (see core.crypto). Clients of MO may have no BSN at all; then
the reason is recorded (seed 004 §3.2).
"""

from django.db import models
from django.db.models import Q

from bwmo.core import crypto
from bwmo.core.bsn import mask_bsn
from bwmo.core.models import TimeStampedModel

from .constants import (
    REPRESENTATIVE_ROLES,
    AddressKind,
    DocumentKind,
    EventKind,
    NoBsnReason,
    NoteKind,
    RelationRole,
)


class Client(TimeStampedModel):
    bsn_encrypted = models.TextField("BSN (versleuteld)", blank=True, editable=False)
    bsn_index = models.CharField(max_length=64, null=True, blank=True, editable=False, unique=True)
    no_bsn_reason = models.CharField(
        "reden geen BSN", max_length=20, choices=NoBsnReason.choices, blank=True
    )
    given_names = models.CharField("voornamen", max_length=120)
    surname_prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    surname = models.CharField("achternaam", max_length=120)
    date_of_birth = models.DateField("geboortedatum")
    origin_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+",
        verbose_name="gemeente van herkomst", null=True, blank=True,
    )
    registration_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+",
        verbose_name="gemeente van aanmelding",
    )
    responsible_municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name="verantwoordelijke gemeente",
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="clients", verbose_name="regio"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from",
        verbose_name="samengevoegd met",
    )
    is_demo = models.BooleanField(default=False, editable=False)
    # Address and contact (the dossier): where letters go. See AddressKind for the briefadres.
    address_kind = models.CharField(
        "soort adres", max_length=20, choices=AddressKind.choices, default=AddressKind.NONE
    )
    care_of = models.CharField("per adres (p/a)", max_length=120, blank=True)
    street = models.CharField("straat", max_length=120, blank=True)
    house_number = models.CharField("huisnummer en toevoeging", max_length=20, blank=True)
    postcode = models.CharField("postcode", max_length=7, blank=True)
    city = models.CharField("woonplaats", max_length=80, blank=True)
    phone = models.CharField("telefoonnummer", max_length=20, blank=True)
    email = models.EmailField("e-mailadres", blank=True)

    class Meta:
        ordering = ["surname", "given_names"]
        verbose_name = "cliënt"
        verbose_name_plural = "cliënten"
        indexes = [
            models.Index(fields=["surname", "date_of_birth"]),
            models.Index(fields=["responsible_municipality"]),
            models.Index(fields=["registration_municipality"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="client_bsn_or_reason",
                condition=~Q(bsn_encrypted="") | ~Q(no_bsn_reason=""),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("clients:detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    @property
    def bsn(self) -> str:
        return crypto.decrypt(self.bsn_encrypted) if self.bsn_encrypted else ""

    @property
    def bsn_masked(self) -> str:
        return mask_bsn(self.bsn) if self.bsn_encrypted else "geen BSN"

    @property
    def has_postal_address(self) -> bool:
        return self.address_kind != AddressKind.NONE and bool(self.street and self.city)

    @property
    def address_lines(self) -> list[str]:
        """The postal address as it goes on a letter (empty when none is known)."""
        if not self.has_postal_address:
            return []
        lines = [self.full_name]
        if self.address_kind == AddressKind.BRIEFADRES and self.care_of:
            lines.append(f"p/a {self.care_of}")
        lines.append(f"{self.street} {self.house_number}".strip())
        lines.append(f"{self.postcode}  {self.city}".strip())
        return lines

    def set_bsn(self, normalised_bsn: str) -> None:
        self.bsn_encrypted = crypto.encrypt(normalised_bsn)
        self.bsn_index = crypto.blind_index(normalised_bsn)
        self.no_bsn_reason = ""


class ClientEvent(models.Model):
    """One entry in the append-only case history. Other modules write here through services."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("soort", max_length=30, choices=EventKind.choices)
    occurred_on = models.DateField("datum")
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField("omschrijving", max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at", "-id"]
        verbose_name = "gebeurtenis"
        verbose_name_plural = "dossierhistorie"

    def __str__(self) -> str:
        return f"{self.occurred_on:%d-%m-%Y} {self.get_kind_display()}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("De dossierhistorie kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("De dossierhistorie kan niet worden verwijderd.")


class ClientMerge(models.Model):
    """Two registrations of one person merged into one, exactly reversible (clients.merge).

    The duplicate gets `merged_into = survivor`; the rows that pointed at the duplicate (meldingen,
    beschikkingen, placements, waiting-list entries, …) are re-pointed to the survivor, and `moved`
    records exactly which rows moved (`{"app.model.field": [pk, …]}`) so that undoing moves those
    rows back. `survivor_before`/`survivor_after` and `duplicate_before` hold the identity fields
    the merge changed (e.g. the BSN that moves to the survivor), so undo restores them. The case
    history (ClientEvent) and the access log are append-only and stay with the record they were
    written for; the survivor's page shows the history of the records merged into it.
    """

    survivor = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="merges_received",
        verbose_name="blijvend dossier",
    )
    duplicate = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="merges_as_duplicate",
        verbose_name="samengevoegd dossier",
    )
    merged_on = models.DateField("samengevoegd op")
    merged_at = models.DateTimeField("vastgelegd op", auto_now_add=True)
    merged_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="samengevoegd door"
    )
    reason = models.CharField("toelichting", max_length=500, blank=True)
    match_reasons = models.JSONField("overeenkomsten", default=list, blank=True)
    moved = models.JSONField("verplaatste gegevens", default=dict, blank=True)
    survivor_before = models.JSONField(default=dict, blank=True)
    survivor_after = models.JSONField(default=dict, blank=True)
    duplicate_before = models.JSONField(default=dict, blank=True)
    undone_on = models.DateField("ongedaan gemaakt op", null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="ongedaan gemaakt door",
    )

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = "samenvoeging"
        verbose_name_plural = "samenvoegingen"
        constraints = [
            models.CheckConstraint(
                name="merge_not_with_itself", condition=~Q(survivor=models.F("duplicate"))
            ),
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(undone_at__isnull=True),
                name="one_active_merge_per_duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"Samenvoeging {self.duplicate_id} → {self.survivor_id} ({self.merged_on:%d-%m-%Y})"

    @property
    def is_active(self) -> bool:
        return self.undone_at is None


class ClientRelation(TimeStampedModel):
    """A person around the client: a legal representative, a budget holder, or a contact person.

    A PGB needs a budget holder (the client or someone acting for them, DOMAIN §3.4); it is recorded
    here with `is_budget_holder`.
    """

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="relations", verbose_name="cliënt"
    )
    role = models.CharField("rol", max_length=20, choices=RelationRole.choices)
    name = models.CharField("naam", max_length=160)
    organisation = models.CharField("organisatie", max_length=160, blank=True)
    relationship = models.CharField("relatie tot de cliënt", max_length=80, blank=True)
    is_budget_holder = models.BooleanField("budgethouder (pgb)", default=False)
    phone = models.CharField("telefoonnummer", max_length=20, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    address = models.CharField("adres", max_length=200, blank=True)

    class Meta:
        ordering = ["role", "name", "id"]
        verbose_name = "vertegenwoordiger of contactpersoon"
        verbose_name_plural = "vertegenwoordigers en contactpersonen"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_representative(self) -> bool:
        return self.role in REPRESENTATIVE_ROLES


class ClientNote(models.Model):
    """A note in the dossier, e.g. a gespreksverslag. Notes are not changed afterwards."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="notes", verbose_name="cliënt"
    )
    kind = models.CharField("soort", max_length=20, choices=NoteKind.choices)
    held_on = models.DateField("datum gesprek of contact")
    subject = models.CharField("onderwerp", max_length=160)
    text = models.TextField("verslag")
    author = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="geschreven door"
    )
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-recorded_at", "-id"]
        verbose_name = "notitie"
        verbose_name_plural = "notities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d-%m-%Y}"


def document_upload_to(instance: "ClientDocument", filename: str) -> str:
    """A random name: the original file name (which may contain a name or BSN) stays out of it."""
    import secrets

    return f"dossier/{instance.client_id}/{secrets.token_hex(16)}.{instance.extension}"


class ClientDocument(models.Model):
    """An uploaded document (PDF or image), stored through Django's storage API (STORAGES)."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="documents", verbose_name="cliënt"
    )
    kind = models.CharField("soort", max_length=30, choices=DocumentKind.choices)
    title = models.CharField("titel", max_length=160)
    file = models.FileField("bestand", upload_to=document_upload_to, max_length=200)
    content_type = models.CharField("bestandstype", max_length=40)
    size = models.PositiveIntegerField("grootte (bytes)")
    original_name = models.CharField("oorspronkelijke bestandsnaam", max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="toegevoegd door"
    )
    uploaded_at = models.DateTimeField("toegevoegd op", auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "document"
        verbose_name_plural = "documenten"

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
            self.content_type, "bin"
        )


class ReferralOutcome(models.TextChoices):
    OTHER_REGISTRATION = "other_registration", (
        "Zelfde persoon, dossier elders: overdracht of samenwerking afgestemd")
    MERGED = "merged", "Zelfde persoon in deze regio: dossiers samengevoegd"
    WRONG_BSN = "wrong_bsn", "BSN onjuist ingevoerd: registratie gecorrigeerd"


class DuplicateReferral(models.Model):
    """A registration whose BSN is already registered outside the registering user's scope.

    The user was told nothing (that would reveal that the person is a client elsewhere); the
    registration went on without the BSN's search index, and this referral goes to the central
    access of the new registration's region for a duplicate review (issue 8). The review shows
    the new registration and, of the other one, only its number, region and municipality.
    """

    new_client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="duplicate_referrals",
        verbose_name="nieuwe registratie",
    )
    existing_client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="+", verbose_name="bestaande registratie"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="regio"
    )
    referred_at = models.DateTimeField("doorverwezen op", auto_now_add=True)
    referred_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="geregistreerd door"
    )
    outcome = models.CharField("uitkomst", max_length=30, choices=ReferralOutcome.choices,
                               blank=True)
    note = models.CharField("toelichting", max_length=500, blank=True)
    resolved_at = models.DateTimeField("afgehandeld op", null=True, blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="afgehandeld door",
    )

    class Meta:
        ordering = ["resolved_at", "-referred_at", "-id"]
        verbose_name = "doorverwijzing dubbel BSN"
        verbose_name_plural = "doorverwijzingen dubbel BSN"

    def __str__(self) -> str:
        return f"Dubbel BSN: {self.new_client_id} / {self.existing_client_id}"
