"""Reads of contract management: who sees which contracts, the valid contract and tariff for a
provider and product on a day, a provider's quality status, signals and the figures that the
account talks start from. Contract data holds no client data; figures are counts per provider."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.accounts.models import User
from bwmo.capacity.models import PlaceCapacity, Provider
from bwmo.core.dates import quarter_bounds
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.regions.models import Region

from . import rules
from .checks import (  # noqa: F401  (re-exported for the screens)
    contract_refusal,
    current_end,
    options_of,
    pgb_quality,
    provider_qualities,
    provider_quality,
    settings_for,
    tariff_for,
    tariff_on,
    valid_line,
)
from .models import (
    AccountTalk,
    AgreedAction,
    Contract,
    ContractSettings,
    ExperienceScore,
)

MANAGER_ROLES = frozenset({Role.BELEID})


def is_contract_manager(user: User) -> bool:
    """The region's contract managers: beleid staff of the region organisation."""
    organisation = getattr(user, "organisation", None)
    return (
        user.is_authenticated and user.is_active and user.role in MANAGER_ROLES
        and organisation is not None and organisation.kind == OrganisationKind.REGION
        and organisation.region_id is not None
    )


def is_region_reader(user: User) -> bool:
    """Beleid staff of the region or of one of its municipalities read the region's contracts."""
    organisation = getattr(user, "organisation", None)
    return (
        user.is_authenticated and user.is_active and user.role in MANAGER_ROLES
        and organisation is not None and organisation.region_id is not None
    )


def own_provider(user: User) -> Provider | None:
    organisation = getattr(user, "organisation", None)
    if user.is_authenticated and user.role == Role.ZORGAANBIEDER and organisation is not None:
        return organisation.provider
    return None


def contracts_for(user: User) -> QuerySet[Contract]:
    """Contracts the user may see: all of the region for beleid (its contract managers and the
    municipalities' policy staff), its own for a provider, none for anyone else."""
    if is_region_reader(user):
        return Contract.objects.filter(region_id=user.organisation.region_id)  # type: ignore[union-attr]
    provider = own_provider(user)
    if provider is not None:
        return Contract.objects.filter(provider=provider)
    return Contract.objects.none()


def providers_for(user: User) -> QuerySet[Provider]:
    if is_region_reader(user):
        return providers_for_region(user.organisation.region)  # type: ignore[union-attr]
    provider = own_provider(user)
    if provider is not None:
        return Provider.objects.filter(pk=provider.pk)
    return Provider.objects.none()


def talks_for(user: User) -> QuerySet[AccountTalk]:
    if is_region_reader(user):
        return AccountTalk.objects.filter(region_id=user.organisation.region_id)  # type: ignore[union-attr]
    provider = own_provider(user)
    if provider is not None:
        return AccountTalk.objects.filter(provider=provider)
    return AccountTalk.objects.none()


@dataclass(frozen=True)
class ContractRow:
    contract: Contract
    end: date
    running: bool
    signals: list[rules.ContractSignal]


def contract_rows(contracts: QuerySet[Contract], today: date) -> list[ContractRow]:
    rows = []
    configs: dict[int, ContractSettings] = {}
    for contract in contracts.select_related("provider", "region").prefetch_related("options"):
        if contract.region_id not in configs:
            configs[contract.region_id] = settings_for(contract.region)
        cfg = configs[contract.region_id]
        options = options_of(contract)
        end = rules.effective_end(contract.initial_end_date, options)
        rows.append(ContractRow(
            contract, end, contract.start_date <= today <= end,
            rules.contract_signals(
                today=today, current_end=end, options=options,
                notice_months=cfg.notice_months, warn_days=cfg.warn_days,
            ),
        ))
    return rows


def open_actions(talks: QuerySet[AccountTalk]) -> QuerySet[AgreedAction]:
    return AgreedAction.objects.filter(talk__in=talks, done_on__isnull=True).select_related(
        "talk__provider"
    ).order_by("due_on", "pk")


def provider_figures(provider: Provider, region: Region, year: int, quarter: int) -> dict[str, object]:
    """The provider's figures for one quarter in the region, to start an account talk from:
    placements at the quarter's end, inflow and outflow in the quarter, occupancy, waiting list and
    outflow destinations. Counts only."""
    first, last = quarter_bounds(year, quarter)
    placements = Placement.objects.filter(
        location__provider=provider, product__region=region
    )
    active = placements.active_on(last).count()
    inflow = placements.filter(start_date__gte=first, start_date__lte=last, previous__isnull=True).count()
    ended = placements.filter(end_date__gte=first, end_date__lte=last)
    outflow = ended.filter(next__isnull=True).count()
    destinations = {
        row["outflow_destination"] or "onbekend": row["n"]
        for row in ended.filter(next__isnull=True).values("outflow_destination")
        .annotate(n=Count("id")).order_by()
    }
    capacity_rows = (
        PlaceCapacity.objects.filter(
            location__provider=provider, product__region=region, valid_from__lte=last
        ).order_by("location_id", "product_id", "valid_from", "id")
        .values_list("location_id", "product_id", "places")
    )
    latest: dict[tuple[int, int], int] = {}
    for location_id, product_id, places in capacity_rows:
        latest[(location_id, product_id)] = places
    total_places = sum(latest.values())
    waiting = WaitingListEntry.objects.filter(
        Q(location__provider=provider) | Q(beschikking__provider=provider), product__region=region,
    ).waiting_on(last).count()
    occupancy = None if total_places == 0 else round(100 * active / total_places, 1)
    return {
        "year": year, "quarter": quarter, "first_day": first.isoformat(),
        "last_day": last.isoformat(), "placements_active": active, "inflow": inflow,
        "outflow": outflow, "places": total_places, "occupancy_percent": occupancy,
        "waiting": waiting, "outflow_destinations": destinations,
        "declarations": declaration_figures(provider, region, first, last),
    }


def declaration_figures(provider: Provider, region: Region, first: date, last: date) -> dict[str, object]:
    """The provider's iWmo declarations (WMO323) to the region's municipalities whose period
    begins in the quarter: how many, the amount claimed, granted and refused (decimal strings in
    euro), and the share refused. The iWmo app is read through the app registry, so contract
    management does not depend on the iWmo code (which reads the contract tariffs)."""
    declaratie = apps.get_model("iwmo", "Declaratie")
    totals = declaratie.objects.filter(
        provider=provider, municipality__region=region,
        periode_begin__gte=first, periode_begin__lte=last,
    ).aggregate(n=Count("id"), claimed=Sum("ingediend_cents"), granted=Sum("toegekend_cents"))
    claimed = Decimal(totals["claimed"] or 0) / 100
    granted = Decimal(totals["granted"] or 0) / 100
    refused = claimed - granted
    return {
        "count": totals["n"], "claimed": f"{claimed:.2f}", "granted": f"{granted:.2f}",
        "refused": f"{refused:.2f}",
        "refused_percent": None if not claimed else float(round(100 * refused / claimed, 1)),
    }


@dataclass(frozen=True)
class ExperienceCell:
    year: int
    quarter: int
    respondents: int
    score: str | None  # None: suppressed (too few respondents)


def experience_trend(region: Region, provider: Provider) -> list[ExperienceCell]:
    minimum = settings_for(region).experience_min_respondents
    return [
        ExperienceCell(
            s.year, s.quarter, s.respondents,
            None if s.respondents < minimum else f"{s.score:.1f}".replace(".", ","),
        )
        for s in ExperienceScore.objects.filter(region=region, provider=provider)
        .order_by("year", "quarter")
    ]


def experience_chart(cells: list[ExperienceCell]) -> dict[str, list[object]]:
    """Chart data for the trend: one label per quarter, the score or None (a gap) when suppressed."""
    return {
        "labels": [f"{c.year} K{c.quarter}" for c in cells],
        "scores": [None if c.score is None else float(c.score.replace(",", ".")) for c in cells],
    }


def quarter_before(day: date) -> tuple[int, int]:
    """The last complete quarter before `day`."""
    first_of_quarter = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    previous = first_of_quarter - timedelta(days=1)
    return previous.year, (previous.month - 1) // 3 + 1


def providers_for_region(region: Region) -> QuerySet[Provider]:
    return Provider.objects.filter(Q(regions=region) | Q(contracts__region=region)).distinct()
