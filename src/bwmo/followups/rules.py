"""Pure date rules for the steps after the beschikking (no database).

Bezwaar (Algemene wet bestuursrecht):
- art. 6:7/6:8: the term to object is six weeks, from the day after the beschikking is sent (the
  letter's date; the beschikking letter says the same) — the last day is the letter's date + 6 weeks;
- art. 7:10 lid 1: the decision on the objection is due six weeks after the day the objection
  term ended, twelve when an advisory committee (art. 7:13) advises;
- art. 7:10 lid 3: the decision may be postponed once by at most six weeks.
An objection received after the term is flagged (art. 6:11: late is only excusable); its
decision term then runs from the day of receipt.

Herindicatie: the signal starts N weeks before the beschikking ends (regional setting). A
voortgangsgesprek is due every N months from the start of care or the last gesprek (regional
setting; seed 000 §3.3 "voortgang ondersteuningsproces tussentijds beter volgen").
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

OBJECTION_WEEKS = 6
DECISION_WEEKS = 6
COMMITTEE_DECISION_WEEKS = 12
MAX_EXTENSION_WEEKS = 6
DEFAULT_HERINDICATIE_WEEKS = 12  # a herindicatie is an aanvraag: 8 weeks to decide, plus margin
DEFAULT_REVIEW_MONTHS = 6


def objection_term_end(beschikking_date: date) -> date:
    """The last day to object: the term starts the day after the letter and lasts six weeks."""
    return beschikking_date + timedelta(weeks=OBJECTION_WEEKS)


@dataclass(frozen=True)
class BezwaarTerms:
    objection_term_end: date
    late: bool
    decision_due: date
    explanation: str


def bezwaar_terms(
    beschikking_date: date, received_on: date, *, advisory_committee: bool, extension_weeks: int
) -> BezwaarTerms:
    if not 0 <= extension_weeks <= MAX_EXTENSION_WEEKS:
        raise ValueError(f"extension_weeks must be 0..{MAX_EXTENSION_WEEKS}")
    term_end = objection_term_end(beschikking_date)
    late = received_on > term_end
    start = received_on if late else term_end  # counted from the day after this day
    weeks = COMMITTEE_DECISION_WEEKS if advisory_committee else DECISION_WEEKS
    due = start + timedelta(weeks=weeks + extension_weeks)
    parts = [f"{weeks} weken na " + ("de ontvangst (te laat ingediend)" if late
                                     else "het einde van de bezwaartermijn")]
    if advisory_committee:
        parts.append("met advies van de bezwaarcommissie")
    if extension_weeks:
        parts.append(f"verdaagd met {extension_weeks} weken")
    return BezwaarTerms(term_end, late, due, ", ".join(parts) + ".")


def herindicatie_signal_from(end_date: date, weeks: int) -> date:
    return end_date - timedelta(weeks=weeks)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(care_start: date, last_review: date | None, months: int) -> date:
    return add_months(last_review or care_start, months)
