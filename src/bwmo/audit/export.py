"""A client's access log as a file, for an inzageverzoek (AVG art. 15): CSV or Excel."""

import csv
import io
from collections.abc import Iterable
from datetime import UTC

from openpyxl import Workbook
from openpyxl.styles import Font

from .models import AccessLogEntry

COLUMNS = [
    ("Tijdstip (UTC)", lambda e: e.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")),
    ("Gebruiker", lambda e: e.username),
    ("Rol", lambda e: e.role),
    ("Organisatie", lambda e: e.organisation),
    ("Namens", lambda e: e.on_behalf_of),
    ("Handeling", lambda e: e.get_action_display()),
    ("Doel", lambda e: e.get_purpose_display()),
    ("Reden", lambda e: e.reason),
    ("Gegevens", lambda e: " ".join(p for p in (e.object_type, e.object_id) if p)),
    ("Zoekcriteria", lambda e: e.criteria),
    ("Herkomst (IP)", lambda e: e.origin or ""),
    ("Adres", lambda e: e.path),
    ("Toelichting", lambda e: e.detail),
]


def _rows(entries: Iterable[AccessLogEntry]) -> Iterable[list[str]]:
    for entry in entries:
        yield [str(get(entry)) for _, get in COLUMNS]


def as_csv(entries: Iterable[AccessLogEntry]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([title for title, _ in COLUMNS])
    writer.writerows(_rows(entries))
    return ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel opens it as UTF-8


def as_xlsx(entries: Iterable[AccessLogEntry]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Toegangslog"
    sheet.append([title for title, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(entries):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
