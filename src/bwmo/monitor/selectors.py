"""Who may open the kwartaalmonitor: beleid/financiën (region or municipality) and functioneel
beheer, for their own region. The monitor shows aggregates only (no client, no pseudonym); other
roles get 404."""

from __future__ import annotations

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.regions.models import Region

MONITOR_ROLES = frozenset({Role.BELEID, Role.FUNCTIONEEL_BEHEER})


def monitor_region_for(user: User) -> Region | None:
    if not user.is_authenticated or not user.is_active or user.role not in MONITOR_ROLES:
        return None
    organisation = user.organisation
    if organisation is None or organisation.region_id is None:
        return None
    return organisation.region


def own_municipality(user: User) -> str | None:
    """The municipality a municipal beleid user starts in (they may open the others too)."""
    organisation = user.organisation
    if organisation is not None and organisation.municipality_id:
        return organisation.municipality.code
    return None
