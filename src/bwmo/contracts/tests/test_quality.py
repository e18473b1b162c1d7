"""A provider's quality status, which the PGB condition "de kwaliteit van de aanbieder is voldoende"
reads (Toekomstvisie beschermd wonen IJssel-Vecht §1.1, §2.4.3)."""

from datetime import date

from bwmo.contracts.quality import Evidence, Inspection, Requirement, Signal, quality_status

DAY = date(2026, 6, 1)
REQS = [Requirement(1, "Cliëntenraad"), Requirement(2, "Veiligheidsplan")]
COMPLETE = [Evidence(1, date(2027, 1, 1), date(2025, 1, 1)), Evidence(2, None, date(2025, 1, 1))]


def status(**kwargs):  # type: ignore[no-untyped-def]
    values = {"day": DAY, "requirements": REQS, "evidence": COMPLETE, "inspections": [],
              "signals": []}
    values.update(kwargs)
    return quality_status(**values)


def test_a_complete_keurmerk_without_findings_is_sufficient_and_allows_pgb():
    result = status()
    assert result.level == "sufficient" and result.pgb_allowed and result.reasons == ()


def test_an_expired_keurmerk_blocks_pgb_with_the_date_it_expired():
    evidence = [Evidence(1, date(2026, 5, 31), date(2025, 1, 1)), COMPLETE[1]]
    result = status(evidence=evidence)
    assert result.level == "insufficient" and not result.pgb_allowed
    assert result.pgb_reasons == ("Keurmerk: 'Cliëntenraad' is verlopen op 31-05-2026.",)


def test_a_missing_requirement_blocks_pgb():
    result = status(evidence=[COMPLETE[0]])
    assert not result.pgb_allowed
    assert "geen bewijs" in result.pgb_reasons[0] and "Veiligheidsplan" in result.pgb_reasons[0]


def test_evidence_recorded_after_the_day_does_not_count_yet():
    result = status(evidence=[Evidence(1, None, date(2026, 6, 2)), COMPLETE[1]])
    assert not result.pgb_allowed


def test_keurmerk_expiring_soon_is_signalled_but_still_valid():
    result = status(evidence=[Evidence(1, date(2026, 6, 30), date(2025, 1, 1)), COMPLETE[1]],
                    warn_days=60)
    assert result.pgb_allowed and result.expiring == ("Keurmerk: 'Cliëntenraad' verloopt op 30-06-2026.",)


def test_open_serious_ggd_findings_make_quality_insufficient_until_closed():
    open_serious = Inspection(date(2026, 3, 1), True, True, None, None)
    assert status(inspections=[open_serious]).level == "insufficient"
    assert not status(inspections=[open_serious]).pgb_allowed
    closed = Inspection(date(2026, 3, 1), True, True, None, date(2026, 5, 1))
    assert status(inspections=[closed]).level == "sufficient"


def test_minor_findings_and_a_late_follow_up_are_attention_points():
    minor = Inspection(date(2026, 3, 1), False, True, date(2026, 5, 1), None)
    result = status(inspections=[minor])
    assert result.level == "attention" and result.pgb_allowed
    assert any("01-05-2026" in r for r in result.reasons)


def test_an_open_pgb_signal_of_the_sociale_recherche_blocks_pgb_only():
    result = status(signals=[Signal(date(2026, 4, 1), True, None)])
    assert result.level == "attention" and not result.pgb_allowed
    other = status(signals=[Signal(date(2026, 4, 1), False, None)])
    assert other.pgb_allowed
    handled = status(signals=[Signal(date(2026, 4, 1), True, date(2026, 5, 1))])
    assert handled.pgb_allowed and handled.level == "sufficient"


def test_a_provider_declared_insufficient_by_hand_stays_insufficient():
    result = status(declared_insufficient=True)
    assert result.level == "insufficient" and not result.pgb_allowed


def test_a_region_without_keurmerk_requirements_judges_on_inspections_and_signals():
    assert status(requirements=[], evidence=[]).pgb_allowed


def test_keurmerk_evidence_still_counts_on_its_last_valid_day():
    evidence = [Evidence(1, DAY, date(2025, 1, 1)), COMPLETE[1]]
    assert status(evidence=evidence).pgb_allowed
