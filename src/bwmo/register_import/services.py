"""The migration import of an existing client register: a dry run that reports every row, then an
all-or-nothing import (docs/register-import.md).

`register_import(..., dry_run=True)` checks every row and, when all rows are sound, runs the whole
import inside a transaction that is rolled back, so the report shows exactly what the import would
do (including the responsible municipality the engine decides). With `dry_run=False` the same
happens and is kept; a file with any problem changes nothing.

What a row becomes: the client (registered once per BSN, or the client bwmo already has in the
region), a melding and a granted beschikking with its period, and for zorg in natura a placement
at the provider's location. Rows of one client follow each other in time; a beschikking that starts
the day after the previous one ended is a doorstroom. The history feeds the responsibility rules:
a new melding within 365 days of imported use of the centrumgemeente is an existing client's.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_anonymous
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client, ClientEvent
from bwmo.core import crypto
from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError
from bwmo.iwmo.constants import BW_MO_CATEGORIES
from bwmo.iwmo.models import Toewijzing
from bwmo.iwmo.outgoing import omvang_for
from bwmo.journeys.constants import BeschikkingOutcome, ClientStatus, Financing, MeldingStatus
from bwmo.journeys.models import Beschikking, Melding
from bwmo.journeys.responsible import client_history, humanise, region_config
from bwmo.placements.constants import OutflowDestination
from bwmo.placements.models import Placement
from bwmo.regions.constants import Track
from bwmo.regions.models import Municipality, Region
from bwmo.responsibility import engine
from bwmo.responsibility.engine import EntryKind, HistoryEntry, InvalidCaseError, RegionConfig, Rule

from .models import ImportedBeschikking, RegisterImport
from .rows import FileError, Row, check_rows, read_table

COMMAND = "bwmo register-import"


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    rows: list[Row] = field(default_factory=list)
    file_error: str = ""
    applied: bool = False
    run: RegisterImport | None = None
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def problems(self) -> int:
        return sum(1 for row in self.rows if row.problems) + (1 if self.file_error else 0)

    @property
    def ok(self) -> bool:
        return not self.file_error and bool(self.rows) and self.problems == 0

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.filename, "dry_run": self.dry_run, "applied": self.applied,
            "rows": len(self.rows), "rows_with_problems": self.problems,
            "error": self.file_error or None, "counts": dict(self.counts),
            "import_id": self.run.pk if self.run else None, "seconds": round(self.seconds, 2),
        }


class _DryRunDone(Exception):
    """Raised inside the transaction to roll a dry run back."""


Progress = Callable[[int, int, str], None]


def _silent(done: int, total: int, step: str) -> None:
    return None


def register_import(
    *, region: Region, data: bytes, filename: str, acting_user: User | None, today: date,
    dry_run: bool = True, progress: Progress | None = None,
) -> ImportReport:
    """Check every row; when all are sound, import them all (or, for a dry run, show what the
    import would do and keep nothing). `acting_user` None: run by the management command.
    `progress(done, total, step)`, if given, hears each step (a background job's progress bar)."""
    report_progress = progress or _silent
    if acting_user is not None:
        require_importer(acting_user, region)
    started = time.monotonic()
    report = ImportReport(filename=filename, dry_run=dry_run)
    try:
        table = read_table(data, filename)
    except FileError as exc:
        report.file_error = str(exc)
        return report
    report_progress(0, 1, "Rijen controleren")
    report.rows = check_rows(region, table, today)
    if report.ok:
        try:
            with transaction.atomic():
                _apply(region, report, data, acting_user, today, report_progress)
                if dry_run:
                    raise _DryRunDone
                report.applied = True
        except _DryRunDone:
            report.run = None  # rolled back
    if dry_run:
        _log_dry_run(region, report, acting_user)
    report.seconds = time.monotonic() - started
    return report


def require_importer(user: User, region: Region) -> None:
    from .selectors import may_import

    if not may_import(user, region):
        raise DomainError("Alleen functioneel beheer van de regio mag een register overnemen.")


@dataclass
class _Planned:
    """One row turned into unsaved objects; saved in bulk once every row is planned."""

    row: Row
    bsn: str
    melding: Melding
    beschikking: Beschikking
    placement: Placement | None
    previous_index: int | None  # index in the plan of the placement this one continues (doorstroom)
    events: list[ClientEvent]


def _apply(region: Region, report: ImportReport, data: bytes, user: User | None, today: date,
           progress: Progress = _silent) -> None:
    """Plan every row in memory (the engine over the history so far), then write in bulk: clients,
    meldingen, beschikkingen, placements (a doorstroom after the one it continues), the history and
    one access-log entry per client."""
    run = RegisterImport.objects.create(
        region=region, filename=report.filename[:255], sha256=hashlib.sha256(data).hexdigest(),
        rows=len(report.rows), clients_created=0, clients_existing=0, beschikkingen=0,
        placements=0, imported_by=user, imported_by_command="" if user else COMMAND,
    )
    ctx = _Context(region=region, config=region_config(region), names=dict(
        Municipality.objects.values_list("code", "name")))
    clients: dict[str, Client] = {}
    created: dict[str, bool] = {}
    first_line: dict[str, int] = {}
    last_planned: dict[str, int] = {}
    plan: list[_Planned] = []
    registered_events: list[tuple[str, ClientEvent]] = []
    total = len(report.rows)
    for i, row in enumerate(sorted(report.rows, key=lambda r: (r.bsn, r.start))):
        progress(i, total, f"Rij {i + 1} van {total} verwerken")
        if row.bsn not in clients:
            client, is_new = _client_for(region, row)
            clients[row.bsn], created[row.bsn], first_line[row.bsn] = client, is_new, row.line
            ctx.history[row.bsn] = [] if is_new else client_history(client)
            if is_new:
                registered_events.append((row.bsn, ClientEvent(
                    kind=EventKind.REGISTERED, occurred_on=today, actor=user,
                    summary=f"Overgenomen uit het register ({report.filename}, rij {row.line}).")))
            who = "nieuwe cliënt" if is_new else "bestaande cliënt in bwmo aangevuld"
        else:
            who = f"zelfde cliënt als rij {first_line[row.bsn]}"
        planned = _plan_row(ctx, row, who, report, plan, last_planned.get(row.bsn), user)
        if planned.placement is not None:
            last_planned[row.bsn] = len(plan)
        plan.append(planned)
        if row.origin is not None:
            clients[row.bsn].origin_municipality = row.origin
        clients[row.bsn].responsible_municipality = row.responsible  # the latest row's, by order

    progress(total, total, "Cliënten, beschikkingen en plaatsingen opslaan")
    new_clients = [clients[b] for b in clients if created[b]]
    Client.objects.bulk_create(new_clients)
    for b, client in clients.items():
        if not created[b]:
            client.save(update_fields=["origin_municipality", "responsible_municipality", "updated_at"])
    for item in plan:
        item.melding.client = item.beschikking.client = clients[item.bsn]
    Melding.objects.bulk_create([p.melding for p in plan])
    for item in plan:
        item.beschikking.melding = item.melding
    Beschikking.objects.bulk_create([p.beschikking for p in plan])
    ImportedBeschikking.objects.bulk_create([
        ImportedBeschikking(run=run, region=region, kenmerk=p.row.kenmerk, line=p.row.line,
                            beschikking=p.beschikking) for p in plan
    ])
    _save_placements(plan, clients)
    report.counts["toewijzingen_history"] = _history_toewijzingen(plan, today)
    events: list[ClientEvent] = []
    for b, event in registered_events:
        event.client = clients[b]
        events.append(event)
    for item in plan:
        for event in item.events:
            event.client = clients[item.bsn]
            event.data = {**event.data, "beschikking": item.beschikking.pk, "register_import": run.pk}
            if item.placement is not None and event.kind != EventKind.BESCHIKKING:
                event.data["placement"] = item.placement.pk
            events.append(event)
    ClientEvent.objects.bulk_create(events)
    for b, client in clients.items():
        _log(user, AccessAction.CREATE if created[b] else AccessAction.UPDATE,
             Purpose.ADMINISTRATION, client, f"Overname register: {report.filename}",
             "overname register", run.pk)
        existing = report_existing(report, b)
        if created[b] and existing is not None:
            # known in another region: kept without its search index (see _client_for) and the
            # pair referred for a duplicate review by the central access, as clients.services does
            detail = (f"BSN bij overname register al bekend bij cliënt {existing.pk}, buiten de "
                      f"regio: dubbele registratie {client.pk} ter beoordeling door de centrale "
                      "toegang")
            for subject in (existing, client):
                _log(user, AccessAction.SEARCH, Purpose.DUPLICATE_CHECK, subject, detail,
                     "dubbele registratie", client.pk)
    report.counts["clients_created"] = sum(created.values())
    report.counts["clients_existing"] = len(created) - sum(created.values())
    report.counts["beschikkingen"] = len(plan)
    report.counts["placements"] = sum(1 for p in plan if p.placement is not None)
    run.clients_created = report.counts["clients_created"]
    run.clients_existing = report.counts["clients_existing"]
    run.beschikkingen = report.counts["beschikkingen"]
    run.placements = report.counts["placements"]
    run.save()
    report.run = run


def _history_toewijzingen(plan: list[_Planned], today: date) -> int:
    """Ended ZIN beschikkingen get their iWmo toewijzing as already sent: the old system sent it
    and the provider has it, so `bwmo iwmo export` must not send history. A running one gets no
    toewijzing here: the next export creates it and sends the provider a WMO301 with bwmo's
    ToewijzingNummer, which its declarations then refer to (docs/iwmo.md)."""
    rows = []
    now = timezone.now()
    for item in plan:
        b = item.beschikking
        if (b.financing != Financing.ZIN or b.provider is None or b.product is None
                or b.product.iwmo_category not in BW_MO_CATEGORIES
                or b.end_date is None or b.end_date >= today):
            continue
        assert b.start_date is not None
        volume, eenheid, frequentie = omvang_for(b.provider, b.product, b.start_date)
        rows.append(Toewijzing(
            beschikking=b, client=b.client, municipality=b.responsible_municipality,
            provider=b.provider, product=b.product, ingangsdatum=b.start_date,
            einddatum=b.end_date, volume=volume, eenheid=eenheid, frequentie=frequentie,
            toegewezen_at=now, version=1, sent_version=1,
        ))
    Toewijzing.objects.bulk_create(rows)
    return len(rows)


def report_existing(report: ImportReport, bsn: str) -> Client | None:
    return next((r.existing_client for r in report.rows if r.bsn == bsn and r.existing_client), None)


def _save_placements(plan: list[_Planned], clients: dict[str, Client]) -> None:
    """Placements in generations: a doorstroom is written after the placement it continues."""
    pending = [i for i, p in enumerate(plan) if p.placement is not None]
    saved: set[int] = set()
    while pending:
        ready = [i for i in pending if plan[i].previous_index is None or plan[i].previous_index in saved]
        batch = []
        for i in ready:
            item = plan[i]
            assert item.placement is not None
            item.placement.client = clients[item.bsn]
            item.placement.beschikking = item.beschikking
            if item.previous_index is not None:
                item.placement.previous = plan[item.previous_index].placement
            batch.append(item.placement)
        Placement.objects.bulk_create(batch)
        saved.update(ready)
        pending = [i for i in pending if i not in saved]


def _log(user: User | None, action: AccessAction, purpose: Purpose, client: Client, detail: str,
         object_type: str, object_id: object) -> None:
    if user is not None:
        access_log_write(user=user, action=action, purpose=purpose, client=client, detail=detail,
                         object_type=object_type, object_id=object_id)
    else:
        access_log_write_anonymous(username=COMMAND, action=action, purpose=purpose, client=client,
                                   detail=detail, object_type=object_type, object_id=object_id)


def _client_for(region: Region, row: Row) -> tuple[Client, bool]:
    """The client bwmo has in the region for this BSN, or a new (unsaved) one."""
    existing = row.existing_client
    if existing is not None and existing.region_id == region.pk:
        return existing, False
    assert row.date_of_birth is not None
    client = Client(
        given_names=row.given_names, surname_prefix=row.surname_prefix, surname=row.surname,
        date_of_birth=row.date_of_birth,
        registration_municipality=row.municipality or region.centrumgemeente,
        origin_municipality=row.origin, region=region,
    )
    if existing is None:
        client.set_bsn(row.bsn)
    else:  # known in another region: the BSN without its search index (see _apply)
        client.bsn_encrypted = crypto.encrypt(row.bsn)
        client.bsn_index = None
    return client, True


@dataclass
class _Context:
    """What the rows of one import share: the region's rule configuration (read once) and, per
    BSN, the client's BW/MO history so far (bwmo's own for a known client, then each imported row),
    so that the engine sees exactly what `journeys.responsible.client_history` would read."""

    region: Region
    config: RegionConfig
    names: dict[str, str]
    history: dict[str, list[HistoryEntry]] = field(default_factory=dict)


def _plan_row(ctx: _Context, row: Row, who: str, report: ImportReport, plan: list[_Planned],
              previous_index: int | None, user: User | None) -> _Planned:
    assert row.product is not None and row.start is not None and row.decided_on is not None
    region = ctx.region
    track = row.product.track
    reported = min(row.decided_on, row.start)
    where = row.municipality or region.centrumgemeente
    responsible, status, rule, explanation, facts = _responsibility(ctx, row, reported, where)
    row.responsible = responsible
    history = ctx.history[row.bsn]
    history.append(HistoryEntry(kind=EntryKind.APPLICATION, track=engine.Track(track),
                                municipality=where.code, start=reported, responsible=responsible.code))
    use_at = row.location.municipality.code if row.location is not None else where.code
    history.append(HistoryEntry(kind=EntryKind.USE, track=engine.Track(track), municipality=use_at,
                                start=row.start, end=row.end, responsible=responsible.code))
    melding = Melding(
        track=track, source=row.source, reported_on=reported, aanvraag_on=reported,
        municipality=where, origin_municipality=row.origin, status=MeldingStatus.DECIDED,
        created_by=user, responsible_municipality=responsible, client_status=status,
        responsibility_rule=rule, responsibility_explanation=explanation,
        responsibility_facts=facts,
    )
    source_note = (f"Overgenomen uit het register van {region.centrumgemeente.name}: beschikking "
                   f"{row.kenmerk} ({report.filename}, rij {row.line}).")
    beschikking = Beschikking(
        outcome=BeschikkingOutcome.GRANTED, product=row.product,
        financing=row.financing, provider=row.provider, start_date=row.start, end_date=row.end,
        decided_on=row.decided_on, motivation=source_note, responsible_municipality=responsible,
        decided_by=user, client_status=status, responsibility_rule=rule,
        responsibility_explanation=explanation, responsibility_facts=facts,
    )
    period = f"{nl_date(row.start)} t/m {nl_date(row.end) if row.end else 'open'}"
    events = [ClientEvent(kind=EventKind.BESCHIKKING, occurred_on=row.decided_on, actor=user,
                          summary=f"Beschikking {row.product.name} ({period}) overgenomen uit het "
                                  f"register, kenmerk {row.kenmerk}.", data={})]
    parts = [who, f"beschikking {row.product.name} {period}"]
    placement = None
    doorstroom_of = None
    if row.financing == Financing.ZIN:
        assert row.location is not None
        previous = plan[previous_index].placement if previous_index is not None else None
        if (previous is not None and previous.end_date is not None
                and previous.end_date + timedelta(days=1) == row.start):
            doorstroom_of = previous_index
            if previous.outflow_destination in ("", OutflowDestination.UNKNOWN):
                previous.outflow_destination = OutflowDestination.DOORSTROOM
        placement = Placement(
            location=row.location, product=row.product, responsible_municipality=responsible,
            start_date=row.start, end_date=row.end,
            outflow_destination=(row.outflow or OutflowDestination.UNKNOWN) if row.end else "",
        )
        events.append(ClientEvent(kind=EventKind.PLACEMENT_STARTED, occurred_on=row.start,
                                  actor=user, data={},
                                  summary=f"Plaatsing bij {row.location.name} (overgenomen)."))
        if row.end:
            events.append(ClientEvent(kind=EventKind.PLACEMENT_ENDED, occurred_on=row.end, actor=user,
                                      data={}, summary=f"Plaatsing bij {row.location.name} "
                                                       "beëindigd (overgenomen)."))
        parts.append(f"plaatsing bij {row.location.name}"
                     + (" (doorstroom)" if doorstroom_of is not None else ""))
    parts.append(f"verantwoordelijk: {responsible.name}"
                 + (f" ({_STATUS_TEXT[status]})" if status in _STATUS_TEXT else ""))
    row.result = "; ".join(parts)
    return _Planned(row, row.bsn, melding, beschikking, placement, doorstroom_of, events)


_STATUS_TEXT: dict[str, str] = {ClientStatus.EXISTING: "bestaande cliënt", ClientStatus.NEW: "nieuwe cliënt",
                ClientStatus.NOT_APPLICABLE: "vóór de doordecentralisatie of MO regionaal"}


def _responsibility(ctx: _Context, row: Row, reported: date, where: Municipality
                    ) -> tuple[Municipality, str, str, str, dict[str, object]]:
    """Who is responsible for the imported beschikking. A `gemeente` in the register is kept as
    recorded; an empty one is decided by the responsibility engine over the client's history
    (bwmo's and the rows before it), as `journeys.responsible.melding_decide` would."""
    assert row.start is not None and row.product is not None
    if row.municipality is not None:
        before = row.product.track == Track.BW and row.start < ctx.region.decentralisation_date
        status = ClientStatus.NOT_APPLICABLE if before else ""
        rule = Rule.BEFORE_DECENTRALISATION.value if before else ""
        return (row.municipality, status, rule,
                f"Verantwoordelijke gemeente {row.municipality.name} overgenomen uit het register.",
                {})
    case = engine.Melding(date=reported, municipality=where.code,
                          origin=row.origin.code if row.origin else None,
                          track=engine.Track(row.product.track))
    try:
        decision = engine.decide(ctx.config, case, ctx.history[row.bsn])
    except InvalidCaseError as exc:
        raise DomainError("De verantwoordelijke gemeente kan niet worden bepaald:",
                          *exc.messages) from exc
    responsible = Municipality.objects.get(code=decision.responsible)
    return (responsible, decision.client_status.value, decision.rule.value,
            humanise(decision.explanation, ctx.names), dict(decision.facts))


def _log_dry_run(region: Region, report: ImportReport, user: User | None) -> None:
    """A dry run reads existing clients of the region (the BSN match): logged, once per client."""
    seen: set[int] = set()
    for row in report.rows:
        client = row.existing_client
        if client is None or client.pk in seen or client.region_id != region.pk:
            continue
        seen.add(client.pk)
        detail = f"Proefimport register: {report.filename}"
        if user is not None:
            access_log_write(user=user, action=AccessAction.SEARCH, purpose=Purpose.ADMINISTRATION,
                             client=client, detail=detail, object_type="overname register")
        else:
            access_log_write_anonymous(username=COMMAND, action=AccessAction.SEARCH,
                                       purpose=Purpose.ADMINISTRATION, client=client,
                                       detail=detail, object_type="overname register")

