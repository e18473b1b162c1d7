"""Reading and checking the rows of an existing client register (CSV or Excel).

One row is one beschikking of the old register: who (BSN, name, date of birth, municipality of
origin), which beschikking (the register's kenmerk), product, financing, provider (and location),
start and end. The columns are documented in `docs/register-import.md`. Every problem is a Dutch
sentence the register's keeper can act on, with the row number of the file (the header is row 1).
This module only reads the database (reference data, earlier imports); it never writes.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from bwmo.capacity.models import Location, PlaceCapacity, Provider
from bwmo.clients.models import Client
from bwmo.contracts.checks import contract_refusal
from bwmo.core import crypto
from bwmo.core.bsn import InvalidBSN, normalise_bsn
from bwmo.core.dates import nl_date
from bwmo.journeys.constants import Financing, MeldingSource
from bwmo.placements.constants import OutflowDestination
from bwmo.regions.models import Municipality, Product, Region

from .models import ImportedBeschikking

REQUIRED = ("bsn", "voornamen", "achternaam", "geboortedatum", "beschikking", "product",
            "ingangsdatum")
OPTIONAL = ("tussenvoegsel", "herkomst", "gemeente", "datum_besluit", "financiering", "aanbieder",
            "locatie", "einddatum", "uitstroom", "bron")
COLUMNS = REQUIRED + OPTIONAL
ALIASES = {
    "burgerservicenummer": "bsn", "voornaam": "voornamen", "naam": "achternaam",
    "gemeente van herkomst": "herkomst", "herkomstgemeente": "herkomst",
    "verantwoordelijke gemeente": "gemeente", "kenmerk": "beschikking",
    "beschikkingnummer": "beschikking", "zorgaanbieder": "aanbieder", "startdatum": "ingangsdatum",
    "begindatum": "ingangsdatum", "datum besluit": "datum_besluit", "uitstroombestemming": "uitstroom",
}
MAX_ROWS = 50_000
OLDEST = date(1900, 1, 1)
_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


class FileError(ValueError):
    """The file as a whole cannot be read (Dutch message)."""


@dataclass
class Row:
    line: int
    kenmerk: str = ""
    bsn: str = ""
    given_names: str = ""
    surname_prefix: str = ""
    surname: str = ""
    date_of_birth: date | None = None
    origin: Municipality | None = None
    municipality: Municipality | None = None  # responsible per the register (None: decide)
    decided_on: date | None = None
    product: Product | None = None
    financing: str = Financing.ZIN
    provider: Provider | None = None
    location: Location | None = None
    start: date | None = None
    end: date | None = None
    outflow: str = ""
    source: str = MeldingSource.REGISTER
    problems: list[str] = field(default_factory=list)
    existing_client: Client | None = None
    responsible: Municipality | None = None  # decided by the import (services)
    result: str = ""  # what the import did (or would do), filled by the service

    @property
    def ok(self) -> bool:
        return not self.problems


def read_table(data: bytes, filename: str) -> list[tuple[int, dict[str, object]]]:
    """The data rows as (row number, column → value), header names normalised. Raises FileError."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            table = [list(row) for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FileError("Het Excel-bestand kan niet worden gelezen. Sla het op als .xlsx of "
                            "als CSV en probeer het opnieuw.") from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileError("Het CSV-bestand is geen UTF-8-tekst. Sla het op als 'CSV UTF-8'.") from None
        lines = text.splitlines()
        first = lines[0] if lines else ""
        delimiter = max((";", ",", "\t"), key=first.count)
        try:
            table = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
        except csv.Error as exc:
            raise FileError(f"Het CSV-bestand is niet te lezen: {exc}.") from None
    table = [r for r in table if any(_cell(v) for v in r)]
    if not table:
        raise FileError("Het bestand is leeg.")
    header = [ALIASES.get(_cell(h).lower(), _cell(h).lower().replace(" ", "_")) for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileError(
            f"Kolommen ontbreken: {', '.join(missing)}. Verplicht zijn: {', '.join(REQUIRED)}; "
            f"mogelijk ook: {', '.join(OPTIONAL)}."
        )
    if len(table) - 1 > MAX_ROWS:
        raise FileError(f"Het bestand heeft {len(table) - 1} rijen; het maximum is {MAX_ROWS}. "
                        "Splits het bestand.")
    return [(number, dict(zip(header, raw, strict=False))) for number, raw in
            enumerate(table[1:], start=2)]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: object) -> date:
    """A date from a cell: an Excel date, dd-mm-jjjj, jjjj-mm-dd, dd/mm/jjjj. Raises ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(text)


class Lookups:
    """The reference data of one region, read once for all rows."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.municipalities: dict[str, Municipality] = {}
        for m in Municipality.objects.all():
            self.municipalities[m.code.lower()] = m
            self.municipalities[m.code[2:]] = m  # 0202 as well as GM0202
            self.municipalities.setdefault(m.name.lower(), m)
        self.products: dict[str, Product] = {}
        for p in Product.objects.filter(region=region):
            self.products[p.code.lower()] = p
            self.products.setdefault(p.name.lower(), p)
        self.providers: dict[str, Provider] = {}
        for provider in Provider.objects.all():
            self.providers[provider.name.lower()] = provider
            if provider.agb_code:
                self.providers[provider.agb_code] = provider
        self.locations: dict[int, list[Location]] = defaultdict(list)
        for location in Location.objects.select_related("municipality"):
            self.locations[location.provider_id].append(location)
        self.offers: set[tuple[int, int]] = set(
            PlaceCapacity.objects.values_list("location_id", "product_id").distinct()
        )
        self.done = dict(ImportedBeschikking.objects.filter(region=region).values_list(
            "kenmerk", "run__created_at"))
        self.sources = {c.value: c.value for c in MeldingSource}
        self.sources.update({c.label.lower(): c.value for c in MeldingSource})
        self.outflows = {c.value: c.value for c in OutflowDestination}
        self.outflows.update({c.label.lower(): c.value for c in OutflowDestination})

    def municipality(self, text: str) -> Municipality | None:
        return self.municipalities.get(text.lower())


def check_rows(region: Region, table: list[tuple[int, dict[str, object]]], today: date) -> list[Row]:
    """Every row with its problems; the checks across rows (the same client, the same kenmerk)
    and against earlier imports and existing clients included."""
    lookups = Lookups(region)
    rows = [_check_row(lookups, number, values, today) for number, values in table]
    _check_across(rows)
    _check_existing_clients(region, rows)
    return rows


def _check_row(lk: Lookups, number: int, values: dict[str, object], today: date) -> Row:
    row = Row(line=number)
    text = {c: _cell(values.get(c)) for c in COLUMNS}
    no = row.problems.append

    row.kenmerk = text["beschikking"]
    if not row.kenmerk:
        no("het kenmerk van de beschikking (kolom beschikking) is leeg")
    elif len(row.kenmerk) > 60:
        no("het kenmerk van de beschikking is langer dan 60 tekens")
    elif row.kenmerk in lk.done:
        no(f"beschikking {row.kenmerk} is al ingelezen op {nl_date(lk.done[row.kenmerk].date())}")
    try:
        row.bsn = normalise_bsn(text["bsn"])
    except InvalidBSN as exc:
        no(f"BSN: {str(exc)[0].lower()}{str(exc)[1:].rstrip('.')}")
    row.given_names, row.surname = text["voornamen"], text["achternaam"]
    row.surname_prefix = text["tussenvoegsel"]
    if not row.given_names:
        no("de voornamen zijn leeg")
    if not row.surname:
        no("de achternaam is leeg")
    if len(row.given_names) > 120 or len(row.surname) > 120 or len(row.surname_prefix) > 20:
        no("een naam is te lang (voornamen en achternaam ten hoogste 120, tussenvoegsel 20 tekens)")
    row.date_of_birth = _date(row, text["geboortedatum"], values.get("geboortedatum"),
                              "geboortedatum", required=True)
    if row.date_of_birth and not OLDEST <= row.date_of_birth <= today:
        no(f"de geboortedatum {nl_date(row.date_of_birth)} kan niet (in de toekomst of vóór 1900)")
        row.date_of_birth = None

    if text["herkomst"]:
        row.origin = lk.municipality(text["herkomst"])
        if row.origin is None:
            no(f"gemeente van herkomst '{text['herkomst']}' is onbekend (gebruik de CBS-code, "
               "bijvoorbeeld GM0202, of de naam)")
    if text["gemeente"]:
        row.municipality = lk.municipality(text["gemeente"])
        if row.municipality is None:
            no(f"verantwoordelijke gemeente '{text['gemeente']}' is onbekend")
        elif row.municipality.region_id != lk.region.pk:
            no(f"verantwoordelijke gemeente {row.municipality.name} hoort niet bij regio "
               f"{lk.region.name}")
            row.municipality = None

    row.product = lk.products.get(text["product"].lower()) if text["product"] else None
    if row.product is None:
        no(f"product '{text['product']}' is geen product van regio {lk.region.name}"
           if text["product"] else "het product is leeg")
    financing = text["financiering"].lower()
    if financing in ("", "zin", "zorg in natura", "natura"):
        row.financing = Financing.ZIN
    elif financing in ("pgb", "persoonsgebonden budget"):
        row.financing = Financing.PGB
    else:
        no(f"financiering '{text['financiering']}' is onbekend (ZIN of PGB)")
    if text["aanbieder"]:
        row.provider = lk.providers.get(text["aanbieder"].lower()) or lk.providers.get(text["aanbieder"])
        if row.provider is None:
            no(f"zorgaanbieder '{text['aanbieder']}' is onbekend in bwmo (naam of AGB-code); "
               "laat functioneel beheer de aanbieder eerst vastleggen")
    elif row.financing == Financing.ZIN:
        no("bij zorg in natura is de zorgaanbieder verplicht")
    if row.provider is not None and row.financing == Financing.ZIN and row.product is not None:
        _pick_location(lk, row, text["locatie"])

    row.start = _date(row, text["ingangsdatum"], values.get("ingangsdatum"), "ingangsdatum",
                      required=True)
    row.end = _date(row, text["einddatum"], values.get("einddatum"), "einddatum")
    row.decided_on = _date(row, text["datum_besluit"], values.get("datum_besluit"), "datum_besluit")
    if row.start and row.start > today:
        no(f"de ingangsdatum {nl_date(row.start)} ligt in de toekomst")
    if row.start and row.start < date(2000, 1, 1):
        no(f"de ingangsdatum {nl_date(row.start)} ligt vóór 2000")
    if row.start and row.end and row.end < row.start:
        no(f"de einddatum {nl_date(row.end)} ligt vóór de ingangsdatum {nl_date(row.start)}")
    if row.start and row.date_of_birth and row.start < row.date_of_birth:
        no("de ingangsdatum ligt vóór de geboortedatum")
    if row.decided_on is None:
        row.decided_on = row.start
    elif row.start and row.decided_on > row.start + timedelta(days=366):
        no(f"de datum van het besluit {nl_date(row.decided_on)} ligt meer dan een jaar na de "
           "ingangsdatum")
    elif row.decided_on > today:
        no(f"de datum van het besluit {nl_date(row.decided_on)} ligt in de toekomst")

    if (row.financing == Financing.ZIN and row.provider is not None and row.product is not None
            and row.start is not None and (row.end is None or row.end >= today)):
        # a running ZIN beschikking becomes a toewijzing: the provider needs a valid contract for
        # the product where the region requires one (bwmo.contracts, issue 14)
        refusal = contract_refusal(row.provider, row.product, today)
        if refusal:
            no(refusal.rstrip('.'))
    if text["uitstroom"]:
        outflow = lk.outflows.get(text["uitstroom"].lower())
        if outflow is None:
            no(f"uitstroombestemming '{text['uitstroom']}' is onbekend (bijvoorbeeld: "
               "Zelfstandige woning, Wlz, Andere regio, Overleden, Onbekend)")
        elif row.end is None:
            no("een uitstroombestemming hoort bij een beëindigde beschikking (vul de einddatum in)")
        else:
            row.outflow = outflow
    if text["bron"]:
        source = lk.sources.get(text["bron"].lower())
        if source is None:
            no(f"bron '{text['bron']}' is onbekend (bijvoorbeeld: Cliënt zelf, Huisarts, "
               "Wijkteam / sociaal team)")
        else:
            row.source = source
    return row


def _date(row: Row, text: str, raw: object, column: str, *, required: bool = False) -> date | None:
    if not text:
        if required:
            row.problems.append(f"de {column} is leeg")
        return None
    try:
        return parse_date(raw)
    except ValueError:
        row.problems.append(f"{column} '{text}' is geen datum (gebruik dd-mm-jjjj)")
        return None


def _pick_location(lk: Lookups, row: Row, wanted: str) -> None:
    assert row.provider is not None and row.product is not None
    locations = lk.locations.get(row.provider.pk, [])
    if wanted:
        matches = [loc for loc in locations if loc.name.lower() == wanted.lower()]
        if not matches:
            row.problems.append(f"locatie '{wanted}' is geen locatie van {row.provider.name}")
            return
        row.location = matches[0]
        return
    offering = [loc for loc in locations if (loc.pk, row.product.pk) in lk.offers]
    if len(offering) == 1:
        row.location = offering[0]
    elif not offering:
        row.problems.append(f"{row.provider.name} heeft geen locatie met plaatsen voor "
                            f"'{row.product.name}'; vul de kolom locatie")
    else:
        names = ", ".join(sorted(loc.name for loc in offering))
        row.problems.append(f"{row.provider.name} heeft meer locaties voor '{row.product.name}' "
                            f"({names}); vul de kolom locatie")


def _check_across(rows: list[Row]) -> None:
    by_kenmerk: dict[str, list[Row]] = defaultdict(list)
    by_bsn: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.kenmerk:
            by_kenmerk[row.kenmerk].append(row)
        if row.bsn:
            by_bsn[row.bsn].append(row)
    for kenmerk, same in by_kenmerk.items():
        if len(same) > 1:
            lines = ", ".join(str(r.line) for r in same)
            for row in same:
                row.problems.append(f"beschikking {kenmerk} staat meer dan eens in het bestand "
                                    f"(rijen {lines})")
    for same in by_bsn.values():
        first = same[0]
        for row in same[1:]:
            if (_person(row) != _person(first)) and None not in (row.date_of_birth, first.date_of_birth):
                row.problems.append(f"hetzelfde BSN als rij {first.line}, maar een andere naam of "
                                    "geboortedatum")
        dated = sorted((r for r in same if r.start), key=lambda r: r.start)  # type: ignore[arg-type,return-value]
        for earlier, later in pairwise(dated):
            assert earlier.start and later.start
            if earlier.end is None or earlier.end >= later.start:
                later.problems.append(
                    f"de periode overlapt met rij {earlier.line} van dezelfde cliënt "
                    f"({nl_date(earlier.start)} t/m {nl_date(earlier.end) if earlier.end else 'open'})"
                )


def _person(row: Row) -> tuple[str, str, date | None]:
    return (row.surname.lower(), re.sub(r"\s+", " ", row.given_names.lower()), row.date_of_birth)


def _check_existing_clients(region: Region, rows: list[Row]) -> None:
    """A BSN that bwmo already knows in this region: the rows add to that client when the person
    is the same and the periods do not collide with the client's placements in bwmo. A BSN known
    only in another region is not reported (that would reveal it): the import registers the
    client for a duplicate review, as a registration by hand does."""
    indexes = {crypto.blind_index(r.bsn): r.bsn for r in rows if r.bsn}
    known = {
        indexes[c.bsn_index]: c for c in Client.objects.filter(
            bsn_index__in=list(indexes)).prefetch_related("placements")
    }
    for row in rows:
        client = known.get(row.bsn)
        if client is None:
            continue
        if client.region_id != region.pk:
            row.existing_client = client  # other region: see services._new_client
            continue
        row.existing_client = client
        if client.surname.lower() != row.surname.lower() or (
                row.date_of_birth and client.date_of_birth != row.date_of_birth):
            row.problems.append("dit BSN is in bwmo bekend bij een cliënt met een andere achternaam "
                                "of geboortedatum; controleer het BSN")
            continue
        if row.start is None or row.financing != Financing.ZIN:
            continue
        for placement in client.placements.all():
            end = placement.end_date
            if (end is None or end >= row.start) and (row.end is None or row.end >= placement.start_date):
                row.problems.append(
                    f"de cliënt heeft in bwmo al een plaatsing in deze periode "
                    f"({nl_date(placement.start_date)} t/m {nl_date(end) if end else 'open'})"
                )
                break
