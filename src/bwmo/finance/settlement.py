"""Woonplaatsbeginsel settlement (*kostenverrekening*) between municipalities — pure Python.

Concept
-------
Beschermd wonen is *landelijk toegankelijk*: a client may live in a facility in another
municipality than the one they came from. If the municipality where the facility is (or the
centrumgemeente that contracted the provider) had to carry those costs alone, no municipality would
want facilities on its territory. The AEF advice quoted in seed 000 §4.4.2 is therefore a
*kostenverrekening of woonplaatsbeginsel*: the **gemeente van herkomst** (municipality of origin)
keeps paying for the client's stay **for a number of years** (DOMAIN.md §7).

This module turns stays into a *verrekenoverzicht* (settlement statement) for one calendar year,
split into four quarters: which municipality (debtor = gemeente van herkomst) owes which other
municipality (creditor = the municipality that paid the provider) how much, computed as
``days × daily tariff``. It has no Django dependency; the Django layer maps its models onto
:class:`Stay` and stores or renders the :class:`SettlementStatement`.

Rules (each a documented judgment call, configurable where the seeds leave it open)
---------------------------------------------------------------------------------
* **Who is creditor.** The creditor is the *paying* municipality: the one that paid the provider.
  That is explicit on :class:`Stay` (``paying_municipality``) and defaults to the municipality where
  the facility is. Where the centrumgemeente contracts and pays for the region, pass the
  centrumgemeente; it is then the creditor.
* **When there is no claim.** No claim when the gemeente van herkomst is itself the paying
  municipality (it already pays), and none when the facility lies in the gemeente van herkomst
  (the client does not live *outside* their municipality of origin; who pays for such a stay is
  regular cost attribution, not woonplaatsbeginsel). Such stays are listed in
  :attr:`SettlementStatement.excluded` with the reason, for audit.
* **Days.** ``start`` and ``end`` are both inclusive: ``end`` is the last day the provider is paid
  for (iWmo convention). A source with an exclusive discharge date must pass ``discharge - 1 day``.
  An ongoing stay (``end=None``) is cut at the end of the settlement period (``through``, default
  31 December of the year).
* **Settlement window (verrekentermijn).** The origin pays for ``years_of_settlement`` years from
  the start of the clock: from ``clock_start`` up to and including the day before the N-th
  anniversary. ``clock_start`` defaults to the stay's start; when one placement is recorded as
  several consecutive stays (a new product, a new tariff, another facility), give the later stays
  the ``clock_start`` of the first so that the clock does not restart. A 29 February start has its
  anniversary in a common year on 1 March, so the window then ends on 28 February.
* **Default term.** :data:`DEFAULT_YEARS_OF_SETTLEMENT` is 3. The seeds only say "gedurende een
  aantal jaren"; 3 is a starting value that every region is expected to set itself.
* **Share.** ``share`` is the fraction of the cost the origin bears (default 1 = all). With
  ``share < 1`` the amount per stay per quarter is ``days × tariff × share`` rounded half-even to
  cents; every aggregate is the exact sum of those rounded detail amounts, so all totals reconcile
  to the cent (an aggregate may differ from ``aggregate gross × share`` by rounding).
* **Tariffs.** Tariffs are Decimal euros in whole cents, per day or per calendar month
  (``Stay.tariff_basis``). A daily tariff gives ``days × tariff`` (exact). A **monthly tariff is
  billed per calendar month** (seed 000 §4.4.2 as worked out in DOMAIN §7): a whole month costs
  exactly the monthly tariff, whatever its number of days; a part of a month costs
  ``tariff × days / days in that month``, rounded half-even to cents once per segment. A tariff
  change applies from its ``effective_from`` day on; a stay-quarter spanning a change (or, for a
  monthly tariff, several months) is computed per segment (see :class:`TariffSegment`).

All money is :class:`~decimal.Decimal` (never ``float``). Invalid input raises
:class:`SettlementInputError` (a ``ValueError``) with a Dutch message for the user interface.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from bwmo.finance.money import CENT, ZERO, sum_money

__all__ = [
    "DEFAULT_SHARE",
    "DEFAULT_YEARS_OF_SETTLEMENT",
    "QUARTERS",
    "ExcludedStay",
    "ExclusionReason",
    "NetPosition",
    "PairTotal",
    "QuarterTotal",
    "SettlementConfig",
    "SettlementDetail",
    "SettlementInputError",
    "SettlementLine",
    "SettlementStatement",
    "Stay",
    "TariffBasis",
    "TariffChange",
    "TariffSegment",
    "add_years",
    "compute_settlement",
    "price_range",
    "quarter_bounds",
    "settlement_window",
]

DEFAULT_YEARS_OF_SETTLEMENT = 3
"""Placeholder term in years; seed 000 §4.4.2 says only "een aantal jaren". Configure per region."""

DEFAULT_SHARE = Decimal("1")
"""By default the gemeente van herkomst bears the full cost during the settlement window."""

QUARTERS: tuple[int, ...] = (1, 2, 3, 4)

_GM_CODE = re.compile(r"GM\d{4}")


class SettlementInputError(ValueError):
    """Invalid input for the settlement; the message is Dutch and meant for the user."""


class TariffBasis(StrEnum):
    """What a tariff amount is for: one day, or one calendar month."""

    DAY = "day"
    MONTH = "month"


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _fmt(day: date) -> str:
    """Dutch date notation, e.g. ``01-07-2024``."""
    return day.strftime("%d-%m-%Y")


def _check_date(value: object, what: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise SettlementInputError(f"{what} moet een datum zijn (zonder tijd), niet {value!r}")
    return value


def _check_text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettlementInputError(f"{what} ontbreekt of is leeg")
    return value


def _check_gm_code(value: object, what: str) -> str:
    if not isinstance(value, str) or _GM_CODE.fullmatch(value) is None:
        raise SettlementInputError(
            f"{what} {value!r} is geen geldige gemeentecode (verwacht 'GM' plus 4 cijfers, "
            "bijvoorbeeld GM0202)"
        )
    return value


def _check_tariff(value: object, what: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise SettlementInputError(
            f"{what} moet een Decimal in euro's zijn, niet {type(value).__name__} ({value!r})"
        )
    if not value.is_finite():
        raise SettlementInputError(f"{what} moet een eindig bedrag zijn, niet {value}")
    if value < 0:
        raise SettlementInputError(f"{what} mag niet negatief zijn ({value})")
    if value != value.quantize(CENT):
        raise SettlementInputError(f"{what} moet in hele centen zijn, niet {value}")
    return value


def add_years(day: date, years: int) -> date:
    """The N-th anniversary of ``day``; 29 February → 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return date(day.year + years, 3, 1)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day (inclusive) of ``quarter`` (1-4) of ``year``."""
    if quarter not in QUARTERS:
        raise SettlementInputError(f"Kwartaal moet 1, 2, 3 of 4 zijn, niet {quarter!r}")
    first = date(year, 3 * quarter - 2, 1)
    last = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(1)
    return first, last


def _days(first: date, last: date) -> int:
    """Number of days in the inclusive range; 0 when ``last < first``."""
    return max((last - first).days + 1, 0)


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TariffChange:
    """From ``effective_from`` on (inclusive), the stay's daily tariff is ``daily_tariff``."""

    effective_from: date
    daily_tariff: Decimal

    def __post_init__(self) -> None:
        _check_date(self.effective_from, "Ingangsdatum van de tariefwijziging")
        _check_tariff(self.daily_tariff, f"Dagtarief per {_fmt(self.effective_from)}")


@dataclass(frozen=True, slots=True)
class Stay:
    """One stay (verblijf) of a client in a facility, as input for the settlement.

    ``daily_tariff`` applies from ``start`` until the first :class:`TariffChange`; a change applies
    from its own date on. ``tariff_changes`` may be given in any order (a list is accepted) and is
    stored sorted as a tuple. ``paying_municipality`` defaults to ``facility_municipality`` and
    ``clock_start`` (start of the settlement window) to ``start``; see the module docstring.
    """

    stay_id: str
    client_id: str
    origin_municipality: str
    facility_municipality: str
    product_code: str
    start: date
    end: date | None
    daily_tariff: Decimal
    paying_municipality: str | None = None
    tariff_changes: Sequence[TariffChange] = ()
    clock_start: date | None = None
    tariff_basis: TariffBasis = TariffBasis.DAY

    def __post_init__(self) -> None:
        stay_id = _check_text(self.stay_id, "Verblijf-id")
        label = f"verblijf {stay_id}"
        _check_text(self.client_id, f"Cliënt-id van {label}")
        _check_text(self.product_code, f"Productcode van {label}")
        _check_gm_code(self.origin_municipality, f"Gemeente van herkomst van {label}")
        _check_gm_code(self.facility_municipality, f"Gemeente van de voorziening van {label}")
        if self.paying_municipality is not None:
            _check_gm_code(self.paying_municipality, f"Betalende gemeente van {label}")
        _check_date(self.start, f"Begindatum van {label}")
        if self.end is not None:
            _check_date(self.end, f"Einddatum van {label}")
            if self.end < self.start:
                raise SettlementInputError(
                    f"Einddatum {_fmt(self.end)} van {label} ligt vóór de begindatum "
                    f"{_fmt(self.start)}"
                )
        _check_tariff(self.daily_tariff, f"Dagtarief van {label}" if self.tariff_basis == TariffBasis.DAY else f"Maandtarief van {label}")
        if self.tariff_basis not in tuple(TariffBasis):
            raise SettlementInputError(
                f"Tariefeenheid van {label} moet 'per dag' of 'per maand' zijn, niet "
                f"{self.tariff_basis!r}"
            )
        object.__setattr__(self, "tariff_basis", TariffBasis(self.tariff_basis))
        if self.clock_start is not None:
            _check_date(self.clock_start, f"Startdatum verrekentermijn van {label}")
            if self.clock_start > self.start:
                raise SettlementInputError(
                    f"Startdatum verrekentermijn {_fmt(self.clock_start)} van {label} ligt na de "
                    f"begindatum {_fmt(self.start)}"
                )
        if isinstance(self.tariff_changes, str) or not isinstance(self.tariff_changes, Sequence):
            raise SettlementInputError(f"Tariefwijzigingen van {label} moeten een lijst zijn")
        changes = tuple(self.tariff_changes)
        for change in changes:
            if not isinstance(change, TariffChange):
                raise SettlementInputError(
                    f"Tariefwijziging van {label} heeft een onbekend formaat: {change!r}"
                )
        dates = [change.effective_from for change in changes]
        duplicates = sorted({d for d in dates if dates.count(d) > 1})
        if duplicates:
            raise SettlementInputError(
                f"{label.capitalize()} heeft meer dan één tariefwijziging per "
                + ", ".join(_fmt(d) for d in duplicates)
            )
        object.__setattr__(
            self, "tariff_changes", tuple(sorted(changes, key=lambda c: c.effective_from))
        )

    @property
    def payer(self) -> str:
        """The municipality that paid the provider: the creditor of any claim."""
        return self.paying_municipality or self.facility_municipality

    @property
    def settlement_clock_start(self) -> date:
        """The day from which the ``years_of_settlement`` are counted."""
        return self.clock_start or self.start

    def tariff_on(self, day: date) -> Decimal:
        """The tariff (per day or per month, see ``tariff_basis``) in force on ``day``."""
        tariff = self.daily_tariff
        for change in self.tariff_changes:
            if change.effective_from <= day:
                tariff = change.daily_tariff
            else:
                break
        return tariff


@dataclass(frozen=True, slots=True)
class SettlementConfig:
    """Regional configuration of the kostenverrekening."""

    years_of_settlement: int = DEFAULT_YEARS_OF_SETTLEMENT
    share: Decimal = DEFAULT_SHARE

    def __post_init__(self) -> None:
        years = self.years_of_settlement
        if isinstance(years, bool) or not isinstance(years, int) or years < 0:
            raise SettlementInputError(
                f"Aantal jaren verrekening moet een geheel getal ≥ 0 zijn, niet {years!r}"
            )
        if not isinstance(self.share, Decimal) or not self.share.is_finite():
            raise SettlementInputError(
                f"Aandeel gemeente van herkomst moet een Decimal zijn, niet {self.share!r}"
            )
        if not Decimal(0) <= self.share <= Decimal(1):
            raise SettlementInputError(
                f"Aandeel gemeente van herkomst moet tussen 0 en 1 liggen, niet {self.share}"
            )


def settlement_window(stay: Stay, config: SettlementConfig) -> tuple[date, date]:
    """First and last day (inclusive) on which the origin pays for ``stay``.

    The window may be empty (last < first) when ``years_of_settlement`` is 0.
    """
    first = stay.settlement_clock_start
    last = add_years(first, config.years_of_settlement) - timedelta(days=1)
    return first, last


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TariffSegment:
    """Part of a stay-quarter at one tariff.

    Per day: ``amount = days × daily_tariff`` (exact). Per month (``basis`` month, the segment
    lies within one calendar month and ``daily_tariff`` holds the monthly tariff): the monthly
    tariff for a whole month, else ``tariff × days / days in the month`` rounded half-even.
    """

    first_day: date
    last_day: date
    days: int
    daily_tariff: Decimal
    amount: Decimal
    basis: TariffBasis = TariffBasis.DAY


@dataclass(frozen=True, slots=True)
class SettlementDetail:
    """Audit line: one stay in one quarter.

    ``gross_amount`` is the full cost (sum of the segments), ``amount`` the part the debtor owes
    (``gross_amount × share`` rounded half-even to cents).
    """

    stay_id: str
    client_id: str
    product_code: str
    debtor: str
    creditor: str
    facility_municipality: str
    year: int
    quarter: int
    first_day: date
    last_day: date
    days: int
    window_last_day: date
    segments: tuple[TariffSegment, ...]
    gross_amount: Decimal
    share: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class SettlementLine:
    """What ``debtor`` owes ``creditor`` for ``quarter``: the sum of the detail lines."""

    debtor: str
    creditor: str
    quarter: int
    days: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class QuarterTotal:
    """All claims in one quarter."""

    quarter: int
    first_day: date
    last_day: date
    days: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PairTotal:
    """What ``debtor`` owes ``creditor`` over the whole year."""

    debtor: str
    creditor: str
    days: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class NetPosition:
    """A municipality's balance: ``net = owes − is_owed`` (positive: it pays on balance)."""

    municipality: str
    owes: Decimal
    is_owed: Decimal
    net: Decimal


class ExclusionReason(StrEnum):
    """Why a stay produced no claim in the statement."""

    ORIGIN_IS_PAYER = "origin_is_payer"
    FACILITY_IN_ORIGIN = "facility_in_origin"
    OUTSIDE_PERIOD = "outside_period"
    WINDOW_EXPIRED = "window_expired"


@dataclass(frozen=True, slots=True)
class ExcludedStay:
    """A stay without a claim, with the rule that fired (``explanation`` is Dutch)."""

    stay_id: str
    reason: ExclusionReason
    explanation: str


@dataclass(frozen=True, slots=True)
class SettlementStatement:
    """The verrekenoverzicht for one calendar year (up to and including ``through``).

    Every aggregate is derived from ``details`` by exact summation, so quarter totals add up to
    the year total, lines and pair totals add up to the details, and the net positions add up to
    exactly zero.
    """

    year: int
    through: date
    config: SettlementConfig
    details: tuple[SettlementDetail, ...]
    lines: tuple[SettlementLine, ...]
    quarter_totals: tuple[QuarterTotal, ...]
    year_days: int
    year_total: Decimal
    pair_totals: tuple[PairTotal, ...]
    net_positions: tuple[NetPosition, ...]
    excluded: tuple[ExcludedStay, ...]

    def quarter_total(self, quarter: int) -> Decimal:
        """Total amount of all claims in ``quarter``."""
        quarter_bounds(self.year, quarter)  # validates the quarter number
        return next(total.amount for total in self.quarter_totals if total.quarter == quarter)

    def lines_for_quarter(self, quarter: int) -> tuple[SettlementLine, ...]:
        """The debtor/creditor lines of ``quarter``."""
        quarter_bounds(self.year, quarter)
        return tuple(line for line in self.lines if line.quarter == quarter)

    def pair_total(self, debtor: str, creditor: str) -> Decimal:
        """What ``debtor`` owes ``creditor`` over the year (0.00 if nothing)."""
        return sum_money(
            pair.amount
            for pair in self.pair_totals
            if pair.debtor == debtor and pair.creditor == creditor
        )

    def net_position(self, municipality: str) -> Decimal:
        """``owes − is owed`` for ``municipality`` (0.00 if it does not appear)."""
        return sum_money(
            position.net for position in self.net_positions if position.municipality == municipality
        )


# --------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------


def _month_end(day: date) -> date:
    following = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return following - timedelta(days=1)


def _segment_amount(basis: TariffBasis, tariff: Decimal, first: date, last: date) -> Decimal:
    days = _days(first, last)
    if basis is TariffBasis.DAY:
        return (tariff * days).quantize(CENT)
    month_days = _month_end(first).day
    if days == month_days:
        return tariff.quantize(CENT)
    return (tariff * days / month_days).quantize(CENT, rounding=ROUND_HALF_EVEN)


def price_range(
    tariff_on: Callable[[date], Decimal],
    changes: Iterable[date],
    basis: TariffBasis,
    first: date,
    last: date,
) -> tuple[TariffSegment, ...]:
    """Price the inclusive range ``first..last``: one segment per tariff (and, for a monthly
    tariff, per calendar month). ``changes`` are the days a new tariff starts; ``tariff_on`` gives
    the tariff in force on a day. Shared by the settlement and the realised cost."""
    breaks = {day for day in changes if first < day <= last}
    if basis is TariffBasis.MONTH:
        month_first = date(first.year, first.month, 1)
        while month_first <= last:
            if month_first > first:
                breaks.add(month_first)
            month_first = _month_end(month_first) + timedelta(days=1)
    segments: list[TariffSegment] = []
    segment_first = first
    for segment_end_exclusive in [*sorted(breaks), last + timedelta(days=1)]:
        segment_last = segment_end_exclusive - timedelta(days=1)
        tariff = tariff_on(segment_first)
        segments.append(
            TariffSegment(
                first_day=segment_first,
                last_day=segment_last,
                days=_days(segment_first, segment_last),
                daily_tariff=tariff,
                amount=_segment_amount(basis, tariff, segment_first, segment_last),
                basis=basis,
            )
        )
        segment_first = segment_end_exclusive
    return tuple(segments)


def _segments(stay: Stay, first: date, last: date) -> tuple[TariffSegment, ...]:
    """Split the inclusive range ``first..last`` of ``stay`` at its tariff changes (and months)."""
    return price_range(
        stay.tariff_on, (c.effective_from for c in stay.tariff_changes), stay.tariff_basis,
        first, last,
    )


def _apply_share(gross: Decimal, share: Decimal) -> Decimal:
    if share == 1:
        return gross.quantize(CENT)
    return (gross * share).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _stay_details(
    stay: Stay, year: int, through: date, config: SettlementConfig
) -> tuple[list[SettlementDetail], ExcludedStay | None]:
    if stay.origin_municipality == stay.payer:
        return [], ExcludedStay(
            stay.stay_id,
            ExclusionReason.ORIGIN_IS_PAYER,
            f"Gemeente van herkomst {stay.origin_municipality} betaalt dit verblijf zelf; "
            "er valt niets te verrekenen",
        )
    if stay.origin_municipality == stay.facility_municipality:
        return [], ExcludedStay(
            stay.stay_id,
            ExclusionReason.FACILITY_IN_ORIGIN,
            f"De voorziening ligt in de gemeente van herkomst {stay.origin_municipality}; "
            "het woonplaatsbeginsel is niet van toepassing",
        )

    period_first = date(year, 1, 1)
    stay_last = through if stay.end is None else min(stay.end, through)
    stay_first = max(stay.start, period_first)
    if stay_last < stay_first:
        return [], ExcludedStay(
            stay.stay_id,
            ExclusionReason.OUTSIDE_PERIOD,
            f"Verblijf valt buiten de verrekenperiode {_fmt(period_first)} t/m {_fmt(through)}",
        )

    window_first, window_last = settlement_window(stay, config)
    first = max(stay_first, window_first)
    last = min(stay_last, window_last)
    if last < first:
        return [], ExcludedStay(
            stay.stay_id,
            ExclusionReason.WINDOW_EXPIRED,
            f"Verrekentermijn van {config.years_of_settlement} jaar vanaf "
            f"{_fmt(window_first)} liep af op {_fmt(window_last)}, vóór de dagen van dit "
            "verblijf in de verrekenperiode",
        )

    details: list[SettlementDetail] = []
    for quarter in QUARTERS:
        quarter_first, quarter_last = quarter_bounds(year, quarter)
        detail_first = max(first, quarter_first)
        detail_last = min(last, quarter_last)
        days = _days(detail_first, detail_last)
        if days == 0:
            continue
        segments = _segments(stay, detail_first, detail_last)
        gross = sum_money(segment.amount for segment in segments)
        details.append(
            SettlementDetail(
                stay_id=stay.stay_id,
                client_id=stay.client_id,
                product_code=stay.product_code,
                debtor=stay.origin_municipality,
                creditor=stay.payer,
                facility_municipality=stay.facility_municipality,
                year=year,
                quarter=quarter,
                first_day=detail_first,
                last_day=detail_last,
                days=days,
                window_last_day=window_last,
                segments=segments,
                gross_amount=gross,
                share=config.share,
                amount=_apply_share(gross, config.share),
            )
        )
    return details, None


def compute_settlement(
    stays: Iterable[Stay],
    year: int,
    config: SettlementConfig | None = None,
    *,
    through: date | None = None,
) -> SettlementStatement:
    """Compute the woonplaatsbeginsel settlement statement for calendar ``year``.

    :param stays: the stays to settle (any order; ``stay_id`` must be unique).
    :param year: the settlement year; it is split into four calendar quarters.
    :param config: regional configuration; defaults to :class:`SettlementConfig()`.
    :param through: last day to settle (inclusive), for a statement made during the year;
        defaults to 31 December. Days after it are not settled, not even for ended stays.
    :raises SettlementInputError: on invalid input (Dutch message).
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9998:
        raise SettlementInputError(f"Verrekenjaar moet een jaartal zijn, niet {year!r}")
    config = SettlementConfig() if config is None else config
    if not isinstance(config, SettlementConfig):
        raise SettlementInputError(f"Onbekende configuratie voor de verrekening: {config!r}")
    year_last = date(year, 12, 31)
    if through is None:
        through = year_last
    else:
        _check_date(through, "Verrekenen tot en met")
        if through.year != year:
            raise SettlementInputError(
                f"'Verrekenen tot en met' ({_fmt(through)}) moet in het verrekenjaar {year} liggen"
            )

    stay_list = list(stays)
    seen: set[str] = set()
    for stay in stay_list:
        if not isinstance(stay, Stay):
            raise SettlementInputError(f"Onbekend verblijf: {stay!r}")
        if stay.stay_id in seen:
            raise SettlementInputError(f"Verblijf-id {stay.stay_id} komt meer dan één keer voor")
        seen.add(stay.stay_id)

    details: list[SettlementDetail] = []
    excluded: list[ExcludedStay] = []
    for stay in stay_list:
        stay_details, exclusion = _stay_details(stay, year, through, config)
        details.extend(stay_details)
        if exclusion is not None:
            excluded.append(exclusion)
    details.sort(key=lambda d: (d.quarter, d.debtor, d.creditor, d.stay_id))
    excluded.sort(key=lambda e: e.stay_id)

    line_days: dict[tuple[int, str, str], int] = defaultdict(int)
    line_amounts: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    pair_days: dict[tuple[str, str], int] = defaultdict(int)
    pair_amounts: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    owes: dict[str, Decimal] = defaultdict(lambda: ZERO)
    is_owed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for detail in details:
        line_key = (detail.quarter, detail.debtor, detail.creditor)
        line_days[line_key] += detail.days
        line_amounts[line_key] += detail.amount
        pair_key = (detail.debtor, detail.creditor)
        pair_days[pair_key] += detail.days
        pair_amounts[pair_key] += detail.amount
        owes[detail.debtor] += detail.amount
        is_owed[detail.creditor] += detail.amount

    lines = tuple(
        SettlementLine(
            debtor=debtor,
            creditor=creditor,
            quarter=quarter,
            days=line_days[(quarter, debtor, creditor)],
            amount=line_amounts[(quarter, debtor, creditor)],
        )
        for quarter, debtor, creditor in sorted(line_days)
    )
    quarter_totals = tuple(
        QuarterTotal(
            quarter,
            *quarter_bounds(year, quarter),
            days=sum(line.days for line in lines if line.quarter == quarter),
            amount=sum_money(line.amount for line in lines if line.quarter == quarter),
        )
        for quarter in QUARTERS
    )
    pair_totals = tuple(
        PairTotal(debtor, creditor, pair_days[(debtor, creditor)], pair_amounts[(debtor, creditor)])
        for debtor, creditor in sorted(pair_days)
    )
    municipalities = sorted(set(owes) | set(is_owed))
    net_positions = tuple(
        NetPosition(m, owes[m], is_owed[m], owes[m] - is_owed[m]) for m in municipalities
    )
    return SettlementStatement(
        year=year,
        through=through,
        config=config,
        details=tuple(details),
        lines=lines,
        quarter_totals=quarter_totals,
        year_days=sum(total.days for total in quarter_totals),
        year_total=sum_money(total.amount for total in quarter_totals),
        pair_totals=pair_totals,
        net_positions=net_positions,
        excluded=tuple(excluded),
    )
