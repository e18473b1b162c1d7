"""Writes of contract management. Every service checks all rules before it writes, so refused input
changes nothing; it raises `DomainError` with Dutch sentences (field-bound where a field is wrong)."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from bwmo.accounts.models import User
from bwmo.capacity.models import Provider
from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Product, Region

from . import checks, rules, selectors
from .constants import CommitmentStatus, ContractForm, InspectionSeverity, TalkKind
from .models import (
    AccountTalk,
    AgreedAction,
    Commitment,
    Contract,
    ContractProduct,
    ExperienceScore,
    ExtensionOption,
    GgdInspection,
    KeurmerkEvidence,
    KeurmerkRequirement,
    RechtmatigheidSignal,
)


def _require_manager(user: User, region: Region) -> None:
    if not selectors.is_contract_manager(user) or user.organisation.region_id != region.pk:  # type: ignore[union-attr]
        raise DomainError("Alleen de contractmanagers van de regio kunnen dit vastleggen.")


@dataclass(frozen=True)
class LineInput:
    product: Product
    tariff: Decimal
    unit: str
    valid_from: date | None
    valid_to: date | None


def _line_errors(
    provider: Provider, line: LineInput, *, contract: Contract | None, start: date, end: date,
    other_lines: list[ContractProduct] | list[LineInput],
) -> list[str]:
    errors = []
    if line.valid_from is None or line.valid_to is None:
        errors.append(f"Geef bij het tarief voor '{line.product.name}' aan van wanneer tot wanneer "
                      "het geldt.")
        return errors
    if line.valid_to < line.valid_from:
        errors.append(f"Het tarief voor '{line.product.name}' eindigt vóór het begint.")
    if line.tariff < 0:
        errors.append(f"Het tarief voor '{line.product.name}' kan niet negatief zijn.")
    if line.valid_from < start or line.valid_to > end:
        errors.append(f"Het tarief voor '{line.product.name}' ({nl_date(line.valid_from)} t/m "
                      f"{nl_date(line.valid_to)}) valt buiten de looptijd van het contract.")
    for other in other_lines:
        if other is line or other.product != line.product:
            continue
        if other.valid_from is not None and rules.periods_overlap(
            line.valid_from, line.valid_to, other.valid_from, other.valid_to
        ):
            errors.append(f"Er is al een tarief voor '{line.product.name}' in die periode.")
            break
    # Another contract of the same provider for the same product in an overlapping period.
    clashes = ContractProduct.objects.filter(
        contract__provider=provider, product=line.product,
        valid_from__lte=line.valid_to, valid_to__gte=line.valid_from,
    )
    if contract is not None:
        clashes = clashes.exclude(contract=contract)
    clash = clashes.select_related("contract").first()
    if clash is not None:
        errors.append(
            f"{provider} heeft voor '{line.product.name}' al contract {clash.contract.reference} "
            f"van {nl_date(clash.valid_from)} t/m {nl_date(clash.valid_to)}; contracten voor "
            "hetzelfde product mogen elkaar niet overlappen."
        )
    return errors


@transaction.atomic
def contract_create(
    *, region: Region, provider: Provider, reference: str, lot: str, form: str,
    start_date: date, initial_end_date: date, option_months: list[int],
    lines: list[LineInput], outside_region: bool = False, notes: str = "", acting_user: User,
) -> Contract:
    _require_manager(acting_user, region)
    errors: list[str] = []
    reference = reference.strip()
    if not reference:
        errors.append("Geef het kenmerk van het contract.")
    elif Contract.objects.filter(region=region, reference=reference).exists():
        errors.append(f"Er is al een contract met kenmerk {reference}.")
    if form not in ContractForm.values:
        errors.append("Kies de vorm van het contract.")
    if initial_end_date < start_date:
        errors.append("De einddatum ligt vóór de ingangsdatum.")
    if any(m <= 0 or m > 120 for m in option_months):
        errors.append("Een verlengingsoptie duurt 1 tot 120 maanden.")
    if not lines:
        errors.append("Neem ten minste één product met tarief op.")
    for line in lines:
        if line.product.region_id != region.pk:
            errors.append(f"'{line.product.name}' is geen product van {region}.")
    if not errors:
        end = rules.effective_end(
            initial_end_date, [rules.Option(i, m, date.min) for i, m in enumerate(option_months, 1)]
        )
        for line in lines:
            errors.extend(_line_errors(
                provider, line, contract=None, start=start_date, end=end, other_lines=lines,
            ))
    if errors:
        raise DomainError(*errors)
    contract = Contract.objects.create(
        region=region, provider=provider, reference=reference, lot=lot.strip(), form=form,
        start_date=start_date, initial_end_date=initial_end_date, outside_region=outside_region,
        notes=notes.strip(),
    )
    for order, months in enumerate(option_months, 1):
        ExtensionOption.objects.create(contract=contract, order=order, months=months)
    for line in lines:
        assert line.valid_from and line.valid_to  # the rules refuse a tariff without its dates
        ContractProduct.objects.create(
            contract=contract, product=line.product, tariff=line.tariff, unit=line.unit,
            valid_from=line.valid_from, valid_to=line.valid_to,
        )
    if outside_region is False and not provider.regions.filter(pk=region.pk).exists():
        provider.regions.add(region)
    return contract


@transaction.atomic
def tariff_add(*, contract: Contract, line: LineInput, acting_user: User) -> ContractProduct:
    """A new tariff line (e.g. the yearly indexation) within the contract's (extended) period."""
    _require_manager(acting_user, contract.region)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if line.product.region_id != contract.region_id:
        raise DomainError(f"'{line.product.name}' is geen product van {contract.region}.", field="product")
    end = checks.current_end(contract)
    existing = list(contract.lines.all())
    errors = _line_errors(
        contract.provider, line, contract=contract, start=contract.start_date, end=end,
        other_lines=existing,
    )
    if errors:
        raise DomainError(*errors)
    assert line.valid_from and line.valid_to  # refused above when missing
    return ContractProduct.objects.create(
        contract=contract, product=line.product, tariff=line.tariff, unit=line.unit,
        valid_from=line.valid_from, valid_to=line.valid_to,
    )


@transaction.atomic
def option_exercise(*, contract: Contract, order: int, on: date, acting_user: User) -> ExtensionOption:
    _require_manager(acting_user, contract.region)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    options = checks.options_of(contract)
    cfg = checks.settings_for(contract.region)
    refusal = rules.exercise_refusal(
        options=options, order=order, on=on,
        current_end=rules.effective_end(contract.initial_end_date, options),
        notice_months=cfg.notice_months,
    )
    if refusal:
        raise DomainError(refusal)
    option = contract.options.get(order=order)
    option.exercised_on = on
    option.exercised_by = acting_user
    option.save(update_fields=["exercised_on", "exercised_by"])
    return option


def commitment_add(
    *, contract: Contract, description: str, due_on: date | None, acting_user: User
) -> Commitment:
    _require_manager(acting_user, contract.region)
    if not description.strip():
        raise DomainError("Beschrijf de afspraak.", field="description")
    return Commitment.objects.create(contract=contract, description=description.strip(), due_on=due_on)


def commitment_update(
    *, commitment: Commitment, status: str, note: str, acting_user: User
) -> Commitment:
    _require_manager(acting_user, commitment.contract.region)
    if status not in CommitmentStatus.values:
        raise DomainError("Kies de stand van de afspraak.", field="status")
    if status == CommitmentStatus.NOT_MET and not note.strip():
        raise DomainError("Licht toe waarom de afspraak niet is gerealiseerd.", field="status_note")
    commitment.status = status
    commitment.status_note = note.strip()
    commitment.save(update_fields=["status", "status_note"])
    return commitment


# --- quality --------------------------------------------------------------------------------------

def evidence_record(
    *, provider: Provider, requirement: KeurmerkRequirement, evidence: str, recorded_on: date,
    valid_until: date | None, acting_user: User,
) -> KeurmerkEvidence:
    _require_manager(acting_user, requirement.region)
    if not evidence.strip():
        raise DomainError("Beschrijf het bewijs (bijvoorbeeld het auditrapport).", field="evidence")
    if valid_until is not None and valid_until < recorded_on:
        raise DomainError("'Geldig tot en met' ligt vóór de datum van vaststelling.", field="valid_until")
    return KeurmerkEvidence.objects.create(
        provider=provider, requirement=requirement, evidence=evidence.strip(),
        recorded_on=recorded_on, valid_until=valid_until, recorded_by=acting_user,
    )


def inspection_record(
    *, provider: Provider, region: Region, inspected_on: date, severity: str, findings: str,
    follow_up: str, follow_up_due: date | None, acting_user: User,
) -> GgdInspection:
    _require_manager(acting_user, region)
    errors = []
    if severity not in InspectionSeverity.values:
        errors.append("Kies de uitkomst van de inspectie.")
    if severity != InspectionSeverity.NONE and not findings.strip():
        errors.append("Beschrijf de bevindingen van de GGD.")
    if follow_up_due is not None and follow_up_due < inspected_on:
        errors.append("De opvolging kan niet vóór de inspectie klaar zijn.")
    if errors:
        raise DomainError(*errors)
    return GgdInspection.objects.create(
        provider=provider, inspected_on=inspected_on, severity=severity, findings=findings.strip(),
        follow_up=follow_up.strip(), follow_up_due=follow_up_due,
        closed_on=inspected_on if severity == InspectionSeverity.NONE else None,
    )


def _close(
    obj: GgdInspection | RechtmatigheidSignal, *, opened_on: date, closed_on: date, note: str,
    note_field: str, region: Region, acting_user: User, already: str, too_early: str, missing: str,
) -> None:
    """Close an inspection or signal: once, not before it was opened, with an explanation."""
    _require_manager(acting_user, region)
    if obj.closed_on is not None:
        raise DomainError(already)
    if closed_on < opened_on:
        raise DomainError(too_early, field="closed_on")
    if not note.strip():
        raise DomainError(missing, field="note")
    obj.closed_on = closed_on
    setattr(obj, note_field, note.strip())
    obj.save(update_fields=["closed_on", note_field])


def inspection_close(
    *, inspection: GgdInspection, region: Region, closed_on: date, note: str, acting_user: User
) -> GgdInspection:
    _close(inspection, opened_on=inspection.inspected_on, closed_on=closed_on, note=note,
           note_field="closing_note", region=region, acting_user=acting_user,
           already="Deze inspectie is al afgesloten.",
           too_early="Afsluiten kan niet vóór de datum van de inspectie.",
           missing="Licht toe hoe de bevindingen zijn opgevolgd.")
    return inspection


def signal_record(
    *, provider: Provider, region: Region, received_on: date, source: str, concerns_pgb: bool,
    description: str, acting_user: User,
) -> RechtmatigheidSignal:
    _require_manager(acting_user, region)
    if not description.strip():
        raise DomainError("Beschrijf het signaal.", field="description")
    return RechtmatigheidSignal.objects.create(
        provider=provider, received_on=received_on, source=source.strip() or "Sociale recherche",
        concerns_pgb=concerns_pgb, description=description.strip(),
    )


def signal_close(
    *, signal: RechtmatigheidSignal, region: Region, closed_on: date, note: str, acting_user: User
) -> RechtmatigheidSignal:
    """Handle a rechtmatigheid signal; `note` is the outcome of the investigation."""
    _close(signal, opened_on=signal.received_on, closed_on=closed_on, note=note,
           note_field="outcome", region=region, acting_user=acting_user,
           already="Dit signaal is al afgehandeld.",
           too_early="Afhandelen kan niet vóór de ontvangst.",
           missing="Geef de uitkomst van het onderzoek.")
    return signal


# --- account management ---------------------------------------------------------------------------

def talk_create(
    *, region: Region, provider: Provider, kind: str, held_on: date, year: int,
    quarter: int | None, notes: str, acting_user: User,
) -> AccountTalk:
    """An overlegtafel (per quarter) or yearly account talk, with the provider's figures of that
    quarter (the last quarter of the year for a yearly talk) kept as they were at the talk."""
    _require_manager(acting_user, region)
    if kind not in TalkKind.values:
        raise DomainError("Kies het soort gesprek.", field="kind")
    if kind == TalkKind.OVERLEGTAFEL and quarter is None:
        raise DomainError("Kies het kwartaal dat de overlegtafel bespreekt.", field="quarter")
    if quarter is not None and not 1 <= quarter <= 4:
        raise DomainError("Een kwartaal is 1 tot en met 4.", field="quarter")
    if not 2000 <= year <= held_on.year + 1:
        raise DomainError("Kies een jaar tot en met het jaar van het gesprek.", field="year")
    figures_quarter = quarter if quarter is not None else 4
    figures = selectors.provider_figures(provider, region, year, figures_quarter)
    return AccountTalk.objects.create(
        region=region, provider=provider, kind=kind, held_on=held_on, year=year, quarter=quarter,
        figures=figures, notes=notes.strip(), created_by=acting_user,
    )


def action_add(
    *, talk: AccountTalk, description: str, owner: str, due_on: date, acting_user: User
) -> AgreedAction:
    _require_manager(acting_user, talk.region)
    errors = []
    if not description.strip():
        errors.append("Beschrijf de actie.")
    if not owner.strip():
        errors.append("Geef aan wie de actie uitvoert.")
    if due_on < talk.held_on:
        errors.append("De actie kan niet vóór het gesprek gereed zijn.")
    if errors:
        raise DomainError(*errors)
    return AgreedAction.objects.create(
        talk=talk, description=description.strip(), owner=owner.strip(), due_on=due_on
    )


def action_done(*, action: AgreedAction, done_on: date, follow_up: str, acting_user: User) -> AgreedAction:
    _require_manager(acting_user, action.talk.region)
    if action.done_on is not None:
        raise DomainError("Deze actie is al afgerond.")
    if done_on < action.talk.held_on:
        raise DomainError("Afronden kan niet vóór het gesprek.", field="done_on")
    action.done_on = done_on
    action.follow_up = follow_up.strip()
    action.save(update_fields=["done_on", "follow_up"])
    return action


# --- client experience import ---------------------------------------------------------------------

EXPERIENCE_COLUMNS = ("aanbieder", "jaar", "kwartaal", "respondenten", "score")


@dataclass
class ImportRow:
    line: int
    provider: Provider | None = None
    year: int | None = None
    quarter: int | None = None
    respondents: int | None = None
    score: Decimal | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[ImportRow]
    problems: list[str]  # problems of the file as a whole

    @property
    def ok(self) -> bool:
        return not self.problems and all(not r.problems for r in self.rows)


def _read_table(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t") if text.strip() else csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def experience_parse(*, region: Region, data: bytes, filename: str) -> ImportResult:
    """Check every row of an import file; nothing is written (the dry run)."""
    try:
        table = _read_table(data, filename)
    except (UnicodeDecodeError, csv.Error, ValueError, KeyError, OSError) as exc:
        return ImportResult([], [f"Het bestand is niet te lezen als CSV of Excel ({type(exc).__name__})."])
    table = [row for row in table if any(row)]
    if not table:
        return ImportResult([], ["Het bestand is leeg."])
    header = [h.lower() for h in table[0]]
    missing = [c for c in EXPERIENCE_COLUMNS if c not in header]
    if missing:
        return ImportResult([], [f"Kolommen ontbreken: {', '.join(missing)}. Verwacht: "
                                 f"{', '.join(EXPERIENCE_COLUMNS)}."])
    index = {c: header.index(c) for c in EXPERIENCE_COLUMNS}
    providers = {p.name.lower(): p for p in Provider.objects.all()}
    providers.update({p.agb_code: p for p in Provider.objects.exclude(agb_code="")})
    seen: set[tuple[int, int, int]] = set()
    rows: list[ImportRow] = []
    for number, raw in enumerate(table[1:], start=2):
        cells = raw + [""] * (len(header) - len(raw))
        row = ImportRow(line=number)
        name = cells[index["aanbieder"]]
        row.provider = providers.get(name.lower()) or providers.get(name)
        if row.provider is None:
            row.problems.append(f"aanbieder '{name}' is onbekend")
        for column, attr, low, high in (
            ("jaar", "year", 2000, 2100), ("kwartaal", "quarter", 1, 4),
            ("respondenten", "respondents", 0, 1_000_000),
        ):
            value = cells[index[column]]
            try:
                number_value = int(Decimal(value.replace(",", ".")))
            except (InvalidOperation, ValueError):
                row.problems.append(f"{column} '{value}' is geen getal")
                continue
            if not low <= number_value <= high:
                row.problems.append(f"{column} {number_value} ligt niet tussen {low} en {high}")
                continue
            setattr(row, attr, number_value)
        value = cells[index["score"]]
        try:
            score = Decimal(value.replace(",", "."))
        except InvalidOperation:
            row.problems.append(f"score '{value}' is geen getal")
        else:
            if not Decimal(0) <= score <= Decimal(10):
                row.problems.append(f"score {value} ligt niet tussen 0 en 10")
            else:
                row.score = score.quantize(Decimal("0.1"))
        if row.provider is not None and row.year is not None and row.quarter is not None:
            key = (row.provider.pk, row.year, row.quarter)
            if key in seen:
                row.problems.append("deze aanbieder en dit kwartaal staan al eerder in het bestand")
            seen.add(key)
        if row.provider is not None and not selectors.providers_for_region(region).filter(
            pk=row.provider.pk
        ).exists():
            row.problems.append(f"{row.provider} werkt niet in {region}")
        rows.append(row)
    if not rows:
        return ImportResult([], ["Het bestand heeft geen regels onder de kopregel."])
    return ImportResult(rows, [])


@transaction.atomic
def experience_import(*, region: Region, data: bytes, filename: str, acting_user: User) -> int:
    """Import all rows or none: a file with any problem changes nothing. Rows for a quarter that is
    already there replace its score."""
    _require_manager(acting_user, region)
    result = experience_parse(region=region, data=data, filename=filename)
    if not result.ok:
        raise DomainError("Het bestand heeft fouten; er is niets ingelezen. Controleer het eerst.")
    for row in result.rows:
        # a row without problems has every value (experience_parse)
        assert row.year and row.quarter and row.respondents is not None and row.score is not None
        ExperienceScore.objects.update_or_create(
            region=region, provider=row.provider, year=row.year, quarter=row.quarter,
            defaults={"respondents": row.respondents, "score": row.score},
        )
    return len(result.rows)
