"""The woonplaatsbeginsel settlement statement of a region, read from the database.

Seed 000 §4.4.2: when a client lives in a facility outside their municipality of origin, the
municipality of origin keeps paying for a number of years (``Region.settlement_years``). This
module turns the region's placements into :class:`bwmo.finance.settlement.Stay` objects, lets the
pure :func:`~bwmo.finance.settlement.compute_settlement` compute the statement (per quarter and per
year: which municipality owes which other how much, days × daily tariff; totals reconcile exactly)
and adds what the screen and the Excel export need.

From placements to stays
------------------------
* **Debtor**: the client's gemeente van herkomst (``Client.origin_municipality``). A placement of a
  client whose origin is unknown cannot be settled; it is counted under *niet verrekend*.
* **Only the origin's own days** (seed 000 §4.4.2, DOMAIN §7). A day is settled only when the
  origin is the municipality responsible for the stay under the rules in force on that day, as
  recorded by the responsibility engine: ``Placement.responsible_municipality`` is the origin and
  the recorded rule (``Beschikking.responsibility_rule`` of the placement's beschikking) is not
  one that gives the client to the centrumgemeente (``before_decentralisation``,
  ``existing_client``, ``mo_regional``). Days before ``Region.decentralisation_date`` are never
  settled, nor MO days while MO is regional (no ``Region.mo_decentralised_from``, or before it).
  Both rule sets (``RegionRuleSet``: the seeds' rule and Kamerstuk 36 288) make the origin
  responsible for exactly these clients, so the recorded responsibility decides. Existing clients
  and everything before the decentralisation stay with the centrumgemeente, which keeps those
  costs: they are counted under *niet verrekend* with the reason, never billed.
* **Creditor**: the municipality where the facility is (the client's new woonplaats, which would
  otherwise carry the cost: the AEF advice in seed 000 §4.4.2). No claim when the facility lies in
  the origin.
* **Days**: ``start_date`` up to and including ``end_date`` ("einde zorg" is the last day of care;
  an ongoing placement runs to the end of the period). For the current year the statement runs up
  to and including today, never into the future.
* **Settlement window**: counted from the start of the placement, or — for a doorstroom chain
  (``Placement.previous``) that stayed outside the origin — from the start of the first placement
  of the chain, so moving to a lighter product does not restart the clock.
* **Tariff**: the product's ``regions.Tariff`` valid on each day (``valid_from`` … ``valid_to``
  inclusive; when rows overlap, the latest ``valid_from`` wins). A tariff change within the year is
  passed as a :class:`~bwmo.finance.settlement.TariffChange`, so days before and after it are priced
  separately. **Monthly tariffs are billed per calendar month** (a whole month is the monthly
  tariff, a part of a month pro rata to the days of that month; see ``settlement.py``), never as
  12/365 per day. Days without any valid tariff are not settled and are counted under *niet
  verrekend* ("geen tarief").
* **PGB** placements are not settled: the client's budget is not in bwmo and the ZIN tariff is not
  the PGB amount (DOMAIN §8 distinguishes the two); they are counted under *niet verrekend*.

Privacy (DOMAIN §2: beleid sees "aggregated and pseudonymised data, budgets, settlements; never a
named client")
------------------------------------------------------------------------------------------------
* The statement shows amounts and days between municipalities. These are financial figures the
  municipalities must be able to check and pay, and they are shown unsuppressed: suppressing a
  cell would make the totals impossible to reconcile. They carry no name, BSN or client number.
* It shows no counts of clients per line, so there is nothing to suppress there. The only counts —
  the number of stays under *niet verrekend* — go through the shared suppression
  (``bwmo.core.suppression``, the region's threshold): "x" with its legend, days included, on
  screen and in the export alike (`not_settled_shown`).
* Detail lines (one per stay per quarter, needed to check a claim) carry a **pseudonym**: a keyed
  HMAC of the client id (key derived from the field-encryption key, purpose "finance-pseudonym"),
  stable across years so the same client can be followed, not reversible without the key, and
  never the name or BSN. Region-level beleid sees all detail lines; municipality-level beleid only
  the lines in which its own municipality pays or is paid; functioneel beheer sees the aggregates
  only. Because nobody is identified to the user, reading the statement is not written to the
  per-client access log.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Min, Q, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.core.exceptions import DomainError
from bwmo.core.suppression import SUPPRESSED_LEGEND, SUPPRESSED_MARK, suppress, threshold_for
from bwmo.placements.models import Placement
from bwmo.regions.constants import TariffUnit, Track
from bwmo.regions.models import Municipality, Region, Tariff
from bwmo.scoping import SETTLEMENT_ROLES, settlement_placements_for

from .money import CENT
from .settlement import (
    SettlementConfig,
    SettlementDetail,
    SettlementInputError,
    SettlementStatement,
    Stay,
    TariffBasis,
    TariffChange,
    compute_settlement,
)


class NotSettledReason:
    ORIGIN_UNKNOWN = "Gemeente van herkomst onbekend"
    PGB = "PGB (budget staat niet in bwmo)"
    NO_TARIFF = "Geen tarief voor het product op deze dagen"
    BEFORE_DECENTRALISATION = "Vóór de doordecentralisatie: de centrumgemeente was verantwoordelijk"
    EXISTING_CLIENT = "Bestaande cliënt: de centrumgemeente houdt deze kosten"
    MO_REGIONAL = "MO is regionaal georganiseerd: de centrumgemeente draagt de kosten"
    OTHER_RESPONSIBLE = "Een andere gemeente dan de gemeente van herkomst is verantwoordelijk"


NOT_SETTLED_ORDER = (
    NotSettledReason.BEFORE_DECENTRALISATION, NotSettledReason.EXISTING_CLIENT,
    NotSettledReason.MO_REGIONAL, NotSettledReason.OTHER_RESPONSIBLE,
    NotSettledReason.ORIGIN_UNKNOWN, NotSettledReason.PGB, NotSettledReason.NO_TARIFF,
)

CENTRUMGEMEENTE_RULES = frozenset({"before_decentralisation", "existing_client", "mo_regional"})
"""Recorded responsibility rules (``bwmo.responsibility.engine.Rule``) under which the
centrumgemeente carries the client: such stays are never settled with the origin."""


def origin_rules_start(region: Region, track: str) -> date | None:
    """The first day a municipality can be responsible for its own clients of ``track``: BW from
    the decentralisation date, MO from ``mo_decentralised_from`` (None: MO stays regional)."""
    start = region.decentralisation_date
    if track == Track.MO:
        if region.mo_decentralised_from is None:
            return None
        start = max(start, region.mo_decentralised_from)
    return start


def origin_days(
    *, region: Region, track: str, first: date, last: date
) -> tuple[date, date] | None:
    """The part of ``first..last`` in which a municipality can be responsible for its own
    clients of ``track`` under the region's rules; None when no day qualifies."""
    start = origin_rules_start(region, track)
    if start is None:
        return None
    first = max(first, start)
    return (first, last) if first <= last else None


@dataclass(frozen=True)
class NotSettled:
    """Placements (and their days in the period) that may count but could not be settled."""

    reason: str
    stays: int
    days: int


@dataclass(frozen=True)
class SettlementReport:
    region: Region
    year: int
    through: date
    statement: SettlementStatement
    names: dict[str, str]
    details: tuple[SettlementDetail, ...]
    details_allowed: bool
    own_municipality: str | None
    not_settled: tuple[NotSettled, ...]

    def name(self, code: str) -> str:
        return self.names.get(code, code)


# ------------------------------------------------------------------------------------------------
# Who may see what
# ------------------------------------------------------------------------------------------------


def settlement_region_for(user: User) -> Region | None:
    """The region whose statement this user may see, or None (other roles: no access)."""
    if not user.is_authenticated or user.role not in SETTLEMENT_ROLES:
        return None
    organisation = user.organisation
    if organisation is None or organisation.region_id is None:
        return None
    return organisation.region


def _own_municipality(user: User) -> str | None:
    organisation = user.organisation
    if organisation is not None and organisation.municipality_id:
        return organisation.municipality.code
    return None


def settlement_years_for(*, user: User, today: date) -> list[int]:
    """The years the user can choose: from the first placement (or the decentralisation) on."""
    region = settlement_region_for(user)
    if region is None:
        return []
    first = settlement_placements_for(user).aggregate(first=Min("start_date"))["first"]
    start = min(first.year if first else today.year, region.decentralisation_date.year, today.year)
    return list(range(today.year, start - 1, -1))


# ------------------------------------------------------------------------------------------------
# Pseudonyms and tariffs
# ------------------------------------------------------------------------------------------------


def client_pseudonym(client_id: int) -> str:
    """A stable pseudonym for a client in financial detail lines (never the name or the BSN)."""
    key = hashlib.sha256(
        b"bwmo-finance-pseudonym:" + settings.FIELD_ENCRYPTION_KEY.encode()
    ).digest()
    digest = hmac.new(key, f"client:{client_id}".encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:10].upper()}"


def tariff_value(tariff: Tariff) -> tuple[Decimal, TariffBasis]:
    """The tariff amount in whole cents with what it is for (a day or a calendar month)."""
    basis = TariffBasis.MONTH if tariff.unit == TariffUnit.MONTH else TariffBasis.DAY
    return Decimal(tariff.amount).quantize(CENT), basis


def tariff_runs(
    tariffs: list[Tariff], first: date, last: date
) -> list[tuple[date, date, tuple[Decimal, TariffBasis] | None]]:
    """Split ``first..last`` into runs with one tariff (None: no tariff valid)."""
    boundaries = {first}
    for tariff in tariffs:
        for day in (tariff.valid_from, tariff.valid_to and tariff.valid_to + timedelta(days=1)):
            if day is not None and first < day <= last:
                boundaries.add(day)
    starts = sorted(boundaries)
    runs: list[tuple[date, date, tuple[Decimal, TariffBasis] | None]] = []
    for index, run_first in enumerate(starts):
        run_last = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else last
        valid = [
            t for t in tariffs
            if t.valid_from <= run_first and (t.valid_to is None or t.valid_to >= run_first)
        ]
        value = tariff_value(max(valid, key=lambda t: (t.valid_from, t.pk))) if valid else None
        if runs and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], run_last, value)
        else:
            runs.append((run_first, run_last, value))
    return runs


_DAY = timedelta(days=1)


def _days(first: date, last: date) -> int:
    return max((last - first).days + 1, 0)


# ------------------------------------------------------------------------------------------------
# The statement
# ------------------------------------------------------------------------------------------------


def _clock_start(placement: Placement, by_pk: dict[int, Placement], origin_id: int) -> date:
    """The start of the settlement window: the first placement of a doorstroom chain outside
    the origin."""
    start = placement.start_date
    current = placement
    seen = {placement.pk}
    while current.previous_id and current.previous_id in by_pk and current.previous_id not in seen:
        current = by_pk[current.previous_id]
        seen.add(current.pk)
        if current.location.municipality_id == origin_id:
            break
        start = min(start, current.start_date)
    return start


def settlement_report(*, user: User, year: int, today: date) -> SettlementReport:
    """The woonplaatsbeginsel statement of the user's region for ``year`` (up to today)."""
    region = settlement_region_for(user)
    if region is None:
        raise DomainError("U hebt geen toegang tot de verrekening woonplaatsbeginsel.")
    if year > today.year:
        raise DomainError(f"Kies een jaar tot en met {today.year}: {year} is nog niet begonnen.")
    if year < 1900:
        raise DomainError("Kies een geldig jaar.")
    through = min(date(year, 12, 31), today)
    statement, not_settled = region_settlement(
        region=region, year=year, through=through, scope=settlement_placements_for(user))
    codes = {d.debtor for d in statement.details} | {d.creditor for d in statement.details}
    codes |= {d.facility_municipality for d in statement.details}
    names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))

    own = _own_municipality(user)
    details_allowed = user.role == Role.BELEID
    details: tuple[SettlementDetail, ...] = ()
    if details_allowed:
        details = tuple(
            d for d in statement.details if own is None or own in (d.debtor, d.creditor)
        )
    return SettlementReport(
        region=region, year=year, through=through, statement=statement, names=names,
        details=details, details_allowed=details_allowed, own_municipality=own,
        not_settled=not_settled,
    )


def region_placements(region: Region) -> QuerySet[Placement]:
    """The placements behind a region's settlement (as ``settlement_placements_for`` a
    region-level user): paid by, located in, or of a client from one of its municipalities."""
    return Placement.objects.filter(
        Q(responsible_municipality__region=region) | Q(location__municipality__region=region)
        | Q(client__origin_municipality__region=region)
    )


def region_settlement(
    *, region: Region, year: int, through: date, scope: QuerySet[Placement] | None = None,
) -> tuple[SettlementStatement, tuple[NotSettled, ...]]:
    """The woonplaatsbeginsel statement of ``region`` for ``year`` up to ``through``."""
    period_first = date(year, 1, 1)
    scope = region_placements(region) if scope is None else scope
    placements = list(
        scope.filter(start_date__lte=through)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period_first))
        .select_related(
            "client__origin_municipality", "location__municipality", "responsible_municipality",
            "product", "beschikking",
        )
        # the municipalities' boundaries (GeoJSON) are large and not needed here: decoding them
        # for every row cost more than the whole statement
        .defer("client__origin_municipality__boundary", "location__municipality__boundary",
               "responsible_municipality__boundary")
        .order_by("pk")
    )
    client_ids = {p.client_id for p in placements}
    by_pk = {
        p.pk: p
        for p in scope.filter(client_id__in=client_ids).select_related("location").order_by("pk")
    }
    tariffs: dict[int, list[Tariff]] = defaultdict(list)
    for tariff in Tariff.objects.filter(product_id__in={p.product_id for p in placements}):
        tariffs[tariff.product_id].append(tariff)

    stays: list[Stay] = []
    not_settled_stays: dict[str, int] = defaultdict(int)
    not_settled_days: dict[str, int] = defaultdict(int)

    def count(reason: str, days: int) -> None:
        not_settled_stays[reason] += 1
        not_settled_days[reason] += days

    for placement in placements:
        first = max(placement.start_date, period_first)
        last = min(placement.end_date or through, through)
        origin = placement.client.origin_municipality
        if origin is None:
            count(NotSettledReason.ORIGIN_UNKNOWN, _days(first, last))
            continue
        facility = placement.location.municipality
        if facility.pk == origin.pk:
            continue  # no woonplaatsbeginsel: the client lives in the origin
        allowed = origin_days(
            region=region, track=placement.product.track, first=first, last=last
        )
        if allowed is None or allowed[0] > first:
            reason = (NotSettledReason.MO_REGIONAL if placement.product.track == Track.MO
                      else NotSettledReason.BEFORE_DECENTRALISATION)
            outside = _days(first, last) if allowed is None else _days(first, allowed[0] - _DAY)
            count(reason, outside)
            if allowed is None:
                continue
        first, last = allowed
        rule = placement.beschikking.responsibility_rule if placement.beschikking else ""
        if rule in CENTRUMGEMEENTE_RULES or placement.responsible_municipality_id != origin.pk:
            count(
                NotSettledReason.EXISTING_CLIENT if rule == "existing_client"
                else NotSettledReason.MO_REGIONAL if rule == "mo_regional"
                else NotSettledReason.BEFORE_DECENTRALISATION
                if rule == "before_decentralisation"
                else NotSettledReason.OTHER_RESPONSIBLE,
                _days(first, last),
            )
            continue
        if placement.is_pgb:
            count(NotSettledReason.PGB, _days(first, last))
            continue
        runs = tariff_runs(tariffs[placement.product_id], first, last)
        missing = sum(_days(a, b) for a, b, value in runs if value is None)
        if missing:
            count(NotSettledReason.NO_TARIFF, missing)
        groups: list[list[tuple[date, date, Decimal]]] = []
        group_basis: list[TariffBasis] = []
        previous_basis: TariffBasis | None = None
        for run_first, run_last, value in runs:
            if value is None:
                previous_basis = None
                continue
            amount, basis = value
            if basis is not previous_basis:
                groups.append([])
                group_basis.append(basis)
            groups[-1].append((run_first, run_last, amount))
            previous_basis = basis
        rules_start = origin_rules_start(region, placement.product.track) or allowed[0]
        clock = max(_clock_start(placement, by_pk, origin.pk), rules_start)
        for index, group in enumerate(groups, start=1):
            stays.append(Stay(
                stay_id=str(placement.pk) if len(groups) == 1 else f"{placement.pk}-{index}",
                client_id=client_pseudonym(placement.client_id),
                origin_municipality=origin.code,
                facility_municipality=facility.code,
                paying_municipality=facility.code,
                product_code=placement.product.code,
                start=group[0][0],
                end=group[-1][1],
                daily_tariff=group[0][2],
                tariff_changes=[TariffChange(run_first, value) for run_first, _, value in group[1:]],
                clock_start=min(clock, group[0][0]),
                tariff_basis=group_basis[index - 1],
            ))

    try:
        statement = compute_settlement(
            stays, year, SettlementConfig(years_of_settlement=region.settlement_years),
            through=through,
        )
    except SettlementInputError as exc:
        raise DomainError(f"De verrekening kan niet worden berekend: {exc}") from exc
    not_settled = tuple(
        NotSettled(reason, not_settled_stays[reason], not_settled_days[reason])
        for reason in NOT_SETTLED_ORDER
        if not_settled_stays[reason]
    )
    return statement, not_settled


@dataclass(frozen=True)
class NotSettledShown:
    """A *niet verrekend* line as shown on screen and in the export: "x" where suppressed."""

    reason: str
    stays: int | str
    days: int | str


def not_settled_shown(report: SettlementReport) -> tuple[list[NotSettledShown], str]:
    """The *niet verrekend* lines through the shared small-count suppression (bwmo.core.
    suppression, the region's threshold) and its legend. They have no total, so only the primary
    rule applies; the days of a suppressed count are hidden with it: n stays have at least
    days / 366 and at most days of them, so the days would narrow (or give away) the count."""
    threshold = threshold_for(report.region.slug)
    hidden = suppress([item.stays for item in report.not_settled], (),
                      threshold=threshold).suppressed
    lines = [NotSettledShown(item.reason, SUPPRESSED_MARK, SUPPRESSED_MARK) if i in hidden
             else NotSettledShown(item.reason, item.stays, item.days)
             for i, item in enumerate(report.not_settled)]
    return lines, SUPPRESSED_LEGEND.format(threshold=threshold)


# ------------------------------------------------------------------------------------------------
# The finance screens (budget, pot, realisation, statements, scenarios): who may do what
# ------------------------------------------------------------------------------------------------

FINANCE_ROLES = frozenset({Role.BELEID})
"""The finance role: "Beleid en financiën" (DOMAIN §2: budgets and settlements, aggregated)."""


def finance_region_for(user: User) -> Region | None:
    """The region whose finance screens this user reads: beleid staff of the region organisation
    or of one of its municipalities. Everybody else: None (the screens answer 404)."""
    if not user.is_authenticated or not user.is_active or user.role not in FINANCE_ROLES:
        return None
    organisation = user.organisation
    if organisation is None or organisation.region_id is None:
        return None
    return organisation.region


def finance_can_change(user: User) -> bool:
    """Importing budgets, issuing statements and running scenarios: beleid of the region
    organisation only; beleid of a member municipality reads."""
    from bwmo.accounts.constants import OrganisationKind

    return (finance_region_for(user) is not None
            and user.organisation.kind == OrganisationKind.REGION)


def finance_own_municipality(user: User) -> Municipality | None:
    """The municipality of a municipal beleid user (its statements only), else None."""
    organisation = user.organisation
    if organisation is not None and organisation.municipality_id:
        return organisation.municipality
    return None


def statements_for(user: User) -> QuerySet:  # type: ignore[type-arg]
    """The issued statements the user may list and download: the region's, or a municipal
    user's own municipality's."""
    from .models import Statement

    region = finance_region_for(user)
    if region is None:
        return Statement.objects.none()
    qs = Statement.objects.filter(region=region)
    own = finance_own_municipality(user)
    if own is not None:
        qs = qs.filter(municipality=own)
    return qs.select_related("municipality", "issued_by").order_by(
        "-year", "municipality__code", "-version")


def scenarios_for(user: User) -> QuerySet:  # type: ignore[type-arg]
    from .models import Scenario

    region = finance_region_for(user)
    if region is None:
        return Scenario.objects.none()
    return Scenario.objects.filter(region=region).order_by("name")
