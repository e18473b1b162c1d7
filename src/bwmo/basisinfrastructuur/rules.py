"""Who may see and who may change a municipality's basistakenpakket."""

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.accounts.models import User
from bwmo.regions.models import Municipality

VIEW_ROLES = frozenset({Role.BELEID})


def may_view(user: User) -> bool:
    """Beleid of the region and of its municipalities see every member municipality."""
    return bool(user.is_authenticated and user.role in VIEW_ROLES and user.organisation)


def may_edit(user: User, municipality: Municipality) -> bool:
    """Only the policy staff of that municipality itself (DOMAIN §2: the municipality decides on
    its own local provisions; the region reads)."""
    org = user.organisation if user.is_authenticated else None
    return bool(
        org is not None and user.role == Role.BELEID
        and org.kind == OrganisationKind.MUNICIPALITY and org.municipality_id == municipality.pk
    )
