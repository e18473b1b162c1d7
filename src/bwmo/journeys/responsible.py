"""Which municipality is responsible for a melding: the bridge from the database to the pure
responsibility engine (`bwmo.responsibility.engine`, DOMAIN §7).

Inputs built from the database:
- the region: its municipalities, centrumgemeente, decentralisation date, the payer for clients
  from outside the region, the MO decentralisation date and the rule sets in force per date
  (`RegionRuleSet`);
- the melding: date, municipality of report, municipality of origin (``None`` when unknown) and
  track;
- the client's history in BW and MO (also of files merged into this client):
    * every other melding with an aanvraag date is an *application* on that date, in the
      municipality where the melding was made;
    * every placement is *use* from its start to its end date (ongoing when open), in the
      municipality of the location, on the track of its product;
    * every granted PGB beschikking is *use* for its period in the municipality of the melding
      it decided on (a PGB client has no placement at a location, but does use BW in the region
      that granted it — also when a municipality outside the region pays for it);
    * each item carries the municipality recorded as responsible for it (decided melding,
      placement, beschikking), so that a client who became a municipality's own new client stays
      that municipality's at a later melding (no flip back to the centrumgemeente, seed 000
      §4.1); items without one are inferred by the engine at their own date.

The engine's explanation names municipalities by CBS code; `humanise` adds the name so the
consulent and the client can read it ("Arnhem (GM0202)"). The stored explanation is the humanised
one; the facts are stored as the engine returned them.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from bwmo.clients.models import Client
from bwmo.core.exceptions import DomainError
from bwmo.placements.models import Placement
from bwmo.regions.models import Municipality, Region
from bwmo.responsibility import engine
from bwmo.responsibility.engine import (
    Decision,
    EntryKind,
    HistoryEntry,
    InvalidCaseError,
    OutsideRegionPayer,
    RegionConfig,
    RuleSet,
    RuleSetPeriod,
)

from .constants import BeschikkingOutcome, ClientStatus, Financing
from .models import Beschikking, Melding

_GM = re.compile(r"\bGM\d{4}\b")

RULE_LABELS: dict[str, str] = {
    engine.Rule.BEFORE_DECENTRALISATION: "Vóór de doordecentralisatie: centrumgemeente",
    engine.Rule.EXISTING_CLIENT: "Bestaande cliënt: centrumgemeente",
    engine.Rule.NEW_CLIENT_ORIGIN: "Nieuwe cliënt: gemeente van herkomst",
    engine.Rule.NEW_CLIENT_OUTSIDE_REGION: "Nieuwe cliënt van buiten de regio",
    engine.Rule.MO_REGIONAL: "Maatschappelijke opvang: regionaal",
    engine.Rule.WOONPLAATSBEGINSEL_36288: "Woonplaatsbeginsel (Kamerstuk 36 288)",
    engine.Rule.CONTINUING_RESPONSIBILITY: "Eigen cliënt van de gemeente: blijft verantwoordelijk",
}

FACT_LABELS: dict[str, str] = {
    "track": "Spoor",
    "melding_date": "Datum melding",
    "melding_municipality": "Gemeente van melding",
    "origin": "Gemeente van herkomst",
    "origin_known": "Herkomst bekend",
    "origin_in_region": "Herkomst in de regio",
    "centrumgemeente": "Centrumgemeente",
    "decentralisation_date": "Datum doordecentralisatie",
    "mo_decentralised_from": "MO gedecentraliseerd vanaf",
    "rule_set": "Regelset",
    "rule_set_from": "Regelset geldig vanaf",
    "window_first": "Terugkijkperiode (365 dagen) vanaf",
    "window_last": "Terugkijkperiode tot en met",
    "entries_in_window": "Aanvragen en gebruik in de terugkijkperiode",
    "outside_region_payer": "Betaler voor cliënten van buiten de regio",
    "continued_from": "Verantwoordelijkheid voortgezet van",
}

_VALUE_LABELS: dict[str, str] = {
    "BW": "Beschermd wonen",
    "MO": "Maatschappelijke opvang",
    "seed_2022": "Doordecentralisatie 2022",
    "woonplaatsbeginsel_36288": "Woonplaatsbeginsel (Kamerstuk 36 288)",
    "centrumgemeente": "centrumgemeente",
    "municipality_of_report": "gemeente van melding",
    "origin": "gemeente van herkomst",
}


def region_config(region: Region) -> RegionConfig:
    codes = tuple(region.municipalities.order_by("code").values_list("code", flat=True))
    periods = tuple(
        RuleSetPeriod(start=rs.valid_from, rule_set=RuleSet(rs.rule_set))
        for rs in region.rule_sets.all()
    )
    return RegionConfig(
        municipalities=codes,
        centrumgemeente=region.centrumgemeente.code,
        decentralisation_date=region.decentralisation_date,
        outside_region_payer=OutsideRegionPayer(region.outside_region_payer),
        mo_decentralised_from=region.mo_decentralised_from,
        rule_sets=periods,
    )


def client_history(client: Client, *, exclude_melding_id: int | None = None) -> list[HistoryEntry]:
    """The client's BW/MO applications and use, as engine history entries."""
    of_client = Q(client=client) | Q(client__merged_into=client)
    entries: list[HistoryEntry] = []
    meldingen = (
        Melding.objects.filter(of_client, aanvraag_on__isnull=False)
        .exclude(pk=exclude_melding_id)
        .select_related("municipality", "responsible_municipality")
    )
    for melding in meldingen:
        assert melding.aanvraag_on is not None
        entries.append(
            HistoryEntry(
                kind=EntryKind.APPLICATION,
                track=engine.Track(melding.track),
                municipality=melding.municipality.code,
                start=melding.aanvraag_on,
                responsible=_code(melding.responsible_municipality),
            )
        )
    placements = Placement.objects.filter(of_client).select_related(
        "location__municipality", "product", "responsible_municipality"
    )
    for placement in placements:
        entries.append(
            HistoryEntry(
                kind=EntryKind.USE,
                track=engine.Track(placement.product.track),
                municipality=placement.location.municipality.code,
                start=placement.start_date,
                end=placement.end_date,
                responsible=_code(placement.responsible_municipality),
            )
        )
    pgb = Beschikking.objects.filter(
        of_client, outcome=BeschikkingOutcome.GRANTED, financing=Financing.PGB,
        start_date__isnull=False, product__isnull=False,
    ).select_related("melding__municipality", "product", "responsible_municipality")
    for beschikking in pgb:
        assert beschikking.start_date is not None and beschikking.product is not None
        entries.append(
            HistoryEntry(
                kind=EntryKind.USE,
                track=engine.Track(beschikking.product.track),
                municipality=beschikking.melding.municipality.code,
                start=beschikking.start_date,
                end=beschikking.end_date,
                responsible=_code(beschikking.responsible_municipality),
            )
        )
    return entries


def _code(municipality: Municipality | None) -> str | None:
    """The recorded responsible municipality of a history item (``None``: engine infers it)."""
    return municipality.code if municipality is not None else None


def melding_decide(melding: Melding) -> Decision:
    """Run the engine for this melding. Raises `DomainError` (Dutch) when it cannot decide."""
    region = melding.municipality.region
    if region is None:
        raise DomainError(
            f"{melding.municipality} hoort niet bij een BW/MO-regio: de verantwoordelijke gemeente "
            "kan niet worden bepaald."
        )
    case_melding = engine.Melding(
        date=melding.reported_on,
        municipality=melding.municipality.code,
        origin=melding.origin_municipality.code if melding.origin_municipality else None,
        track=engine.Track(melding.track),
    )
    history = client_history(melding.client, exclude_melding_id=melding.pk)
    try:
        return engine.decide(region_config(region), case_melding, history)
    except InvalidCaseError as exc:
        raise DomainError(
            "De verantwoordelijke gemeente kan niet worden bepaald:", *exc.messages
        ) from exc


def _names(codes: set[str]) -> dict[str, str]:
    return dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))


def humanise(text: str, names: dict[str, str] | None = None) -> str:
    """Replace CBS codes in an engine explanation by 'Name (GM0000)'."""
    codes = set(_GM.findall(text))
    if names is None:
        names = _names(codes)
    return _GM.sub(lambda m: f"{names[m.group(0)]} ({m.group(0)})" if m.group(0) in names
                   else m.group(0), text)


@dataclass(frozen=True)
class ResponsibilityShown:
    """A responsibility decision as shown on a screen: who, why (rule + explanation), facts."""

    responsible: Municipality | None
    client_status: str
    client_status_label: str
    rule: str
    rule_label: str
    explanation: str
    facts: list[tuple[str, str]]
    provisional: bool


def _show_value(key: str, value: Any, names: dict[str, str]) -> str:
    if isinstance(value, dict):
        return _show_entry(value, names)
    if value is None:
        return "niet ingesteld" if key in ("rule_set", "mo_decentralised_from") else "onbekend"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        if not value:
            return "geen"
        return "; ".join(_show_entry(item, names) for item in value)
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        if value in names:
            return f"{names[value]} ({value})"
        return _VALUE_LABELS.get(value, value)
    return str(value)


def _show_entry(item: Any, names: dict[str, str]) -> str:
    if not isinstance(item, dict):
        return str(item)
    what = "aanvraag" if item.get("kind") == "application" else "gebruik"
    where = _show_value("", item.get("municipality"), names)
    start = _show_value("", item.get("start"), names)
    end = item.get("end")
    period = f"vanaf {start}" + (f" t/m {_show_value('', end, names)}" if end else "")
    text = f"{what} {item.get('track', '')} in {where} {period}"
    if item.get("responsible"):
        how = "afgeleid" if item.get("responsible_inferred") else "vastgelegd"
        text += f" (verantwoordelijk: {_show_value('', item['responsible'], names)}, {how})"
    return text


def _codes_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(_GM.findall(value))
    if isinstance(value, list):
        return set().union(*(_codes_in(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(_codes_in(v) for v in value.values())) if value else set()
    return set()


def facts_shown(facts: dict[str, Any]) -> list[tuple[str, str]]:
    names = _names(_codes_in(facts))
    return [(FACT_LABELS.get(key, key), _show_value(key, value, names)) for key, value in
            facts.items()]


def shown_from_decision(decision: Decision) -> ResponsibilityShown:
    responsible = Municipality.objects.filter(code=decision.responsible).first()
    status = ClientStatus(decision.client_status.value)
    return ResponsibilityShown(
        responsible=responsible,
        client_status=status.value,
        client_status_label=status.label,
        rule=decision.rule.value,
        rule_label=RULE_LABELS.get(decision.rule, decision.rule.value),
        explanation=humanise(decision.explanation),
        facts=facts_shown(dict(decision.facts)),
        provisional=True,
    )


def shown_from_record(record: Melding | Beschikking) -> ResponsibilityShown | None:
    """The responsibility stored on a decided melding or a beschikking."""
    if not record.responsibility_rule:
        return None
    status = ClientStatus(record.client_status) if record.client_status else None
    return ResponsibilityShown(
        responsible=record.responsible_municipality,
        client_status=status.value if status else "",
        client_status_label=status.label if status else "",
        rule=record.responsibility_rule,
        rule_label=RULE_LABELS.get(record.responsibility_rule, record.responsibility_rule),
        explanation=record.responsibility_explanation,
        facts=facts_shown(record.responsibility_facts or {}),
        provisional=False,
    )


def responsibility_for_display(melding: Melding) -> tuple[ResponsibilityShown | None, str]:
    """The stored decision once decided, otherwise the engine's provisional one.

    Returns (shown, problem): `problem` is a Dutch message when the engine cannot decide.
    """
    stored = shown_from_record(melding)
    if stored is not None:
        return stored, ""
    try:
        return shown_from_decision(melding_decide(melding)), ""
    except DomainError as exc:
        return None, exc.message
