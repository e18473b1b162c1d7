"""Choices of contract management and quality (DOMAIN §12)."""

from django.db import models


class ContractForm(models.TextChoices):
    AANBESTEDING = "aanbesteding", "Aanbesteding"
    OPEN_HOUSE = "open_house", "Open house"
    SUBSIDIE = "subsidie", "Subsidie"
    CLIENT_SPECIFIC = "client_specific", "Cliëntspecifiek contract"


class CommitmentStatus(models.TextChoices):
    AGREED = "agreed", "Afgesproken"
    IN_PROGRESS = "in_progress", "In uitvoering"
    MET = "met", "Gerealiseerd"
    NOT_MET = "not_met", "Niet gerealiseerd"


class InspectionSeverity(models.TextChoices):
    NONE = "none", "Geen bevindingen"
    MINOR = "minor", "Aandachtspunten"
    SERIOUS = "serious", "Ernstige tekortkomingen"


class TalkKind(models.TextChoices):
    OVERLEGTAFEL = "overlegtafel", "Overlegtafel (kwartaal)"
    ACCOUNTGESPREK = "accountgesprek", "Accountgesprek (jaarlijks)"


class QualityLevel(models.TextChoices):
    SUFFICIENT = "sufficient", "Voldoende"
    ATTENTION = "attention", "Aandachtspunten"
    INSUFFICIENT = "insufficient", "Onvoldoende"
