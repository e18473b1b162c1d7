"""iWmo 3.2 code lists and message kinds used by bwmo (see schemas/SOURCE.md)."""

import csv
from functools import cache
from pathlib import Path

from django.db import models

from bwmo.placements.constants import OutflowDestination

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

NS_BASIS = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"


def message_namespace(kind: str) -> str:
    """`WMO301` → `http://www.istandaarden.nl/iwmo/3_2/wmo301/schema`."""
    return f"http://www.istandaarden.nl/iwmo/3_2/{kind.lower()}/schema"


class MessageKind(models.TextChoices):
    WMO301 = "WMO301", "Toewijzing (WMO301)"
    WMO302 = "WMO302", "Retour toewijzing (WMO302)"
    WMO305 = "WMO305", "Start zorg (WMO305)"
    WMO306 = "WMO306", "Retour start zorg (WMO306)"
    WMO307 = "WMO307", "Stop zorg (WMO307)"
    WMO308 = "WMO308", "Retour stop zorg (WMO308)"
    WMO315 = "WMO315", "Verzoek om toewijzing (WMO315)"
    WMO316 = "WMO316", "Retour verzoek om toewijzing (WMO316)"
    WMO317 = "WMO317", "Verzoek om wijziging (WMO317)"
    WMO318 = "WMO318", "Retour verzoek om wijziging (WMO318)"
    WMO319 = "WMO319", "Antwoord op verzoek (WMO319)"
    WMO320 = "WMO320", "Retour antwoord (WMO320)"
    WMO323 = "WMO323", "Declaratie (WMO323)"
    WMO325 = "WMO325", "Declaratie-antwoord (WMO325)"


# BerichtCode (COD002-VEKT)
BERICHT_CODE = {
    "WMO301": "414", "WMO302": "415", "WMO305": "418", "WMO306": "419", "WMO307": "420",
    "WMO308": "421", "WMO315": "444", "WMO316": "445", "WMO317": "480", "WMO318": "481",
    "WMO319": "482", "WMO320": "483", "WMO323": "484", "WMO325": "485",
}

# heenbericht → its retour
RETOUR_OF = {
    "WMO301": "WMO302", "WMO305": "WMO306", "WMO307": "WMO308", "WMO315": "WMO316",
    "WMO317": "WMO318", "WMO319": "WMO320", "WMO323": "WMO325",
}
# messages a provider sends to the municipality
INCOMING_KINDS = ("WMO302", "WMO305", "WMO307", "WMO315", "WMO317", "WMO320", "WMO323")
OFFICIAL_SCHEMAS = ("WMO301", "WMO305", "WMO307", "WMO315", "WMO317", "WMO319", "WMO323")

# Productcategorie WMO020: the BW/MO categories bwmo exchanges
BW_MO_CATEGORIES = ("15", "16", "17", "18")

XSD_VERSIE = "1.0.0"


class Direction(models.TextChoices):
    IN = "in", "Ontvangen"
    OUT = "out", "Verzonden"


class RedenWijziging(models.TextChoices):
    """WMO002: why a toewijzing is sent again."""

    VERLENGING = "04", "Herbeoordeling: verlenging toewijzing"
    VERKORTING = "05", "Herbeoordeling: verkorting toewijzing"
    VERWIJDERD = "13", "Verwijderd"
    ADMINISTRATIEVE_CORRECTIE = "14", "Administratieve correctie"


class RedenBeeindiging(models.TextChoices):
    """WMO588."""

    OVERLIJDEN = "02", "Overlijden"
    VOLGENS_PLAN = "19", "Volgens plan beëindigd"
    TIJDELIJK = "20", "Tijdelijk beëindigd"
    EENZIJDIG_CLIENT = "21", "Eenzijdig door cliënt"
    EENZIJDIG_AANBIEDER = "22", "Eenzijdig door aanbieder"
    VOORTIJDIG = "23", "In overeenstemming voortijdig"
    VERHUIZING = "31", "Verhuizing naar andere gemeente"
    DOOR_GEMEENTE = "36", "Geïnitieerd door de gemeente"
    WIJZIGINGSVERZOEK = "37", "In verband met wijzigingsverzoek"
    OVERSTAP = "38", "Overstap naar andere aanbieder"
    ANDER_DOMEIN = "39", "Uitstroom naar ander domein"


# Reden beëindiging → where the client goes (DOMAIN §3.7; comments in placements.constants).
# "Tijdelijk beëindigd" (20) ends the levering but not the placement: care resumes.
OUTFLOW_FOR_REDEN: dict[str, str] = {
    "02": OutflowDestination.DECEASED,
    "19": OutflowDestination.INDEPENDENT_HOUSING,
    "31": OutflowDestination.OTHER_REGION,
    "39": OutflowDestination.WLZ,
}


def outflow_for(reden: str) -> str:
    return OUTFLOW_FOR_REDEN.get(reden, OutflowDestination.UNKNOWN)


class VerzoekAntwoord(models.TextChoices):
    """WJ760."""

    AFGEWEZEN = "1", "Verzoek afgewezen"
    IN_ONDERZOEK = "2", "Aanvraag in onderzoek"


class RedenAfwijzing(models.TextChoices):
    """WJ759 (iWmo 3.2 basisschema, LDT_RedenAfwijzingVerzoek)."""

    NIEUWE_AANVRAAG = "1", "Geen wijziging, maar nieuwe aanvraag"
    BUDGET = "2", "Past niet binnen budget"
    GEEN_CONTRACT = "3", "Geen contract"
    BUITEN_CONTRACT = "4", "Past niet binnen contract"
    ANDERE_GEMEENTE = "5", "Andere gemeente"
    STAPELING = "6", "Stapeling"
    ZORGINHOUDELIJK = "7", "Zorginhoudelijke afkeur"
    WOONPLAATSBEGINSEL = "8", "Woonplaatsbeginsel"
    LEEFTIJDSGRENS = "9", "Leeftijdsgrens is bereikt"


class VerzoekStatus(models.TextChoices):
    OPEN = "open", "Te beoordelen"
    IN_ONDERZOEK = "in_onderzoek", "In onderzoek"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    GEHONOREERD = "gehonoreerd", "Gehonoreerd"


# Eenheid WJ756 / Frequentie WMO757 of the toewijzing's Omvang, per tariff unit
EENHEID_ETMAAL = "14"
EENHEID_STUKS_OUTPUT = "82"
FREQUENTIE_PER_DAG = "1"
FREQUENTIE_PER_MAAND = "4"

# RetourCode values (WJ001) bwmo sets
ACCEPTED_PARENT = "0200"  # "Geen opmerking over deze berichtklasse" (parent of a rejected part)
NOT_ASSESSED = "0233"  # "Berichtklasse is niet beoordeeld": not applied because the message is whole
TECHNICAL = "0001"
DECLARATIE_GRANTED = "8001"


@cache
def retour_code_texts() -> dict[str, str]:
    """The 59 RetourCode texts of the official basisschema."""
    path = SCHEMA_DIR / "WJ001_retourcodes_from_official_basisschema.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["code"]: row[next(k for k in row if k != "code")] for row in csv.DictReader(fh)}
