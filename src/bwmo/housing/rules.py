"""Plain rules of outflow and housing (no database): rent from an income class, draagkracht caps,
aftercare check dates, the stalled-step signal and the terugval window (DOMAIN §3.8, §6)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bwmo.placements.rules import add_months

from .constants import CheckMoment, IncomeClass

# Rent limits of the Wet op de huurtoeslag, 2025 (Belastingdienst): what a client in this class
# can pay as bare rent without losing rent benefit.
INCOME_CLASS_RENT: dict[str, Decimal] = {
    IncomeClass.KWALITEITSKORTING: Decimal("477.20"),
    IncomeClass.AFTOPPING_LOW: Decimal("682.96"),
    IncomeClass.AFTOPPING_HIGH: Decimal("731.93"),
    IncomeClass.SOCIAL: Decimal("900.07"),
}
MAX_RENT = Decimal("5000.00")
MAX_HOUSEHOLD = 12
DEFAULT_STALL_DAYS = 14
DEFAULT_STRIPPENKAART = 10
TERUGVAL_MONTHS = 12
# CBS wijk- en buurtcode: BU + 4-digit municipality + 2-digit wijk + 2-digit buurt.
NEIGHBOURHOOD_CODE = re.compile(r"^BU\d{8}$")


def max_rent_for(max_rent: Decimal | None, income_class: str) -> Decimal | None:
    """The rent the client can pay: the amount given, else the limit of the income class."""
    if max_rent is not None:
        return max_rent
    return INCOME_CLASS_RENT.get(income_class)


def neighbourhood_code_error(code: str, municipality_code: str) -> str | None:
    """A Dutch message when `code` is not a CBS buurtcode of the municipality."""
    if not NEIGHBOURHOOD_CODE.match(code):
        return f"{code!r} is geen CBS-buurtcode (BU gevolgd door 8 cijfers, bijvoorbeeld BU02750101)."
    if code[2:6] != municipality_code[2:]:
        return f"Buurt {code} ligt niet in gemeente {municipality_code}."
    return None


@dataclass(frozen=True)
class DraagkrachtCriteria:
    """Uniform criteria for every neighbourhood of the region (seed 000 §3.2: "eenduidige
    beoordelingscriteria om inzicht te krijgen in de draagkracht van een wijk"). Either or both."""

    max_per_year: int | None
    max_per_1000_dwellings: Decimal | None


def neighbourhood_cap(criteria: DraagkrachtCriteria, dwellings: int | None) -> int | None:
    """New placements of the target groups a neighbourhood can take in a year; None: no cap."""
    caps: list[int] = []
    if criteria.max_per_year is not None:
        caps.append(criteria.max_per_year)
    if criteria.max_per_1000_dwellings is not None and dwellings is not None:
        caps.append(int(criteria.max_per_1000_dwellings * dwellings / 1000))
    return min(caps) if caps else None


def remaining(cap: int | None, used: int) -> int | None:
    return None if cap is None else max(0, cap - used)


def check_due_on(outflow_on: date, moment: int) -> date:
    return add_months(outflow_on, moment)


def checks_due(outflow_on: date, done: set[int], today: date) -> list[tuple[int, date]]:
    """The aftercare checks (3, 6, 12 months) that are due on `today` and not yet done."""
    return [
        (m, check_due_on(outflow_on, m)) for m in CheckMoment.values
        if m not in done and check_due_on(outflow_on, m) <= today
    ]


def next_check(outflow_on: date, done: set[int]) -> tuple[int, date] | None:
    for m in CheckMoment.values:
        if m not in done:
            return m, check_due_on(outflow_on, m)
    return None


def stalled_since(step_since: date, today: date, stall_days: int) -> int | None:
    """Days a step has been waiting when that is more than `stall_days`; else None."""
    waited = (today - step_since).days
    return waited if waited > stall_days else None


def terugval_window(outflow_on: date) -> tuple[date, date]:
    """A return to BW/MO after the outflow and within 12 months counts as terugval."""
    return outflow_on + timedelta(days=1), add_months(outflow_on, TERUGVAL_MONTHS)
