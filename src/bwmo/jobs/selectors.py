"""Who sees which job: the user who started it, and functioneel beheer of the job's region."""

from django.db.models import Q, QuerySet

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.accounts.models import User
from bwmo.regions.models import Region

from .constants import JobStatus
from .models import Job


def _beheer_region_id(user: User) -> int | None:
    organisation = getattr(user, "organisation", None)
    if (user.role == Role.FUNCTIONEEL_BEHEER and organisation is not None
            and organisation.kind == OrganisationKind.REGION):
        return organisation.region_id  # type: ignore[no-any-return]
    return None


def jobs_for(user: User) -> QuerySet[Job]:
    if not (user.is_authenticated and user.is_active):
        return Job.objects.none()
    condition = Q(started_by=user)
    region_id = _beheer_region_id(user)
    if region_id is not None:
        condition |= Q(region_id=region_id)
    return Job.objects.filter(condition).select_related("started_by")


def mine(user: User) -> QuerySet[Job]:
    return jobs_for(user).filter(started_by=user)


def unfinished(kind: str, region: Region) -> Job | None:
    """The region's job of this kind that is still queued or running, if any (for a screen to
    point to it instead of silently starting a second one)."""
    return (Job.objects.filter(kind=kind, region=region,
                               status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
            .select_related("started_by").order_by("created_at", "pk").first())
