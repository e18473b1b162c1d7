"""Organisation kinds and roles (DOMAIN §2)."""

from django.db import models


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", "Gemeente"
    CENTRAL_ACCESS = "central_access", "Centrale toegang"
    PROVIDER = "provider", "Zorgaanbieder"
    HOUSING_ASSOCIATION = "housing_association", "Woningcorporatie"
    REGION = "region", "Regio"


class Role(models.TextChoices):
    WMO_CONSULENT = "wmo_consulent", "Wmo-consulent"
    CT_ADVISEUR = "ct_adviseur", "CT-adviseur"
    ZORGAANBIEDER = "zorgaanbieder", "Medewerker zorgaanbieder"
    WONINGCORPORATIE = "woningcorporatie", "Medewerker woningcorporatie"
    BELEID = "beleid", "Beleid en financiën"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"
    FUNCTIONEEL_BEHEER = "functioneel_beheer", "Functioneel beheer"


# Which organisation kinds a role can belong to.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.WMO_CONSULENT: frozenset({OrganisationKind.MUNICIPALITY}),
    Role.CT_ADVISEUR: frozenset({OrganisationKind.CENTRAL_ACCESS}),
    Role.ZORGAANBIEDER: frozenset({OrganisationKind.PROVIDER}),
    Role.WONINGCORPORATIE: frozenset({OrganisationKind.HOUSING_ASSOCIATION}),
    Role.BELEID: frozenset({OrganisationKind.REGION, OrganisationKind.MUNICIPALITY}),
    Role.PRIVACY_OFFICER: frozenset({OrganisationKind.REGION}),
    Role.FUNCTIONEEL_BEHEER: frozenset({OrganisationKind.REGION}),
}

# Roles that work with named clients at all; the others see aggregates only.
CLIENT_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER})
