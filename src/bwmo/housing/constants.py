"""Choices of the outflow and housing module (DOMAIN §6, issue 10)."""

from django.db import models


class Need(models.TextChoices):
    """Housing needs of an uitstromer; a dwelling offer lists the same codes as features.
    The matching engine requires every need to be a feature of the dwelling."""

    GROUND_FLOOR = "ground_floor", "Begane grond of lift"
    PRIKKELARM = "prikkelarm", "Prikkelarme omgeving"
    OWN_FACILITIES = "own_facilities", "Eigen voorzieningen (geen gedeelde keuken of sanitair)"
    NEAR_SUPPORT = "near_support", "Dichtbij ondersteuning of wijkteam"
    PETS_ALLOWED = "pets_allowed", "Huisdier toegestaan"
    WHEELCHAIR = "wheelchair", "Rolstoeltoegankelijk"


class IncomeClass(models.TextChoices):
    """Instead of an amount, the provider may give the client's income class; the maximum rent
    follows from the rent limits of the Wet op de huurtoeslag (2026, see `rules.INCOME_CLASS_RENT`)."""

    KWALITEITSKORTING = "kwaliteitskorting", "Jongere tot 23 jaar (tot de kwaliteitskortingsgrens)"
    AFTOPPING_LOW = "aftopping_low", "Eén- of tweepersoons, laag inkomen (tot de lage aftoppingsgrens)"
    AFTOPPING_HIGH = "aftopping_high", "Drie of meer personen, laag inkomen (tot de hoge aftoppingsgrens)"
    SOCIAL = "social", "Inkomen tot de huurtoeslaggrens (tot de liberalisatiegrens)"


class UitstromerStatus(models.TextChoices):
    WAITING = "waiting", "Wacht op woning"
    PROPOSED = "proposed", "Voorstel loopt"
    HOUSED = "housed", "Uitgestroomd"
    WITHDRAWN = "withdrawn", "Ingetrokken"


class OfferStatus(models.TextChoices):
    AVAILABLE = "available", "Beschikbaar"
    PROPOSED = "proposed", "In een voorstel"
    LET = "let", "Verhuurd"
    WITHDRAWN = "withdrawn", "Ingetrokken"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Voorgesteld, wacht op uitstroomtafel"
    CONFIRMED = "confirmed", "Bevestigd door uitstroomtafel, wacht op corporatie"
    ACCEPTED = "accepted", "Geaccepteerd door corporatie, wacht op uitstroom"
    HOUSED = "housed", "Uitgestroomd"
    REJECTED = "rejected", "Afgewezen door uitstroomtafel"
    DECLINED = "declined", "Afgewezen door corporatie"
    VOIDED = "voided", "Vervallen"


# A dwelling and a person are held by at most one proposal in these states.
HOLDING_STATUSES = (
    ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED, ProposalStatus.ACCEPTED, ProposalStatus.HOUSED,
)
# Proposals still waiting for a step (the stalled signal looks at these).
OPEN_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED, ProposalStatus.ACCEPTED)


class CheckMoment(models.IntegerChoices):
    """Aftercare checks after outflow (seed 000 §3.1: periodic checks)."""

    M3 = 3, "3 maanden"
    M6 = 6, "6 maanden"
    M12 = 12, "12 maanden"


class CheckOutcome(models.TextChoices):
    GOING_WELL = "going_well", "Gaat goed"
    CONCERNS = "concerns", "Zorgen, extra ondersteuning ingezet"
    NO_CONTACT = "no_contact", "Geen contact gekregen"
