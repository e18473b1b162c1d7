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
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_anonymous
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client
from bwmo.clients.services import client_event_add
from bwmo.core import crypto
from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError
from bwmo.journeys.constants import BeschikkingOutcome, ClientStatus, Financing, MeldingStatus
from bwmo.journeys.models import Beschikking, Melding
from bwmo.journeys.responsible import humanise, melding_decide
from bwmo.placements.constants import OutflowDestination
from bwmo.placements.models import Placement
from bwmo.regions.constants import Track
from bwmo.regions.models import Municipality, Region
from bwmo.responsibility.engine import Rule

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


def register_import(
    *, region: Region, data: bytes, filename: str, acting_user: User | None, today: date,
    dry_run: bool = True,
) -> ImportReport:
    """Check every row; when all are sound, import them all (or, for a dry run, show what the
    import would do and keep nothing). `acting_user` None: run by the management command."""
    if acting_user is not None:
        require_importer(acting_user, region)
    started = time.monotonic()
    report = ImportReport(filename=filename, dry_run=dry_run)
    try:
        table = read_table(data, filename)
    except FileError as exc:
        report.file_error = str(exc)
        return report
    report.rows = check_rows(region, table, today)
    if report.ok:
        try:
            with transaction.atomic():
                _apply(region, report, data, acting_user, today)
                if dry_run:
                    raise _DryRunDone
                report.applied = True
        except _DryRunDone:
            pass
    if dry_run:
        _log_dry_run(region, report, acting_user)
    report.seconds = time.monotonic() - started
    return report


def require_importer(user: User, region: Region) -> None:
    from .selectors import may_import

    if not may_import(user, region):
        raise DomainError("Alleen functioneel beheer van de regio mag een register overnemen.")


def _apply(region: Region, report: ImportReport, data: bytes, user: User | None, today: date) -> None:
    run = RegisterImport.objects.create(
        region=region, filename=report.filename[:255], sha256=hashlib.sha256(data).hexdigest(),
        rows=len(report.rows), clients_created=0, clients_existing=0, beschikkingen=0,
        placements=0, imported_by=user, imported_by_command="" if user else COMMAND,
    )
    clients: dict[str, Client] = {}
    last_placement: dict[str, Placement] = {}
    touched: dict[int, tuple[Client, bool]] = {}
    ordered = sorted(report.rows, key=lambda r: (r.bsn, r.start))  # type: ignore[arg-type,return-value]
    first_line: dict[str, int] = {}
    for row in ordered:
        client = clients.get(row.bsn)
        if client is None:
            client, created = _client_for(region, row, report, user, today)
            clients[row.bsn] = client
            first_line[row.bsn] = row.line
            touched[client.pk] = (client, created)
            report.counts["clients_created" if created else "clients_existing"] += 1
            who = "nieuwe cliënt" if created else "bestaande cliënt in bwmo aangevuld"
        else:
            who = f"zelfde cliënt als rij {first_line[row.bsn]}"
        _apply_row(region, row, client, who, report, last_placement, user, run)
    for bsn, client in clients.items():
        latest = max((r for r in ordered if r.bsn == bsn), key=lambda r: r.start)  # type: ignore[arg-type,return-value]
        if latest.origin is not None:
            client.origin_municipality = latest.origin
        client.responsible_municipality = latest.responsible
        client.save(update_fields=["origin_municipality", "responsible_municipality", "updated_at"])
    for client, created in touched.values():
        detail = f"Overname register: {report.filename}"
        action = AccessAction.CREATE if created else AccessAction.UPDATE
        if user is not None:
            access_log_write(user=user, action=action, purpose=Purpose.ADMINISTRATION,
                             client=client, detail=detail, object_type="overname register",
                             object_id=run.pk)
        else:
            access_log_write_anonymous(username=COMMAND, action=action,
                                       purpose=Purpose.ADMINISTRATION, client=client, detail=detail,
                                       object_type="overname register", object_id=run.pk)
    run.clients_created = report.counts["clients_created"]
    run.clients_existing = report.counts["clients_existing"]
    run.beschikkingen = report.counts["beschikkingen"]
    run.placements = report.counts["placements"]
    run.save()
    report.run = run


def _client_for(region: Region, row: Row, report: ImportReport, user: User | None,
                today: date) -> tuple[Client, bool]:
    existing = row.existing_client
    if existing is not None and existing.region_id == region.pk:
        return existing, False
    registration = row.municipality or region.centrumgemeente
    assert row.date_of_birth is not None
    client = Client(
        given_names=row.given_names, surname_prefix=row.surname_prefix, surname=row.surname,
        date_of_birth=row.date_of_birth, registration_municipality=registration,
        origin_municipality=row.origin, region=region,
    )
    if existing is None:
        client.set_bsn(row.bsn)
    else:
        # known in another region: keep the BSN without its search index and refer the pair for a
        # duplicate review by the central access, as a registration by hand does (clients.services)
        client.bsn_encrypted = crypto.encrypt(row.bsn)
        client.bsn_index = None
    client.save()
    client_event_add(client=client, kind=EventKind.REGISTERED, occurred_on=today, actor=user,
                     summary=f"Overgenomen uit het register ({report.filename}, rij {row.line}).")
    if existing is not None:
        detail = (f"BSN bij overname register al bekend bij cliënt {existing.pk}, buiten de regio: "
                  f"dubbele registratie {client.pk} ter beoordeling door de centrale toegang")
        for subject in (existing, client):
            if user is not None:
                access_log_write(user=user, action=AccessAction.SEARCH,
                                 purpose=Purpose.DUPLICATE_CHECK, client=subject, detail=detail,
                                 object_type="dubbele registratie", object_id=client.pk)
            else:
                access_log_write_anonymous(username=COMMAND, action=AccessAction.SEARCH,
                                           purpose=Purpose.DUPLICATE_CHECK, client=subject,
                                           detail=detail, object_type="dubbele registratie",
                                           object_id=client.pk)
    return client, True


def _apply_row(region: Region, row: Row, client: Client, who: str, report: ImportReport,
               last_placement: dict[str, Placement], user: User | None, run: RegisterImport) -> None:
    assert row.product is not None and row.start is not None and row.decided_on is not None
    track = row.product.track
    reported = min(row.decided_on, row.start)
    where = row.municipality or region.centrumgemeente
    melding = Melding.objects.create(
        client=client, track=track, source=row.source, reported_on=reported, aanvraag_on=reported,
        municipality=where, origin_municipality=row.origin, status=MeldingStatus.DECIDED,
        created_by=user,
    )
    responsible, status, rule, explanation, facts = _responsibility(region, row, melding)
    melding.responsible_municipality = responsible
    melding.client_status, melding.responsibility_rule = status, rule
    melding.responsibility_explanation, melding.responsibility_facts = explanation, facts
    melding.save(update_fields=["responsible_municipality", "client_status", "responsibility_rule",
                                "responsibility_explanation", "responsibility_facts", "updated_at"])
    source_note = (f"Overgenomen uit het register van {region.centrumgemeente.name}: beschikking "
                   f"{row.kenmerk} ({report.filename}, rij {row.line}).")
    beschikking = Beschikking.objects.create(
        melding=melding, client=client, outcome=BeschikkingOutcome.GRANTED, product=row.product,
        financing=row.financing, provider=row.provider, start_date=row.start, end_date=row.end,
        decided_on=row.decided_on, motivation=source_note, responsible_municipality=responsible,
        decided_by=user, client_status=status, responsibility_rule=rule,
        responsibility_explanation=explanation, responsibility_facts=facts,
    )
    ImportedBeschikking.objects.create(run=run, region=region, kenmerk=row.kenmerk, line=row.line,
                                       beschikking=beschikking)
    report.counts["beschikkingen"] += 1
    period = f"{nl_date(row.start)} t/m {nl_date(row.end) if row.end else 'open'}"
    client_event_add(client=client, kind=EventKind.BESCHIKKING, occurred_on=row.decided_on,
                     actor=user, summary=f"Beschikking {row.product.name} ({period}) overgenomen "
                                         f"uit het register, kenmerk {row.kenmerk}.",
                     data={"beschikking": beschikking.pk, "register_import": run.pk})
    parts = [who, f"beschikking {row.product.name} {period}"]
    row.responsible = responsible
    if row.financing == Financing.ZIN:
        assert row.location is not None
        previous = last_placement.get(row.bsn)
        is_doorstroom = (previous is not None and previous.end_date is not None
                         and previous.end_date + timedelta(days=1) == row.start)
        placement = Placement.objects.create(
            client=client, beschikking=beschikking, location=row.location, product=row.product,
            responsible_municipality=responsible, start_date=row.start, end_date=row.end,
            outflow_destination=(row.outflow or OutflowDestination.UNKNOWN) if row.end else "",
            previous=previous if is_doorstroom else None,
        )
        if is_doorstroom and previous is not None and previous.outflow_destination in (
                "", OutflowDestination.UNKNOWN):
            previous.outflow_destination = OutflowDestination.DOORSTROOM
            previous.save(update_fields=["outflow_destination", "updated_at"])
        last_placement[row.bsn] = placement
        report.counts["placements"] += 1
        client_event_add(client=client, kind=EventKind.PLACEMENT_STARTED, occurred_on=row.start,
                         actor=user, summary=f"Plaatsing bij {row.location.name} (overgenomen).",
                         data={"placement": placement.pk})
        if row.end:
            client_event_add(client=client, kind=EventKind.PLACEMENT_ENDED, occurred_on=row.end,
                             actor=user, summary=f"Plaatsing bij {row.location.name} beëindigd "
                                                 "(overgenomen).", data={"placement": placement.pk})
        parts.append(f"plaatsing bij {row.location.name}" + (" (doorstroom)" if is_doorstroom else ""))
    parts.append(f"verantwoordelijk: {responsible.name}"
                 + (f" ({_STATUS_TEXT[status]})" if status in _STATUS_TEXT else ""))
    row.result = "; ".join(parts)


_STATUS_TEXT = {ClientStatus.EXISTING: "bestaande cliënt", ClientStatus.NEW: "nieuwe cliënt",
                ClientStatus.NOT_APPLICABLE: "vóór de doordecentralisatie of MO regionaal"}


def _responsibility(region: Region, row: Row, melding: Melding
                    ) -> tuple[Municipality, str, str, str, dict[str, object]]:
    """Who is responsible for the imported beschikking. A `gemeente` in the register is kept as
    recorded; an empty one is decided by the responsibility engine over the client's history in
    bwmo (the rows before it included), as for a melding today."""
    assert row.start is not None and row.product is not None
    if row.municipality is not None:
        before = row.product.track == Track.BW and row.start < region.decentralisation_date
        status = ClientStatus.NOT_APPLICABLE if before else ""
        rule = Rule.BEFORE_DECENTRALISATION.value if before else ""
        return (row.municipality, status, rule,
                f"Verantwoordelijke gemeente {row.municipality.name} overgenomen uit het register.",
                {})
    decision = melding_decide(melding)
    responsible = Municipality.objects.get(code=decision.responsible)
    return (responsible, decision.client_status.value, decision.rule.value,
            humanise(decision.explanation), dict(decision.facts))


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

