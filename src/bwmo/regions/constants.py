"""Choices for region configuration."""

from django.db import models


class Track(models.TextChoices):
    BW = "BW", "Beschermd wonen"
    MO = "MO", "Maatschappelijke opvang"


class ProductCategory(models.TextChoices):
    """Location/product type used for the spreading view (DOMAIN §5)."""

    BW_INTRAMURAAL = "bw_intramuraal", "BW intramuraal"
    BW_AMBULANT = "bw_ambulant", "BW ambulant / groepswonen"
    MO = "mo", "MO"


class TariffUnit(models.TextChoices):
    DAY = "day", "per dag"
    MONTH = "month", "per maand"


class DecisionMaker(models.TextChoices):
    """Who issues the beschikking (DOMAIN §3.4): local access or a regional mandate."""

    LOCAL = "local", "Lokale toegang (gemeente)"
    REGIONAL = "regional", "Centrale toegang / regionale budgethouder (mandaat)"


class OutsideRegionPayer(models.TextChoices):
    """Who is responsible for a new client from outside the region (landelijke toegankelijkheid).
    Default: the municipality of origin, as seed 000 §4.1 says; a region may agree otherwise."""

    ORIGIN = "origin", "Gemeente van herkomst (buiten de regio)"
    CENTRUMGEMEENTE = "centrumgemeente", "Centrumgemeente"
    MUNICIPALITY_OF_REPORT = "municipality_of_report", "Gemeente van melding"


class ResponsibilityRuleSet(models.TextChoices):
    SEED_2022 = "seed_2022", "Doordecentralisatie 2022 (nieuwe cliënt naar gemeente van herkomst)"
    WOONPLAATSBEGINSEL_36288 = (
        "woonplaatsbeginsel_36288",
        "Wetsvoorstel woonplaatsbeginsel (Kamerstuk 36 288)",
    )
