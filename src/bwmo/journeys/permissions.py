"""Who may do what on a melding (DOMAIN §2, §3.1-§3.4). Seeing a melding at all is decided by
`bwmo.scoping.melding_scope`; these rules decide which actions a user who sees it may take.

- Registering a melding: a Wmo-consulent at their own municipality; the centrale toegang (CT) at
  any municipality of its region, for MO (the CT is the MO intake point, seed 004 §8) and, when the
  region mandates the CT to decide (seed 004 Bijlage 4), for BW too. In a region where the local
  access decides, a BW melding is registered by the local access (seed 001 §2.2, seed 002); the
  CT advises on it (seed 001 §2.4.4), and is the aanmeldpunt for clients from the clinic, MO,
  forensic care, youth care and outside the region (seed 001 §1.1): it registers such a BW
  melding at the municipality that then handles it.
- Handling a melding (aanvraag and investigation dates, toets): the consulent of the municipality
  where the melding was made; the CT of the region for MO meldingen and under mandate.
- Asking the CT for advice: the consulent of the municipality of the melding.
- Answering advice: a CT-adviseur of the melding's region.
- Deciding (beschikking): follows `Region.decision_maker` — the local consulent of the
  municipality of the melding (LOCAL), or the CT of the region under mandate (REGIONAL).
"""

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.regions.constants import DecisionMaker, Track
from bwmo.regions.models import Municipality, Region

from .constants import MeldingSource
from .models import Melding


def _is_consulent_of(user: User, municipality_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.WMO_CONSULENT
        and user.organisation is not None
        and user.organisation.municipality_id is not None
        and user.organisation.municipality_id == municipality_id
    )


def _is_ct_of(user: User, region_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.CT_ADVISEUR
        and user.organisation is not None
        and region_id is not None
        and user.organisation.region_id == region_id
    )


def user_region(user: User) -> Region | None:
    organisation = user.organisation if user.is_authenticated else None
    return organisation.region if organisation is not None else None


# The central access is the aanmeldpunt for these sources, also where the municipality decides
# (Toekomstvisie beschermd wonen 2032, regio IJssel-Vecht, §1.1): it registers the melding at
# the municipality that handles it, which takes it over.
AANMELDPUNT_SOURCES = frozenset({
    MeldingSource.CLINIC, MeldingSource.MO, MeldingSource.FORENSIC, MeldingSource.YOUTH_CARE,
    MeldingSource.OUTSIDE_REGION,
})


def melding_registration_problem(
    user: User, municipality: Municipality, track: str, source: str = ""
) -> str | None:
    """Why this user may not register a melding here, in Dutch; ``None`` when allowed."""
    if municipality.region_id is None:
        return f"{municipality} hoort niet bij een BW/MO-regio in bwmo."
    if user.role == Role.WMO_CONSULENT:
        own = user.organisation.municipality if user.organisation else None
        if own is None or own.pk != municipality.pk:
            return (
                f"U kunt alleen meldingen registreren bij uw eigen gemeente ({own}); "
                f"{municipality} hoort daar niet bij."
            )
        return None
    if user.role == Role.CT_ADVISEUR:
        region = user_region(user)
        if region is None or municipality.region_id != region.pk:
            return f"{municipality} hoort niet bij uw regio ({region})."
        if (track == Track.BW and region.decision_maker != DecisionMaker.REGIONAL
                and source not in AANMELDPUNT_SOURCES):
            return (
                "In deze regio registreert de lokale toegang van de gemeente een melding voor "
                "beschermd wonen. De centrale toegang is aanmeldpunt voor cliënten uit de kliniek, "
                "de maatschappelijke opvang, forensische zorg, de jeugdhulp en van buiten de regio; "
                "zij registreert verder MO-meldingen en geeft advies."
            )
        return None
    return "Met uw rol kunt u geen meldingen registreren."


def may_register_meldingen(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.WMO_CONSULENT, Role.CT_ADVISEUR)


def _region_of(melding: Melding) -> Region | None:
    return melding.municipality.region


def may_handle(user: User, melding: Melding) -> bool:
    """Record the aanvraag and investigation dates and run the toets."""
    if _is_consulent_of(user, melding.municipality_id):
        return True
    region = _region_of(melding)
    if region is None or not _is_ct_of(user, region.pk):
        return False
    return melding.track == Track.MO or region.decision_maker == DecisionMaker.REGIONAL


def may_request_advice(user: User, melding: Melding) -> bool:
    return _is_consulent_of(user, melding.municipality_id)


def may_answer_advice(user: User, melding: Melding) -> bool:
    return _is_ct_of(user, melding.municipality.region_id)


def decision_maker_of(melding: Melding) -> str:
    region = _region_of(melding)
    return region.decision_maker if region is not None else DecisionMaker.LOCAL


def may_decide(user: User, melding: Melding) -> bool:
    """Issue the beschikking: the local consulent, or the CT under regional mandate."""
    region = _region_of(melding)
    if region is None:
        return False
    if region.decision_maker == DecisionMaker.REGIONAL:
        return _is_ct_of(user, region.pk)
    return _is_consulent_of(user, melding.municipality_id)


def who_decides(melding: Melding) -> str:
    """Dutch description of who issues the beschikking for this melding."""
    region = _region_of(melding)
    if region is not None and region.decision_maker == DecisionMaker.REGIONAL:
        return f"de centrale toegang van {region} (onder mandaat van de gemeenten)"
    return f"de Wmo-consulent van {melding.municipality}"
