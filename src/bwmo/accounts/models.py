"""Users belong to one organisation and have one role; the role decides what they may see."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from bwmo.core.models import TimeStampedModel

from .constants import ROLE_ORGANISATION_KINDS, OrganisationKind, Role


class Organisation(TimeStampedModel):
    name = models.CharField("naam", max_length=150)
    kind = models.CharField("soort", max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="organisations", verbose_name="regio"
    )
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations", verbose_name="gemeente",
    )
    provider = models.ForeignKey(
        "capacity.Provider", on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations", verbose_name="zorgaanbieder",
    )
    housing_association = models.ForeignKey(
        "regions.HousingAssociation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations", verbose_name="woningcorporatie",
    )

    class Meta:
        ordering = ["region", "kind", "name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        constraints = [
            models.CheckConstraint(
                name="organisation_kind_matches_link",
                condition=(
                    Q(kind=OrganisationKind.MUNICIPALITY, municipality__isnull=False)
                    | Q(kind=OrganisationKind.PROVIDER, provider__isnull=False)
                    | Q(kind=OrganisationKind.HOUSING_ASSOCIATION, housing_association__isnull=False)
                    | Q(kind__in=[OrganisationKind.CENTRAL_ACCESS, OrganisationKind.REGION])
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        required = {
            OrganisationKind.MUNICIPALITY: ("municipality", "Kies de gemeente."),
            OrganisationKind.PROVIDER: ("provider", "Kies de zorgaanbieder."),
            OrganisationKind.HOUSING_ASSOCIATION: ("housing_association", "Kies de woningcorporatie."),
        }
        if self.kind in required:
            field, message = required[self.kind]
            if getattr(self, f"{field}_id") is None:
                raise ValidationError({field: message})


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="users", verbose_name="organisatie",
    )
    role = models.CharField("rol", max_length=30, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def clean(self) -> None:
        super().clean()
        if self.role and not self.organisation_id:
            raise ValidationError({"organisation": "Een gebruiker met een rol hoort bij een organisatie."})
        if self.role and self.organisation_id:
            allowed = ROLE_ORGANISATION_KINDS[self.role]
            if self.organisation.kind not in allowed:
                raise ValidationError(
                    {"role": f"De rol {self.get_role_display()} past niet bij een organisatie "
                             f"van het soort {self.organisation.get_kind_display()}."}
                )

    @property
    def display_role(self) -> str:
        return self.get_role_display() if self.role else "Beheerder"
