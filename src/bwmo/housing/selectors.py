"""Who sees what of outflow and housing, and the read use cases (DOMAIN §2, §6).

| role | uitstromers | offers | proposals | aftercare |
| --- | --- | --- | --- | --- |
| zorgaanbieder | on its own placements (`placements_for`) | none | of its uitstromers | of its placements |
| CT-adviseur (regional transfer point, chairs the uitstroomtafel) | placed in or paid by the region | the region's | the region's | the region's |
| woningcorporatie | only candidates confirmed for its own offers: name and housing needs, nothing about care | its own | confirmed for its own offers | none |
| others | none | none | none | none |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.placements.models import Placement
from bwmo.regions.models import HousingAssociation, Region
from bwmo.scoping import placements_for

from . import rules
from .constants import CheckMoment, OfferStatus, ProposalStatus
from .models import (
    Aftercare,
    Contingent,
    DwellingOffer,
    Neighbourhood,
    Proposal,
    TransferPointSettings,
    Uitstromer,
)

# What an association sees of a proposal: from the committee's confirmation on.
ASSOCIATION_STATUSES = (
    ProposalStatus.CONFIRMED, ProposalStatus.ACCEPTED, ProposalStatus.HOUSED, ProposalStatus.DECLINED,
)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


def is_transfer_point(user: User) -> bool:
    return _active(user) and user.role == Role.CT_ADVISEUR


def is_provider(user: User) -> bool:
    return _active(user) and user.role == Role.ZORGAANBIEDER


def association_of(user: User) -> HousingAssociation | None:
    if not _active(user) or user.role != Role.WONINGCORPORATIE:
        return None
    assert user.organisation is not None
    return user.organisation.housing_association


def region_of(user: User) -> Region:
    assert user.organisation is not None
    return user.organisation.region


def settings_for(region: Region) -> TransferPointSettings:
    """The region's settings (unsaved defaults when it has none)."""
    found = TransferPointSettings.objects.filter(region=region).first()
    return found or TransferPointSettings(region=region)


def in_region(region_id: int) -> Q:
    return (Q(placement__location__municipality__region_id=region_id)
            | Q(placement__responsible_municipality__region_id=region_id))


def uitstromers_for(user: User) -> QuerySet[Uitstromer]:
    if is_provider(user):
        return Uitstromer.objects.filter(placement__in=placements_for(user).values("pk"))
    if is_transfer_point(user):
        return Uitstromer.objects.filter(in_region(user.organisation.region_id))  # type: ignore[union-attr]
    association = association_of(user)
    if association is not None:
        return Uitstromer.objects.filter(
            proposals__dwelling__association=association,
            proposals__status__in=ASSOCIATION_STATUSES,
        ).distinct()
    return Uitstromer.objects.none()


def offers_for(user: User) -> QuerySet[DwellingOffer]:
    association = association_of(user)
    if association is not None:
        return DwellingOffer.objects.filter(association=association)
    if is_transfer_point(user):
        return DwellingOffer.objects.filter(
            neighbourhood__municipality__region_id=user.organisation.region_id)  # type: ignore[union-attr]
    return DwellingOffer.objects.none()


def proposals_for(user: User) -> QuerySet[Proposal]:
    base = Proposal.objects.select_related(
        "uitstromer__placement__client", "dwelling__neighbourhood__municipality",
        "dwelling__association", "run",
    )
    if is_transfer_point(user):
        return base.filter(run__region_id=user.organisation.region_id)  # type: ignore[union-attr]
    association = association_of(user)
    if association is not None:
        return base.filter(dwelling__association=association, status__in=ASSOCIATION_STATUSES)
    if is_provider(user):
        return base.filter(uitstromer__in=uitstromers_for(user).values("pk"))
    return Proposal.objects.none()


def aftercare_for(user: User) -> QuerySet[Aftercare]:
    base = Aftercare.objects.select_related("placement__client", "proposal__dwelling")
    if is_provider(user):
        return base.filter(placement__in=placements_for(user).values("pk"))
    if is_transfer_point(user):
        return base.filter(proposal__run__region_id=user.organisation.region_id)  # type: ignore[union-attr]
    return Aftercare.objects.none()


def contingents_for(user: User) -> QuerySet[Contingent]:
    association = association_of(user)
    if association is not None:
        return Contingent.objects.filter(association=association)
    if is_transfer_point(user):
        return Contingent.objects.filter(municipality__region_id=user.organisation.region_id)  # type: ignore[union-attr]
    return Contingent.objects.none()


def neighbourhoods_for(user: User) -> QuerySet[Neighbourhood]:
    """Neighbourhoods an association may offer in: its werkgebied (the region's when it has none)."""
    association = association_of(user)
    if association is None:
        return Neighbourhood.objects.none()
    if association.municipalities.exists():
        return Neighbourhood.objects.filter(municipality__in=association.municipalities.all())
    return Neighbourhood.objects.filter(municipality__region_id=user.organisation.region_id)  # type: ignore[union-attr]


def placements_to_register(user: User) -> QuerySet[Placement]:
    """Open placements of the provider without an uitstromer yet."""
    if not is_provider(user):
        return Placement.objects.none()
    return placements_for(user).filter(end_date__isnull=True, uitstromer__isnull=True).select_related(
        "client", "location")


# --- use so far --------------------------------------------------------------------------------


def holding(year: int) -> QuerySet[Proposal]:
    """Proposals of `year` that hold a dwelling (open, accepted or moved)."""
    from .constants import HOLDING_STATUSES

    return Proposal.objects.filter(status__in=HOLDING_STATUSES, run__run_at__year=year)


def contingent_used(contingent: Contingent) -> int:
    return holding(contingent.year).filter(
        dwelling__association_id=contingent.association_id,
        dwelling__neighbourhood__municipality_id=contingent.municipality_id,
    ).count()


def neighbourhood_used(neighbourhood: Neighbourhood, year: int) -> int:
    return holding(year).filter(dwelling__neighbourhood=neighbourhood).count()


@dataclass(frozen=True)
class ContingentRow:
    contingent: Contingent
    used: int

    @property
    def remaining(self) -> int:
        return max(0, self.contingent.agreed - self.used)


def contingent_rows(user: User) -> list[ContingentRow]:
    rows = contingents_for(user).select_related("association", "municipality")
    return [ContingentRow(c, contingent_used(c)) for c in rows]


# --- signals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StalledRow:
    proposal: Proposal
    days: int
    waiting_for: str


def stalled(proposals: QuerySet[Proposal], *, region: Region, today: date) -> list[StalledRow]:
    """Open proposals whose step has waited longer than the region's N days."""
    limit = settings_for(region).stall_days
    waiting_for = {
        ProposalStatus.PROPOSED: "de uitstroomtafel",
        ProposalStatus.CONFIRMED: "de woningcorporatie",
        ProposalStatus.ACCEPTED: "de registratie van de uitstroom door de zorgaanbieder",
    }
    rows = []
    for proposal in proposals.filter(status__in=list(waiting_for)):
        days = rules.stalled_since(proposal.step_since, today, limit)
        if days is not None:
            rows.append(StalledRow(proposal, days, waiting_for[proposal.status]))
    return rows


@dataclass(frozen=True)
class AftercareRow:
    aftercare: Aftercare
    used: int
    due: list[tuple[int, date]]
    next_check: tuple[int, date] | None
    returned_on: date | None

    @property
    def remaining(self) -> int:
        return max(0, self.aftercare.contacts_total - self.used)

    @property
    def due_labels(self) -> list[str]:
        return [f"{CheckMoment(m).label} (sinds {d:%d-%m-%Y})" for m, d in self.due]


def returned_on(aftercare: Aftercare) -> date | None:
    """The start of a new BW/MO placement within 12 months after the outflow (terugval)."""
    first, last = rules.terugval_window(aftercare.outflow_on)
    start = Placement.objects.filter(
        client_id=aftercare.placement.client_id, start_date__gte=first, start_date__lte=last,
    ).order_by("start_date").values_list("start_date", flat=True).first()
    return start


def aftercare_row(aftercare: Aftercare, today: date) -> AftercareRow:
    done = set(aftercare.checks.values_list("moment", flat=True))
    return AftercareRow(
        aftercare=aftercare, used=aftercare.contacts.count(),
        due=rules.checks_due(aftercare.outflow_on, done, today),
        next_check=rules.next_check(aftercare.outflow_on, done),
        returned_on=returned_on(aftercare),
    )


def aftercare_rows(user: User, today: date) -> list[AftercareRow]:
    return [aftercare_row(a, today) for a in aftercare_for(user)]


@dataclass(frozen=True)
class TerugvalFigures:
    """For the monitor: of the people who moved out in the period, how many came back within
    12 months (only those whose 12 months have passed count in `followed`)."""

    moved_out: int
    followed: int
    returned: int


def terugval_figures(*, region: Region, start: date, end: date, today: date) -> TerugvalFigures:
    rows = Aftercare.objects.filter(
        proposal__run__region=region, outflow_on__gte=start, outflow_on__lte=end,
    ).select_related("placement")
    moved = followed = returned = 0
    for aftercare in rows:
        moved += 1
        back = returned_on(aftercare)
        if back is not None:
            returned += 1
            followed += 1
        elif rules.terugval_window(aftercare.outflow_on)[1] < today:
            followed += 1
    return TerugvalFigures(moved, followed, returned)


def open_offers_count(user: User) -> int:
    return offers_for(user).filter(status=OfferStatus.AVAILABLE).count()


@dataclass(frozen=True)
class HomeCount:
    label: str
    count: int
    url_name: str
    badge: str = "neutral"


def home_counts(user: User, today: date) -> list[HomeCount]:
    """What outflow asks of this user today (counts only, for the home page)."""
    proposals = proposals_for(user)
    if is_transfer_point(user):
        return [
            HomeCount("Voorstellen voor de uitstroomtafel",
                      proposals.filter(status=ProposalStatus.PROPOSED).count(),
                      "housing:uitstroomtafel", "warning"),
            HomeCount("Stilstand bij uitstroom",
                      len(stalled(proposals, region=region_of(user), today=today)),
                      "housing:uitstroomtafel", "error"),
        ]
    if association_of(user) is not None:
        return [HomeCount("Kandidaten te beoordelen",
                          proposals.filter(status=ProposalStatus.CONFIRMED).count(),
                          "housing:candidates", "warning")]
    if is_provider(user):
        return [HomeCount("Uitstroom te registreren",
                          proposals.filter(status=ProposalStatus.ACCEPTED).count(),
                          "housing:uitstromers", "warning")]
    return []
