"""Who may take over a register, and the imports done so far."""

from django.db.models import QuerySet

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.accounts.models import User
from bwmo.regions.models import Region

from .models import RegisterImport


def importer_region(user: User) -> Region | None:
    """The region whose register `user` may import: functioneel beheer of the region organisation."""
    organisation = getattr(user, "organisation", None)
    if (user.is_authenticated and user.is_active and user.role == Role.FUNCTIONEEL_BEHEER
            and organisation is not None and organisation.kind == OrganisationKind.REGION
            and organisation.region_id is not None):
        return organisation.region
    return None


def may_import(user: User, region: Region) -> bool:
    found = importer_region(user)
    return found is not None and found.pk == region.pk


def imports_for(user: User) -> QuerySet[RegisterImport]:
    region = importer_region(user)
    if region is None:
        return RegisterImport.objects.none()
    return RegisterImport.objects.filter(region=region).select_related("imported_by")
