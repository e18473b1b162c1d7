from django.db import models


class MeldingSource(models.TextChoices):
    """Where a melding comes from (DOMAIN §3.1; seed 001 §2.2, seed 004 §3.1)."""

    SELF = "self", "Cliënt zelf"
    NETWORK = "network", "Netwerk (familie, naasten)"
    HUISARTS = "huisarts", "Huisarts"
    WIJKTEAM = "wijkteam", "Wijkteam / sociaal team"
    CLINIC = "clinic", "Kliniek (GGZ)"
    MO = "mo", "Maatschappelijke opvang"
    FORENSIC = "forensic", "Forensische zorg"
    YOUTH_CARE = "youth_care", "Jeugdhulp (18-/18+)"
    OUTSIDE_REGION = "outside_region", "Van buiten de regio"
    REGISTER = "register", "Overgenomen uit een bestaand register"


class MeldingStatus(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Besloten"
    WITHDRAWN = "withdrawn", "Ingetrokken"


class ClientStatus(models.TextChoices):
    NEW = "new", "Nieuwe cliënt"
    EXISTING = "existing", "Bestaande cliënt"
    NOT_APPLICABLE = "not_applicable", "Niet van toepassing"


class Financing(models.TextChoices):
    ZIN = "zin", "Zorg in natura (ZIN)"
    PGB = "pgb", "Persoonsgebonden budget (PGB)"


class BeschikkingOutcome(models.TextChoices):
    GRANTED = "granted", "Toegekend"
    REFUSED = "refused", "Afgewezen"
    WLZ_REFERRAL = "wlz_referral", "Verwezen naar Wlz (CIZ)"
    OTHER_SUPPORT = "other_support", "Geen BW: andere ondersteuning"


class HomelessnessCause(models.TextChoices):
    """Cause of homelessness for MO (seed 004 §3.2, seed 000 §1.6)."""

    LEFT_HOME = "left_home", "Huis verlaten"
    EVICTION = "eviction", "Huisuitzetting"
    PARENTAL_HOME = "parental_home", "Uit huis gezet door ouders"
    DISCHARGE_CARE = "discharge_care", "Uitstroom uit zorg"
    DISCHARGE_DETENTION = "discharge_detention", "Uitstroom uit detentie"
    REMIGRATION = "remigration", "Remigratie"
    DIVORCE = "divorce", "Economisch: scheiding"
    UNEMPLOYMENT = "unemployment", "Economisch: werkloosheid"
    OTHER = "other", "Anders"


class ToetsOutcome(models.TextChoices):
    """Outcome of the toegangstoets; values equal `bwmo.journeys.toets.Outcome`."""

    ELIGIBLE = "eligible", "Toegang"
    NOT_ELIGIBLE = "not_eligible", "Geen toegang"
    REFER_CRISIS = "refer_crisis", "Eerst crisiszorg"
    REFER_WLZ = "refer_wlz", "Verwijzen naar de Wlz (CIZ)"
    REFER_ZVW = "refer_zvw", "Verwijzen naar de Zvw (behandeling)"
    AMBULANT = "ambulant", "Wmo ambulante ondersteuning"
    INCOMPLETE = "incomplete", "Onvolledig: gegevens ontbreken"
    REFER_YOUTH = "refer_youth", "Verwijzen naar jeugdhulp (Jeugdwet)"
