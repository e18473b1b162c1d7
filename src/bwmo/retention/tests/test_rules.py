"""Retention classes and destruction dates (Wmo 2015 art. 5.3.4, Selectielijst gemeenten 2020)."""

from datetime import date, timedelta

import time_machine
from hypothesis import given
from hypothesis import strategies as st

from bwmo.journeys.constants import MeldingStatus
from bwmo.retention.rules import RetentionClass, add_years, case_retention, retention_for
from bwmo.testing.scenario import build_scenario

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


def test_granted_is_kept_15_years_after_the_provision_ends():
    r = retention_for(granted=True, decided_on=date(2026, 9, 20), provision_end=date(2027, 9, 30),
                      provision_running=False, closed_without_decision_on=None)
    assert (r.retention_class, r.destruction_date) == (RetentionClass.GRANTED, date(2042, 9, 30))
    assert not r.is_due(date(2042, 9, 29)) and r.is_due(date(2042, 9, 30))


def test_a_running_provision_has_no_destruction_date():
    r = retention_for(granted=True, decided_on=date(2026, 9, 20), provision_end=date(2027, 9, 30),
                      provision_running=True, closed_without_decision_on=None)
    assert r.destruction_date is None and not r.is_due(date(2100, 1, 1))


def test_refused_5_years_aborted_42_days():
    refused = retention_for(granted=False, decided_on=date(2026, 3, 1), provision_end=None,
                            provision_running=False, closed_without_decision_on=None)
    assert refused.destruction_date == date(2031, 3, 1)
    aborted = retention_for(granted=False, decided_on=None, provision_end=None,
                            provision_running=False, closed_without_decision_on=date(2026, 3, 1))
    assert aborted.destruction_date == date(2026, 4, 12)
    assert aborted.retention_class == RetentionClass.ABORTED


def test_29_february():
    assert add_years(date(2028, 2, 29), 15) == date(2043, 2, 28)


@given(end=days, decided=days)
def test_granted_always_outlives_refused_and_never_before_15_years(end, decided):
    granted = retention_for(granted=True, decided_on=decided, provision_end=end,
                            provision_running=False, closed_without_decision_on=None)
    assert granted.destruction_date >= end + timedelta(days=15 * 365)
    refused = retention_for(granted=False, decided_on=decided, provision_end=None,
                            provision_running=False, closed_without_decision_on=None)
    assert decided + timedelta(days=5 * 365) <= refused.destruction_date <= decided + timedelta(days=5 * 366)


def test_a_case_from_the_database(region):
    s = build_scenario(region)  # granted beschikking until 30-09-2027, placement still open
    assert case_retention(s.melding).retention_class == RetentionClass.RUNNING
    s.placement.end_date = date(2027, 6, 30)
    s.placement.save()
    r = case_retention(s.melding)
    assert (r.retention_class, r.destruction_date) == (RetentionClass.GRANTED, date(2042, 9, 30))


def test_a_withdrawn_melding_without_decision_is_aborted(region):
    s = build_scenario(region)
    s.placement.delete()
    s.waiting.delete()
    s.beschikking.delete()
    with time_machine.travel(date(2026, 10, 1), tick=False):
        s.melding.status = MeldingStatus.WITHDRAWN
        s.melding.save()
    r = case_retention(s.melding)
    assert (r.retention_class, r.destruction_date) == (RetentionClass.ABORTED, date(2026, 11, 12))
    with time_machine.travel(date(2026, 11, 12), tick=False):
        assert r.is_due(date.today())
