"""A beschikking can only be registered when it follows the region's rules."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwmo.core.dates import age_on
from bwmo.core.exceptions import DomainError
from bwmo.journeys.decision_rules import (
    MIN_MOTIVATION_LENGTH,
    BeschikkingDraft,
    BeschikkingOutcome,
    DecisionRuleError,
    DeliveryForm,
    PgbConditions,
    ViolationCode,
    add_years,
    describe_period,
    ensure_valid_beschikking,
    exceeds_years,
    last_day_within_years,
    period_length,
    validate_beschikking,
)
from bwmo.regions.catalogue import (
    PRODUCT_CATALOGUE,
    PRODUCT_CHOICES,
    IwmoProductCategory,
    ProductCategory,
    Track,
)

ALL_PRODUCTS = frozenset(PRODUCT_CATALOGUE)
AANVRAAG = date(2024, 1, 1)
ALL_PGB_CONDITIONS = PgbConditions(
    contracted_supply_unsuitable=True,
    budget_holder_available=True,
    provider_quality_sufficient=True,
)


def granted(**changes: object) -> BeschikkingDraft:
    """A valid ZIN beschikking for beschermd wonen, one year."""
    draft = BeschikkingDraft(
        outcome=BeschikkingOutcome.GRANTED,
        aanvraag_date=AANVRAAG,
        beschikking_date=date(2024, 1, 10),
        product_code="BW",
        delivery_form=DeliveryForm.ZIN,
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def codes(draft: BeschikkingDraft, offered: frozenset[str] = ALL_PRODUCTS) -> list[ViolationCode]:
    return [v.code for v in validate_beschikking(draft, offered)]


def messages(draft: BeschikkingDraft, offered: frozenset[str] = ALL_PRODUCTS) -> list[str]:
    return [v.message for v in validate_beschikking(draft, offered)]


# --- the product catalogue -----------------------------------------------------------------


def test_the_catalogue_holds_the_four_bw_products_of_seed_004_bijlage_3() -> None:
    bw = {
        code: p for code, p in PRODUCT_CATALOGUE.items() if p.track is Track.BW and not p.optional
    }

    assert {p.name for p in bw.values()} == {
        "Zelfstandig wonen met intensieve begeleiding",
        "Groepswonen met intensieve begeleiding",
        "Beschermd wonen",
        "Beschermd wonen intensief",
    }
    assert all("Transformatieplan Centraal Gelderland Bijlage 3" in p.source for p in bw.values())
    assert not any("seed 0" in p.source or "DOMAIN" in p.source for p in PRODUCT_CATALOGUE.values())
    assert PRODUCT_CATALOGUE["GWIB"].max_duration_years == 2
    assert PRODUCT_CATALOGUE["BW"].category is ProductCategory.BW_INTRAMURAAL
    assert PRODUCT_CATALOGUE["BWI"].category is ProductCategory.BW_INTRAMURAAL
    assert PRODUCT_CATALOGUE["ZWIB"].category is ProductCategory.BW_AMBULANT
    assert PRODUCT_CATALOGUE["GWIB"].category is ProductCategory.BW_AMBULANT


def test_the_catalogue_holds_the_mo_provisions() -> None:
    mo = {p.name for p in PRODUCT_CATALOGUE.values() if p.track is Track.MO and not p.optional}

    assert mo == {
        "Opvang dak- en thuisloze volwassenen",
        "Crisisopvang volwassenen",
        "Crisisopvang gezinnen",
        "Opvang zwerfjongeren",
        "Nachtopvang",
        "Dagopvang",
    }
    assert PRODUCT_CATALOGUE["MOCV"].iwmo_category is IwmoProductCategory.SPOEDOPVANG
    assert PRODUCT_CATALOGUE["MODV"].iwmo_category is IwmoProductCategory.OPVANG


def test_catalogue_codes_can_serve_as_iwmo_product_codes() -> None:
    for code, product in PRODUCT_CATALOGUE.items():
        assert code == product.code
        assert 1 <= len(code) <= 5 and code.isalnum() and code.isupper()
        assert product.iwmo_category in {"15", "16", "17", "18"}
        assert (product.track is Track.MO) == (product.category is ProductCategory.MO)


def test_enum_values_match_the_django_choices_of_the_regions_app() -> None:
    assert [t.value for t in Track] == ["BW", "MO"]
    assert [c.value for c in ProductCategory] == ["bw_intramuraal", "bw_ambulant", "mo"]
    assert [o.value for o in BeschikkingOutcome] == [
        "granted",
        "refused",
        "wlz_referral",
        "other_support",
    ]


def test_choices_follow_the_catalogue_and_it_cannot_be_changed() -> None:
    assert tuple((p.code, p.name) for p in PRODUCT_CATALOGUE.values()) == PRODUCT_CHOICES
    with pytest.raises(TypeError):
        PRODUCT_CATALOGUE["X"] = PRODUCT_CATALOGUE["BW"]  # type: ignore[index]


# --- "2 jaar" in calendar years -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "last_day"),
    [
        (date(2024, 1, 1), date(2025, 12, 31)),
        (date(2024, 3, 15), date(2026, 3, 14)),
        (date(2024, 2, 29), date(2026, 2, 28)),  # anniversary of 29 Feb is 1 March
        (date(2022, 3, 1), date(2024, 2, 29)),  # contains a leap day: 731 days
        (date(2023, 3, 1), date(2025, 2, 28)),  # contains 29-02-2024: 731 days
        (date(2021, 1, 1), date(2022, 12, 31)),  # no leap day: 730 days
    ],
)
def test_two_years_end_the_day_before_the_second_anniversary(start: date, last_day: date) -> None:
    assert last_day_within_years(start, 2) == last_day
    assert not exceeds_years(start, last_day, 2)
    assert exceeds_years(start, last_day + timedelta(days=1), 2)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2024, 1, 1), date(2026, 1, 14), "2 jaar en 14 dagen"),
        (date(2024, 1, 1), date(2025, 12, 31), "2 jaar"),
        (date(2024, 1, 1), date(2025, 1, 1), "1 jaar en 1 dag"),
        (date(2024, 1, 1), date(2024, 1, 1), "1 dag"),
        (date(2024, 1, 1), date(2024, 3, 10), "70 dagen"),
        (date(2024, 2, 29), date(2026, 2, 28), "2 jaar"),
    ],
)
def test_periods_are_described_in_years_and_days(start: date, end: date, text: str) -> None:
    assert describe_period(start, end) == text


dates = st.dates(date(1990, 1, 1), date(2060, 12, 31))


@given(dates, st.integers(0, 3000))
def test_period_length_adds_up_to_the_period(start: date, length_days: int) -> None:
    end = start + timedelta(days=length_days)
    years, days = period_length(start, end)

    assert add_years(start, years) + timedelta(days=days) == end + timedelta(days=1)
    assert 0 <= days < 366
    assert exceeds_years(start, end, 2) == ((years, days) > (2, 0))


@given(dates, st.integers(1, 10))
def test_the_last_day_agrees_with_how_ages_are_counted(start: date, years: int) -> None:
    last_day = last_day_within_years(start, years)

    assert age_on(start, last_day) == years - 1
    assert age_on(start, last_day + timedelta(days=1)) == years


# --- groepswonen at most 2 years, BW temporary -----------------------------------------------


def test_groepswonen_of_exactly_two_years_is_allowed() -> None:
    draft = granted(product_code="GWIB", end_date=date(2025, 12, 31))

    assert validate_beschikking(draft, ALL_PRODUCTS) == []


def test_groepswonen_longer_than_two_years_is_refused() -> None:
    draft = granted(product_code="GWIB", end_date=date(2026, 1, 14))

    assert messages(draft) == [
        "Groepswonen met intensieve begeleiding mag ten hoogste 2 jaar duren (einddatum "
        "uiterlijk 31-12-2025); de gekozen periode is 2 jaar en 14 dagen."
    ]


def test_groepswonen_needs_an_end_date() -> None:
    draft = granted(product_code="GWIB", end_date=None)

    assert codes(draft) == [ViolationCode.END_MISSING]
    assert "uiterlijk 31-12-2025" in messages(draft)[0]


def test_a_motivation_does_not_lift_the_groepswonen_maximum() -> None:
    draft = granted(product_code="GWIB", end_date=date(2026, 6, 30), duration_motivation="x" * 100)

    assert codes(draft) == [ViolationCode.MAX_DURATION_EXCEEDED]


@given(dates, st.integers(0, 1500))
def test_groepswonen_is_refused_exactly_when_it_exceeds_two_calendar_years(
    start: date, length_days: int
) -> None:
    end = start + timedelta(days=length_days)
    draft = granted(
        product_code="GWIB",
        aanvraag_date=start,
        beschikking_date=start,
        start_date=start,
        end_date=end,
    )

    too_long = ViolationCode.MAX_DURATION_EXCEEDED in codes(draft)
    assert too_long == (end >= add_years(start, 2))


@pytest.mark.parametrize("code", ["BW", "BWI"])
def test_intramural_bw_longer_than_two_years_needs_a_motivation(code: str) -> None:
    draft = granted(product_code=code, end_date=date(2026, 12, 31))

    assert codes(draft) == [ViolationCode.DURATION_MOTIVATION_MISSING]
    assert "De gekozen periode is 3 jaar;" in messages(draft)[0]
    assert (
        validate_beschikking(
            replace(draft, duration_motivation="Herstel vraagt meer tijd, zie advies CT."),
            ALL_PRODUCTS,
        )
        == []
    )


def test_a_motivation_of_only_spaces_does_not_count() -> None:
    draft = granted(end_date=date(2026, 12, 31), duration_motivation=" " * 40)

    assert codes(draft) == [ViolationCode.DURATION_MOTIVATION_MISSING]
    assert codes(not_granted(BeschikkingOutcome.REFUSED, reason="\n" * 40)) == [
        ViolationCode.REASON_MISSING
    ]


def test_intramural_bw_for_an_indefinite_period_needs_a_motivation() -> None:
    draft = granted(end_date=None)

    assert codes(draft) == [ViolationCode.DURATION_MOTIVATION_MISSING]
    assert "voor onbepaalde tijd" in messages(draft)[0]


def test_intramural_bw_of_exactly_two_years_needs_no_motivation() -> None:
    assert codes(granted(end_date=date(2025, 12, 31))) == []
    assert codes(granted(end_date=date(2026, 1, 1))) == [ViolationCode.DURATION_MOTIVATION_MISSING]


def test_zelfstandig_wonen_has_no_maximum_duration() -> None:
    assert codes(granted(product_code="ZWIB", end_date=date(2030, 12, 31))) == []
    assert codes(granted(product_code="ZWIB", end_date=None)) == []


# --- dates ----------------------------------------------------------------------------------


def test_an_end_date_before_the_start_date_is_refused() -> None:
    draft = granted(start_date=date(2024, 2, 2), end_date=date(2024, 2, 1))

    assert messages(draft) == ["De einddatum (01-02-2024) ligt vóór de startdatum (02-02-2024)."]


def test_a_single_day_period_is_allowed() -> None:
    assert codes(granted(start_date=date(2024, 2, 1), end_date=date(2024, 2, 1))) == []


@pytest.mark.parametrize("outcome", list(BeschikkingOutcome))
def test_a_beschikking_before_the_aanvraag_is_refused(outcome: BeschikkingOutcome) -> None:
    draft = granted(outcome=outcome, beschikking_date=date(2023, 12, 31))

    assert ViolationCode.BESCHIKKING_BEFORE_AANVRAAG in codes(draft)
    assert (
        "De datum van de beschikking (31-12-2023) ligt vóór de datum van de aanvraag "
        "(01-01-2024)." in messages(draft)
    )


def test_care_cannot_start_before_the_aanvraag() -> None:
    draft = granted(start_date=date(2023, 12, 15))

    assert codes(draft) == [ViolationCode.START_BEFORE_AANVRAAG]


@pytest.mark.parametrize("code", ["MOCV", "MOCG"])
def test_crisisopvang_may_start_before_the_aanvraag(code: str) -> None:
    draft = granted(product_code=code, start_date=date(2023, 12, 15))

    assert codes(draft) == []


def test_care_may_start_before_the_beschikking_is_issued() -> None:
    draft = granted(start_date=date(2024, 1, 2), beschikking_date=date(2024, 1, 12))

    assert codes(draft) == []


# --- product and delivery form ---------------------------------------------------------------


def test_the_product_must_be_offered_by_the_region() -> None:
    draft = granted(product_code="GWIB", end_date=date(2025, 6, 30))

    assert messages(draft, frozenset({"BW", "BWI"})) == [
        "Het product 'Groepswonen met intensieve begeleiding' wordt in deze regio niet aangeboden."
    ]


def test_an_unknown_or_missing_product_is_refused() -> None:
    assert codes(granted(product_code="XYZ")) == [ViolationCode.PRODUCT_UNKNOWN]
    assert codes(granted(product_code=None)) == [ViolationCode.PRODUCT_MISSING]


def test_a_grant_needs_a_delivery_form_and_a_start_date() -> None:
    draft = granted(delivery_form=None, start_date=None)

    assert codes(draft) == [ViolationCode.DELIVERY_FORM_MISSING, ViolationCode.START_MISSING]


def test_pgb_is_possible_when_all_three_conditions_hold() -> None:
    draft = granted(delivery_form=DeliveryForm.PGB, pgb=ALL_PGB_CONDITIONS)

    assert codes(draft) == []


@pytest.mark.parametrize(
    ("condition", "code", "text"),
    [
        (
            "contracted_supply_unsuitable",
            ViolationCode.PGB_CONTRACTED_SUPPLY_FITS,
            "het gecontracteerde aanbod past wel",
        ),
        (
            "budget_holder_available",
            ViolationCode.PGB_NO_BUDGET_HOLDER,
            "geen wettelijk vertegenwoordiger of geschikte budgethouder",
        ),
        (
            "provider_quality_sufficient",
            ViolationCode.PGB_PROVIDER_QUALITY,
            "de kwaliteit van de gekozen aanbieder is onvoldoende",
        ),
    ],
)
def test_pgb_is_refused_naming_the_condition_that_fails(
    condition: str, code: ViolationCode, text: str
) -> None:
    draft = granted(
        delivery_form=DeliveryForm.PGB, pgb=replace(ALL_PGB_CONDITIONS, **{condition: False})
    )

    violations = validate_beschikking(draft, ALL_PRODUCTS)
    assert [v.code for v in violations] == [code]
    assert violations[0].message.startswith("Een pgb is niet mogelijk: ")
    assert text in violations[0].message


def test_pgb_conditions_not_yet_established_refuse_the_pgb() -> None:
    draft = granted(delivery_form=DeliveryForm.PGB, pgb=None)

    assert codes(draft) == [
        ViolationCode.PGB_CONTRACTED_SUPPLY_FITS,
        ViolationCode.PGB_NO_BUDGET_HOLDER,
        ViolationCode.PGB_PROVIDER_QUALITY,
    ]
    assert all("niet vastgesteld" in m for m in messages(draft))


def test_zin_ignores_the_pgb_conditions() -> None:
    assert codes(granted(pgb=PgbConditions(False, False, False))) == []


def test_mo_is_only_delivered_in_natura() -> None:
    draft = granted(product_code="MODV", delivery_form=DeliveryForm.PGB, pgb=ALL_PGB_CONDITIONS)

    assert codes(draft) == [ViolationCode.PGB_NOT_FOR_MO]


# --- other outcomes -------------------------------------------------------------------------


def not_granted(outcome: BeschikkingOutcome, **changes: object) -> BeschikkingDraft:
    draft = BeschikkingDraft(outcome, aanvraag_date=AANVRAAG, beschikking_date=date(2024, 1, 5))
    return replace(draft, **changes)  # type: ignore[arg-type]


def test_a_wlz_referral_needs_no_product_and_no_reason() -> None:
    assert codes(not_granted(BeschikkingOutcome.WLZ_REFERRAL)) == []


@pytest.mark.parametrize(
    ("outcome", "what"),
    [
        (BeschikkingOutcome.REFUSED, "waarom de aanvraag wordt afgewezen"),
        (BeschikkingOutcome.OTHER_SUPPORT, "welke andere ondersteuning passend is"),
    ],
)
def test_a_refusal_or_other_support_must_be_motivated(
    outcome: BeschikkingOutcome, what: str
) -> None:
    assert codes(not_granted(outcome)) == [ViolationCode.REASON_MISSING]
    assert what in messages(not_granted(outcome))[0]
    assert codes(not_granted(outcome, reason="x" * (MIN_MOTIVATION_LENGTH - 1))) == [
        ViolationCode.REASON_MISSING
    ]
    assert codes(not_granted(outcome, reason="x" * MIN_MOTIVATION_LENGTH)) == []


def test_only_a_granted_beschikking_names_a_product_or_period() -> None:
    draft = not_granted(BeschikkingOutcome.WLZ_REFERRAL, product_code="BW")

    assert codes(draft) == [ViolationCode.NOT_GRANTED_WITH_PRODUCT]
    assert "Verwijzing naar de Wlz (aanvraag bij het CIZ)" in messages(draft)[0]


# --- collecting and raising ------------------------------------------------------------------


def test_all_violations_are_reported_at_once() -> None:
    draft = granted(
        beschikking_date=date(2023, 12, 1),
        delivery_form=DeliveryForm.PGB,
        pgb=replace(ALL_PGB_CONDITIONS, budget_holder_available=False),
        start_date=date(2024, 3, 1),
        end_date=date(2024, 2, 1),
    )

    assert codes(draft) == [
        ViolationCode.BESCHIKKING_BEFORE_AANVRAAG,
        ViolationCode.PGB_NO_BUDGET_HOLDER,
        ViolationCode.END_BEFORE_START,
    ]


def test_ensure_valid_raises_a_domain_error_with_every_dutch_message() -> None:
    draft = granted(product_code="GWIB", end_date=date(2027, 1, 1), start_date=date(2023, 1, 1))

    with pytest.raises(DecisionRuleError) as raised:
        ensure_valid_beschikking(draft, ALL_PRODUCTS)

    error = raised.value
    assert isinstance(error, DomainError)
    assert error.messages == messages(draft)
    assert len(error.messages) == 2
    assert [v.code for v in error.violations] == [
        ViolationCode.START_BEFORE_AANVRAAG,
        ViolationCode.MAX_DURATION_EXCEEDED,
    ]


def test_ensure_valid_passes_a_valid_beschikking() -> None:
    ensure_valid_beschikking(granted(), ALL_PRODUCTS)


# --- issue 7: age and groepswonen over a client's history -----------------------------------


def test_a_bw_beschikking_may_not_start_before_the_18th_birthday() -> None:
    """Transformatieplan Centraal Gelderland §3.1: "Je moet volwassen zijn"."""
    minor = granted(birth_date=date(2006, 6, 1), start_date=date(2024, 1, 1))
    assert ViolationCode.START_BEFORE_ADULT in codes(minor)
    on_birthday = granted(birth_date=date(2006, 1, 1), start_date=date(2024, 1, 1))
    assert ViolationCode.START_BEFORE_ADULT not in codes(on_birthday)
    assert ViolationCode.START_BEFORE_ADULT not in codes(
        granted(birth_date=date(2006, 6, 1), product_code="MODV", start_date=date(2024, 1, 1))
    )


def _groepswonen(**changes: object) -> BeschikkingDraft:
    return granted(product_code="GWIB", start_date=date(2025, 3, 1),
                   end_date=date(2026, 2, 28), **changes)


def test_groepswonen_is_two_years_per_client_across_consecutive_beschikkingen() -> None:
    """Transformatieplan Centraal Gelderland, Bijlage 3: groepswonen "maximaal 2 jaar in te
    zetten": a second beschikking after 18 months may not add another year without a
    recorded motivation; within the 2 years, or with a motivation, it is allowed."""
    earlier = ((date(2023, 9, 1), date(2025, 2, 28)),)
    draft = _groepswonen(earlier_groepswonen=earlier)
    violations = validate_beschikking(draft, ALL_PRODUCTS)
    assert [v.code for v in violations] == [ViolationCode.GROEPSWONEN_TOTAL_EXCEEDED]
    assert "sinds 01-09-2023" in violations[0].message
    assert "31-08-2025" in violations[0].message
    assert codes(replace(draft, end_date=date(2025, 8, 31))) == []
    assert codes(replace(draft, duration_motivation="x" * MIN_MOTIVATION_LENGTH)) == []


def test_a_groepswonen_period_after_a_long_break_starts_a_new_stay() -> None:
    gap = ((date(2022, 1, 1), date(2023, 12, 31)),)  # ended 14 months before
    assert codes(_groepswonen(earlier_groepswonen=gap)) == []
    short_gap = ((date(2023, 3, 1), date(2025, 1, 29)),)  # 31 days between: one stay
    assert codes(_groepswonen(earlier_groepswonen=short_gap)) == [
        ViolationCode.GROEPSWONEN_TOTAL_EXCEEDED
    ]
