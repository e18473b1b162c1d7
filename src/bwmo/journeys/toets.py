"""The toets: does a person meet the access criteria for beschermd wonen (BW) or opvang (MO)?

During the investigation after a melding (DOMAIN §3.2-§3.3) the Wmo-consulent records what is
known about the person. `run_toets` turns those facts into an outcome and explains it rule by
rule: every rule result names the rule, says whether it is met, shows the facts it used in Dutch
and cites its source, so the consulent and the client can see why.

Facts are tri-state: ``True`` (established), ``False`` (established not to hold) or ``None``
(not yet known). Dates (birth date, planned start) are ``None`` when unknown.

BW — seed 004 §3.1 ("criteria waaraan inwoners moeten voldoen om in te kunnen stromen")
    Criteria, all must hold:
      1. volwassen: 18 or older on the planned start date. A young person may be reported and
         assessed before turning 18, as long as the planned start lies on or after the 18th
         birthday (youth care 18-/18+, seed 001 §2.2). Without a planned start, the age on the
         assessment date is used when that already is 18+. Someone born on 29 February turns
         18 on 1 March in a non-leap year (`bwmo.core.dates.age_on`).
      2. Nederlandse nationaliteit of rechtmatig verblijf in Nederland.
      3. bewijsvoering, diagnose of vermoeden van psychiatrische problematiek.
      4. noodzaak tot (24-uurs) toezicht en begeleiding in de nabijheid.
      5. toezicht en intensieve ondersteuning kunnen niet door ambulante ondersteuning worden
         geleverd. This is the same fact as the contra-indication "voorliggend: Wmo (ambulant)";
         it is reported once, as criterion 5, and when it fails the outcome is AMBULANT.
    Contra-indications, none may apply:
      - een acute (crisis)situatie → crisis care first (REFER_CRISIS);
      - voorliggend Wlz: a lifelong need (seed 004: "levenslange verstandelijke of lichamelijke
        beperking"; seed 001 §1.1: permanent, lifelong need of 24/7 support) → CIZ (REFER_WLZ);
      - voorliggend Zvw: the need is primarily treatment → health insurance (REFER_ZVW).

    Precedence — the first line that applies decides the outcome:
      1. acute crisis established                        → REFER_CRISIS (safety first; BW is
         reconsidered once the crisis is over)
      2. criterion 1 or 2 not met (age, residence)       → NOT_ELIGIBLE (outside the target group
         of the Wmo-BW; no referral follows from this toets)
      3. lifelong need established                       → REFER_WLZ (Wlz goes before the Wmo)
      4. primarily treatment established                 → REFER_ZVW (Zvw goes before the Wmo)
      5. ambulant support suffices (criterion 5 not met) → AMBULANT
      6. criterion 3 or 4 not met                        → NOT_ELIGIBLE
      7. any fact still unknown                          → INCOMPLETE
      8. otherwise                                       → ELIGIBLE ("toegang BW")
    A negative outcome (1-6) is given even when other facts are still unknown: no missing fact
    can turn it into access. The unknown rules are still listed with status "onbekend".

MO — seed 004 §3.2 and §8, seed 000 §1
    MO is "tijdelijk verblijf aan mensen zonder dak boven hun hoofd, gekoppeld aan zorg en
    begeleiding en/of het verhelpen van een crisis" (seed 004 §3.2; likewise seed 000 §1). The
    Centrale Toegang is the intake point (seed 004 §8). Criteria, both must hold:
      1. dak- of thuisloos (no roof over one's head, or has had to leave the home situation);
      2. not able to manage on one's own: care and support and/or resolving a crisis are needed
         (seed 004 §3.2; Wmo 2015 art. 1.1.1, definition of opvang: "niet in staat zich op eigen
         kracht te handhaven in de samenleving").
      3. volwassen: 18 or older on the planned start (or the toets date), as for BW. A minor
         is referred to youth care under the Jeugdwet (REFER_YOUTH) instead of being granted
         shelter (seed 004 §3.2 names "opvang dak- en thuisloze volwassenen" and "crisisopvang
         volwassenen"; care for minors is Jeugdwet). Zwerfjongeren of 18-23 are adults here.
      4. Nederlandse nationaliteit of rechtmatig verblijf in Nederland (Wmo 2015 art. 1.2.1:
         only who lawfully resides in the Netherlands has a right to a maatwerkvoorziening,
         opvang included).
    No residence-municipality or crisis criterion: MO is open to everyone in the country
    (landelijke toegankelijkheid, seed 004 §3.2), includes crisisopvang and families.
    Outcome, first line that applies: a minor → REFER_YOUTH; a criterion not met →
    NOT_ELIGIBLE; a fact unknown → INCOMPLETE; otherwise ELIGIBLE ("toegang MO").

Deciding against the outcome
    The toets advises; the consulent decides. Deciding against the outcome — granting access when
    the outcome is not ELIGIBLE, refusing when it is ELIGIBLE, or deciding at all while it is
    INCOMPLETE — needs a recorded motivation of at least `MIN_MOTIVATION_LENGTH` characters
    (`check_override`).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bwmo.core.dates import age_on, nl_date
from bwmo.core.exceptions import DomainError
from bwmo.core.sources import cite
from bwmo.journeys.decision_rules import MIN_MOTIVATION_LENGTH, add_years
from bwmo.regions.catalogue import Track

ADULT_AGE = 18

SOURCE_BW = "Transformatieplan Centraal Gelderland §3.1 (criteria beschermd wonen, Centraal Gelderland)"
SOURCE_ADULT = SOURCE_BW + "; Regioplan BW/MO Zuidoost-Drenthe §1 (BW voor 18+)"
SOURCE_WLZ = SOURCE_BW + "; Toekomstvisie beschermd wonen 2032 IJssel-Vecht §1.1 (levenslang: Wlz)"
SOURCE_MO_HOMELESS = "Transformatieplan Centraal Gelderland §3.2; Regioplan BW/MO Zuidoost-Drenthe §1 (MO: tijdelijk verblijf voor wie dakloos is)"
SOURCE_MO_ADULT = (
    "Transformatieplan Centraal Gelderland §3.2 (opvang voor volwassenen); Jeugdwet art. 1.1 "
    "(jeugdhulp tot 18 jaar)"
)
SOURCE_MO_RESIDENCE = "Wmo 2015 art. 1.2.1 (rechtmatig verblijf in Nederland)"
SOURCE_MO_COPING = (
    "Transformatieplan Centraal Gelderland §3.2 ('gekoppeld aan zorg en begeleiding en/of het verhelpen van een crisis'); "
    "Wmo 2015 art. 1.1.1 (begrip opvang)"
)


class RuleStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            RuleStatus.MET: "voldaan",
            RuleStatus.NOT_MET: "niet voldaan",
            RuleStatus.UNKNOWN: "onbekend",
        }[self]


class RuleKind(StrEnum):
    CRITERION = "criterion"
    CONTRA_INDICATION = "contra_indication"


class RuleId(StrEnum):
    """Stable identifiers of the toets rules."""

    BW_ADULT = "bw.adult"
    BW_LAWFUL_RESIDENCE = "bw.lawful_residence"
    BW_PSYCHIATRIC = "bw.psychiatric_problems"
    BW_SUPERVISION_NEARBY = "bw.supervision_nearby"
    BW_NOT_AMBULANT = "bw.not_ambulant"
    BW_NO_ACUTE_CRISIS = "bw.no_acute_crisis"
    BW_NO_WLZ = "bw.no_wlz"
    BW_NO_ZVW = "bw.no_zvw"
    MO_HOMELESS = "mo.homeless"
    MO_CANNOT_COPE = "mo.cannot_cope_alone"
    MO_ADULT = "mo.adult"
    MO_LAWFUL_RESIDENCE = "mo.lawful_residence"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    REFER_CRISIS = "refer_crisis"
    REFER_WLZ = "refer_wlz"
    REFER_ZVW = "refer_zvw"
    AMBULANT = "ambulant"
    INCOMPLETE = "incomplete"
    REFER_YOUTH = "refer_youth"

    @property
    def label(self) -> str:
        return {
            Outcome.ELIGIBLE: "Toegang",
            Outcome.NOT_ELIGIBLE: "Geen toegang",
            Outcome.REFER_CRISIS: "Eerst crisiszorg",
            Outcome.REFER_WLZ: "Verwijzen naar de Wlz (CIZ)",
            Outcome.REFER_ZVW: "Verwijzen naar de Zvw (behandeling)",
            Outcome.AMBULANT: "Wmo ambulante ondersteuning",
            Outcome.INCOMPLETE: "Onvolledig: gegevens ontbreken",
            Outcome.REFER_YOUTH: "Verwijzen naar jeugdhulp (Jeugdwet)",
        }[self]


@dataclass(frozen=True)
class ToetsFacts:
    """What the consulent knows; ``None`` = unknown. BW fields are ignored for MO and vice versa.

    `assessed_on` is the date of the toets; it is used for the age only when no planned start
    is known.
    """

    track: Track = Track.BW
    birth_date: date | None = None
    planned_start: date | None = None
    assessed_on: date | None = None
    # BW and MO criteria
    dutch_or_lawful_residence: bool | None = None
    psychiatric_problems: bool | None = None
    needs_supervision_nearby: bool | None = None
    ambulant_support_sufficient: bool | None = None
    # BW contra-indications
    acute_crisis: bool | None = None
    lifelong_need: bool | None = None
    primarily_treatment: bool | None = None
    # MO criteria
    homeless: bool | None = None
    cannot_cope_alone: bool | None = None


@dataclass(frozen=True)
class RuleResult:
    rule_id: RuleId
    label: str
    kind: RuleKind
    status: RuleStatus
    facts: str
    source: str


@dataclass(frozen=True)
class ToetsOutcome:
    track: Track
    outcome: Outcome
    rules: tuple[RuleResult, ...]
    explanation: str = ""

    @property
    def is_eligible(self) -> bool:
        return self.outcome is Outcome.ELIGIBLE

    @property
    def label(self) -> str:
        if self.outcome is Outcome.ELIGIBLE:
            return f"Toegang {self.track.label.lower()}"
        return self.outcome.label

    @property
    def unknown_rules(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.status is RuleStatus.UNKNOWN)

    @property
    def failed_rules(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.status is RuleStatus.NOT_MET)

    def rule(self, rule_id: RuleId) -> RuleResult:
        for result in self.rules:
            if result.rule_id is rule_id:
                return result
        raise KeyError(rule_id)


class OverrideMotivationError(DomainError):
    """Deciding against the toets without a (long enough) motivation."""


# --------------------------------------------------------------------------------------------
# Rule evaluation
# --------------------------------------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    return {True: "ja", False: "nee", None: "onbekend"}[value]


def _status(holds: bool | None) -> RuleStatus:
    if holds is None:
        return RuleStatus.UNKNOWN
    return RuleStatus.MET if holds else RuleStatus.NOT_MET


def _negate(value: bool | None) -> bool | None:
    return None if value is None else not value


def _fact_rule(
    rule_id: RuleId,
    label: str,
    kind: RuleKind,
    question: str,
    answer: bool | None,
    holds: bool | None,
    source: str,
) -> RuleResult:
    return RuleResult(
        rule_id, label, kind, _status(holds), f"{question}: {_yes_no(answer)}", cite(source)
    )


def _adult_rule(
    facts: ToetsFacts, rule_id: RuleId = RuleId.BW_ADULT, source: str = SOURCE_ADULT
) -> RuleResult:
    label = f"Volwassen ({ADULT_AGE} jaar of ouder op de beoogde startdatum)"

    def result(status: RuleStatus, text: str) -> RuleResult:
        return RuleResult(rule_id, label, RuleKind.CRITERION, status, text, cite(source))

    birth = facts.birth_date
    if birth is None:
        return result(RuleStatus.UNKNOWN, "geboortedatum onbekend")
    born = f"geboortedatum {nl_date(birth)}"
    if facts.planned_start is not None:
        age = age_on(birth, facts.planned_start)
        text = f"{born}, beoogde start {nl_date(facts.planned_start)}: {age} jaar"
        if age >= ADULT_AGE:
            return result(RuleStatus.MET, text)
        birthday = add_years(birth, ADULT_AGE)
        return result(
            RuleStatus.NOT_MET,
            f"{text}; de beoogde start ligt vóór de {ADULT_AGE}e verjaardag ({nl_date(birthday)})",
        )
    if facts.assessed_on is not None:
        age = age_on(birth, facts.assessed_on)
        text = f"{born}, beoogde start onbekend; op de toetsdatum {nl_date(facts.assessed_on)}"
        if age >= ADULT_AGE:
            return result(RuleStatus.MET, f"{text}: {age} jaar")
        return result(
            RuleStatus.UNKNOWN,
            f"{text}: {age} jaar; wordt {ADULT_AGE} op {nl_date(add_years(birth, ADULT_AGE))}, "
            "vul de beoogde startdatum in",
        )
    return result(RuleStatus.UNKNOWN, f"{born}, beoogde start onbekend")


def _bw_rules(f: ToetsFacts) -> tuple[RuleResult, ...]:
    crit, contra = RuleKind.CRITERION, RuleKind.CONTRA_INDICATION
    return (
        _adult_rule(f),
        _fact_rule(
            RuleId.BW_LAWFUL_RESIDENCE,
            "Nederlandse nationaliteit of rechtmatig verblijf in Nederland",
            crit,
            "Nederlandse nationaliteit of rechtmatig verblijf",
            f.dutch_or_lawful_residence,
            f.dutch_or_lawful_residence,
            SOURCE_BW,
        ),
        _fact_rule(
            RuleId.BW_PSYCHIATRIC,
            "Bewijsvoering, diagnose of vermoeden van psychiatrische problematiek",
            crit,
            "Psychiatrische problematiek (bewijs, diagnose of vermoeden)",
            f.psychiatric_problems,
            f.psychiatric_problems,
            SOURCE_BW,
        ),
        _fact_rule(
            RuleId.BW_SUPERVISION_NEARBY,
            "Noodzaak tot (24-uurs) toezicht en begeleiding in de nabijheid",
            crit,
            "(24-uurs) toezicht en begeleiding in de nabijheid nodig",
            f.needs_supervision_nearby,
            f.needs_supervision_nearby,
            SOURCE_BW,
        ),
        _fact_rule(
            RuleId.BW_NOT_AMBULANT,
            "Toezicht en intensieve ondersteuning kunnen niet ambulant worden geleverd",
            crit,
            "Ambulante ondersteuning (Wmo) volstaat",
            f.ambulant_support_sufficient,
            _negate(f.ambulant_support_sufficient),
            SOURCE_BW + " (ook contra-indicatie: voorliggend Wmo ambulant)",
        ),
        _fact_rule(
            RuleId.BW_NO_ACUTE_CRISIS,
            "Geen acute (crisis)situatie",
            contra,
            "Acute (crisis)situatie",
            f.acute_crisis,
            _negate(f.acute_crisis),
            SOURCE_BW,
        ),
        _fact_rule(
            RuleId.BW_NO_WLZ,
            "Geen levenslange zorgbehoefte (voorliggend: Wlz)",
            contra,
            "Levenslange behoefte aan zorg of toezicht (Wlz)",
            f.lifelong_need,
            _negate(f.lifelong_need),
            SOURCE_WLZ,
        ),
        _fact_rule(
            RuleId.BW_NO_ZVW,
            "Zorgvraag is niet in de eerste plaats behandeling (voorliggend: Zvw)",
            contra,
            "Zorgvraag is in de eerste plaats behandeling (Zvw)",
            f.primarily_treatment,
            _negate(f.primarily_treatment),
            SOURCE_BW,
        ),
    )


def _mo_rules(f: ToetsFacts) -> tuple[RuleResult, ...]:
    return (
        _fact_rule(
            RuleId.MO_HOMELESS,
            "Dak- of thuisloos",
            RuleKind.CRITERION,
            "Zonder dak boven het hoofd of de thuissituatie moeten verlaten",
            f.homeless,
            f.homeless,
            SOURCE_MO_HOMELESS,
        ),
        _fact_rule(
            RuleId.MO_CANNOT_COPE,
            "Niet in staat zich op eigen kracht te handhaven (zorg en begeleiding of het "
            "verhelpen van een crisis nodig)",
            RuleKind.CRITERION,
            "Zorg en begeleiding of het verhelpen van een crisis nodig",
            f.cannot_cope_alone,
            f.cannot_cope_alone,
            SOURCE_MO_COPING,
        ),
        _adult_rule(f, RuleId.MO_ADULT, SOURCE_MO_ADULT),
        _fact_rule(
            RuleId.MO_LAWFUL_RESIDENCE,
            "Nederlandse nationaliteit of rechtmatig verblijf in Nederland",
            RuleKind.CRITERION,
            "Nederlandse nationaliteit of rechtmatig verblijf",
            f.dutch_or_lawful_residence,
            f.dutch_or_lawful_residence,
            SOURCE_MO_RESIDENCE,
        ),
    )


def _labels(results: tuple[RuleResult, ...]) -> str:
    return "; ".join(r.label for r in results)


def _bw_outcome(rules: tuple[RuleResult, ...]) -> tuple[Outcome, str]:
    status = {r.rule_id: r.status for r in rules}
    by_id = {r.rule_id: r for r in rules}

    def failed(*ids: RuleId) -> tuple[RuleResult, ...]:
        return tuple(by_id[i] for i in ids if status[i] is RuleStatus.NOT_MET)

    if status[RuleId.BW_NO_ACUTE_CRISIS] is RuleStatus.NOT_MET:
        return Outcome.REFER_CRISIS, (
            "Er is sprake van een acute (crisis)situatie: eerst crisiszorg. Toets opnieuw als de "
            "crisis voorbij is."
        )
    if personal := failed(RuleId.BW_ADULT, RuleId.BW_LAWFUL_RESIDENCE):
        return Outcome.NOT_ELIGIBLE, (
            f"Geen toegang tot beschermd wonen: niet voldaan aan: {_labels(personal)}."
        )
    if status[RuleId.BW_NO_WLZ] is RuleStatus.NOT_MET:
        return Outcome.REFER_WLZ, (
            "De zorgbehoefte is levenslang: de Wlz gaat voor. Verwijs naar het CIZ voor een "
            "Wlz-indicatie."
        )
    if status[RuleId.BW_NO_ZVW] is RuleStatus.NOT_MET:
        return Outcome.REFER_ZVW, (
            "De zorgvraag is in de eerste plaats behandeling: de Zorgverzekeringswet gaat voor."
        )
    if status[RuleId.BW_NOT_AMBULANT] is RuleStatus.NOT_MET:
        return Outcome.AMBULANT, (
            "Ambulante ondersteuning volstaat: geen beschermd wonen, maar Wmo ambulante "
            "ondersteuning."
        )
    if need := failed(RuleId.BW_PSYCHIATRIC, RuleId.BW_SUPERVISION_NEARBY):
        return Outcome.NOT_ELIGIBLE, (
            f"Geen toegang tot beschermd wonen: niet voldaan aan: {_labels(need)}."
        )
    if unknown := tuple(r for r in rules if r.status is RuleStatus.UNKNOWN):
        return Outcome.INCOMPLETE, (f"De toets is nog niet af. Nog onbekend: {_labels(unknown)}.")
    return Outcome.ELIGIBLE, (
        "Voldoet aan alle criteria voor beschermd wonen en er is geen contra-indicatie."
    )


def _mo_outcome(rules: tuple[RuleResult, ...]) -> tuple[Outcome, str]:
    adult = next(r for r in rules if r.rule_id is RuleId.MO_ADULT)
    if adult.status is RuleStatus.NOT_MET:
        return Outcome.REFER_YOUTH, (
            "De cliënt is op de beoogde startdatum nog geen 18 jaar: geen maatschappelijke opvang "
            "voor volwassenen, maar verwijzen naar jeugdhulp (Jeugdwet)."
        )
    if failed := tuple(r for r in rules if r.status is RuleStatus.NOT_MET):
        return Outcome.NOT_ELIGIBLE, (
            f"Geen toegang tot de maatschappelijke opvang: niet voldaan aan: {_labels(failed)}."
        )
    if unknown := tuple(r for r in rules if r.status is RuleStatus.UNKNOWN):
        return Outcome.INCOMPLETE, f"De toets is nog niet af. Nog onbekend: {_labels(unknown)}."
    return Outcome.ELIGIBLE, "Voldoet aan de criteria voor de maatschappelijke opvang."


def run_toets(facts: ToetsFacts) -> ToetsOutcome:
    """Evaluate the access criteria of the track; see the module docstring for precedence."""
    if facts.track is Track.MO:
        rules = _mo_rules(facts)
        outcome, explanation = _mo_outcome(rules)
    else:
        rules = _bw_rules(facts)
        outcome, explanation = _bw_outcome(rules)
    return ToetsOutcome(facts.track, outcome, rules, explanation)


# --------------------------------------------------------------------------------------------
# Deciding against the outcome
# --------------------------------------------------------------------------------------------


def decides_against(outcome: ToetsOutcome | Outcome, decided_eligible: bool) -> bool:
    """Whether deciding `decided_eligible` departs from the toets outcome.

    Any decision on an INCOMPLETE toets departs from it: the toets gave no outcome to follow.
    """
    value = outcome.outcome if isinstance(outcome, ToetsOutcome) else outcome
    if value is Outcome.INCOMPLETE:
        return True
    return decided_eligible != (value is Outcome.ELIGIBLE)


def check_override(
    outcome: ToetsOutcome | Outcome, decided_eligible: bool, motivation: str
) -> None:
    """Allow a decision against the toets only with a recorded motivation.

    Raises `OverrideMotivationError` (a `DomainError`) with a Dutch message when the decision
    departs from the outcome and the motivation, stripped, is shorter than
    `MIN_MOTIVATION_LENGTH` characters. A decision that follows the outcome needs no motivation.
    """
    if not decides_against(outcome, decided_eligible):
        return
    if len(motivation.strip()) >= MIN_MOTIVATION_LENGTH:
        return
    value = outcome.outcome if isinstance(outcome, ToetsOutcome) else outcome
    decision = "toegang te geven" if decided_eligible else "geen toegang te geven"
    if value is Outcome.INCOMPLETE:
        situation = f"De toets is nog onvolledig en u besluit {decision}."
    else:
        situation = f"U besluit {decision}, terwijl de uitkomst van de toets '{value.label}' is."
    raise OverrideMotivationError(
        f"{situation} Leg in een motivering van minstens {MIN_MOTIVATION_LENGTH} tekens vast "
        "waarom u afwijkt.",
        field="motivation",
    )
