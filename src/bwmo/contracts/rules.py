"""Pure rules of contract periods (DOMAIN §12; Regioplan Zuidoost-Drenthe: four years from 2017
with twice two years' extension).

A contract runs from its start to its initial end; each exercised extension option adds its months
to the end. An option must be exercised before the contract ends, at the latest `notice_months`
before the current end (the option's decision date). Two contracts of one provider for one product
may not overlap in time. A tariff line holds from `valid_from` to `valid_to` (inclusive); the
tariff lines of one product in one contract may not overlap.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from bwmo.core.dates import nl_date


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Option:
    order: int
    months: int
    exercised_on: date | None


def effective_end(initial_end: date, options: list[Option]) -> date:
    """The end of the contract after the exercised options (each extends from the previous end)."""
    end = initial_end
    for option in sorted(options, key=lambda o: o.order):
        if option.exercised_on is not None:
            end = add_months(end + timedelta(days=1), option.months) - timedelta(days=1)
    return end


def next_option(options: list[Option]) -> Option | None:
    """The first option not yet exercised; options are exercised in their order."""
    remaining = sorted((o for o in options if o.exercised_on is None), key=lambda o: o.order)
    return remaining[0] if remaining else None


def option_decision_date(current_end: date, notice_months: int) -> date:
    """The last day to exercise the next option: `notice_months` before the current end."""
    return add_months(current_end, -notice_months)


def periods_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Inclusive periods; `None` as end means open-ended."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def exercise_refusal(
    *, options: list[Option], order: int, on: date, current_end: date, notice_months: int
) -> str | None:
    """Why the option `order` cannot be exercised on `on`, or None when it can."""
    option = next((o for o in options if o.order == order), None)
    if option is None:
        return "Deze verlengingsoptie bestaat niet."
    if option.exercised_on is not None:
        return f"Deze verlengingsoptie is al gelicht op {nl_date(option.exercised_on)}."
    first = next_option(options)
    if first is not None and first.order != order:
        return "Licht eerst de eerdere verlengingsoptie."
    if on > current_end:
        return f"Het contract is op {nl_date(current_end)} afgelopen; verlengen kan niet meer."
    deadline = option_decision_date(current_end, notice_months)
    if on > deadline:
        return (f"De optie moest uiterlijk {nl_date(deadline)} gelicht worden "
                f"({notice_months} maanden voor het einde op {nl_date(current_end)}).")
    return None


@dataclass(frozen=True)
class ContractSignal:
    kind: str  # "expires" or "option_due"
    due: date
    text: str


def contract_signals(
    *, today: date, current_end: date, options: list[Option], notice_months: int, warn_days: int
) -> list[ContractSignal]:
    """Signals before a contract or its next extension option expires."""
    signals: list[ContractSignal] = []
    option = next_option(options)
    if option is not None:
        deadline = option_decision_date(current_end, notice_months)
        if today <= deadline and (deadline - today).days <= warn_days:
            signals.append(ContractSignal(
                "option_due", deadline,
                f"Besluit over verlengingsoptie {option.order} ({option.months} maanden) uiterlijk "
                f"{nl_date(deadline)}.",
            ))
        elif today > deadline and today <= current_end:
            signals.append(ContractSignal(
                "option_due", deadline,
                f"De termijn voor verlengingsoptie {option.order} is op {nl_date(deadline)} verstreken.",
            ))
    if today <= current_end and (current_end - today).days <= warn_days:
        signals.append(ContractSignal(
            "expires", current_end, f"Het contract loopt af op {nl_date(current_end)}.",
        ))
    return signals
