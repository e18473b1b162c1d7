from django.db import models


class BezwaarOutcome(models.TextChoices):
    """The decision on an objection (Awb 7:11: heroverweging)."""

    WELL_FOUNDED = "well_founded", "Gegrond: het besluit wordt herroepen of gewijzigd"
    PARTLY = "partly", "Deels gegrond"
    UNFOUNDED = "unfounded", "Ongegrond: het besluit blijft"
    INADMISSIBLE = "inadmissible", "Niet-ontvankelijk"
    WITHDRAWN = "withdrawn", "Ingetrokken door de indiener"


class ReviewOutcome(models.TextChoices):
    """What a voortgangsgesprek concludes (seed 000 §3.3: progress followed in between)."""

    CONTINUE = "continue", "Ondersteuning loopt volgens plan"
    ADJUST = "adjust", "Plan bijstellen"
    LIGHTER = "lighter", "Doorstroom naar lichtere ondersteuning voorbereiden"
    HEAVIER = "heavier", "Zwaardere ondersteuning nodig"
    OUTFLOW = "outflow", "Uitstroom voorbereiden"
