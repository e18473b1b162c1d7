from django.db import models


class OutflowDestination(models.TextChoices):
    """Where a client goes when care ends (DOMAIN §3.7); iWmo reden beëindiging in comments."""

    INDEPENDENT_HOUSING = "independent_housing", "Zelfstandige woning"  # 19 volgens plan
    WLZ = "wlz", "Wlz"  # 39 uitstroom naar ander domein
    MO = "mo", "Maatschappelijke opvang"
    CLINIC = "clinic", "Kliniek"
    DETENTION = "detention", "Detentie"
    OTHER_REGION = "other_region", "Andere regio"  # 31 verhuizing
    DECEASED = "deceased", "Overleden"  # 02 overlijden
    UNKNOWN = "unknown", "Onbekend"
    DOORSTROOM = "doorstroom", "Doorstroom naar ander product"


class WaitingPriority(models.TextChoices):
    NORMAL = "normal", "Normaal"
    URGENT = "urgent", "Urgent"


class WaitingRemovalReason(models.TextChoices):
    PLACED = "placed", "Geplaatst"
    OTHER_SOLUTION = "other_solution", "Andere oplossing"
    WITHDRAWN = "withdrawn", "Ingetrokken"
    DECEASED = "deceased", "Overleden"
