"""Rules for a beschikking: the municipality's decision on a request for BW or MO.

After the melding, the investigation and the toets (see `toets.py`), the municipality (or, by
regional mandate, a regional budget holder — seed 004 Bijlage 4) decides on the aanvraag with a
*beschikking* (DOMAIN §3.4). This module holds the pure rules such a decision must satisfy before
it can be registered, plus the regional product catalogue the decision chooses from (DOMAIN §4).

Product catalogue (`PRODUCT_CATALOGUE`)
    The four BW products "sinds mei 2018" of seed 004 Bijlage 3, the MO provisions of seed 004
    §2.1/§3.2, and optional forms named in seeds 000/001/004 (marked ``optional=True``). Each
    product has a code (at most 5 characters, so it can double as the regional iWmo product code,
    which is 1-5 characters), a Dutch name, a track (BW/MO), a category for the spreading view
    (DOMAIN §5: BW intramuraal, BW ambulant/groepswonen, MO) and the iWmo productcategorie
    (15 beschermd wonen, 16 opvang, 17 spoedopvang, 18 overige; DOMAIN §11). The enum values of
    `Track` and `ProductCategory` equal those of `bwmo.regions.constants`, so the Django side can
    use either.

Duration limits ("2 jaar")
    - Groepswonen met intensieve begeleiding: "maximaal 2 jaar in te zetten (doel = doorstroom)"
      (seed 004 Bijlage 3). A longer period is refused. The 2 years hold per client across
      consecutive beschikkingen and placements: periods at most `GROEPSWONEN_GAP_DAYS` apart
      form one stay, and a period that would end after 2 years from the start of that stay
      needs a recorded motivation (`duration_motivation`).

Age
    BW is for adults (seed 004 §3.1 "Je moet volwassen zijn"): a BW beschikking may not start
    before the 18th birthday; the same rule holds for a placement
    (`bwmo.placements.rules.placement_start_violations`).
    - Beschermd wonen and beschermd wonen intensief (the intramural products) are temporary:
      "iemand zou binnen twee jaar weer terug moeten keren in de maatschappij" (seed 001 §2.5).
      A longer period, or one without an end date, is allowed only with a recorded motivation.

    "2 jaar" is counted in calendar years, the way a person's age is counted
    (`bwmo.core.dates.age_on`): a period from *start* up to and including *end* lasts at most two
    years when *end* falls before the second anniversary of *start*, i.e. the last allowed day is
    ``add_years(start, 2) - 1 day``. Start 01-01-2024 → last day 31-12-2025; start 15-03-2024 →
    last day 14-03-2026. An anniversary of 29 February in a non-leap year falls on 1 March, so
    start 29-02-2024 → last day 28-02-2026. (A fixed 730 days would give a different last day
    whenever a 29 February falls in the period; calendar years avoid that ambiguity.)

PGB (seed 001 §1.1)
    ZIN is the rule; "bij uitzondering is een PGB mogelijk indien het gecontracteerde aanbod niet
    passend is en er een wettelijke vertegenwoordiger of een geschikte budgethouder uit het
    sociale netwerk van de cliënt beschikbaar is én de kwaliteit van de aanbieder voldoende is".
    All three conditions must be established (``True``); a condition that is ``False`` or not yet
    established (``None``) refuses the PGB, each failed condition with its own message. MO is
    subsidised, not bought per client (seed 000 §4.5, seed 004 Bijlage 4 "MO: subsidies"), so MO
    products are delivered in natura only.

Dates (judgment calls, see the tests)
    - The end date may not lie before the start date (a one-day period is allowed).
    - The beschikking date may not lie before the aanvraag date.
    - The start date may not lie before the aanvraag date: the municipality cannot grant support
      for a period before it was asked. Exception: spoedopvang (iWmo productcategorie 17,
      crisisopvang), where admission in a crisis precedes the formal aanvraag.
    - The start date may lie before the beschikking date (the decision may take up to two weeks,
      Wmo 2015 art. 2.3.5, while care starts at the aanvraag).

Outcomes (`BeschikkingOutcome`)
    GRANTED needs a product, ZIN or PGB and a start date. REFUSED and OTHER_SUPPORT ("geen
    beschermd wonen: andere ondersteuning") need a written reason (Awb art. 3:46: a decision rests
    on a sound motivation). WLZ_REFERRAL ("verwijzing naar de Wlz: aanvraag bij het CIZ") needs no
    reason of its own. Only a granted beschikking may name a product, delivery form or period.

Use `validate_beschikking` to get every violation as a list (for a form), or
`ensure_valid_beschikking` to raise `DecisionRuleError` carrying all Dutch messages.
"""

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bwmo.core.dates import age_on, nl_date
from bwmo.core.exceptions import DomainError
from bwmo.regions.catalogue import (
    GROEPSWONEN_MAX_YEARS,
    PRODUCT_CATALOGUE,
    IwmoProductCategory,
    Product,
    Track,
)

#: Minimum length (after stripping whitespace) of a recorded motivation.
MIN_MOTIVATION_LENGTH = 20

GROEPSWONEN_CODE = "GWIB"
#: Groepswonen periods with at most this many days between them form one consecutive stay.
GROEPSWONEN_GAP_DAYS = 31
#: BW (and MO) are for adults (seed 004 §3.1 "volwassen").
ADULT_AGE = 18




class DeliveryForm(StrEnum):
    """Zorg in natura (contracted provider) or persoonsgebonden budget."""

    ZIN = "zin"
    PGB = "pgb"

    @property
    def label(self) -> str:
        return {DeliveryForm.ZIN: "zorg in natura", DeliveryForm.PGB: "pgb"}[self]


class BeschikkingOutcome(StrEnum):
    """What the beschikking decides (DOMAIN §3.3-§3.4)."""

    GRANTED = "granted"
    REFUSED = "refused"
    WLZ_REFERRAL = "wlz_referral"
    OTHER_SUPPORT = "other_support"

    @property
    def label(self) -> str:
        return {
            BeschikkingOutcome.GRANTED: "Toegekend",
            BeschikkingOutcome.REFUSED: "Afgewezen",
            BeschikkingOutcome.WLZ_REFERRAL: "Verwijzing naar de Wlz (aanvraag bij het CIZ)",
            BeschikkingOutcome.OTHER_SUPPORT: "Geen beschermd wonen: andere ondersteuning",
        }[self]




# --------------------------------------------------------------------------------------------
# Calendar periods
# --------------------------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    """The anniversary of `day` after `years` years; 29 February maps to 1 March if needed."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return date(day.year + years, 3, 1)


def last_day_within_years(start: date, years: int) -> date:
    """The last end date (inclusive) of a period of at most `years` calendar years."""
    return add_years(start, years) - timedelta(days=1)


def exceeds_years(start: date, end: date, years: int) -> bool:
    """Whether the period start..end (both inclusive) lasts longer than `years` years."""
    return end > last_day_within_years(start, years)


def period_length(start: date, end: date) -> tuple[int, int]:
    """Length of start..end (inclusive) as (whole calendar years, remaining days)."""
    after_end = end + timedelta(days=1)
    years = max(age_on(start, after_end), 0)
    return years, (after_end - add_years(start, years)).days


def describe_period(start: date, end: date) -> str:
    """Dutch description of the length of start..end (inclusive): '2 jaar en 14 dagen'."""
    years, days = period_length(start, end)
    day_word = "dag" if days == 1 else "dagen"
    if years and days:
        return f"{years} jaar en {days} {day_word}"
    if years:
        return f"{years} jaar"
    return f"{days} {day_word}"


# --------------------------------------------------------------------------------------------
# Beschikking draft and violations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PgbConditions:
    """The three PGB conditions of Toekomstvisie beschermd wonen 2032 IJssel-Vecht §1.1; ``None`` = not (yet) established."""

    contracted_supply_unsuitable: bool | None = None
    budget_holder_available: bool | None = None
    provider_quality_sufficient: bool | None = None
    provider_quality_reason: str = ""  # why the quality is insufficient (contract management)


@dataclass(frozen=True)
class BeschikkingDraft:
    """A beschikking as entered, before it is registered.

    `end_date` ``None`` means "voor onbepaalde tijd". `duration_motivation` explains an
    intramural BW period longer than 2 years; `reason` motivates a refusal or other support.
    """

    outcome: BeschikkingOutcome
    aanvraag_date: date
    beschikking_date: date
    product_code: str | None = None
    delivery_form: DeliveryForm | None = None
    start_date: date | None = None
    end_date: date | None = None
    pgb: PgbConditions | None = None
    duration_motivation: str = ""
    reason: str = ""
    birth_date: date | None = None
    earlier_groepswonen: tuple[tuple[date, date | None], ...] = ()
    """The client's earlier groepswonen periods (beschikkingen and placements: start, end)."""


class ViolationCode(StrEnum):
    """Which rule a beschikking breaks; stable identifiers for tests and forms."""

    BESCHIKKING_BEFORE_AANVRAAG = "beschikking_before_aanvraag"
    REASON_MISSING = "reason_missing"
    NOT_GRANTED_WITH_PRODUCT = "not_granted_with_product"
    PRODUCT_MISSING = "product_missing"
    PRODUCT_UNKNOWN = "product_unknown"
    PRODUCT_NOT_OFFERED = "product_not_offered"
    DELIVERY_FORM_MISSING = "delivery_form_missing"
    START_MISSING = "start_missing"
    START_BEFORE_AANVRAAG = "start_before_aanvraag"
    START_BEFORE_ADULT = "start_before_adult"
    GROEPSWONEN_TOTAL_EXCEEDED = "groepswonen_total_exceeded"
    END_BEFORE_START = "end_before_start"
    END_MISSING = "end_missing"
    MAX_DURATION_EXCEEDED = "max_duration_exceeded"
    DURATION_MOTIVATION_MISSING = "duration_motivation_missing"
    PGB_NOT_FOR_MO = "pgb_not_for_mo"
    PGB_CONTRACTED_SUPPLY_FITS = "pgb_contracted_supply_fits"
    PGB_NO_BUDGET_HOLDER = "pgb_no_budget_holder"
    PGB_PROVIDER_QUALITY = "pgb_provider_quality"


@dataclass(frozen=True)
class RuleViolation:
    """One broken rule: a code, a Dutch user-facing message and the form field it concerns."""

    code: ViolationCode
    message: str
    field: str | None = None


class DecisionRuleError(DomainError):
    """A beschikking breaks one or more rules; `messages` lists them all in Dutch."""

    def __init__(self, violations: Sequence[RuleViolation]) -> None:
        self.violations = tuple(violations)
        fields = {v.field for v in self.violations}
        super().__init__(
            *(v.message for v in self.violations),
            field=fields.pop() if len(fields) == 1 else None,
        )


def _has_motivation(text: str) -> bool:
    return len(text.strip()) >= MIN_MOTIVATION_LENGTH


def pgb_violations(conditions: PgbConditions | None) -> list[RuleViolation]:
    """The PGB conditions of seed 001 §1.1 that do not hold, one violation each."""
    conditions = conditions or PgbConditions()
    violations: list[RuleViolation] = []
    prefix = "Een pgb is niet mogelijk:"
    checks = (
        (
            conditions.contracted_supply_unsuitable,
            ViolationCode.PGB_CONTRACTED_SUPPLY_FITS,
            "het gecontracteerde aanbod past wel bij de cliënt.",
            "niet vastgesteld dat het gecontracteerde aanbod niet passend is.",
        ),
        (
            conditions.budget_holder_available,
            ViolationCode.PGB_NO_BUDGET_HOLDER,
            "er is geen wettelijk vertegenwoordiger of geschikte budgethouder uit het sociale "
            "netwerk van de cliënt beschikbaar.",
            "niet vastgesteld dat er een wettelijk vertegenwoordiger of geschikte budgethouder "
            "uit het sociale netwerk van de cliënt beschikbaar is.",
        ),
        (
            conditions.provider_quality_sufficient,
            ViolationCode.PGB_PROVIDER_QUALITY,
            "de kwaliteit van de gekozen aanbieder is onvoldoende.",
            "niet vastgesteld dat de kwaliteit van de gekozen aanbieder voldoende is.",
        ),
    )
    for value, code, when_false, when_unknown in checks:
        if value is True:
            continue
        detail = when_false if value is False else when_unknown
        if code == ViolationCode.PGB_PROVIDER_QUALITY and value is False and conditions.provider_quality_reason:
            detail = f"{detail} {conditions.provider_quality_reason}"
        violations.append(RuleViolation(code, f"{prefix} {detail}", "delivery_form"))
    return violations


def _date_violations(draft: BeschikkingDraft) -> list[RuleViolation]:
    if draft.beschikking_date >= draft.aanvraag_date:
        return []
    return [
        RuleViolation(
            ViolationCode.BESCHIKKING_BEFORE_AANVRAAG,
            f"De datum van de beschikking ({nl_date(draft.beschikking_date)}) ligt vóór de "
            f"datum van de aanvraag ({nl_date(draft.aanvraag_date)}).",
            "beschikking_date",
        )
    ]


def _not_granted_violations(draft: BeschikkingDraft) -> list[RuleViolation]:
    violations: list[RuleViolation] = []
    label = draft.outcome.label
    if any(
        value is not None
        for value in (draft.product_code, draft.delivery_form, draft.start_date, draft.end_date)
    ):
        violations.append(
            RuleViolation(
                ViolationCode.NOT_GRANTED_WITH_PRODUCT,
                f"Bij de uitkomst '{label}' horen geen product, leveringsvorm of periode; "
                "laat die leeg.",
                "product_code",
            )
        )
    if draft.outcome is BeschikkingOutcome.WLZ_REFERRAL:
        return violations
    if not _has_motivation(draft.reason):
        what = (
            "waarom de aanvraag wordt afgewezen"
            if draft.outcome is BeschikkingOutcome.REFUSED
            else "welke andere ondersteuning passend is en waarom"
        )
        violations.append(
            RuleViolation(
                ViolationCode.REASON_MISSING,
                f"Leg in een motivering van minstens {MIN_MOTIVATION_LENGTH} tekens vast {what}.",
                "reason",
            )
        )
    return violations


def _product_violations(
    draft: BeschikkingDraft, offered_products: AbstractSet[str]
) -> tuple[Product | None, list[RuleViolation]]:
    if not draft.product_code:
        msg = "Kies het product dat wordt toegekend."
        return None, [RuleViolation(ViolationCode.PRODUCT_MISSING, msg, "product_code")]
    product = PRODUCT_CATALOGUE.get(draft.product_code)
    if product is None:
        msg = f"Het product met code '{draft.product_code}' bestaat niet in de productenlijst."
        return None, [RuleViolation(ViolationCode.PRODUCT_UNKNOWN, msg, "product_code")]
    if product.code not in offered_products:
        msg = f"Het product '{product.name}' wordt in deze regio niet aangeboden."
        return product, [RuleViolation(ViolationCode.PRODUCT_NOT_OFFERED, msg, "product_code")]
    return product, []


def _delivery_violations(draft: BeschikkingDraft, product: Product | None) -> list[RuleViolation]:
    if draft.delivery_form is None:
        msg = "Kies de leveringsvorm: zorg in natura of pgb."
        return [RuleViolation(ViolationCode.DELIVERY_FORM_MISSING, msg, "delivery_form")]
    if draft.delivery_form is not DeliveryForm.PGB:
        return []
    if product is not None and product.track is Track.MO:
        msg = (
            f"Een pgb is niet mogelijk voor '{product.name}': maatschappelijke opvang wordt "
            "gesubsidieerd en alleen in natura geleverd."
        )
        return [RuleViolation(ViolationCode.PGB_NOT_FOR_MO, msg, "delivery_form")]
    return pgb_violations(draft.pgb)


def _period_violations(draft: BeschikkingDraft, product: Product | None) -> list[RuleViolation]:
    start, end = draft.start_date, draft.end_date
    if start is None:
        msg = "Vul de startdatum in."
        return [RuleViolation(ViolationCode.START_MISSING, msg, "start_date")]
    violations: list[RuleViolation] = []
    is_spoedopvang = (
        product is not None and product.iwmo_category is IwmoProductCategory.SPOEDOPVANG
    )
    if start < draft.aanvraag_date and not is_spoedopvang:
        violations.append(
            RuleViolation(
                ViolationCode.START_BEFORE_AANVRAAG,
                f"De startdatum ({nl_date(start)}) ligt vóór de datum van de aanvraag "
                f"({nl_date(draft.aanvraag_date)}). Alleen crisisopvang kan ingaan vóór de "
                "aanvraag.",
                "start_date",
            )
        )
    if end is not None and end < start:
        violations.append(
            RuleViolation(
                ViolationCode.END_BEFORE_START,
                f"De einddatum ({nl_date(end)}) ligt vóór de startdatum ({nl_date(start)}).",
                "end_date",
            )
        )
        return violations
    if product is None:
        return violations
    if product.track is Track.BW and draft.birth_date is not None:
        violations += adult_start_violations(draft.birth_date, start, "start_date")
    if product.code == GROEPSWONEN_CODE:
        violations += _groepswonen_total_violations(draft, start, end)
    if product.max_duration_years is not None:
        violations += _max_duration_violations(product, product.max_duration_years, start, end)
    if product.motivation_after_years is not None:
        years = product.motivation_after_years
        violations += _motivated_duration_violations(draft, product, years, start, end)
    return violations


def adult_start_violations(birth_date: date, start: date, field: str) -> list[RuleViolation]:
    """BW may not start before the 18th birthday (seed 004 §3.1: "Je moet volwassen zijn")."""
    birthday = add_years(birth_date, ADULT_AGE)
    if start >= birthday:
        return []
    return [
        RuleViolation(
            ViolationCode.START_BEFORE_ADULT,
            f"Beschermd wonen is voor volwassenen: de startdatum ({nl_date(start)}) ligt vóór de "
            f"{ADULT_AGE}e verjaardag van de cliënt ({nl_date(birthday)}). Kies een startdatum op "
            "of na die dag, of verwijs naar jeugdhulp (Jeugdwet).",
            field,
        )
    ]


def groepswonen_stay_start(
    earlier: Sequence[tuple[date, date | None]], start: date
) -> date:
    """First day of the consecutive groepswonen stay that a period from ``start`` belongs to.

    Earlier periods (beschikkingen, placements) that overlap or end at most
    ``GROEPSWONEN_GAP_DAYS`` days before the stay so far are part of it.
    """
    stay = start
    changed = True
    while changed:
        changed = False
        for first, last in earlier:
            joins = last is None or last >= stay - timedelta(days=GROEPSWONEN_GAP_DAYS + 1)
            if first < stay and joins:
                stay, changed = first, True
    return stay


def groepswonen_last_day(stay_start: date) -> date:
    """The last day of a groepswonen stay that began on ``stay_start`` (2 years)."""
    return last_day_within_years(stay_start, GROEPSWONEN_MAX_YEARS)


def _groepswonen_total_violations(
    draft: BeschikkingDraft, start: date, end: date | None
) -> list[RuleViolation]:
    """Groepswonen at most 2 years per client, across consecutive beschikkingen and placements
    (seed 004 Bijlage 3); beyond that only with a recorded motivation."""
    stay = groepswonen_stay_start(draft.earlier_groepswonen, start)
    if stay == start:
        return []  # a first period: the per-beschikking maximum applies
    last_day = groepswonen_last_day(stay)
    if end is not None and end <= last_day:
        return []
    if _has_motivation(draft.duration_motivation):
        return []
    return [
        RuleViolation(
            ViolationCode.GROEPSWONEN_TOTAL_EXCEEDED,
            f"Groepswonen is maximaal {GROEPSWONEN_MAX_YEARS} jaar per cliënt, ook over "
            f"opeenvolgende beschikkingen en plaatsingen: de cliënt woont al in groepswonen sinds "
            f"{nl_date(stay)}, dus uiterlijk tot en met {nl_date(last_day)}. Kies een eerdere "
            f"einddatum of leg in een motivering van minstens {MIN_MOTIVATION_LENGTH} tekens vast "
            "waarom een langere periode nodig is.",
            "duration_motivation",
        )
    ]


def _max_duration_violations(
    product: Product, years: int, start: date, end: date | None
) -> list[RuleViolation]:
    last_day = last_day_within_years(start, years)
    if end is None:
        return [
            RuleViolation(
                ViolationCode.END_MISSING,
                f"{product.name} mag ten hoogste {years} jaar duren; vul een einddatum in "
                f"(uiterlijk {nl_date(last_day)}).",
                "end_date",
            )
        ]
    if end <= last_day:
        return []
    return [
        RuleViolation(
            ViolationCode.MAX_DURATION_EXCEEDED,
            f"{product.name} mag ten hoogste {years} jaar duren (einddatum uiterlijk "
            f"{nl_date(last_day)}); de gekozen periode is {describe_period(start, end)}.",
            "end_date",
        )
    ]


def _motivated_duration_violations(
    draft: BeschikkingDraft, product: Product, years: int, start: date, end: date | None
) -> list[RuleViolation]:
    if end is not None and not exceeds_years(start, end, years):
        return []
    if _has_motivation(draft.duration_motivation):
        return []
    chosen = "voor onbepaalde tijd" if end is None else describe_period(start, end)
    return [
        RuleViolation(
            ViolationCode.DURATION_MOTIVATION_MISSING,
            f"{product.name} is tijdelijk: het doel is terugkeer binnen {years} jaar. De gekozen "
            f"periode is {chosen}; leg in een motivering van minstens {MIN_MOTIVATION_LENGTH} "
            f"tekens vast waarom een langere periode nodig is.",
            "duration_motivation",
        )
    ]


def validate_beschikking(
    draft: BeschikkingDraft, offered_products: AbstractSet[str]
) -> list[RuleViolation]:
    """Every rule the draft breaks, in form order; an empty list means it may be registered.

    `offered_products` holds the product codes the region offers (its contracted products).
    """
    violations = _date_violations(draft)
    if draft.outcome is not BeschikkingOutcome.GRANTED:
        return violations + _not_granted_violations(draft)
    product, product_violations = _product_violations(draft, offered_products)
    violations += product_violations
    violations += _delivery_violations(draft, product)
    violations += _period_violations(draft, product)
    return violations


def ensure_valid_beschikking(draft: BeschikkingDraft, offered_products: AbstractSet[str]) -> None:
    """Raise `DecisionRuleError` with all Dutch messages when the draft breaks a rule."""
    violations = validate_beschikking(draft, offered_products)
    if violations:
        raise DecisionRuleError(violations)
