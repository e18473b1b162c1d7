"""Which municipality is responsible for a BW or MO melding — the rules, as pure Python.

Concept
-------
Until the *doordecentralisatie* the **centrumgemeente** of a region was responsible for every
client of Beschermd Wonen (BW). From the region's **decentralisation date** (2022-01-01 in seeds
000, 001 and 002) every municipality is responsible for its own **new clients**, while **existing
clients** stay with the centrumgemeente (seed 000 §4.1, §4.3; seed 001 §2.2):

    Een nieuwe cliënt is een inwoner die het afgelopen jaar (365 dagen teruggerekend vanaf de
    datum dat de cliënt zich meldt) geen aanvraag heeft gedaan en geen gebruik heeft gemaakt van
    een BW-voorziening in de regio waar hij/zij zich meldt.  (seed 000 §4.3)

This module decides, for one melding, the responsible municipality, whether the client is new or
existing, the rule that fired and the facts it used. It knows nothing about Django, databases or
JSON; :mod:`bwmo.responsibility.cases` parses the JSON case format into these dataclasses.

The precise rules (see also ``docs/responsibility.md``)
-------------------------------------------------------
* **Look-back window.** For a melding on day *M* the window is the 365 calendar days
  *M − 365 … M − 1*, both inclusive. An entry that ends exactly 365 days before the melding is
  inside the window; one that ends 366 days before is outside. The melding day itself is not in
  the window: an application made on the day of the melding belongs to this melding and does not
  make the client "existing". The window counts days, not a calendar year, so when it contains
  29 February it starts on the same calendar date + 1 day one year earlier.
* **What counts.** A history entry counts when it is of the melding's track (BW for a BW
  melding), lies in a municipality of *this* region, and overlaps the window. Both an *application*
  (aanvraag, whatever its outcome) and *use* (gebruik) count. An application without an end date
  is a single day (the application date); a use without an end date is ongoing. History in other
  regions never counts, nor does history on or after the melding day.
* **Rules**, in order (ids in :class:`Rule`):

  - MO melding, MO not decentralised in this region (no ``mo_decentralised_from`` or a melding
    before it): ``mo_regional`` — the centrumgemeente; the new/existing distinction is not
    applicable. From ``mo_decentralised_from`` on, MO meldingen follow the same new/existing
    rules as BW over the MO history (judgment call: the seeds only say MO may follow later).
  - BW melding before the decentralisation date: ``before_decentralisation`` — the
    centrumgemeente, distinction not applicable.
  - The rule set in force on the melding day (``RegionConfig.rule_sets``; default ``seed_2022``
    from the decentralisation date) decides the rest:

    * ``seed_2022``: ``existing_client`` → the centrumgemeente; otherwise a new client →
      ``new_client_origin``: the **gemeente van herkomst** (``Melding.origin``, the municipality
      where the client lived; after a move inside the region that is where they came from, not
      where they report); when that municipality lies outside the region,
      ``new_client_outside_region``: the payer the region configured for *landelijke
      toegankelijkheid* (:class:`OutsideRegionPayer`, default the municipality of origin, seed 000 §4.1).
    * ``woonplaatsbeginsel_36288`` (wetsvoorstel woonplaatsbeginsel beschermd wonen, Kamerstuk
      36 288): ``woonplaatsbeginsel_36288`` — the municipality where the client lived
      (``Melding.origin``), inside or outside the region, for new and existing clients alike.

* **Unknown origin.** ``Melding.origin`` may be ``None`` (not known, e.g. not registered in the
  BRP); the municipality where the client reports is then taken as the gemeente van herkomst
  (seed 004 §3.1: people report at the local access of the municipality where they live), and the
  explanation says so.

``client_status`` is ``new`` or ``existing`` exactly when the rule that fired uses that
distinction, and ``not_applicable`` otherwise.

Every decision carries a Dutch explanation naming the facts used (dates as dd-mm-jjjj) and a
``facts`` mapping of JSON-ready values. :func:`check_case` lists what is wrong with a case (Dutch
messages); :func:`decide` raises :class:`InvalidCaseError` for such a case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

LOOKBACK_DAYS = 365
"""Length of the look-back window in days (seed 000 §4.3: "365 dagen teruggerekend")."""

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
"""Dates outside MIN_DATE..MAX_DATE are rejected as typos (and keep date arithmetic safe)."""

GM_CODE_PATTERN = re.compile(r"GM[0-9]{4}")
"""A CBS municipality code: ``GM`` followed by four digits."""

JSONValue: TypeAlias = str | int | bool | list["JSONValue"] | dict[str, "JSONValue"] | None
Facts: TypeAlias = dict[str, JSONValue]


class Track(StrEnum):
    BW = "BW"
    MO = "MO"


class EntryKind(StrEnum):
    APPLICATION = "application"
    USE = "use"


class ClientStatus(StrEnum):
    NEW = "new"
    EXISTING = "existing"
    NOT_APPLICABLE = "not_applicable"


class OutsideRegionPayer(StrEnum):
    """Who pays for a new client from outside the region (landelijke toegankelijkheid)."""

    CENTRUMGEMEENTE = "centrumgemeente"
    MUNICIPALITY_OF_REPORT = "municipality_of_report"
    ORIGIN = "origin"


class RuleSet(StrEnum):
    """A set of responsibility rules a region can put in force from a date."""

    SEED_2022 = "seed_2022"
    WOONPLAATSBEGINSEL_36288 = "woonplaatsbeginsel_36288"


class Rule(StrEnum):
    """Stable ids of the rules that can fire; they are stored with decisions, never rename."""

    BEFORE_DECENTRALISATION = "before_decentralisation"
    EXISTING_CLIENT = "existing_client"
    NEW_CLIENT_ORIGIN = "new_client_origin"
    NEW_CLIENT_OUTSIDE_REGION = "new_client_outside_region"
    MO_REGIONAL = "mo_regional"
    WOONPLAATSBEGINSEL_36288 = "woonplaatsbeginsel_36288"
    CONTINUING_RESPONSIBILITY = "continuing_responsibility"


@dataclass(frozen=True)
class RuleSetPeriod:
    """``rule_set`` is in force from ``start`` (inclusive) until the next period starts."""

    start: dt.date
    rule_set: RuleSet


@dataclass(frozen=True)
class RegionConfig:
    municipalities: tuple[str, ...]
    centrumgemeente: str
    decentralisation_date: dt.date
    outside_region_payer: OutsideRegionPayer = OutsideRegionPayer.ORIGIN
    mo_decentralised_from: dt.date | None = None
    rule_sets: tuple[RuleSetPeriod, ...] = ()

    def contains(self, municipality: str) -> bool:
        return municipality in self.municipalities

    def rule_set_on(self, day: dt.date) -> RuleSetPeriod | None:
        """The rule set in force on ``day``; ``None`` before the decentralisation date."""
        if day < self.decentralisation_date:
            return None
        in_force = RuleSetPeriod(self.decentralisation_date, RuleSet.SEED_2022)
        for period in sorted(self.rule_sets, key=lambda p: p.start):
            if period.start <= day:
                in_force = period
        return in_force

    def mo_decentralised_on(self, day: dt.date) -> bool:
        return self.mo_decentralised_from is not None and self.mo_decentralised_from <= day


@dataclass(frozen=True)
class Melding:
    """A report of a need. ``origin`` is the gemeente van herkomst (where the client lived)."""

    date: dt.date
    municipality: str
    origin: str | None
    track: Track

    @property
    def effective_origin(self) -> str:
        return self.origin if self.origin is not None else self.municipality


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier application for, or use of, BW or MO in some municipality.

    ``end`` is inclusive. ``end=None`` means a single day for an application and ongoing use for
    a use. ``responsible`` is the municipality that was responsible for this application or use
    (``None``: not recorded; the engine then infers it by applying the rules at ``start``).
    """

    kind: EntryKind
    track: Track
    municipality: str
    start: dt.date
    end: dt.date | None = None
    responsible: str | None = None

    @property
    def last_day(self) -> dt.date | None:
        """The last day the entry covers; ``None`` means ongoing."""
        if self.end is not None:
            return self.end
        return self.start if self.kind is EntryKind.APPLICATION else None

    def overlaps(self, window: Window) -> bool:
        last = self.last_day
        return self.start <= window.last and (last is None or last >= window.first)


@dataclass(frozen=True)
class Window:
    """The look-back window, both ends inclusive."""

    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Decision:
    responsible: str
    client_status: ClientStatus
    rule: Rule
    explanation: str
    facts: Facts


class InvalidCaseError(ValueError):
    """A case the engine cannot decide; ``messages`` are Dutch, one per problem."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = tuple(messages)


def lookback_window(melding_date: dt.date) -> Window:
    """The 365 days before the melding: ``melding_date - 365`` up to ``melding_date - 1``."""
    return Window(
        first=melding_date - dt.timedelta(days=LOOKBACK_DAYS),
        last=melding_date - dt.timedelta(days=1),
    )


def dutch_date(day: dt.date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def is_gm_code(value: str) -> bool:
    return GM_CODE_PATTERN.fullmatch(value) is not None


def gm_code_error(value: str, path: str) -> str | None:
    """The Dutch message for a malformed municipality code at ``path``, or ``None``."""
    if is_gm_code(value):
        return None
    return f"{path}: ongeldige gemeentecode {value!r} (verwacht GM gevolgd door 4 cijfers)"


# --------------------------------------------------------------------------------------------
# Validation


def check_case(
    region: RegionConfig, melding: Melding, history: Sequence[HistoryEntry]
) -> list[str]:
    """Everything that makes the case undecidable, as Dutch messages (empty list: valid)."""
    errors: list[str] = []

    def code(value: str, path: str) -> bool:
        error = gm_code_error(value, path)
        if error is not None:
            errors.append(error)
        return error is None

    def in_range(value: dt.date, path: str) -> None:
        if not MIN_DATE <= value <= MAX_DATE:
            errors.append(
                f"{path}: datum {dutch_date(value)} valt buiten het toegestane bereik "
                f"{dutch_date(MIN_DATE)} t/m {dutch_date(MAX_DATE)}"
            )

    if not region.municipalities:
        errors.append("region.municipalities: de regio moet minstens één gemeente hebben")
    seen: set[str] = set()
    for index, municipality in enumerate(region.municipalities):
        if code(municipality, f"region.municipalities[{index}]"):
            if municipality in seen:
                errors.append(f"region.municipalities: {municipality} staat er meer dan eens in")
            seen.add(municipality)
    if code(region.centrumgemeente, "region.centrumgemeente") and not region.contains(
        region.centrumgemeente
    ):
        errors.append(
            f"region.centrumgemeente: {region.centrumgemeente} hoort niet bij de gemeenten "
            "van de regio"
        )
    in_range(region.decentralisation_date, "region.decentralisation_date")
    if region.mo_decentralised_from is not None:
        in_range(region.mo_decentralised_from, "region.mo_decentralised_from")
        if region.mo_decentralised_from < region.decentralisation_date:
            errors.append(
                f"region.mo_decentralised_from: {dutch_date(region.mo_decentralised_from)} ligt "
                f"vóór de decentralisatiedatum {dutch_date(region.decentralisation_date)}; MO "
                "kan niet eerder gedecentraliseerd worden dan BW"
            )
    starts: set[dt.date] = set()
    for index, period in enumerate(region.rule_sets):
        path = f"region.rule_sets[{index}].from"
        in_range(period.start, path)
        if period.start < region.decentralisation_date:
            errors.append(
                f"{path}: {dutch_date(period.start)} ligt vóór de decentralisatiedatum "
                f"{dutch_date(region.decentralisation_date)}"
            )
        if period.start in starts:
            errors.append(f"{path}: er begint al een andere regelset op {dutch_date(period.start)}")
        starts.add(period.start)

    in_range(melding.date, "melding.date")
    if code(melding.municipality, "melding.municipality") and not region.contains(
        melding.municipality
    ):
        errors.append(
            f"melding.municipality: de melding is gedaan in {melding.municipality}, dat niet bij "
            "deze regio hoort; alleen de regio waar de cliënt zich meldt beoordeelt de melding"
        )
    if melding.origin is not None:
        code(melding.origin, "melding.origin")

    for index, entry in enumerate(history):
        code(entry.municipality, f"history[{index}].municipality")
        if entry.responsible is not None:
            code(entry.responsible, f"history[{index}].responsible")
        in_range(entry.start, f"history[{index}].start")
        if entry.end is not None:
            in_range(entry.end, f"history[{index}].end")
            if entry.end < entry.start:
                errors.append(
                    f"history[{index}]: einddatum {dutch_date(entry.end)} ligt vóór "
                    f"begindatum {dutch_date(entry.start)}"
                )
    return errors


# --------------------------------------------------------------------------------------------
# Decision


def decide(
    region: RegionConfig, melding: Melding, history: Iterable[HistoryEntry]
) -> Decision:
    """Decide who is responsible for ``melding``; raises :class:`InvalidCaseError` if invalid.

    The result depends only on the set of history entries, not on their order.
    """
    entries = tuple(history)
    errors = check_case(region, melding, entries)
    if errors:
        raise InvalidCaseError(errors)
    return _decide(region, melding, entries, {})


_Memo: TypeAlias = dict[HistoryEntry, tuple[str, bool]]
"""Who was responsible for a history entry, and whether that was inferred (per decide call)."""


def _decide(
    region: RegionConfig, melding: Melding, entries: tuple[HistoryEntry, ...], memo: _Memo
) -> Decision:
    facts: Facts = {
        "track": melding.track.value,
        "melding_date": melding.date.isoformat(),
        "melding_municipality": melding.municipality,
        "origin": melding.effective_origin,
        "origin_known": melding.origin is not None,
        "origin_in_region": region.contains(melding.effective_origin),
        "centrumgemeente": region.centrumgemeente,
        "decentralisation_date": region.decentralisation_date.isoformat(),
    }

    if melding.track is Track.MO:
        if not region.mo_decentralised_on(melding.date):
            return _mo_regional(region, melding, facts)
        assert region.mo_decentralised_from is not None
        facts["mo_decentralised_from"] = region.mo_decentralised_from.isoformat()
        facts["rule_set"] = RuleSet.SEED_2022.value
        facts["rule_set_from"] = region.mo_decentralised_from.isoformat()
        return _transitional(
            region, melding, entries, facts, region.mo_decentralised_from, memo
        )

    period = region.rule_set_on(melding.date)
    if period is None:
        facts["rule_set"] = None
        return Decision(
            responsible=region.centrumgemeente,
            client_status=ClientStatus.NOT_APPLICABLE,
            rule=Rule.BEFORE_DECENTRALISATION,
            explanation=(
                f"Melding voor BW op {dutch_date(melding.date)}, vóór de decentralisatiedatum "
                f"{dutch_date(region.decentralisation_date)}: tot die datum is de centrumgemeente "
                f"{region.centrumgemeente} verantwoordelijk voor alle BW-cliënten."
            ),
            facts=facts,
        )
    facts["rule_set"] = period.rule_set.value
    facts["rule_set_from"] = period.start.isoformat()
    if period.rule_set is RuleSet.WOONPLAATSBEGINSEL_36288:
        return _woonplaatsbeginsel(region, melding, facts, period)
    return _transitional(region, melding, entries, facts, region.decentralisation_date, memo)


def _mo_regional(region: RegionConfig, melding: Melding, facts: Facts) -> Decision:
    if region.mo_decentralised_from is None:
        why = "geen decentralisatiedatum voor MO ingesteld"
        facts["mo_decentralised_from"] = None
    else:
        why = f"MO wordt pas gedecentraliseerd vanaf {dutch_date(region.mo_decentralised_from)}"
        facts["mo_decentralised_from"] = region.mo_decentralised_from.isoformat()
    return Decision(
        responsible=region.centrumgemeente,
        client_status=ClientStatus.NOT_APPLICABLE,
        rule=Rule.MO_REGIONAL,
        explanation=(
            f"Melding voor MO op {dutch_date(melding.date)}; MO is regionaal georganiseerd "
            f"({why}): verantwoordelijk is de centrumgemeente {region.centrumgemeente}."
        ),
        facts=facts,
    )


def _origin_phrase(melding: Melding) -> str:
    """`` GM0275`` plus where the client reported, when that differs or origin is unknown."""
    if melding.origin is None:
        return (
            f" {melding.municipality} (herkomst onbekend; aangenomen is de gemeente waar de "
            "cliënt zich meldt)"
        )
    if melding.origin != melding.municipality:
        return f" {melding.origin} (gemeld in {melding.municipality})"
    return f" {melding.origin}"


def _woonplaatsbeginsel(
    region: RegionConfig, melding: Melding, facts: Facts, period: RuleSetPeriod
) -> Decision:
    origin = melding.effective_origin
    outside = "" if region.contains(origin) else ", buiten de regio"
    return Decision(
        responsible=origin,
        client_status=ClientStatus.NOT_APPLICABLE,
        rule=Rule.WOONPLAATSBEGINSEL_36288,
        explanation=(
            f"Melding voor BW op {dutch_date(melding.date)}; vanaf {dutch_date(period.start)} "
            "geldt in deze regio het woonplaatsbeginsel (Kamerstuk 36 288): verantwoordelijk is "
            f"de gemeente waar de cliënt woonde{outside}:{_origin_phrase(melding)}."
        ),
        facts=facts,
    )


def _entry_sort_key(entry: HistoryEntry) -> tuple[dt.date, bool, dt.date, str, str, str]:
    return (
        entry.start,
        entry.end is None,
        entry.end or entry.start,
        entry.kind.value,
        entry.track.value,
        entry.municipality,
    )


def _entry_facts(entry: HistoryEntry, responsible: tuple[str, bool]) -> JSONValue:
    return {
        "kind": entry.kind.value,
        "track": entry.track.value,
        "municipality": entry.municipality,
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat() if entry.end is not None else None,
        "responsible": responsible[0],
        "responsible_inferred": responsible[1],
    }


def _describe_entry(entry: HistoryEntry) -> str:
    what = "aanvraag" if entry.kind is EntryKind.APPLICATION else "gebruik"
    last = entry.last_day
    if last is None:
        period = f"sinds {dutch_date(entry.start)}, nog lopend"
    elif last == entry.start:
        period = f"op {dutch_date(entry.start)}"
    else:
        period = f"van {dutch_date(entry.start)} t/m {dutch_date(last)}"
    return f"{what} in {entry.municipality} {period}"


def _describe_entries(entries: Sequence[HistoryEntry]) -> str:
    shown = "; ".join(_describe_entry(entry) for entry in entries[:3])
    more = f"; en nog {len(entries) - 3} andere" if len(entries) > 3 else ""
    return shown + more


def responsible_for_entry(
    region: RegionConfig,
    melding: Melding,
    entry: HistoryEntry,
    history: Sequence[HistoryEntry],
    memo: _Memo,
) -> tuple[str, bool]:
    """Who was responsible for ``entry``: as recorded, or inferred by the rules at its own date.

    The inference decides a melding on ``entry.start`` of the entry's track, in the entry's
    municipality (the municipality of the current melding when the entry lies outside the
    region), with the client's origin, over the history that started before the entry. Returns
    (municipality code, inferred).
    """
    if entry.responsible is not None:
        return entry.responsible, False
    known = memo.get(entry)
    if known is not None:
        return known
    municipality = (
        entry.municipality if region.contains(entry.municipality) else melding.municipality
    )
    then = Melding(
        date=entry.start, municipality=municipality, origin=melding.origin, track=entry.track
    )
    earlier = tuple(other for other in history if other.start < entry.start)
    result = (_decide(region, then, earlier, memo).responsible, True)
    memo[entry] = result
    return result


def _latest(entries: Sequence[HistoryEntry]) -> HistoryEntry:
    """The entry that lasts longest into the window (ongoing first), then the latest start."""
    return max(entries, key=lambda e: (e.last_day is None, e.last_day or e.start, e.start))


def _transitional(
    region: RegionConfig,
    melding: Melding,
    history: Sequence[HistoryEntry],
    facts: Facts,
    decentralised_from: dt.date,
    memo: _Memo,
) -> Decision:
    """The seeds' rule: existing clients stay with the centrumgemeente, new ones go to origin.

    "Existing" means BW (or decentralised MO) *under the centrumgemeente* in the window (seed
    000 §4.1: "een indicatie via Stichting de Toegang"). A client whose history in the window
    was the responsibility of another municipality stays that municipality's
    (``continuing_responsibility``, DOMAIN §7 "Continuity").
    """
    track = melding.track.value
    window = lookback_window(melding.date)
    counted = sorted(
        (
            entry
            for entry in history
            if entry.track is melding.track
            and region.contains(entry.municipality)
            and entry.overlaps(window)
        ),
        key=_entry_sort_key,
    )
    who = {
        entry: responsible_for_entry(region, melding, entry, history, memo) for entry in counted
    }
    facts["window_first"] = window.first.isoformat()
    facts["window_last"] = window.last.isoformat()
    facts["entries_in_window"] = [_entry_facts(entry, who[entry]) for entry in counted]
    date_label = "decentralisatiedatum" if melding.track is Track.BW else "decentralisatiedatum MO"
    head = (
        f"Melding voor {track} op {dutch_date(melding.date)}, op of na de {date_label} "
        f"{dutch_date(decentralised_from)}; "
    )
    window_text = f"{dutch_date(window.first)} t/m {dutch_date(window.last)}"

    centrum = region.centrumgemeente
    under_centrum = [entry for entry in counted if who[entry][0] == centrum]
    if under_centrum:
        return Decision(
            responsible=centrum,
            client_status=ClientStatus.EXISTING,
            rule=Rule.EXISTING_CLIENT,
            explanation=(
                f"{head}in de {LOOKBACK_DAYS} dagen ervoor ({window_text}) aanvraag of gebruik "
                f"van {track} in de regio ({_describe_entries(under_centrum)}): bestaande "
                "cliënt, verantwoordelijk "
                f"blijft de centrumgemeente {centrum}."
            ),
            facts=facts,
        )

    if counted:
        latest = _latest(counted)
        responsible = who[latest][0]
        same = [entry for entry in counted if who[entry][0] == responsible]
        facts["continued_from"] = _entry_facts(latest, who[latest])
        return Decision(
            responsible=responsible,
            client_status=ClientStatus.NEW,
            rule=Rule.CONTINUING_RESPONSIBILITY,
            explanation=(
                f"{head}in de {LOOKBACK_DAYS} dagen ervoor ({window_text}) aanvraag of gebruik "
                f"van {track} in de regio onder verantwoordelijkheid van {responsible}, niet van "
                f"de centrumgemeente ({_describe_entries(same)}): geen bestaande cliënt van de "
                f"centrumgemeente; de cliënt blijft de cliënt van {responsible}, verantwoordelijk "
                f"blijft {responsible}."
            ),
            facts=facts,
        )
    no_history = (
        f"{head}geen aanvraag of gebruik van {track} in de regio in de {LOOKBACK_DAYS} dagen "
        f"ervoor ({window_text}): nieuwe cliënt"
    )
    origin = melding.effective_origin
    if region.contains(origin):
        return Decision(
            responsible=origin,
            client_status=ClientStatus.NEW,
            rule=Rule.NEW_CLIENT_ORIGIN,
            explanation=(
                f"{no_history}, verantwoordelijk is de gemeente van herkomst"
                f"{_origin_phrase(melding)}."
            ),
            facts=facts,
        )

    payer = region.outside_region_payer
    facts["outside_region_payer"] = payer.value
    if payer is OutsideRegionPayer.CENTRUMGEMEENTE:
        responsible, payer_name = region.centrumgemeente, "de centrumgemeente"
    elif payer is OutsideRegionPayer.MUNICIPALITY_OF_REPORT:
        responsible, payer_name = melding.municipality, "de gemeente van melding"
    else:
        responsible, payer_name = origin, "de gemeente van herkomst"
    return Decision(
        responsible=responsible,
        client_status=ClientStatus.NEW,
        rule=Rule.NEW_CLIENT_OUTSIDE_REGION,
        explanation=(
            f"{no_history} van buiten de regio (gemeente van herkomst {origin}); volgens de "
            "regionale afspraak over landelijke toegankelijkheid is verantwoordelijk "
            f"{payer_name} {responsible}."
        ),
        facts=facts,
    )
